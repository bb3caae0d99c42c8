// Quick fixes over LSP: for each fixable diagnostic, the editor asks for code actions, applies the
// returned workspace edit to its text and sends the result back; the diagnostic must then be gone.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyTextEdits, LspTestClient, waitFor } from '../support/lsp-client.ts';

const EXAMPLES = resolve(__dirname, '../../examples');
const workspaces: string[] = [];

after(() => {
  for (const directory of workspaces) rmSync(directory, { recursive: true, force: true });
});

/** A fresh folder holding copies of example files (paths relative to examples/, copied flat). */
function workspaceWith(files: string[]): string {
  const directory = mkdtempSync(join(tmpdir(), 'prodgate-fixes-'));
  workspaces.push(directory);
  for (const file of files) cpSync(join(EXAMPLES, file), join(directory, file.slice(file.lastIndexOf('/') + 1)));
  return directory;
}

const example = (file: string) => readFileSync(join(EXAMPLES, file), 'utf8');

function textAt(text: string, diagnostic: Diagnostic): string {
  const lines = text.split('\n');
  const { start, end } = diagnostic.range;
  assert.equal(start.line, end.line, 'single-line range');
  return lines[start.line].slice(start.character, end.character);
}

const messageOf = (diagnostic: Diagnostic) => (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value);

/** The fixes offered; the suppressions and explanations every finding gets are tested in suppressions.test.ts. */
async function codeActions(client: LspTestClient, uri: string, diagnostics: Diagnostic[], only = ['quickfix']): Promise<CodeAction[]> {
  const actions: CodeAction[] | null = await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostics[0].range,
    context: { diagnostics, only },
  });
  return (actions ?? []).filter((action) => !/^(Suppress|Explain) "/.test(action.title));
}

/** The quick fix whose title matches, checked to be tied to its diagnostic. */
async function quickFix(client: LspTestClient, uri: string, diagnostic: Diagnostic, title: RegExp): Promise<CodeAction> {
  const actions = await codeActions(client, uri, [diagnostic]);
  const action = actions.find((candidate) => title.test(candidate.title));
  assert.ok(action, `a fix titled ${title} among ${JSON.stringify(actions.map((candidate) => candidate.title))}`);
  assert.equal(action.kind, 'quickfix');
  assert.deepEqual(action.diagnostics, [diagnostic]);
  assert.deepEqual(Object.keys(action.edit?.changes ?? {}), [uri], 'a workspace edit of this document only');
  return action;
}

/** Applies the fix to the editor's text, sends it as a change, and returns the new text and diagnostics. */
async function apply(client: LspTestClient, uri: string, text: string, action: CodeAction): Promise<{ text: string; diagnostics: Diagnostic[] }> {
  const fixedText = applyTextEdits(text, action.edit!.changes![uri]);
  const version = await client.change(uri, [{ text: fixedText }]);
  return { text: fixedText, diagnostics: await client.diagnostics(uri, version) };
}

/** Opens a document and returns the diagnostic of `code` whose message matches. */
async function openWith(client: LspTestClient, uri: string, languageId: string, text: string, code: string, message = /./): Promise<Diagnostic> {
  await client.open(uri, languageId, text);
  const diagnostic = (await client.diagnostics(uri)).find((candidate) => candidate.code === code && message.test(messageOf(candidate)));
  assert.ok(diagnostic, `${code} published`);
  return diagnostic;
}

function assertGone(diagnostics: Diagnostic[], fixed: Diagnostic): void {
  assert.deepEqual(
    diagnostics.filter((diagnostic) => diagnostic.code === fixed.code && messageOf(diagnostic) === messageOf(fixed)),
    [],
    `${fixed.code} is gone`,
  );
}

