// ProdGate: Evaluate Deployment Governance through the server: prodgate/evaluateGovernance finds the
// rule and threshold files for a scorecard, applies the override the settings name, and returns the
// run with links to the rule that decided and to each input; the CodeLens above a scorecard runs it.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { EvaluateGovernanceRequest, GovernanceScorecardsRequest, type EvaluateGovernanceResult } from '../../server/src/lsp/protocol.ts';
import { LspTestClient } from '../support/lsp-client.ts';

const EXAMPLE = resolve(__dirname, '../../examples/governance');
const SCORECARD = 'scorecards/support-triage.scorecard.json';
const RULES = 'config/deployment_governance.yaml';
const workspaces: string[] = [];

/** A fresh copy of the governance example. */
function workspace(): string {
  const directory = mkdtempSync(join(tmpdir(), 'prodgate-governance-'));
  workspaces.push(directory);
  cpSync(EXAMPLE, directory, { recursive: true });
  return directory;
}

after(() => {
  for (const directory of workspaces) rmSync(directory, { recursive: true, force: true });
});

/** The example scorecard with some values changed. */
function scorecardWith(directory: string, changes: Record<string, unknown>): string {
  const scorecard = { ...JSON.parse(readFileSync(join(directory, SCORECARD), 'utf8')), ...changes };
  return `${JSON.stringify(scorecard, null, 2)}\n`;
}

/** Low confidence and every scenario above its threshold: the rule file's third rule (demote, low_confidence) decides. */
const LOW_CONFIDENCE = { confidence: 0.6, scenario_scores: { baseline: 0.78, peak_season: 0.65, multilingual: 0.66 } };

async function withClient(directory: string, run: (client: LspTestClient) => Promise<void>, settings?: Record<string, unknown>): Promise<void> {
  const client = await LspTestClient.start({ workspaceFolder: directory, ...(settings ? { settings } : {}) });
  // The server asks for the workspace folders to find the rule files and name them.
  client.connection.onRequest('workspace/workspaceFolders', () => [{ uri: pathToFileURL(directory).href, name: 'workspace' }]);
  try {
    await run(client);
  } finally {
    await client.stop();
  }
}

function evaluate(client: LspTestClient, scorecardUri: string): Promise<EvaluateGovernanceResult> {
  return client.connection.sendRequest(EvaluateGovernanceRequest, { scorecardUri });
}

