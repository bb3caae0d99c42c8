// `prodgate validate` and `prodgate certify` with a workspace configuration (.prodgate.yaml or
// --config FILE) and prodgate-ignore comments: severities, suppressions, their counts, the exit
// status on what remains, and certification verdicts that suppressions never change.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, describe, test } from 'node:test';

/** The built CLI, run in a folder as CI runs it (main()'s io.cwd does not reach paths given as arguments). */
const CLI = resolve(__dirname, '../../dist/cli.js');

const EXAMPLES = resolve(__dirname, '../../examples');
const WILDCARD = 'policy-wildcard-allow';
const DEAD = 'policy-dead-allow';

/**
 * Three findings: "*" (policy-wildcard-allow, error, line 4), "read:*" (policy-wildcard-allow,
 * warning, line 5), "delete:logs" (policy-dead-allow, warning, line 6).
 */
const POLICY = `agent: ops-bot
permissions:
  allow:
    - "*"
    - read:*
    - delete:logs
  deny:
    - delete:*
  escalate:
    - refund_requests
`;

/** External evidence with one finding: evidence_scope "template" (evidence-template-scope, error, line 3). */
const EVIDENCE = readFileSync(join(EXAMPLES, 'problems/template-evidence.json'), 'utf8');

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'prodgate-suppressions-cli-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

