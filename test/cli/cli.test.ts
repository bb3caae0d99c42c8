// The `prodgate` CLI as CI runs it: the built dist/cli.js, its output formats and exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';

const CLI = resolve(__dirname, '../../dist/cli.js');
const FIXTURES = resolve(__dirname, '../fixtures/cli');

function prodgate(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: FIXTURES, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('prodgate validate', () => {
  test('text: one `file:line:col severity code message` line per finding, a summary, exit 1 on errors', () => {
    const { code, stdout } = prodgate('validate', '.');
    assert.equal(code, 1);
    const lines = stdout.trim().split('\n');
    assert.ok(lines.includes('wildcard.policy.yaml:4:7 error policy-wildcard-allow Allow entry "*" grants every action: list the actions this agent needs.'), stdout);
    assert.ok(lines.some((line) => /^nested\/template-evidence\.json:3:21 error evidence-template-scope /.test(line)), stdout);
    assert.ok(lines.some((line) => /^broken\.policy\.yaml:\d+:\d+ error syntax-error /.test(line)), stdout);
    assert.ok(!stdout.includes('package.json'), 'files of no kind print nothing');
    assert.equal(lines.at(-1), '4 artifacts in 5 files: 3 errors, 0 warnings, 0 info.');
  });

  test('exit 0 when the files are clean', () => {
    const { code, stdout } = prodgate('validate', 'clean.policy.yaml');
    assert.equal(code, 0);
    assert.equal(stdout, '1 artifact in 1 file: 0 errors, 0 warnings, 0 info.\n');
  });

  test('globs select files', () => {
    const { code, stdout } = prodgate('validate', '**/*.policy.yaml', '--format', 'json');
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.deepEqual(
      report.files.map((file: { path: string }) => file.path),
      ['broken.policy.yaml', 'clean.policy.yaml', 'wildcard.policy.yaml'],
    );
  });

  test('json: kinds, findings with JSON paths and 1-based positions, and a summary', () => {
    const { code, stdout } = prodgate('validate', '.', '--format', 'json');
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    const evidence = report.files.find((file: { path: string }) => file.path === 'nested/template-evidence.json');
    assert.equal(evidence.kind, 'external-evidence');
    assert.equal(evidence.kindSource, 'content');
    assert.deepEqual(evidence.findings, [
      {
        code: 'evidence-template-scope',
        severity: 'error',
        message: 'evidence_scope is "template", not "external_deployment": templates and local fixtures are not production evidence.',
        path: '$.evidence_scope',
        line: 3,
        column: 21,
        endLine: 3,
        endColumn: 31,
      },
    ]);
    const other = report.files.find((file: { path: string }) => file.path === 'package.json');
    assert.equal(other.kind, null);
    assert.deepEqual(report.summary, { files: 5, artifacts: 4, error: 3, warning: 0, info: 0, suppressed: 0 });
  });

  test('sarif: a SARIF 2.1.0 log with rules and located results', () => {
    const { code, stdout } = prodgate('validate', '.', '--format', 'sarif');
    assert.equal(code, 1);
    const log = JSON.parse(stdout);
    assert.equal(log.version, '2.1.0');
    const [run] = log.runs;
    assert.equal(run.tool.driver.name, 'ProdGate');
    const ruleIds = run.tool.driver.rules.map((rule: { id: string }) => rule.id);
    assert.deepEqual([...ruleIds].sort(), ['evidence-template-scope', 'policy-wildcard-allow', 'syntax-error']);
    for (const rule of run.tool.driver.rules) assert.ok(rule.shortDescription.text.length > 10);
    const wildcard = run.results.find((result: { ruleId: string }) => result.ruleId === 'policy-wildcard-allow');
    assert.equal(wildcard.level, 'error');
    assert.equal(run.tool.driver.rules[wildcard.ruleIndex].id, 'policy-wildcard-allow');
    assert.deepEqual(wildcard.locations[0].physicalLocation, {
      artifactLocation: { uri: 'wildcard.policy.yaml' },
      region: { startLine: 4, startColumn: 7, endLine: 4, endColumn: 10 },
    });
    assert.equal(wildcard.locations[0].logicalLocations[0].fullyQualifiedName, '$.permissions.allow[0]');
  });

  test('usage and I/O errors exit 2 with a message on stderr', () => {
    for (const args of [
      ['validate', '--format', 'xml'],
      ['validate', '--bogus'],
      ['validate', 'no-such-file.yaml'],
      ['validate', 'nothing/**/*.yaml'],
      ['frobnicate'],
      [],
    ]) {
      const { code, stderr, stdout } = prodgate(...args);
      assert.equal(code, 2, `exit 2 for ${JSON.stringify(args)}`);
      if (args.length > 0) assert.match(stderr, /^prodgate: /, `message for ${JSON.stringify(args)}`);
      else assert.match(stdout, /Usage: prodgate/);
    }
  });

  test('--help and --version exit 0', () => {
    assert.match(prodgate('--help').stdout, /prodgate validate|validate \[paths/);
    assert.equal(prodgate('validate', '--help').code, 0);
    assert.match(prodgate('--version').stdout, /^\d+\.\d+\.\d+\n$/);
  });

  test('--max-file-size-mb skips larger files with one info finding', () => {
    const { code, stdout } = prodgate('validate', 'wildcard.policy.yaml', '--max-file-size-mb', '0.00001');
    assert.equal(code, 0);
    assert.match(stdout, /^wildcard\.policy\.yaml:1:1 info file-too-large /);
  });
});