describe('prodgate/evaluateGovernance', () => {
  test('the rule file rule that decided: verdict, reason codes, trace and a link to its range', async () => {
    const directory = workspace();
    writeFileSync(join(directory, SCORECARD), scorecardWith(directory, LOW_CONFIDENCE));
    await withClient(directory, async (client) => {
      const scorecardUri = pathToFileURL(join(directory, SCORECARD)).href;
      const { run, links } = await evaluate(client, scorecardUri);
      assert.equal(run.result.verdict, 'demote');
      assert.deepEqual(run.result.reason_codes, ['low_confidence']);
      assert.deepEqual(run.files, { scorecard: SCORECARD, rules: RULES, thresholds: 'config/deployment_policy.yaml' });
      assert.deepEqual(run.problems, []);
      const matched = run.result.trace.filter((entry) => entry.step === 'rule' && entry.status === 'matched');
      assert.equal(matched.length, 1);
      assert.equal(matched[0].rule?.index, 2);
      assert.equal(matched[0].rule?.source, 'file');

      // The third rule of the YAML list: from its first key to the end of its reason code.
      const rulesUri = pathToFileURL(join(directory, RULES)).href;
      assert.deepEqual(links.rule, {
        uri: rulesUri,
        index: 2,
        range: { start: { line: 8, character: 2 }, end: { line: 10, character: 29 } },
      });
      const lines = readFileSync(join(directory, RULES), 'utf8').split('\n');
      assert.equal(lines[8].slice(2), 'decision: demote');
      assert.equal(lines[10].slice(0, 29), '  reason_code: low_confidence');

      assert.deepEqual(
        links.inputs.map(({ name, file, uri, range }) => ({ name, file, uri, line: range.start.line })),
        [
          { name: 'scorecard', file: SCORECARD, uri: scorecardUri, line: 1 },
          { name: 'rules', file: RULES, uri: rulesUri, line: 2 },
          { name: 'thresholds', file: 'config/deployment_policy.yaml', uri: pathToFileURL(join(directory, 'config/deployment_policy.yaml')).href, line: 1 },
        ],
      );
      assert.deepEqual(await client.connection.sendRequest(GovernanceScorecardsRequest), [scorecardUri]);
    });
  });

  test('a step before the rules decides: no rule link; the editor text is what is evaluated', async () => {
    const directory = workspace();
    await withClient(directory, async (client) => {
      const scorecardUri = pathToFileURL(join(directory, SCORECARD)).href;
      // As on disk: peak_season 0.52 is below its 0.6 threshold.
      const first = await evaluate(client, scorecardUri);
      assert.equal(first.run.result.verdict, 'demote');
      assert.deepEqual(first.run.result.reason_codes, ['peak_season_below_min']);
      assert.equal(first.links.rule, undefined);
      assert.ok(first.run.result.trace.some((entry) => entry.step === 'scenario_thresholds' && entry.status === 'matched'));

      // Unsaved edits in the editor count.
      await client.open(scorecardUri, 'json', scorecardWith(directory, LOW_CONFIDENCE));
      const second = await evaluate(client, scorecardUri);
      assert.deepEqual(second.run.result.reason_codes, ['low_confidence']);
      assert.equal(second.links.rule?.range.start.line, 8);

      // Each evaluation is logged in the workspace's decision log.
      const decisions = readFileSync(join(directory, 'forecast_records', 'decision_log.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
      assert.deepEqual(decisions.map((decision) => decision.verdict), ['demote', 'demote']);
      assert.deepEqual(decisions.map((decision) => decision.reason_codes), [['peak_season_below_min'], ['low_confidence']]);
    });
  });

  test('rules named by the settings win over the bundle, which wins over config/deployment_governance.yaml', async () => {
    const directory = workspace();
    writeFileSync(join(directory, SCORECARD), scorecardWith(directory, LOW_CONFIDENCE));
    mkdirSync(join(directory, 'alt'), { recursive: true });
    writeFileSync(join(directory, 'alt/bundle-rules.yaml'), '- decision: no_go\n  condition: "True"\n  reason_code: from_bundle\n');
    writeFileSync(join(directory, 'alt/setting-rules.yaml'), '- decision: pilot\n  condition: "True"\n  reason_code: from_settings\n');
    writeFileSync(join(directory, 'prodgate.bundle.yaml'), 'certification_policy: none.json\ngovernance_rules: alt/bundle-rules.yaml\n');
    const scorecardUri = pathToFileURL(join(directory, SCORECARD)).href;
    await withClient(directory, async (client) => {
      const result = await evaluate(client, scorecardUri);
      assert.deepEqual([result.run.result.verdict, result.run.result.reason_codes, result.run.files.rules], ['no_go', ['from_bundle'], 'alt/bundle-rules.yaml']);
    });
    await withClient(
      directory,
      async (client) => {
        const result = await evaluate(client, scorecardUri);
        assert.deepEqual([result.run.result.verdict, result.run.result.reason_codes, result.run.files.rules], ['pilot', ['from_settings'], 'alt/setting-rules.yaml']);
      },
      { governance: { rulesFile: 'alt/setting-rules.yaml' } },
    );
  });

  test('the override and key files the settings name: a tampered override is ignored, and said so', async () => {
    const directory = workspace();
    const override = join(directory, 'overrides/support-triage.override.json');
    writeFileSync(override, readFileSync(override, 'utf8').replace('"pilot"', '"promote"'));
    const settings = { governance: { overrideFile: 'overrides/support-triage.override.json', keyFile: 'keys/override.key' } };
    await withClient(
      directory,
      async (client) => {
        const { run, links } = await evaluate(client, pathToFileURL(join(directory, SCORECARD)).href);
        assert.equal(run.files.override, 'overrides/support-triage.override.json');
        assert.equal(run.result.verdict, 'demote');
        assert.deepEqual(run.result.overrides, {});
        assert.ok(run.result.trace.some((entry) => entry.step === 'override' && entry.status === 'skipped'));
        assert.equal(run.problems.length, 1);
        assert.match(run.problems[0], /^overrides\/support-triage\.override\.json: override ignored: /);
        assert.deepEqual(
          links.inputs.find((input) => input.name === 'override'),
          {
            name: 'override',
            file: 'overrides/support-triage.override.json',
            uri: pathToFileURL(override).href,
            range: { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } },
          },
        );
      },
      settings,
    );
  });

  test('a scorecard that is not on disk, or cannot be read: an error response', async () => {
    const directory = workspace();
    await withClient(directory, async (client) => {
      await assert.rejects(evaluate(client, 'untitled:Untitled-1'), /Only scorecards on disk can be evaluated/);
      await assert.rejects(evaluate(client, pathToFileURL(join(directory, 'missing.scorecard.json')).href), /cannot read/);
    });
  });

  test('the CodeLens above a scorecard runs the evaluation of that scorecard', async () => {
    const directory = workspace();
    await withClient(directory, async (client) => {
      const path = join(directory, SCORECARD);
      const uri = pathToFileURL(path).href;
      await client.open(uri, 'json', readFileSync(path, 'utf8'));
      const lenses: CodeLens[] | null = await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
      assert.deepEqual(lenses, [
        {
          range: { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } },
          command: { title: '$(law) Evaluate governance', command: 'prodgate.evaluateGovernance', arguments: [uri] },
        },
      ]);
    });
  });
});