async function prodgate(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The `file:line:col severity code` start of each finding line (the summary left out). */
function findingLines(stdout: string): string[] {
  return stdout
    .trim()
    .split('\n')
    .slice(0, -1)
    .map((line) => line.split(' ').slice(0, 3).join(' '));
}

const lastLine = (stdout: string) => stdout.trim().split('\n').at(-1);

interface JsonFile {
  path: string;
  findings: Array<{ code: string; severity: string; line: number; path: string; message: string }>;
  suppressed: Array<{ code: string; message: string; path: string; line: number; reason: string; by: string }>;
}

describe('prodgate validate with a configuration', () => {
  test('without one: every finding, exit 1 on the error', async () => {
    const cwd = folder({ 'ops.policy.yaml': POLICY });
    const { code, stdout } = await prodgate(cwd, 'validate');
    assert.equal(code, 1);
    assert.deepEqual(findingLines(stdout), [`ops.policy.yaml:4:7 error ${WILDCARD}`, `ops.policy.yaml:5:7 warning ${WILDCARD}`, `ops.policy.yaml:6:7 warning ${DEAD}`]);
    assert.equal(lastLine(stdout), '1 artifact in 1 file: 1 error, 2 warnings, 0 info.');
  });

  test('rules: off suppresses (counted), exit 0 on what remains', async () => {
    const cwd = folder({ 'ops.policy.yaml': POLICY, '.prodgate.yaml': `rules:\n  ${WILDCARD}: off\n` });
    const { code, stdout } = await prodgate(cwd, 'validate');
    assert.equal(code, 0, stdout);
    assert.deepEqual(findingLines(stdout), [`ops.policy.yaml:6:7 warning ${DEAD}`]);
    // The configuration file is an artifact of its own (clean).
    assert.equal(lastLine(stdout), '2 artifacts in 2 files: 0 errors, 1 warning, 0 info (2 suppressed).');
  });

  test('rules: info, warning and error replace severities; the exit status follows them', async () => {
    const lowered = folder({ 'ops.policy.yaml': POLICY, '.prodgate.yaml': `rules:\n  ${WILDCARD}: info\n` });
    let result = await prodgate(lowered, 'validate', 'ops.policy.yaml');
    assert.equal(result.code, 0);
    assert.deepEqual(findingLines(result.stdout), [`ops.policy.yaml:4:7 info ${WILDCARD}`, `ops.policy.yaml:5:7 info ${WILDCARD}`, `ops.policy.yaml:6:7 warning ${DEAD}`]);
    assert.equal(lastLine(result.stdout), '1 artifact in 1 file: 0 errors, 1 warning, 2 info.');

    const warning = folder({ 'ops.policy.yaml': POLICY, '.prodgate.yml': `rules:\n  ${WILDCARD}: warning\n` });
    result = await prodgate(warning, 'validate', 'ops.policy.yaml');
    assert.equal(result.code, 0);
    assert.equal(lastLine(result.stdout), '1 artifact in 1 file: 0 errors, 3 warnings, 0 info.');

    const raised = folder({ 'ops.policy.yaml': POLICY, '.prodgate.json': JSON.stringify({ rules: { [WILDCARD]: 'warning', [DEAD]: 'error' } }) });
    result = await prodgate(raised, 'validate', 'ops.policy.yaml');
    assert.equal(result.code, 1);
    assert.deepEqual(findingLines(result.stdout), [`ops.policy.yaml:4:7 warning ${WILDCARD}`, `ops.policy.yaml:5:7 warning ${WILDCARD}`, `ops.policy.yaml:6:7 error ${DEAD}`]);
  });

  test('ignore entries suppress findings in strict JSON; JSON output lists them and counts them', async () => {
    const cwd = folder({
      'evidence/template-evidence.json': EVIDENCE,
      '.prodgate.yaml': 'ignore:\n  - file: evidence/*.json\n    path: $.evidence_scope\n    code: evidence-template-scope\n    reason: a template kept as a test fixture\n',
    });
    const { code, stdout } = await prodgate(cwd, 'validate', 'evidence', '--format', 'json');
    assert.equal(code, 0, stdout);
    const report = JSON.parse(stdout) as { files: JsonFile[]; summary: Record<string, number> };
    assert.deepEqual(report.files.map((file) => file.path), ['evidence/template-evidence.json']);
    const [file] = report.files;
    assert.deepEqual(file.findings, []);
    assert.deepEqual(file.suppressed, [
      {
        code: 'evidence-template-scope',
        message: 'evidence_scope is "template", not "external_deployment": templates and local fixtures are not production evidence.',
        path: '$.evidence_scope',
        line: 3,
        reason: 'a template kept as a test fixture',
        by: 'ignore',
      },
    ]);
    assert.equal(report.summary.suppressed, 1);
    assert.equal(report.summary.error, 0);

    // A path elsewhere in the file does not match: the finding stays and fails the run.
    writeFileSync(join(cwd, '.prodgate.yaml'), readFileSync(join(cwd, '.prodgate.yaml'), 'utf8').replace('$.evidence_scope', '$.connector_manifests'));
    const other = await prodgate(cwd, 'validate', 'evidence');
    assert.equal(other.code, 1);
    assert.deepEqual(findingLines(other.stdout), ['evidence/template-evidence.json:3:21 error evidence-template-scope', '.prodgate.yaml:2:5 warning suppression-unused']);
  });

  test('comments in YAML and JSONC suppress, with their reasons; rules: off is listed as by rule', async () => {
    const cwd = folder({
      'ops.policy.yaml': POLICY.replace('    - "*"\n', `    # prodgate-ignore-next-line ${WILDCARD} -- a sandbox agent\n    - "*"\n`),
      'sandbox.policy.jsonc': `// prodgate-ignore-file ${WILDCARD} -- sandbox only\n{\n  "agent": "sandbox-bot",\n  "permissions": {\n    // prodgate-ignore-next-line ${DEAD} -- kept for the audit trail\n    "allow": ["*", "read:*", "delete:logs"],\n    "deny": ["delete:*"],\n    "escalate": ["x"]\n  }\n}\n`,
      '.prodgate.yaml': `rules:\n  ${DEAD}: off\n`,
    });
    const { code, stdout } = await prodgate(cwd, 'validate', 'ops.policy.yaml', 'sandbox.policy.jsonc', '--format', 'json');
    assert.equal(code, 0, stdout);
    const report = JSON.parse(stdout) as { files: JsonFile[]; summary: Record<string, number> };
    const ops = report.files.find((file) => file.path === 'ops.policy.yaml')!;
    assert.deepEqual(ops.findings.map((item) => [item.code, item.severity, item.line]), [[WILDCARD, 'warning', 6]]);
    assert.deepEqual(ops.suppressed.map((item) => [item.code, item.line, item.reason, item.by]), [
      [WILDCARD, 5, 'a sandbox agent', 'comment'],
      [DEAD, 7, `rules: ${DEAD} is off`, 'rule'],
    ]);
    const sandbox = report.files.find((file) => file.path === 'sandbox.policy.jsonc')!;
    // rules: off comes first, so the next-line comment for the dead allow silences nothing.
    assert.deepEqual(sandbox.findings.map((item) => [item.code, item.severity, item.line]), [['suppression-unused', 'warning', 5]]);
    assert.deepEqual(sandbox.suppressed.map((item) => [item.code, item.line, item.reason, item.by]), [
      [WILDCARD, 6, 'sandbox only', 'comment'],
      [WILDCARD, 6, 'sandbox only', 'comment'],
      [DEAD, 6, `rules: ${DEAD} is off`, 'rule'],
    ]);
    assert.equal(report.summary.suppressed, 5);
  });

  test('SARIF: suppressed findings carry their suppression (inSource for a comment, external for the configuration) and every result a partial fingerprint, the baseline\'s', async () => {
    const cwd = folder({
      'ops.policy.yaml': POLICY.replace('    - "*"\n', `    # prodgate-ignore-next-line ${WILDCARD} -- a sandbox agent\n    - "*"\n`),
      '.prodgate.yaml': `rules:\n  ${DEAD}: off\n`,
    });
    const { code, stdout } = await prodgate(cwd, 'validate', 'ops.policy.yaml', '--format', 'sarif');
    assert.equal(code, 0, stdout);
    type Result = { ruleId: string; partialFingerprints: Record<string, string>; suppressions?: { kind: string; justification: string; status: string }[] };
    const results = (JSON.parse(stdout) as { runs: { results: Result[] }[] }).runs[0]!.results;
    assert.deepEqual(
      results.map((result) => [result.ruleId, result.suppressions?.map(({ kind, justification, status }) => [kind, justification, status])]),
      [
        [WILDCARD, undefined],
        [WILDCARD, [['inSource', 'a sandbox agent', 'accepted']]],
        [DEAD, [['external', `rules: ${DEAD} is off`, 'accepted']]],
      ],
    );
    const prints = results.map((result) => result.partialFingerprints['prodgateFinding/v1']);
    assert.ok(prints.every((print) => /^[0-9a-f]{64}$/.test(print!)));
    assert.equal(new Set(prints).size, prints.length);
    // The reported finding's fingerprint is the one --baseline records for it.
    assert.equal((await prodgate(cwd, 'validate', 'ops.policy.yaml', '--baseline', 'baseline.json', '--update-baseline')).code, 0);
    const baseline = JSON.parse(readFileSync(join(cwd, 'baseline.json'), 'utf8')) as { findings: { fingerprint: string }[] };
    assert.deepEqual(baseline.findings.map((entry) => entry.fingerprint), [prints[0]]);
  });

  test('a suppression without a real reason still suppresses, but is an error: exit 1', async () => {
    const cwd = folder({ 'ops.policy.yaml': POLICY.replace('    - "*"\n', `    # prodgate-ignore-next-line ${WILDCARD} -- TODO: reason\n    - "*"\n`) });
    const { code, stdout } = await prodgate(cwd, 'validate');
    assert.equal(code, 1);
    assert.deepEqual(findingLines(stdout), ['ops.policy.yaml:4:5 error suppression-invalid', `ops.policy.yaml:6:7 warning ${WILDCARD}`, `ops.policy.yaml:7:7 warning ${DEAD}`]);
    assert.equal(lastLine(stdout), '1 artifact in 1 file: 1 error, 2 warnings, 0 info (1 suppressed).');
  });

  test('an ignore entry that silences nothing is reported on the configuration, when its file was checked', async () => {
    const config = `ignore:
  - file: evidence/template-evidence.json
    code: evidence-template-scope
    reason: a template kept as a test fixture
  - file: evidence/*.json
    code: value-placeholder
    reason: nothing like that here
`;
    const cwd = folder({ 'evidence/template-evidence.json': EVIDENCE, 'ops.policy.yaml': POLICY.replace('    - "*"\n', ''), '.prodgate.yaml': config });
    const checked = await prodgate(cwd, 'validate', 'evidence');
    assert.equal(checked.code, 0, checked.stdout);
    assert.deepEqual(findingLines(checked.stdout), ['.prodgate.yaml:5:5 warning suppression-unused']);
    assert.match(checked.stdout, /No "value-placeholder" finding is in evidence\/\*\.json: this ignore entry silences nothing/);
    assert.equal(lastLine(checked.stdout), '2 artifacts in 2 files: 0 errors, 1 warning, 0 info (1 suppressed).');

    // An entry with an unknown code is invalid, and only that: not also unused.
    writeFileSync(join(cwd, '.prodgate.yaml'), config.replace('code: value-placeholder', 'code: value-placeholdr'));
    const unknown = await prodgate(cwd, 'validate', 'evidence');
    assert.equal(unknown.code, 1);
    assert.deepEqual(findingLines(unknown.stdout), ['.prodgate.yaml:6:11 error suppression-invalid']);
    assert.match(unknown.stdout, /Did you mean "value-placeholder"\?/);
    writeFileSync(join(cwd, '.prodgate.yaml'), config);

    // Only the policy checked: the entries' files were not, so nothing is said about them.
    const unchecked = await prodgate(cwd, 'validate', 'ops.policy.yaml');
    assert.equal(unchecked.code, 0);
    assert.deepEqual(findingLines(unchecked.stdout), [`ops.policy.yaml:4:7 warning ${WILDCARD}`, `ops.policy.yaml:5:7 warning ${DEAD}`]);
    assert.equal(lastLine(unchecked.stdout), '1 artifact in 1 file: 0 errors, 2 warnings, 0 info.');
  });

  test('--config FILE: its paths are relative to its folder; .prodgate.yaml in the current folder is then ignored', async () => {
    const cwd = folder({
      'evidence/template-evidence.json': EVIDENCE,
      'ci/prodgate.yaml': 'ignore:\n  - file: evidence/template-evidence.json\n    code: evidence-template-scope\n    reason: a fixture\n',
      'ci/.prodgate.yaml': 'rules:\n  evidence-template-scope: error\n',
      '.prodgate.yaml': 'rules:\n  evidence-template-scope: off\n',
    });
    // The entry's file is relative to the configuration's folder (ci/), not to the current folder;
    // neither the current folder's .prodgate.yaml (off) nor ci/.prodgate.yaml is read.
    const fromElsewhere = await prodgate(cwd, 'validate', 'evidence', '--config', 'ci/prodgate.yaml', '--format', 'json');
    assert.equal(fromElsewhere.code, 1, 'evidence/... is looked up under ci/, where it is not');
    writeFileSync(join(cwd, 'ci/prodgate.yaml'), 'ignore:\n  - file: ../evidence/template-evidence.json\n    code: evidence-template-scope\n    reason: a fixture\n');
    const relative = await prodgate(cwd, 'validate', 'evidence', '--config', 'ci/prodgate.yaml', '--format', 'json');
    const report = JSON.parse(relative.stdout) as { summary: Record<string, number> };
    assert.deepEqual([relative.code, report.summary.error, report.summary.suppressed], [0, 0, 1]);
  });

  test('exit 2: --config missing, a configuration that does not parse', async () => {
    const cwd = folder({ 'ops.policy.yaml': POLICY, 'broken.yaml': 'rules: [off\n' });
    const missing = await prodgate(cwd, 'validate', '--config', 'nope.yaml');
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /^prodgate: --config nope\.yaml: ENOENT/);

    const unparsable = await prodgate(cwd, 'validate', '--config', 'broken.yaml');
    assert.equal(unparsable.code, 2);
    assert.equal(unparsable.stdout, '');
    assert.match(unparsable.stderr, /broken\.yaml: it does not parse; the rules it sets are unknown, so nothing was checked/);

    writeFileSync(join(cwd, '.prodgate.yaml'), `rules:\n  ${WILDCARD}: "off\n`);
    const found = await prodgate(cwd, 'validate');
    assert.equal(found.code, 2);
    assert.equal(found.stdout, '');
    assert.match(found.stderr, /\.prodgate\.yaml: it does not parse; fix it \(or give --config FILE\)/);
  });
});

