// ProdGate: New Readiness Bundle. In both formats, the scaffold written to a folder is a set of
// artifacts whose only findings are what a team must fill in; certifying it shows exactly that; and
// package.json maps each scaffolded file name to its kind's schema for VS Code's JSON support and
// the YAML extension.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import picomatch from 'picomatch';
import { certify, type CertificationReport } from '../../server/src/engine/certification/certify.ts';
import { KINDS, type KindId } from '../../server/src/engine/kinds/index.ts';
import { bundleFileName, scaffoldBundle, type ScaffoldFile, type ScaffoldFormat } from '../../server/src/engine/scaffold.ts';
import { DEFAULT_SETTINGS, validateDocument } from '../../server/src/engine/validate.ts';
import { loadCertificationInputs, readBundle } from '../../server/src/io/certification-inputs.ts';

const ROOT = resolve(__dirname, '../..');
const FORMATS: readonly ScaffoldFormat[] = ['yaml', 'json'];

/** Each scaffolded file, by its path without the extension, and the kind it must be. */
const EXPECTED_KINDS: Record<string, KindId> = {
  'prodgate.bundle': 'certification-bundle',
  'agent.certification-policy': 'certification-policy',
  'agent.deployment-manifest': 'deployment-manifest',
  'agent.governance-policy': 'governance-policy',
  'agent.evidence-registry': 'evidence-registry',
  'agent.observability-policy': 'observability-policy',
  'agent.external-evidence': 'external-evidence',
  'agent.shadow-audit': 'shadow-audit-log',
  'agent.policy': 'agent-policy',
  'config/deployment_governance': 'governance-rules',
  'config/deployment_policy': 'deployment-thresholds',
  'scorecards/example-workflow.scorecard': 'workflow-scorecard',
};

/** What only the team can supply: "replace-with-…" values, and external evidence that is still a template. */
const TO_FILL_IN = new Set(['value-placeholder', 'evidence-template-scope']);
/** What a sample shadow-mode log of three records over two days cannot show. */
const SHADOW_LOG_TOO_SMALL = ['shadow-duration-too-short', 'shadow-records-too-few'];

const stemOf = (path: string): string => path.replace(/\.[^./]+$/, '');

const directory = mkdtempSync(join(tmpdir(), 'prodgate-scaffold-'));
after(() => rmSync(directory, { recursive: true, force: true }));

/** Writes the files under a new folder of the temporary directory, as the command does. */
function write(files: readonly ScaffoldFile[], name: string): string {
  const folder = join(directory, name);
  for (const file of files) {
    const path = join(folder, ...file.path.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.text);
  }
  return folder;
}

/** Certifies a written scaffold as the CLI and the editor do: from its bundle file. */
async function certifyBundle(folder: string, format: ScaffoldFormat): Promise<CertificationReport> {
  const options = { settings: DEFAULT_SETTINGS };
  const bundle = await readBundle(join(folder, bundleFileName(format)), options);
  assert.deepEqual(bundle.problems, []);
  return certify(await loadCertificationInputs(bundle.paths, options));
}

/** The scaffold once a team has supplied every value and real external evidence. */
function filledIn(files: readonly ScaffoldFile[]): ScaffoldFile[] {
  return files.map(({ path, text }) => ({
    path,
    text: text.replace(/replace-with-/g, 'team-supplied-').replace(/("?evidence_scope"?: "?)template/, '$1external_deployment'),
  }));
}

const issueCodes = (report: CertificationReport): string[] => [...new Set(report.checks.flatMap((check) => check.issues.map((issue) => issue.code ?? '')))].sort();

for (const format of FORMATS) {
  describe(`the ${format.toUpperCase()} scaffold`, () => {
    const files = scaffoldBundle(format);
    const folder = write(files, format);

    test('holds the bundle, every AANA artifact, an agent policy, menace rules and thresholds, and a scorecard', () => {
      assert.deepEqual(files.map((file) => stemOf(file.path)).sort(), Object.keys(EXPECTED_KINDS).sort());
      for (const file of files) {
        const expected = EXPECTED_KINDS[stemOf(file.path)] === 'shadow-audit-log' ? 'jsonl' : format;
        assert.equal(file.path.slice(file.path.lastIndexOf('.') + 1), expected, file.path);
      }
      assert.ok(files.some((file) => file.path === bundleFileName(format)));
    });

    test('every file is an artifact of its kind whose only findings are values to fill in', () => {
      for (const file of files) {
        const result = validateDocument({ text: readFileSync(join(folder, file.path), 'utf8'), path: file.path });
        assert.equal(result.kind, EXPECTED_KINDS[stemOf(file.path)], `${file.path}: kind`);
        assert.equal(result.kindSource, 'content', `${file.path}: recognised by content`);
        const others = result.findings.filter((finding) => !TO_FILL_IN.has(finding.code)).map((finding) => `${finding.code}: ${finding.message}`);
        assert.deepEqual(others, [], file.path);
      }
    });

    test('certifying it finds the template evidence, the placeholders and the sample shadow log, and nothing else', async () => {
      const report = await certifyBundle(folder, format);
      assert.ok(['external_evidence_required', 'repo_local_not_ready'].includes(report.summary.readiness_level), report.summary.readiness_level);
      assert.equal(report.deployment_ready, false);
      assert.equal(report.production_certified, false);
      const external = report.checks.find((check) => check.name === 'external_production_evidence')!;
      assert.equal(external.status, 'fail');
      assert.ok(external.issues.some((issue) => issue.code === 'evidence-template-scope'), 'the Boundary Report shows the template scope');
      assert.deepEqual(issueCodes(report), [...TO_FILL_IN, ...SHADOW_LOG_TOO_SMALL].sort());
    });

    test('once the values are filled in and the evidence is external, only a real shadow-mode log is missing', async () => {
      const report = await certifyBundle(write(filledIn(files), `${format}-filled-in`), format);
      assert.deepEqual(
        report.checks.filter((check) => check.status !== 'pass').map((check) => check.name),
        ['shadow_mode_evidence'],
      );
      assert.deepEqual(issueCodes(report), SHADOW_LOG_TOO_SMALL);
    });
  });
}

// ---------------------------------------------------------------- package.json

interface SchemaAssociation {
  fileMatch: string[];
  url: string;
}

const manifest = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));
const ASSOCIATIONS: Record<'jsonValidation' | 'yamlValidation', SchemaAssociation[]> = {
  jsonValidation: manifest.contributes.jsonValidation,
  yamlValidation: manifest.contributes.yamlValidation,
};

