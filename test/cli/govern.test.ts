// `prodgate govern` as CI runs it: the built dist/cli.js on the governance example and its variants.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { evaluateGovernance, type GovernanceRule, type GovernanceThresholds } from '../../server/src/engine/governance/evaluate.ts';
import { parseDocument } from '../../server/src/engine/parse.ts';
import { toPlain } from '../../server/src/engine/located.ts';
import type { DecisionRecord } from '../../server/src/io/decision-log.ts';

const CLI = resolve(__dirname, '../../dist/cli.js');
const EXAMPLES = resolve(__dirname, '../../examples/governance');
const directory = mkdtempSync(join(tmpdir(), 'prodgate-govern-cli-'));
cpSync(EXAMPLES, directory, { recursive: true });
after(() => rmSync(directory, { recursive: true, force: true }));

const SCORECARD = 'scorecards/support-triage.scorecard.json';
const OVERRIDE = ['--override', 'overrides/support-triage.override.json', '--key', 'keys/override.key'];

function prodgate(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'govern', ...args], { cwd: directory, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json(...args: string[]) {
  const run = prodgate(...args, '--json');
  return { code: run.code, report: JSON.parse(run.stdout) as { verdict: string; reason_codes: string[]; overrides: Record<string, unknown>; trace: { step: string; status: string }[]; files: Record<string, string>; problems: string[] } };
}

const yaml = (file: string): unknown => toPlain(parseDocument(readFileSync(join(directory, file), 'utf8'), 'yaml').root!);

describe('prodgate govern', () => {
  test('the example with its signed override: the forced pilot verdict, exit 1', () => {
    const { code, stdout } = prodgate('--scorecard', SCORECARD, ...OVERRIDE);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /^Verdict: pilot\n/);
    assert.match(stdout, /Reason codes: .*manual_override/);
    assert.match(stdout, /MATCH override: signed override 1 applied/);
    assert.match(stdout, /MATCH forced_verdict: override forces pilot \(was demote\)/);
    assert.match(stdout, /rule \(config\/deployment_governance\.yaml rule 1\) promote if /);
    assert.match(stdout, /Overrides applied: verdict="pilot"/);
    assert.doesNotMatch(stdout, /Problems:/);
    const { report } = json('--scorecard', SCORECARD, ...OVERRIDE);
    assert.equal(report.verdict, 'pilot');
    assert.ok(report.reason_codes.includes('manual_override'));
    assert.deepEqual(report.files, {
      scorecard: SCORECARD,
      rules: 'config/deployment_governance.yaml',
      thresholds: 'config/deployment_policy.yaml',
      override: 'overrides/support-triage.override.json',
    });
    assert.deepEqual(report.problems, []);
  });

  test('without the override: what evaluateGovernance gives for the scorecard, rules and thresholds', () => {
    const expected = evaluateGovernance({
      scorecard: JSON.parse(readFileSync(join(directory, SCORECARD), 'utf8')) as Record<string, unknown>,
      rules: yaml('config/deployment_governance.yaml') as GovernanceRule[],
      thresholds: yaml('config/deployment_policy.yaml') as GovernanceThresholds,
    });
    assert.equal(expected.verdict, 'demote');
    const { code, report } = json('--scorecard', SCORECARD);
    assert.equal(code, 1);
    assert.equal(report.verdict, expected.verdict);
    assert.deepEqual(report.reason_codes, expected.reason_codes);
    assert.deepEqual(report.trace, JSON.parse(JSON.stringify(expected.trace)));
    assert.deepEqual(report.reason_codes, ['peak_season_below_min']);
  });

  test('explicit --rules and --policy are used', () => {
    writeFileSync(join(directory, 'only-promote.yaml'), '- decision: promote\n  condition: "True"\n  reason_code: always\n');
    writeFileSync(join(directory, 'loose.yaml'), 'raroi_threshold: 1.0\n');
    const { code, report } = json('--scorecard', SCORECARD, '--rules', 'only-promote.yaml', '--policy', 'loose.yaml');
    assert.equal(code, 0);
    assert.equal(report.verdict, 'promote');
    assert.deepEqual(report.reason_codes, ['always']);
    assert.equal(report.files.rules, 'only-promote.yaml');
    assert.equal(report.files.thresholds, 'loose.yaml');
  });

  test('a promoting scorecard: exit 0', () => {
    writeFileSync(
      join(directory, 'scorecards/strong.scorecard.json'),
      JSON.stringify({ workflow_id: 'strong', alignment_status: 'pass', security_status: 'pass', raroi: 1.5, confidence: 0.9, sandbox_roi: 0.4, adapter_roi: 1.2, scenario_scores: { baseline: 0.8, peak_season: 0.75, multilingual: 0.7 } }),
    );
    const { code, stdout } = prodgate('--scorecard', 'scorecards/strong.scorecard.json');
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^Verdict: promote\nReason codes: strong_support_candidate\n/);
  });

  test('a tampered override is ignored with a problem line', () => {
    const original = JSON.parse(readFileSync(join(directory, 'overrides/support-triage.override.json'), 'utf8')) as { data: Record<string, unknown> };
    original.data.verdict = 'promote';
    writeFileSync(join(directory, 'overrides/tampered.json'), JSON.stringify(original));
    const { code, stdout } = prodgate('--scorecard', SCORECARD, '--override', 'overrides/tampered.json', '--key', 'keys/override.key');
    assert.equal(code, 1);
    assert.match(stdout, /^Verdict: demote\n/);
    assert.match(stdout, /SKIP {2}override: override 1 ignored: the signature does not match/);
    assert.match(stdout, /Problems:\n {2}overrides\/tampered\.json: override ignored: the signature does not match the data under this key/);
    assert.match(stdout, /Overrides applied: \(none\)/);
  });

  test('a wrong key: the override is ignored with a problem', () => {
    writeFileSync(join(directory, 'keys/wrong.key'), 'not-the-key\n');
    const { code, report } = json('--scorecard', SCORECARD, '--override', 'overrides/support-triage.override.json', '--key', 'keys/wrong.key');
    assert.equal(code, 1);
    assert.equal(report.verdict, 'demote');
    assert.ok(!report.reason_codes.includes('manual_override'));
    assert.equal(report.problems.length, 1);
    assert.match(report.problems[0]!, /^overrides\/support-triage\.override\.json: override ignored: .*wrong key/);
  });

  test('--log appends one valid JSON line per run', () => {
    const log = 'logs/decision_log.jsonl';
    assert.equal(prodgate('--scorecard', SCORECARD, ...OVERRIDE, '--log', log).code, 1);
    assert.equal(prodgate('--scorecard', SCORECARD, '--log', log, '--json').code, 1);
    const lines = readFileSync(join(directory, log), 'utf8').split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[2], '');
    const records = lines.slice(0, 2).map((line) => JSON.parse(line) as DecisionRecord);
    assert.deepEqual(records.map((record) => [record.workflow_id, record.verdict]), [['support-triage', 'pilot'], ['support-triage', 'demote']]);
    assert.ok(records[0]!.reason_codes.includes('manual_override'));
    assert.deepEqual(Object.keys(records[0]!.input_hashes).sort(), ['overrides', 'rules', 'scorecard', 'thresholds']);
    assert.ok(!Number.isNaN(Date.parse(records[0]!.timestamp)));
  });

  test('by default each run appends to forecast_records/decision_log.jsonl; --no-log writes nothing', () => {
    const log = join(directory, 'forecast_records', 'decision_log.jsonl');
    rmSync(join(directory, 'forecast_records'), { recursive: true, force: true });
    prodgate('--scorecard', SCORECARD);
    prodgate('--scorecard', SCORECARD);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
    for (const line of lines) assert.equal(JSON.parse(line).workflow_id, 'support-triage');
    prodgate('--scorecard', SCORECARD, '--no-log');
    assert.equal(readFileSync(log, 'utf8').trim().split('\n').length, 2);
    assert.equal(prodgate('--scorecard', SCORECARD, '--no-log', '--log', 'x.jsonl').code, 2);
  });

  test('usage and I/O errors: exit 2', () => {
    const cases: [string[], RegExp][] = [
      [[], /give --scorecard FILE/],
      [['--scorecard', SCORECARD, '--override', 'overrides/support-triage.override.json'], /--override needs --key/],
      [['--scorecard', SCORECARD, '--bogus'], /Unknown option/],
      [['--scorecard', 'scorecards/missing.json'], /scorecards\/missing\.json: cannot read the workflow scorecard: no such file/],
      [['--scorecard', SCORECARD, ...OVERRIDE.slice(0, 2), '--key', 'keys/missing.key'], /keys\/missing\.key: cannot read the key file/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = prodgate(...args);
      assert.equal(code, 2, `${args.join(' ')}: ${stdout}${stderr}`);
      assert.match(stderr, message);
    }
    assert.ok(!existsSync(join(directory, 'scorecards/missing.json')));
  });

  test('--help', () => {
    const { code, stdout } = prodgate('--help');
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: prodgate govern --scorecard FILE/);
  });
});