describe('prodgate certify with suppressions', () => {
  const REASON = 'internal network only, reviewed in SEC-12';
  /** A copy of examples/certification whose bridge does not require authentication, suppressed by a comment. */
  function suppressedBundle(): string {
    const cwd = folder({});
    cpSync(join(EXAMPLES, 'certification'), cwd, { recursive: true });
    const deployment = join(cwd, 'deployment.yaml');
    const text = readFileSync(deployment, 'utf8');
    assert.ok(text.includes('  auth_required: true\n'));
    writeFileSync(deployment, text.replace('  auth_required: true\n', `  # prodgate-ignore-next-line flag-not-true -- ${REASON}\n  auth_required: false\n`));
    return cwd;
  }

  test('a suppressed failing finding: the check still fails, exit 1, and the Suppressed section lists it', async () => {
    const cwd = suppressedBundle();
    const line = readFileSync(join(cwd, 'deployment.yaml'), 'utf8').split('\n').indexOf('  auth_required: false') + 1;
    const { code, stdout } = await prodgate(cwd, 'certify', '--bundle', 'prodgate.bundle.yaml');
    assert.equal(code, 1, stdout);
    assert.match(stdout, /\nFAIL deployment_manifest: /);
    assert.match(stdout, new RegExp(`\\n {5}error deployment\\.yaml:${line}:\\d+ flag-not-true `));
    assert.ok(
      stdout.includes(`\nSuppressed (1): the checks above count these; the editor and validate do not show them.\n     deployment.yaml:${line} flag-not-true — ${REASON} (suppression comment)\n`),
      stdout,
    );
    assert.match(stdout, /\n10 checks: 9 passed, 1 failed\. 1 suppressed\.\n$/);

    // validate stays quiet about it.
    const validate = await prodgate(cwd, 'validate', 'deployment.yaml');
    assert.equal(validate.code, 0, validate.stdout);
    assert.equal(validate.stdout, '1 artifact in 1 file: 0 errors, 0 warnings, 0 info (1 suppressed).\n');
  });

  test('--json: report.suppressed and summary.suppressed; an ignore entry for strict JSON is listed too', async () => {
    const cwd = suppressedBundle();
    const external = join(cwd, 'external-evidence.json');
    writeFileSync(external, readFileSync(external, 'utf8').replace('"external_deployment"', '"template"'));
    writeFileSync(join(cwd, '.prodgate.yaml'), 'ignore:\n  - file: external-evidence.json\n    code: evidence-template-scope\n    reason: staging rehearsal\n');
    const { code, stdout } = await prodgate(cwd, 'certify', '--bundle', 'prodgate.bundle.yaml', '--json');
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.equal(report.deployment_ready, false);
    assert.equal(report.checks.find((check: { name: string }) => check.name === 'external_production_evidence').status, 'fail');
    assert.deepEqual(
      report.suppressed.map((item: { file: string; code: string; reason: string; by: string }) => [item.file, item.code, item.reason, item.by]),
      [
        ['deployment.yaml', 'flag-not-true', REASON, 'comment'],
        ['external-evidence.json', 'evidence-template-scope', 'staging rehearsal', 'ignore'],
      ],
    );
    assert.equal(report.summary.suppressed, 2);
  });

  test("without --bundle the configuration's bundle is certified", async () => {
    const cwd = folder({});
    cpSync(join(EXAMPLES, 'certification'), join(cwd, 'release'), { recursive: true });
    writeFileSync(join(cwd, '.prodgate.yaml'), 'bundle: release/prodgate.bundle.yaml\n');
    const { code, stdout } = await prodgate(cwd, 'certify');
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^Readiness level: deployment_ready\n/);
    assert.match(stdout, /\n10 checks: 10 passed, 0 failed\.\n$/);
    assert.doesNotMatch(stdout, /Suppressed/);

    // --config names another configuration, whose bundle is missing: exit 2.
    writeFileSync(join(cwd, 'other.yaml'), 'bundle: missing/prodgate.bundle.yaml\n');
    const missing = await prodgate(cwd, 'certify', '--config', 'other.yaml');
    assert.equal(missing.code, 2);

    // Nothing to certify without a bundle anywhere: a usage error.
    rmSync(join(cwd, '.prodgate.yaml'));
    const none = await prodgate(cwd, 'certify');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /nothing to certify/);
  });
});
