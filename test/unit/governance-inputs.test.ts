// Governance inputs: finding the rule and threshold files, and every input problem as a sentence.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { signOverride } from '../../server/src/engine/governance/override.ts';
import { findGovernanceFiles, GovernanceInputError, runGovernance, type GovernancePaths } from '../../server/src/io/governance-inputs.ts';

const EXAMPLES = resolve(__dirname, '../../examples/governance');
const directory = mkdtempSync(join(tmpdir(), 'prodgate-governance-inputs-'));
after(() => rmSync(directory, { recursive: true, force: true }));

const at = (...parts: string[]) => join(directory, ...parts);
const write = (path: string, text: string): string => {
  mkdirSync(resolve(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
};
const displayPath = (path: string) => relative(directory, path);

const example = at('example');
cpSync(EXAMPLES, example, { recursive: true });
const SCORECARD = join(example, 'scorecards', 'support-triage.scorecard.json');
const base = (extra: Partial<GovernancePaths> = {}): GovernancePaths => ({
  scorecard: SCORECARD,
  rules: join(example, 'config', 'deployment_governance.yaml'),
  thresholds: join(example, 'config', 'deployment_policy.yaml'),
  ...extra,
});

describe('findGovernanceFiles', () => {
  test('finds config/ files in a parent folder of the scorecard', async () => {
    assert.deepEqual(await findGovernanceFiles(SCORECARD, directory), {
      rules: join(example, 'config', 'deployment_governance.yaml'),
      thresholds: join(example, 'config', 'deployment_policy.yaml'),
    });
  });

  test('the nearest folder wins, each file on its own; .yaml before .json', async () => {
    const scorecard = write(at('tree', 'a', 'b', 'card.json'), '{}');
    write(at('tree', 'config', 'deployment_governance.json'), '[]');
    write(at('tree', 'config', 'deployment_policy.yaml'), 'raroi_threshold: 1\n');
    write(at('tree', 'a', 'config', 'deployment_governance.json'), '[]');
    write(at('tree', 'a', 'config', 'deployment_governance.yaml'), '[]\n');
    assert.deepEqual(await findGovernanceFiles(scorecard, at('tree')), {
      rules: at('tree', 'a', 'config', 'deployment_governance.yaml'),
      thresholds: at('tree', 'config', 'deployment_policy.yaml'),
    });
  });

  test('stops at root; a scorecard outside root is searched only in its own folder', async () => {
    const scorecard = at('tree', 'a', 'b', 'card.json');
    assert.deepEqual(await findGovernanceFiles(scorecard, at('tree', 'a', 'b')), {});
    assert.deepEqual(await findGovernanceFiles(scorecard, at('tree', 'a')), { rules: at('tree', 'a', 'config', 'deployment_governance.yaml') });
    assert.deepEqual(await findGovernanceFiles(scorecard, at('elsewhere')), {});
  });
});

describe('runGovernance', () => {
  test('the example: files, rule locations, no problems', async () => {
    const run = await runGovernance(base(), { displayPath });
    assert.equal(run.result.verdict, 'demote');
    assert.deepEqual(run.files, { scorecard: 'example/scorecards/support-triage.scorecard.json', rules: 'example/config/deployment_governance.yaml', thresholds: 'example/config/deployment_policy.yaml' });
    assert.deepEqual(run.ruleLocations, [0, 1, 2, 3].map((index) => ({ file: 'example/config/deployment_governance.yaml', path: [index] })));
    assert.deepEqual(run.problems, []);
  });

  test('no rule or threshold file: the defaults', async () => {
    const run = await runGovernance({ scorecard: SCORECARD }, {});
    assert.equal(run.result.verdict, 'promote');
    assert.deepEqual(run.ruleLocations, []);
    assert.deepEqual(run.problems, []);
  });

  test('an unreadable scorecard throws', async () => {
    await assert.rejects(runGovernance({ scorecard: at('missing.json') }, { displayPath }), (error: unknown) => {
      assert.ok(error instanceof GovernanceInputError);
      assert.equal(error.message, 'missing.json: cannot read the workflow scorecard: no such file.');
      return true;
    });
  });

  test('the editor text wins over the file', async () => {
    const run = await runGovernance({ scorecard: SCORECARD }, { openText: (path) => (path === SCORECARD ? '{"raroi": 0.1, "confidence": 0.9}' : undefined) });
    assert.equal(run.result.verdict, 'no_go');
    assert.deepEqual(run.result.reason_codes, ['raroi_below_threshold']);
  });

  test('unreadable, wrong-kind and unusable rule and threshold files: problems, defaults used', async () => {
    const run = await runGovernance(base({ rules: at('none.yaml'), thresholds: SCORECARD }), { displayPath });
    assert.deepEqual(run.problems, [
      'none.yaml: cannot read the deployment-governance rule file: no such file. The built-in rules are used.',
      'example/scorecards/support-triage.scorecard.json is a workflow scorecard, not a deployment thresholds file. The default thresholds are used.',
    ]);
    assert.equal(run.result.verdict, 'promote');
    const text = await runGovernance(base({ rules: write(at('rules.txt'), '[]') }), { displayPath });
    assert.match(text.problems[0]!, /^rules\.txt: a deployment-governance rule file must be a \.json, \.jsonc, \.yaml or \.yml file\./);
    const object = await runGovernance(base({ rules: write(at('object.json'), '{"decision": "promote"}') }), { displayPath });
    assert.match(object.problems[0]!, /^object\.json: cannot use this deployment-governance rule file: /);
  });

  test('unknown decisions, non-object rules and bad threshold values are listed; rule locations keep file indexes', async () => {
    const rules = write(at('odd-rules.yaml'), '- 42\n- decision: ship\n  condition: "True"\n  reason_code: shipped\n');
    const thresholds = write(at('odd-policy.yaml'), 'raroi_threshold: high\nconfidence_threshold: 0.5\n');
    const run = await runGovernance({ scorecard: SCORECARD, rules, thresholds }, { displayPath });
    assert.equal(run.result.verdict, 'ship');
    assert.deepEqual(run.ruleLocations, [{ file: 'odd-rules.yaml', path: [1] }]);
    assert.ok(run.problems.includes('odd-rules.yaml: rule 1 is not an object: ignored.'), run.problems.join('\n'));
    assert.ok(run.problems.some((problem) => problem.startsWith('odd-rules.yaml: rule 2: decision "ship" is not one of promote, demote, pilot, no_go')));
    assert.ok(run.problems.includes('odd-policy.yaml: raroi_threshold is "high", not a number: the default is used.'));
  });

  test('sectioned thresholds are reported as ignored', async () => {
    const thresholds = write(at('sections.yaml'), 'promote:\n  thresholds:\n    raroi_min: 0.8\n');
    const run = await runGovernance({ scorecard: SCORECARD, thresholds }, { displayPath });
    assert.ok(run.problems.some((problem) => problem.startsWith('sections.yaml: the promote section is read only by')));
  });

  test('overrides: verified, unsigned, without a key, with an unknown forced verdict', async () => {
    const key = join(example, 'keys', 'override.key');
    const signed = await runGovernance(base({ override: join(example, 'overrides', 'support-triage.override.json'), key }), { displayPath });
    assert.equal(signed.result.verdict, 'pilot');
    assert.deepEqual(signed.problems, []);
    assert.equal(signed.files.override, 'example/overrides/support-triage.override.json');

    const unsigned = write(at('unsigned.json'), '{"data": {"verdict": "promote"}, "signature": ""}');
    const run = await runGovernance(base({ override: unsigned, key }), { displayPath });
    assert.equal(run.result.verdict, 'demote');
    assert.deepEqual(run.problems, ['unsigned.json: override ignored: the override is unsigned (no "signature").']);
    assert.ok(run.result.trace.some((entry) => entry.step === 'override' && entry.status === 'skipped'));

    const keyless = await runGovernance(base({ override: join(example, 'overrides', 'support-triage.override.json') }), { displayPath });
    assert.deepEqual(keyless.problems, ['example/overrides/support-triage.override.json: override ignored: no key file to verify its signature.']);

    const data = { verdict: 'ship', ratio: 1.5 };
    const odd = write(at('odd-override.json'), JSON.stringify({ data, signature: signOverride(data, readFileSync(key)) }));
    const forced = await runGovernance(base({ override: odd, key }), { displayPath });
    assert.equal(forced.result.verdict, 'demote');
    assert.deepEqual(forced.problems, ['odd-override.json: the forced verdict "ship" is not one of promote, demote, pilot, no_go: it is ignored.']);
  });

  test('a float literal such as 1.0 verifies as Python signed it', async () => {
    const key = 'k';
    // Python: json.dumps({"weight": 1.0}, sort_keys=True, separators=(",", ":")) == '{"weight":1.0}'
    const { createHmac } = await import('node:crypto');
    const python = createHmac('sha256', key).update('{"weight":1.0}').digest('hex');
    const override = write(at('float.json'), `{"data": {"weight": 1.0}, "signature": "${python}"}`);
    const run = await runGovernance({ scorecard: SCORECARD, override, key: write(at('float.key'), `${key}\n`) }, { displayPath });
    assert.deepEqual(run.problems, []);
    assert.deepEqual(run.result.overrides, { weight: 1 });
  });

  test('log: one record per run, workflow_id from the scorecard or its file name', async () => {
    const log = at('logs', 'decisions.jsonl');
    const now = new Date('2026-11-24T12:00:00Z');
    await runGovernance(base({ log }), { now });
    const anonymous = write(at('cards', 'billing.scorecard.json'), '{"raroi": 2, "confidence": 0.9}');
    await runGovernance({ scorecard: anonymous, log }, { now });
    const records = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { workflow_id: string; verdict: string; timestamp: string });
    assert.deepEqual(records.map((record) => [record.workflow_id, record.verdict, record.timestamp]), [
      ['support-triage', 'demote', '2026-11-24T12:00:00.000Z'],
      ['billing', 'promote', '2026-11-24T12:00:00.000Z'],
    ]);
  });
});