describe('quick fixes for a document\'s own diagnostics', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
  });

  test('metrics-missing, JSON: the metrics are added inline, as the list is written', async () => {
    const uri = client.uri('observability.json');
    const text = '{\n  "policy_name": "Support observability",\n  "dashboards": [],\n  "tracked_metrics": ["latency", "gate_decision_count"],\n  "alerts": []\n}\n';
    const diagnostic = await openWith(client, uri, 'json', text, 'metrics-missing');
    const action = await quickFix(client, uri, diagnostic, /^Add the 8 missing metrics/);
    assert.equal(action.isPreferred, true);
    const result = await apply(client, uri, text, action);
    assertGone(result.diagnostics, diagnostic);
    assert.match(result.text, /\n {2}"tracked_metrics": \["latency", "gate_decision_count", "aix_decision_count", .*"violation_code_count"\],\n/);
  });

  test('metrics-missing, YAML (examples/problems): block items added; every comment survives', async () => {
    const uri = client.uri('observability-missing-metrics.yaml');
    const text = example('problems/observability-missing-metrics.yaml');
    const diagnostic = await openWith(client, uri, 'yaml', text, 'metrics-missing');
    const result = await apply(client, uri, text, await quickFix(client, uri, diagnostic, /^Add the 2 missing metrics \(aix_hard_blocker_count, latency\)$/));
    assertGone(result.diagnostics, diagnostic);
    assert.equal(result.text, text.replace('  - shadow_would_action_count\n', '  - shadow_would_action_count\n  - aix_hard_blocker_count\n  - latency\n'));
  });

  test('evidence-template-scope, JSON (examples/problems) and YAML: once per diagnostic, not preferred', async () => {
    const jsonUri = client.uri('template-evidence.json');
    const json = example('problems/template-evidence.json');
    const diagnostic = await openWith(client, jsonUri, 'json', json, 'evidence-template-scope');
    // The same diagnostic twice in one request still gets one action.
    const actions = await codeActions(client, jsonUri, [diagnostic, diagnostic]);
    assert.deepEqual(actions.map((action) => [action.title, action.isPreferred, action.diagnostics?.length]), [
      ['Set evidence_scope to external_deployment (only if real external evidence backs this file)', false, 1],
    ]);
    const result = await apply(client, jsonUri, json, actions[0]);
    assertGone(result.diagnostics, diagnostic);
    assert.equal(result.text, json.replace('"evidence_scope": "template"', '"evidence_scope": "external_deployment"'));

    const yamlUri = client.uri('external.yaml');
    const yaml = 'external_evidence_version: "0.1"\nevidence_scope: template   # AANA\'s template\nconnector_manifests: []\n';
    const yamlDiagnostic = await openWith(client, yamlUri, 'yaml', yaml, 'evidence-template-scope');
    const yamlResult = await apply(client, yamlUri, yaml, await quickFix(client, yamlUri, yamlDiagnostic, /^Set evidence_scope/));
    assertGone(yamlResult.diagnostics, yamlDiagnostic);
    assert.equal(yamlResult.text, yaml.replace('template ', 'external_deployment '));
  });

  test('human-review-topic-missing, certification policy YAML: the topic is added to required_for', async () => {
    const uri = client.uri('certification-review.yaml');
    const text = example('problems/certification-weak-gates.yaml').replace('    - irreversible external actions\n', '');
    const diagnostic = await openWith(client, uri, 'yaml', text, 'human-review-topic-missing', /irreversible/);
    const result = await apply(client, uri, text, await quickFix(client, uri, diagnostic, /^Add "irreversible decisions" to human_review\.required_for$/));
    assertGone(result.diagnostics, diagnostic);
    assert.ok(!result.diagnostics.some((item) => item.code === 'human-review-topic-missing'));
  });

  test('key-missing, YAML: a gated number is added at its production minimum', async () => {
    const uri = client.uri('cert-missing.yaml');
    const text = 'production_certification_version: "0.1"\npolicy_name: Cert\nowner: Team\nshadow_mode:\n  minimum_records: 100   # AANA minimum\n';
    const diagnostic = await openWith(client, uri, 'yaml', text, 'key-missing', /minimum_duration_days/);
    const result = await apply(client, uri, text, await quickFix(client, uri, diagnostic, /^Add "minimum_duration_days: 14"$/));
    assertGone(result.diagnostics, diagnostic);
    assert.equal(result.text, `${text}  minimum_duration_days: 14\n`);
  });

  test('key-missing, JSON: the placeholder inserted is itself flagged by value-placeholder', async () => {
    const uri = client.uri('observability-owner.json');
    const text = '{\n  "policy_name": "Support observability",\n  "dashboards": [],\n  "tracked_metrics": ["latency"]\n}\n';
    const diagnostic = await openWith(client, uri, 'json', text, 'key-missing', /"owner"/);
    const result = await apply(client, uri, text, await quickFix(client, uri, diagnostic, /^Add "owner" with a placeholder to replace$/));
    assertGone(result.diagnostics, diagnostic);
    const placeholder = result.diagnostics.find((item) => item.code === 'value-placeholder');
    assert.ok(placeholder, 'value-placeholder published');
    assert.equal(textAt(result.text, placeholder), '"replace-with-owner"');
  });

  test('key-missing, YAML (examples/certification deployment): the placeholder inserted is itself flagged', async () => {
    const uri = client.uri('deployment.yaml');
    const text = example('certification/deployment.yaml').replace('  incident_channel: "#support-agent-incidents"\n', '');
    const diagnostic = await openWith(client, uri, 'yaml', text, 'key-missing', /"incident_channel"/);
    const result = await apply(client, uri, text, await quickFix(client, uri, diagnostic, /^Add "incident_channel" with a placeholder/));
    assertGone(result.diagnostics, diagnostic);
    const placeholder = result.diagnostics.find((item) => item.code === 'value-placeholder');
    assert.ok(placeholder, 'value-placeholder published');
    assert.equal(textAt(result.text, placeholder), 'replace-with-incident-channel');
    assert.equal(result.text.split('\n')[placeholder.range.start.line], '  incident_channel: replace-with-incident-channel');
  });

  test('policy-wildcard-allow with no other policy in the workspace: the entry can be removed', async () => {
    const uri = client.uri('agents/support.yaml');
    const text = 'agent: support-bot\npermissions:\n  allow:\n    - "*"\n    - read:ticket\n  deny:\n    - delete:*\n';
    const diagnostic = await openWith(client, uri, 'yaml', text, 'policy-wildcard-allow');
    const actions = await codeActions(client, uri, [diagnostic]);
    assert.deepEqual(actions.map((action) => action.title), ['Remove the wildcard entry "*"']);
    const result = await apply(client, uri, text, actions[0]);
    assertGone(result.diagnostics, diagnostic);
    assert.equal(result.text, 'agent: support-bot\npermissions:\n  allow:\n    - read:ticket\n  deny:\n    - delete:*\n');
  });

  test('only quick fixes are offered, and only when asked for', async () => {
    const uri = client.uri('only.json');
    const text = '{ "external_evidence_version": "0.1", "evidence_scope": "template", "connector_manifests": [] }';
    const diagnostic = await openWith(client, uri, 'json', text, 'evidence-template-scope');
    assert.deepEqual(await codeActions(client, uri, [diagnostic], ['refactor']), []);
    assert.equal((await codeActions(client, uri, [diagnostic], ['quickfix'])).length, 1);
  });
});

