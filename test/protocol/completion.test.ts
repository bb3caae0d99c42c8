// Completion from the built server over stdio, in JSON, JSON Lines and YAML: keys not yet present
// (with snippets of their values), enum and known values, required metrics, catalog connectors,
// agent actions from the workspace's other policies, and governance condition names. Each accepted
// completion is applied the way an editor applies it, and the result must parse to what was meant.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList, Position, TextEdit } from 'vscode-languageserver-protocol';
import { parse as parseYaml } from 'yaml';
import { completion } from '../../server/src/lsp/features/completion.ts';
import { LspTestClient } from '../support/lsp-client.ts';

/** The workspace's certification policy: its own metric and connectors are offered in other files. */
const CERTIFICATION_POLICY = `production_certification_version: "0.1"
policy_name: Northwind Support Agent Production Certification
owner: Northwind Support Platform Team
metrics:
  required:
    - latency
    - team_escalation_rate
connector_evidence:
  required_connectors:
    - refund_policy
    - order_history
audit_retention:
  minimum_days: 400
`;

/** Another agent policy of the workspace: its verbs, resources and actions are offered in new policies. */
const BILLING_AGENT = JSON.stringify(
  {
    agent: 'northwind-billing-agent',
    permissions: {
      allow: ['read:invoice', 'read:refund_policy', 'create:refund_draft'],
      deny: ['delete:*', 'update:customer_payment_info'],
      escalate: ['chargeback_disputes', { action: 'create:credit_note', condition: 'amount >= 1000' }],
    },
  },
  null,
  2,
);

/** `text` with the cursor at `§`. */
function marked(text: string): { text: string; position: Position } {
  const offset = text.indexOf('§');
  assert.notEqual(offset, -1, 'the text marks the cursor');
  const lines = text.slice(0, offset).split('\n');
  return { text: text.slice(0, offset) + text.slice(offset + 1), position: { line: lines.length - 1, character: lines[lines.length - 1].length } };
}

let documents = 0;

/** Opens the marked text as a new document and asks for completions at its cursor. */
async function completeAt(client: LspTestClient, languageId: 'json' | 'yaml' | 'jsonl', source: string): Promise<{ text: string; items: CompletionItem[]; list: CompletionList | null }> {
  const { text, position } = marked(source);
  const uri = client.uri(`completion/document-${documents++}.${languageId}`);
  await client.open(uri, languageId, text);
  const list: CompletionList | null = await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
  return { text, items: list?.items ?? [], list };
}

function labels(items: CompletionItem[]): string[] {
  return items.map((item) => item.label);
}

function itemNamed(items: CompletionItem[], label: string): CompletionItem {
  const item = items.find((candidate) => candidate.label === label);
  assert.ok(item, `${label} is offered (offered: ${labels(items).join(', ')})`);
  return item;
}

function offsetAt(text: string, position: Position): number {
  const lines = text.split('\n');
  return lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
}

/** The text a completion replaces. */
function replaced(text: string, item: CompletionItem): string {
  const edit = item.textEdit as TextEdit;
  return text.slice(offsetAt(text, edit.range.start), offsetAt(text, edit.range.end));
}

/**
 * The document once the completion is accepted, as an editor applies it: the additional edits too,
 * later lines of the snippet indented like the line it starts on, choices at their first option
 * and tab stops filled with `fill`.
 */
function accept(text: string, item: CompletionItem, fill = ''): string {
  const edits = [item.textEdit as TextEdit, ...(item.additionalTextEdits ?? [])].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let result = text;
  for (const edit of edits) {
    const start = offsetAt(text, edit.range.start);
    const indentation = /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', start - 1) + 1))![0];
    const expanded = edit.newText
      .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
      .replace(/\$\d+/g, fill)
      .replace(/\\([$}\\])/g, '$1')
      .replace(/\t/g, '  ')
      .replace(/\n/g, `\n${indentation}`);
    result = result.slice(0, start) + expanded + result.slice(offsetAt(text, edit.range.end));
  }
  return result;
}

