// `prodgate certify` as CI runs it: the built dist/cli.js on the example bundle and its variants.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';

const CLI = resolve(__dirname, '../../dist/cli.js');
const EXAMPLES = resolve(__dirname, '../../examples/certification');
const directory = mkdtempSync(join(tmpdir(), 'prodgate-certify-cli-'));
cpSync(EXAMPLES, directory, { recursive: true });
after(() => rmSync(directory, { recursive: true, force: true }));

function prodgate(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'certify', ...args], { cwd: directory, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const FLAGS = [
  '--certification-policy', 'production-certification.json',
  '--deployment-manifest', 'deployment.yaml',
  '--governance-policy', 'governance.yaml',
  '--evidence-registry', 'evidence-registry.json',
  '--observability-policy', 'observability.yaml',
  '--audit-log', 'shadow-audit.jsonl',
];

describe('prodgate certify', () => {
  test('a deployment-ready bundle: text report, exit 0', () => {
    const { code, stdout } = prodgate('--bundle', 'prodgate.bundle.yaml');
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^Readiness level: deployment_ready\n/);
    assert.match(stdout, /repo_local_ready: yes {3}deployment_ready: yes {3}production_certified: false/);
    assert.match(stdout, /PASS shadow_mode_evidence: /);
    assert.match(stdout, /10 checks: 10 passed, 0 failed\.\n$/);
  });

  test("AANA's flags without external evidence: external_evidence_required, exit 1", () => {
    const { code, stdout } = prodgate(...FLAGS);
    assert.equal(code, 1);
    assert.match(stdout, /^Readiness level: external_evidence_required/);
    assert.match(stdout, /FAIL external_production_evidence: Production claims need explicit external evidence/);
  });

  test("--json prints the report with AANA's top-level keys", () => {
    const { code, stdout } = prodgate(...FLAGS, '--external-evidence', 'external-evidence.json', '--json');
    assert.equal(code, 0);
    const report = JSON.parse(stdout);
    for (const key of [
      'production_certification_version',
      'production_positioning',
      'certification_scope',
      'valid',
      'production_ready',
      'repo_local_ready',
      'deployment_ready',
      'production_certified',
      'production_claim_allowed',
      'summary',
      'readiness_boundary',
      'public_readiness_matrix',
      'checks',
    ]) {
      assert.ok(key in report, key);
    }
    assert.equal(report.production_certified, false);
    assert.equal(report.summary.readiness_level, 'deployment_ready');
    assert.deepEqual(report.checks.map((check: { name: string }) => check.name), [
      'certification_policy', 'readiness_boundary', 'deployment_manifest', 'governance_policy', 'required_metrics',
      'connector_evidence', 'human_review_routing', 'audit_retention', 'shadow_mode_evidence', 'external_production_evidence',
    ]);
  });

  test('--sarif and --markdown write the failing issues, located', () => {
    const evidence = join(directory, 'template-evidence.json');
    writeFileSync(evidence, readFileSync(join(directory, 'external-evidence.json'), 'utf8').replace('"external_deployment"', '"template"'));
    const { code } = prodgate(...FLAGS, '--external-evidence', 'template-evidence.json', '--sarif', 'out.sarif', '--markdown', 'out.md');
    assert.equal(code, 1);
    const log = JSON.parse(readFileSync(join(directory, 'out.sarif'), 'utf8'));
    assert.equal(log.version, '2.1.0');
    const scope = log.runs[0].results.find((result: { ruleId: string }) => result.ruleId === 'evidence-template-scope');
    assert.equal(scope.properties.check, 'external_production_evidence');
    assert.deepEqual(scope.locations[0].physicalLocation.artifactLocation, { uri: 'template-evidence.json' });
    assert.equal(scope.locations[0].physicalLocation.region.startLine, 3);
    const markdown = readFileSync(join(directory, 'out.md'), 'utf8');
    assert.match(markdown, /production_certified: false/);
    assert.match(markdown, /template-evidence\.json:3/);
  });

  test('a missing input file: the report says so, exit 2', () => {
    const { code, stdout, stderr } = prodgate('--certification-policy', 'production-certification.json', '--governance-policy', 'nowhere.yaml');
    assert.equal(code, 2);
    assert.match(stderr, /prodgate: nowhere\.yaml: cannot read the file/);
    assert.match(stdout, /nowhere\.yaml: cannot read human-governance policy: no such file/);
  });

  test('a file of the wrong kind and a malformed file are failures with clear messages', () => {
    writeFileSync(join(directory, 'broken.json'), '{ "deployment_name": "x", ');
    const { code, stdout } = prodgate('--certification-policy', 'production-certification.json', '--deployment-manifest', 'governance.yaml', '--observability-policy', 'broken.json');
    assert.equal(code, 1);
    assert.match(stdout, /governance\.yaml is a human-governance policy, not a deployment manifest/);
    assert.match(stdout, /FAIL required_metrics/);
    assert.match(stdout, /broken\.json/);
  });

  test('a 1 GB binary audit log: one clear issue, bounded memory, no crash', () => {
    const huge = join(directory, 'huge.jsonl');
    writeFileSync(huge, '');
    truncateSync(huge, 1024 ** 3); // sparse: a gigabyte of NUL bytes and no newline, on no disk
    try {
      const script = `
        const { main } = require(${JSON.stringify(CLI)});
        main(['certify', '--certification-policy', 'production-certification.json', '--audit-log', 'huge.jsonl', '--json'],
          { stdout: (text) => { process.stdout.write(text); }, stderr: (text) => process.stderr.write(text), cwd: process.cwd() })
          .then((code) => { process.stderr.write('maxRSS=' + process.resourceUsage().maxRSS + '\\n'); process.exitCode = code; });`;
      const result = spawnSync(process.execPath, ['-e', script], { cwd: directory, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      assert.equal(result.status, 1, result.stderr);
      const shadow = JSON.parse(result.stdout).checks.find((check: { name: string }) => check.name === 'shadow_mode_evidence');
      assert.equal(shadow.status, 'fail');
      assert.ok(shadow.issues.some((issue: { message: string }) => /Line 1 is longer than the line length limit/.test(issue.message)), JSON.stringify(shadow.issues));
      const maxRss = Number(/maxRSS=(\d+)/.exec(result.stderr)![1]) * 1024;
      assert.ok(maxRss < 200 * 1024 * 1024, `peak memory ${(maxRss / 1024 / 1024).toFixed(0)} MB`);
    } finally {
      rmSync(huge, { force: true });
    }
  });

  test('usage errors exit 2', () => {
    for (const args of [[], ['--bundle', 'prodgate.bundle.yaml', '--audit-log', 'x.jsonl'], ['--frobnicate'], ['--bundle', 'governance.yaml']]) {
      const { code, stderr } = prodgate(...args);
      assert.equal(code, 2, JSON.stringify(args));
      assert.match(stderr, /^prodgate: /, JSON.stringify(args));
    }
    assert.equal(existsSync(join(directory, 'nothing.sarif')), false);
  });
});