/**
 * The schema URLs whose patterns match a file name. Patterns without "/" match the file name: VS
 * Code's JSON support and the YAML extension prefix them with "/" and match the end of the path.
 */
function schemasFor(point: keyof typeof ASSOCIATIONS, path: string): string[] {
  return ASSOCIATIONS[point].filter(({ fileMatch }) => fileMatch.some((pattern) => picomatch.isMatch(basename(path), pattern))).map(({ url }) => url);
}

describe('package.json', () => {
  test('every jsonValidation and yamlValidation url is a schema in schemas/, for file-name patterns', () => {
    for (const [point, associations] of Object.entries(ASSOCIATIONS)) {
      assert.ok(Array.isArray(associations) && associations.length > 0, `${point} is contributed`);
      for (const { fileMatch, url } of associations) {
        assert.match(url, /^\.\/schemas\/[a-z-]+\.schema\.json$/, `${point}: ${url}`);
        assert.ok(existsSync(resolve(ROOT, url)), `${point}: ${url} does not exist`);
        assert.ok(Array.isArray(fileMatch) && fileMatch.length > 0, `${point}: ${url} has patterns`);
        for (const pattern of fileMatch) assert.ok(!pattern.includes('/'), `${point}: ${pattern} names files, not paths`);
      }
    }
  });

  test('every kind written in JSON and YAML has its schema mapped for both (the shadow-mode audit log is JSON Lines)', () => {
    const kinds = (point: keyof typeof ASSOCIATIONS) => ASSOCIATIONS[point].map(({ url }) => basename(url, '.schema.json')).sort();
    const expected = KINDS.filter((kind) => kind.formats.includes('json') && kind.formats.includes('yaml')).map((kind) => kind.id).sort();
    assert.deepEqual(kinds('jsonValidation'), expected);
    assert.deepEqual(kinds('yamlValidation'), expected);
  });

  test("each scaffolded file name matches its own kind's schema and no other", () => {
    for (const format of FORMATS) {
      for (const file of scaffoldBundle(format)) {
        const kind = EXPECTED_KINDS[stemOf(file.path)];
        // VS Code reads JSON Lines as a language of its own: neither JSON support nor YAML applies.
        if (kind === 'shadow-audit-log') continue;
        assert.deepEqual(schemasFor(format === 'json' ? 'jsonValidation' : 'yamlValidation', file.path), [`./schemas/${kind}.schema.json`], file.path);
      }
    }
  });

  test('in examples/, every file a pattern maps to a schema is an artifact of that kind', () => {
    const paths = readdirSync(resolve(ROOT, 'examples'), { recursive: true, encoding: 'utf8' }).filter((path) => /\.(json|ya?ml)$/.test(path));
    let mapped = 0;
    for (const path of paths) {
      const schemas = schemasFor(path.endsWith('.json') ? 'jsonValidation' : 'yamlValidation', path);
      if (schemas.length === 0) continue;
      mapped++;
      const result = validateDocument({ text: readFileSync(resolve(ROOT, 'examples', path), 'utf8'), path });
      assert.deepEqual(schemas, [`./schemas/${result.kind}.schema.json`], path);
    }
    assert.ok(mapped >= 8, `only ${mapped} example files are mapped`);
  });

  test('ProdGate: New Readiness Bundle is contributed', () => {
    const command = manifest.contributes.commands.find((entry: { command: string }) => entry.command === 'prodgate.newBundle');
    assert.ok(command, 'prodgate.newBundle is contributed');
    assert.equal(command.title, 'New Readiness Bundle');
    assert.equal(command.category, 'ProdGate');
  });
});