describe('completion over LSP', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
    // Open documents are indexed once validated: the other files of the workspace.
    for (const [file, languageId, text] of [
      ['certification/policy.yaml', 'yaml', CERTIFICATION_POLICY],
      ['agents/billing.policy.json', 'json', BILLING_AGENT],
    ] as const) {
      const uri = client.uri(file);
      await client.open(uri, languageId, text);
      await client.diagnostics(uri);
    }
  });
  after(async () => {
    await client.stop();
  });

  test('completion is announced with its trigger characters', () => {
    assert.deepEqual(completion.capabilities.completionProvider?.triggerCharacters, ['"', ':', ' ', '-']);
  });

  describe('keys', () => {
    test('YAML: on a new line of a mapping, the keys it lacks, with their descriptions and value snippets', async () => {
      const { text, items } = await completeAt(client, 'yaml', 'production_certification_version: "0.1"\nshadow_mode:\n  minimum_records: 100\n  §\naudit_retention:\n  minimum_days: 365\n');
      assert.deepEqual(labels(items), ['minimum_duration_days', 'required_adapter_ids']);
      const duration = itemNamed(items, 'minimum_duration_days');
      assert.equal(duration.detail, 'integer');
      assert.equal(duration.command, undefined, 'a number has no suggestions');
      assert.match((duration.documentation as { value: string }).value, /Days of shadow mode required; production certification needs at least 14/);
      assert.equal((duration.textEdit as TextEdit).newText, 'minimum_duration_days: $1');
      assert.equal((itemNamed(items, 'required_adapter_ids').textEdit as TextEdit).newText, 'required_adapter_ids:\n  - $1');
      assert.deepEqual(parseYaml(accept(text, duration, '14')).shadow_mode, { minimum_records: 100, minimum_duration_days: 14 });
    });

    test('YAML: a partial word at the root is replaced by the key and the shape of its value', async () => {
      const { text, items } = await completeAt(client, 'yaml', 'production_certification_version: "0.1"\npolicy_name: Cert\nsh§\n');
      assert.ok(!labels(items).includes('policy_name'), 'present keys are left out');
      assert.ok(!labels(items).includes('production_certification_version'));
      const shadow = itemNamed(items, 'shadow_mode');
      assert.equal(replaced(text, shadow), 'sh');
      assert.equal((shadow.textEdit as TextEdit).newText, 'shadow_mode:\n  minimum_duration_days: $1');
      assert.deepEqual(parseYaml(accept(text, shadow, '14')).shadow_mode, { minimum_duration_days: 14 });
      assert.equal(itemNamed(items, 'metrics').command, undefined, 'an object value has nothing to suggest yet');
      assert.equal(itemNamed(items, 'connector_evidence').command, undefined);
      assert.deepEqual(parseYaml(accept(text, itemNamed(items, 'metrics'), 'latency')).metrics, { required: ['latency'] });
      assert.equal(labels(items).at(-1), '$schema', '$schema comes last');
    });

    test('YAML: renaming a key that has its colon replaces the name only', async () => {
      const { text, items } = await completeAt(client, 'yaml', 'production_certification_version: "0.1"\nsha§dw_mode:\n  minimum_records: 100\n');
      const shadow = itemNamed(items, 'shadow_mode');
      assert.equal(replaced(text, shadow), 'shadw_mode');
      assert.equal((shadow.textEdit as TextEdit).newText, 'shadow_mode');
    });

    test('YAML: in a list of objects, a dash starts a new item whose keys are offered', async () => {
      const source = 'external_evidence_version: "0.1"\nconnector_manifests:\n  - connector_id: refund_policy\n    environment: production\n  - conn§\n';
      const { text, items } = await completeAt(client, 'yaml', source);
      const connector = itemNamed(items, 'connector_id');
      assert.equal(replaced(text, connector), 'conn');
      assert.ok(labels(items).includes('environment'), 'the new item has none of the first item’s keys');
      // A sibling line inside the first item: the first item's keys are taken.
      const sibling = await completeAt(client, 'yaml', 'external_evidence_version: "0.1"\nconnector_manifests:\n  - connector_id: refund_policy\n    §\n    environment: production\n');
      assert.ok(!labels(sibling.items).includes('connector_id') && !labels(sibling.items).includes('environment'));
      assert.ok(labels(sibling.items).includes('manifest_uri'));
      // An empty line at the list's column: a new item, dash included.
      const next = await completeAt(client, 'yaml', 'external_evidence_version: "0.1"\nconnector_manifests:\n  - connector_id: refund_policy\n  §\n');
      const newItem = itemNamed(next.items, 'connector_id');
      assert.equal((newItem.textEdit as TextEdit).newText, '- connector_id: $1');
      assert.deepEqual(parseYaml(accept(next.text, newItem, 'order_history')).connector_manifests, [{ connector_id: 'refund_policy' }, { connector_id: 'order_history' }]);
    });

    test('JSON: inside an object, a quoted partial key is replaced, quotes included', async () => {
      const { text, items } = await completeAt(client, 'json', '{\n  "production_certification_version": "0.1",\n  "shadow_mode": {\n    "minimum_records": 100,\n    "min§"\n  }\n}');
      assert.deepEqual(labels(items), ['minimum_duration_days', 'required_adapter_ids']);
      const duration = itemNamed(items, 'minimum_duration_days');
      assert.equal(replaced(text, duration), '"min"');
      assert.equal(duration.filterText, '"minimum_duration_days', 'what was typed, quote included, matches');
      assert.deepEqual(JSON.parse(accept(text, duration, '14')).shadow_mode, { minimum_records: 100, minimum_duration_days: 14 });
    });

    test('JSON: objects get a snippet with their first key, lists and strings their brackets and quotes', async () => {
      const { text, items } = await completeAt(client, 'json', '{\n  "production_certification_version": "0.1",\n  §\n}');
      assert.equal((itemNamed(items, 'shadow_mode').textEdit as TextEdit).newText, '"shadow_mode": {\n\t"minimum_duration_days": $1\n}');
      assert.equal((itemNamed(items, 'policy_name').textEdit as TextEdit).newText, '"policy_name": "$1"');
      assert.equal((itemNamed(items, 'approvals').textEdit as TextEdit).newText, '"approvals": {\n\t"domain_owner_signoff": ${1|true,false|}\n}');
      assert.deepEqual(JSON.parse(accept(text, itemNamed(items, 'approvals'))).approvals, { domain_owner_signoff: true });
    });

    test('JSON: after a member that lacks its comma, the comma comes with the key', async () => {
      const { text, items } = await completeAt(client, 'json', '{\n  "external_evidence_version": "0.1"\n  "ev§\n}');
      const scope = itemNamed(items, 'evidence_scope');
      assert.equal(replaced(text, scope), '"ev');
      assert.equal(scope.command?.command, 'editor.action.triggerSuggest', 'its known values are suggested next');
      assert.deepEqual(JSON.parse(accept(text, scope, 'external_deployment')), { external_evidence_version: '0.1', evidence_scope: 'external_deployment' });
    });

    test('JSON Lines: the keys of an audit record', async () => {
      const { items } = await completeAt(client, 'jsonl', '{"audit_record_version": "0.1", "created_at": "2026-03-02T10:00:00Z", "record_type": "agent_check", "execution_mode": "shadow"}\n{"audit_record_version": "0.1", §}\n');
      assert.ok(labels(items).includes('created_at') && labels(items).includes('shadow_observation'));
      assert.ok(!labels(items).includes('audit_record_version'));
    });
  });

  describe('values', () => {
    test('enum values, in YAML and JSON', async () => {
      const rules = await completeAt(client, 'yaml', '- decision: §\n  condition: raroi > 1\n  reason_code: strong\n');
      assert.deepEqual(labels(rules.items), ['promote', 'demote', 'pilot', 'no_go']);
      const owners = await completeAt(client, 'yaml', 'deployment_name: support\nevidence_sources: []\ndomain_owners:\n  - adapter_id: support_reply\n    review_status: pi§\n');
      assert.deepEqual(labels(owners.items), ['approved', 'pilot_approved']);
      assert.equal(replaced(owners.text, owners.items[1]), 'pi');

      const json = await completeAt(client, 'json', '[\n  { "decision": "pro§", "condition": "raroi > 1" }\n]');
      const promote = itemNamed(json.items, 'promote');
      assert.equal(replaced(json.text, promote), '"pro"');
      assert.equal(promote.filterText, '"promote');
      assert.deepEqual(JSON.parse(accept(json.text, promote)), [{ decision: 'promote', condition: 'raroi > 1' }]);
    });

    test('values AANA knows where the schema has an open string, and execution modes in an audit log', async () => {
      const scope = await completeAt(client, 'json', '{\n  "external_evidence_version": "0.1",\n  "evidence_scope": §\n}');
      assert.deepEqual(labels(scope.items), ['external_deployment', 'template', 'internal_pilot']);
      assert.equal(JSON.parse(accept(scope.text, scope.items[0])).evidence_scope, 'external_deployment');
      const environment = await completeAt(client, 'yaml', 'deployment_name: support\nevidence_sources: []\nenvironment:§\n');
      assert.equal(parseYaml(accept(environment.text, itemNamed(environment.items, 'production'))).environment, 'production', 'a space follows the bare colon');
      const audit = await completeAt(client, 'jsonl', '{"audit_record_version": "0.1", "created_at": "2026-03-02T10:00:00Z", "record_type": "agent_check", "execution_mode": "§"}\n');
      assert.deepEqual(labels(audit.items), ['advisory', 'enforce', 'shadow']);
    });

    test('YAML quoting: a version stays a string', async () => {
      const { text, items } = await completeAt(client, 'yaml', 'production_certification_version: §\npolicy_name: Cert\n');
      assert.equal((itemNamed(items, '0.1').textEdit as TextEdit).newText, '"0.1"');
      assert.equal(parseYaml(accept(text, items[0])).production_certification_version, '0.1');
    });
  });

  describe('metrics', () => {
    test("YAML: a certification policy's metrics.required offers the required metrics it lacks", async () => {
      const present = ['adapter_error_count', 'aix_decision_count', 'aix_hard_blocker_count', 'aix_score_average', 'false_accept_rate', 'false_block_rate', 'gate_decision_count', 'human_review_turnaround_time', 'latency', 'over_refusal_rate', 'recommended_action_count', 'shadow_records_total'];
      const { items } = await completeAt(client, 'yaml', `production_certification_version: "0.1"\nmetrics:\n  required:\n${present.map((metric) => `    - ${metric}\n`).join('')}    - §\n`);
      assert.deepEqual(labels(items), ['shadow_would_action_count', 'violation_code_count']);
      assert.equal(items[0].detail, 'required by AANA');
    });

    test("JSON: an observability policy's tracked_metrics also offers the workspace certification policy's metrics", async () => {
      const { items } = await completeAt(client, 'json', '{\n  "policy_name": "Observability",\n  "dashboards": [],\n  "tracked_metrics": ["latency", "§"]\n}');
      assert.ok(!labels(items).includes('latency'));
      assert.ok(labels(items).includes('aix_decision_count'));
      const teamMetric = itemNamed(items, 'team_escalation_rate');
      assert.equal(teamMetric.detail, 'required by policy.yaml');
      assert.match((teamMetric.documentation as { value: string }).value, /\[policy\.yaml\]\(file:.*policy\.yaml\) \(`metrics\.required`\)/);
    });

    test('YAML: accepting a metric list key asks for its metrics next', async () => {
      const { text, items } = await completeAt(client, 'yaml', 'production_certification_version: "0.1"\nmetrics:\n  §\n');
      const required = itemNamed(items, 'required');
      assert.equal((required.textEdit as TextEdit).newText, 'required:\n  - $1');
      assert.equal(required.command?.command, 'editor.action.triggerSuggest');
      assert.deepEqual(parseYaml(accept(text, required, 'latency')).metrics, { required: ['latency'] });
    });

    test("YAML: a deployment's tracked metrics are AANA's observability metrics", async () => {
      const { items } = await completeAt(client, 'yaml', 'deployment_name: support\nevidence_sources: []\nobservability:\n  tracked_metrics:\n    - latency\n    -§\n');
      assert.equal(labels(items).length, 9);
      assert.ok(!labels(items).includes('team_escalation_rate'));
      assert.equal((items[0].textEdit as TextEdit).newText, ` ${items[0].label}`, 'a space follows the bare dash');
    });
  });

  describe('connectors', () => {
    test("YAML: required_connectors offers the catalog's other connectors, with their sources", async () => {
      const { text, items } = await completeAt(client, 'yaml', 'production_certification_version: "0.1"\nconnector_evidence:\n  required_connectors: [crm_customer_account, ord§]\n');
      assert.ok(!labels(items).includes('crm_customer_account'));
      const orders = itemNamed(items, 'order_history');
      assert.equal(orders.detail, 'order-system');
      assert.equal(replaced(text, orders), 'ord');
      assert.deepEqual(parseYaml(accept(text, orders)).connector_evidence.required_connectors, ['crm_customer_account', 'order_history']);
    });

    test('JSON: a manifest’s connector_id offers connectors without a manifest, those the policy requires first', async () => {
      const { items } = await completeAt(client, 'json', '{\n  "external_evidence_version": "0.1",\n  "connector_manifests": [\n    { "connector_id": "refund_policy" },\n    { "connector_id": "§" }\n  ]\n}');
      assert.ok(!labels(items).includes('refund_policy'), 'refund_policy already has a manifest');
      assert.ok(labels(items).indexOf('order_history') < labels(items).indexOf('ci'), 'the certification policy requires order_history, no policy requires ci');
      assert.match((itemNamed(items, 'order_history').documentation as { value: string }).value, /`order-system`[\s\S]*policy\.yaml/);
    });
  });

  describe('agent policies', () => {
    test('YAML: an allow entry offers the verbs and the actions of the other policies', async () => {
      const { text, items } = await completeAt(client, 'yaml', 'agent: northwind-support-agent\npermissions:\n  allow:\n    - read:invoice\n    - re§\n');
      const read = itemNamed(items, 'read:');
      assert.match(String(read.detail), /billing\.policy\.json/);
      assert.equal(read.command?.command, 'editor.action.triggerSuggest', 'the resources are offered next');
      assert.equal(replaced(text, read), 're');
      assert.ok(labels(items).includes('create:') && labels(items).includes('delete:'));
      assert.ok(labels(items).includes('create:refund_draft'));
      assert.ok(!labels(items).includes('read:invoice'), 'the list has it already');
      assert.ok(!labels(items).some((label) => label.includes('*')), 'wildcards are never offered');
    });

    test('YAML: after `verb:` the resources seen, those seen with the verb first', async () => {
      const { text, items } = await completeAt(client, 'yaml', 'agent: northwind-support-agent\npermissions:\n  deny:\n    - update:§\n');
      assert.deepEqual(labels(items).slice(0, 1), ['update:customer_payment_info']);
      assert.ok(labels(items).includes('update:invoice'));
      assert.equal(replaced(text, items[0]), 'update:');
      assert.deepEqual(parseYaml(accept(text, items[0])).permissions.deny, ['update:customer_payment_info']);
    });

    test("JSON: an escalation's action offers actions, inside the string", async () => {
      const { text, items } = await completeAt(client, 'json', '{\n  "agent": "support",\n  "permissions": {\n    "escalate": [{ "action": "cr§", "condition": "amount > 500" }]\n  }\n}');
      const create = itemNamed(items, 'create:');
      assert.equal((create.textEdit as TextEdit).newText, '"create:$0"', 'the cursor stays inside the string for the resource');
      assert.equal(replaced(text, create), '"cr"');
      assert.ok(labels(items).includes('create:credit_note'));
    });

    test('policies of the workspace that are not open are read from the index', async () => {
      const indexed = await LspTestClient.start({ workspaceFolder: resolve(__dirname, '../../examples/agents') });
      try {
        const { items } = await completeAt(indexed, 'yaml', 'agent: new-agent\npermissions:\n  allow:\n    - §\n');
        assert.match(String(itemNamed(items, 'access:').detail), /support-agent\.policy\.yaml/);
        assert.ok(labels(items).includes('read:knowledge_base'));
      } finally {
        await indexed.stop();
      }
    });
  });

  describe('governance conditions', () => {
    test('YAML: the word under the cursor is completed with scorecard and threshold names and keywords', async () => {
      const { text, items } = await completeAt(client, 'yaml', '- decision: promote\n  condition: raroi >= ra§ and confidence > 0.8\n  reason_code: strong\n');
      for (const name of ['raroi', 'confidence', 'min_scenario', 'score_variance', 'sandbox_roi', 'adapter_roi', 'alignment_status', 'raroi_threshold', 'confidence_threshold', 'scenario_score_min', 'sandbox_roi_low', 'adapter_roi_high', 'max_variance', 'and', 'or', 'not', 'is', 'None', 'True', 'False', 'in']) {
        itemNamed(items, name);
      }
      const threshold = itemNamed(items, 'raroi_threshold');
      assert.equal(replaced(text, threshold), 'ra');
      assert.equal(threshold.detail, 'threshold');
      assert.equal(parseYaml(accept(text, threshold))[0].condition, 'raroi >= raroi_threshold and confidence > 0.8');
    });

    test("JSON: inside the condition's string, and in the thresholds' optional conditions", async () => {
      const { text, items } = await completeAt(client, 'json', '[\n  { "decision": "demote", "condition": "confidence is not No§" }\n]');
      assert.equal(JSON.parse(accept(text, itemNamed(items, 'None')))[0].condition, 'confidence is not None');
      const thresholds = await completeAt(client, 'yaml', 'raroi_threshold: 1.0\npromote:\n  optional_conditions:\n    strong_roi:\n      condition: §\n');
      assert.equal(parseYaml(accept(thresholds.text, itemNamed(thresholds.items, 'sandbox_roi'))).promote.optional_conditions.strong_roi.condition, 'sandbox_roi');
    });
  });

  test('an empty file of a configured kind gets its top-level keys; one nested past the limit gets none', async () => {
    await client.changeSettings({ files: { 'completion/empty-*': 'certification-policy' } });
    try {
      const uri = client.uri('completion/empty-policy.yaml');
      await client.open(uri, 'yaml', '');
      // The setting applies once the server has read it again: the file is then a policy, and empty.
      await client.diagnosticsWhen(uri, (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'document-empty'));
      const list: CompletionList | null = await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } });
      assert.ok(labels(list?.items ?? []).includes('production_certification_version'), JSON.stringify(list && labels(list.items)));
    } finally {
      await client.changeSettings({});
    }
    // jsonc-parser reads the cursor's place by recursion: 10,000 levels would exhaust the stack.
    const deep = `{"production_certification_version": "0.1", "metrics": ${'['.repeat(10_000)}§${']'.repeat(10_000)}}`;
    assert.equal((await completeAt(client, 'json', deep)).list, null);
  });

  test('a document of no kind, a comment and a block of text get no completions', async () => {
    assert.equal((await completeAt(client, 'json', '{ "name": "x", "version": "§" }')).list, null);
    assert.equal((await completeAt(client, 'yaml', 'production_certification_version: "0.1"\n# owner§\n')).list, null);
    assert.equal((await completeAt(client, 'yaml', 'production_certification_version: "0.1"\npolicy_name: |\n  Northwind sh§\n')).list, null);
  });
});