describe('quick fixes that read the workspace', () => {
  test('policy-wildcard-allow: "read:*" is replaced by the read actions the workspace\'s policies allow', async () => {
    const directory = workspaceWith(['agents/billing-agent.policy.json', 'agents/support-agent.policy.yaml', 'problems/wildcard-agent.policy.yaml']);
    const client = await LspTestClient.start({ workspaceFolder: directory });
    try {
      const uri = pathToFileURL(join(directory, 'wildcard-agent.policy.yaml')).href;
      const text = example('problems/wildcard-agent.policy.yaml');
      const diagnostic = await openWith(client, uri, 'yaml', text, 'policy-wildcard-allow', /"read:\*"/);
      // The index is built in the background: wait until it knows the other policies.
      const title = /^Replace "read:\*" with the 7 concrete read actions used in this workspace$/;
      await waitFor(async () => (await codeActions(client, uri, [diagnostic])).some((action) => title.test(action.title)));
      const result = await apply(client, uri, text, await quickFix(client, uri, diagnostic, title));
      assertGone(result.diagnostics, diagnostic);
      const readActions = ['customer_profile', 'invoice', 'knowledge_base', 'order_history', 'payment_status', 'refund_policy', 'ticket'];
      assert.equal(result.text, text.replace('    - read:*\n', readActions.map((resource) => `    - read:${resource}\n`).join('')));
    } finally {
      await client.stop();
    }
  });

  test('cross-file metrics-missing: the observability policy gets the certification policy\'s metric', async () => {
    const directory = workspaceWith(['certification/production-certification.json', 'certification/observability.yaml']);
    const client = await LspTestClient.start({ workspaceFolder: directory });
    try {
      const uri = pathToFileURL(join(directory, 'observability.yaml')).href;
      const text = example('certification/observability.yaml').replace('  - false_block_rate\n', '');
      await client.open(uri, 'yaml', text);
      const diagnostic = await waitForDiagnostic(client, uri, (item) => item.code === 'metrics-missing' && /false_block_rate/.test(messageOf(item)));
      const result = await apply(client, uri, text, await quickFix(client, uri, diagnostic, /^Add the missing metric false_block_rate$/));
      assertGone(result.diagnostics, diagnostic);
      assert.equal(result.text, text.replace('  - shadow_would_action_count\n', '  - shadow_would_action_count\n  - false_block_rate\n'));
    } finally {
      await client.stop();
    }
  });

  test('cross-file human-review-topic-missing: a deployment manifest\'s required_for, and a governance escalation class', async () => {
    const directory = workspaceWith([
      'certification/production-certification.json',
      'certification/deployment.yaml',
      'certification/governance.yaml',
      'certification/observability.yaml',
    ]);
    const client = await LspTestClient.start({ workspaceFolder: directory });
    try {
      const deploymentUri = pathToFileURL(join(directory, 'deployment.yaml')).href;
      const deployment = example('certification/deployment.yaml').replace('    - irreversible external actions\n', '');
      await client.open(deploymentUri, 'yaml', deployment);
      const deploymentDiagnostic = await waitForDiagnostic(client, deploymentUri, (item) => item.code === 'human-review-topic-missing' && /irreversible/.test(messageOf(item)));
      const deploymentResult = await apply(client, deploymentUri, deployment, await quickFix(client, deploymentUri, deploymentDiagnostic, /^Add "irreversible decisions" to human_review\.required_for$/));
      assertGone(deploymentResult.diagnostics, deploymentDiagnostic);

      const governanceUri = pathToFileURL(join(directory, 'governance.yaml')).href;
      const governance = example('certification/governance.yaml').replace(/ {2}- name: low-confidence verifier result\n(?: {4}.*\n){3}/, '');
      await client.open(governanceUri, 'yaml', governance);
      const governanceDiagnostic = await waitForDiagnostic(client, governanceUri, (item) => item.code === 'human-review-topic-missing' && /low-confidence/.test(messageOf(item)));
      const action = await quickFix(client, governanceUri, governanceDiagnostic, /^Add an escalation class for low-confidence decisions/);
      const governanceResult = await apply(client, governanceUri, governance, action);
      assertGone(governanceResult.diagnostics, governanceDiagnostic);
      // The new class routes nowhere yet: its placeholder route keeps the policy flagged.
      const route = governanceResult.diagnostics.find((item) => item.code === 'value-placeholder' && textAt(governanceResult.text, item) === 'replace-with-route');
      assert.ok(route, 'the placeholder route is flagged');
    } finally {
      await client.stop();
    }
  });
});

async function waitForDiagnostic(client: LspTestClient, uri: string, match: (diagnostic: Diagnostic) => boolean): Promise<Diagnostic> {
  let found: Diagnostic | undefined;
  await waitFor(async () => {
    found = client.publishes(uri).at(-1)?.diagnostics.find(match);
    return found !== undefined;
  });
  return found!;
}

