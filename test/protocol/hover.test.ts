// Hover from the built server over stdio, in JSON and YAML: a key's description with its type and
// values; which gate and which file require a metric; a connector's catalog entry and the policy
// that requires it; and a threshold's minimum with whether the value meets it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Hover, MarkupContent, Position } from 'vscode-languageserver-protocol';
import { hover } from '../../server/src/lsp/features/hover.ts';
import { LspTestClient } from '../support/lsp-client.ts';

/** The workspace's certification policy, which other files' hovers cite. */
const CERTIFICATION_POLICY = JSON.stringify(
  {
    production_certification_version: '0.1',
    policy_name: 'Northwind Support Agent Production Certification',
    owner: 'Northwind Support Platform Team',
    shadow_mode: { minimum_duration_days: 14, minimum_records: 100 },
    metrics: { required: ['latency', 'aix_score_average', 'team_escalation_rate'] },
    connector_evidence: { required_connectors: ['refund_policy', 'order_history'] },
    audit_retention: { minimum_days: 400, immutable_required: true, redaction_required: true },
  },
  null,
  2,
);

const OBSERVABILITY = `policy_name: Northwind Support Agent Observability
dashboards: []
tracked_metrics:
  - latency
  - team_escalation_rate
  - tickets_per_hour
`;

const DEPLOYMENT = `deployment_name: northwind-support-agent
environment: production
evidence_sources: []
audit:
  sink: s3://northwind-aana-audit-prod/support-agent/
  immutable: true
  retention_days: 365
domain_owners:
  - adapter_id: order_status
    owner: Order Operations
    review_status: pilot_approved
`;

const EXTERNAL_EVIDENCE = `{
  "external_evidence_version": "0.1",
  "evidence_scope": "external_deployment",
  "connector_manifests": [
    { "connector_id": "order_history", "environment": "production" },
    { "connector_id": "warehouse_robots", "environment": "production" }
  ],
  "audit_retention_policy": { "retention_days": 400, "immutable": true }
}
`;

const WEAK_CERTIFICATION = `production_certification_version: "0.1"
shadow_mode:
  minimum_duration_days: 7
  minimum_records: 150
`;

let documents = 0;

interface HoverResult {
  hover: Hover | null;
  markdown: string;
  /** The text the hover's range covers. */
  hovered: string;
}

/** Opens `text` as a new document and hovers where `needle` is, `delta` characters in. */
async function hoverAt(client: LspTestClient, languageId: 'json' | 'yaml', text: string, needle: string, delta = 1): Promise<HoverResult> {
  const uri = client.uri(`hover/document-${documents++}.${languageId}`);
  await client.open(uri, languageId, text);
  return hoverIn(client, uri, text, needle, delta);
}

/** Hovers in an open document. */
async function hoverIn(client: LspTestClient, uri: string, text: string, needle: string, delta = 1): Promise<HoverResult> {
  const offset = text.indexOf(needle);
  assert.notEqual(offset, -1, `${needle} is in the text`);
  const lines = text.slice(0, offset + delta).split('\n');
  const position: Position = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const result: Hover | null = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  const markdown = result ? (result.contents as MarkupContent).value : '';
  let hovered = '';
  if (result?.range) {
    const all = text.split('\n');
    assert.equal(result.range.start.line, result.range.end.line);
    hovered = all[result.range.start.line].slice(result.range.start.character, result.range.end.character);
  }
  return { hover: result, markdown, hovered };
}

describe('hover over LSP', () => {
  let client: LspTestClient;
  /** The workspace's only certification policy with metrics, connectors and a retention minimum. */
  let policyUri: string;
  before(async () => {
    client = await LspTestClient.start();
    policyUri = client.uri('certification/production-certification.json');
    await client.open(policyUri, 'json', CERTIFICATION_POLICY);
    await client.diagnostics(policyUri); // validated, so indexed
  });
  after(async () => {
    await client.stop();
  });

  test('hover is announced', () => {
    assert.equal(hover.capabilities.hoverProvider, true);
  });

  describe('keys', () => {
    test('YAML: the description, type and allowed values, on the key', async () => {
      const { markdown, hovered } = await hoverAt(client, 'yaml', DEPLOYMENT, 'review_status');
      assert.equal(hovered, 'review_status');
      assert.equal(markdown, '**review_status**\n\napproved or pilot_approved.\n\nType: `string`\n\nAllowed values: `"approved"`, `"pilot_approved"`');
    });

    test('JSON: an object key, and a list of objects', async () => {
      const shadow = await hoverIn(client, policyUri, CERTIFICATION_POLICY, '"shadow_mode"');
      assert.equal(shadow.hovered, '"shadow_mode"');
      assert.match(shadow.markdown, /^\*\*shadow_mode\*\*\n\nHow long and how much the agent must run in shadow mode.*\n\nType: `object`$/);
      const manifests = await hoverAt(client, 'json', EXTERNAL_EVIDENCE, '"connector_manifests"');
      assert.match(manifests.markdown, /Manifests of the live connectors[\s\S]*Type: `array of object`/);
    });

    test("a value with no more to say gets its key's description", async () => {
      const { markdown, hovered } = await hoverAt(client, 'yaml', DEPLOYMENT, 'pilot_approved', 3);
      assert.equal(hovered, 'pilot_approved');
      assert.match(markdown, /^\*\*review_status\*\*/);
    });
  });

  describe('metrics', () => {
    test('YAML: a tracked metric names the AANA gate and the certification policy that require it', async () => {
      const { markdown, hovered } = await hoverAt(client, 'yaml', OBSERVABILITY, '- latency', 4);
      assert.equal(hovered, 'latency');
      assert.match(markdown, /^\*\*latency\*\* · metric/);
      assert.match(markdown, /Required by AANA's observability gate: an observability policy tracks all 10 observability metrics\./);
      assert.match(markdown, /Required by \[production-certification\.json\]\(file:[^)]*production-certification\.json\) \(`metrics\.required`\)/);
    });

    test("YAML: a team's own metric is required by the policy only; another by nobody", async () => {
      const team = await hoverAt(client, 'yaml', OBSERVABILITY, 'team_escalation_rate');
      assert.doesNotMatch(team.markdown, /AANA/);
      assert.match(team.markdown, /production-certification\.json/);
      const untracked = await hoverAt(client, 'yaml', OBSERVABILITY, 'tickets_per_hour');
      assert.match(untracked.markdown, /Not required by an AANA gate or by a certification policy of the workspace\./);
    });

    test("JSON: in the certification policy's own list, AANA's requirement", async () => {
      const { markdown } = await hoverIn(client, policyUri, CERTIFICATION_POLICY, '"aix_score_average"');
      assert.match(markdown, /Required by AANA production certification: a certification policy requires all 14 production metrics\./);
    });
  });

  describe('connectors', () => {
    test('JSON: the catalog entry and the certification policy that requires it', async () => {
      const { markdown, hovered } = await hoverAt(client, 'json', EXTERNAL_EVIDENCE, '"order_history"');
      assert.equal(hovered, '"order_history"');
      assert.match(markdown, /^\*\*order_history\*\* · connector\n\nAANA connector catalog: needs the evidence-registry sources `order-system`\./);
      assert.match(markdown, /Required by \[production-certification\.json\]\([^)]*\) \(`connector_evidence\.required_connectors`\)/);
    });

    test('YAML: a connector the catalog does not have', async () => {
      const text = 'production_certification_version: "0.1"\nconnector_evidence:\n  required_connectors:\n    - billing_payment_redaction\n    - warehouse_robots\n';
      const known = await hoverAt(client, 'yaml', text, 'billing_payment_redaction');
      assert.match(known.markdown, /`billing-redaction-metadata`, `payment-metadata`/);
      const unknown = await hoverAt(client, 'yaml', text, 'warehouse_robots');
      assert.match(unknown.markdown, /Not in AANA's connector catalog: no evidence registry can cover it \(`connector-unknown`\)\./);
    });
  });

  describe('thresholds', () => {
    test('YAML: shadow-mode minimums, below and above what certification requires', async () => {
      const duration = await hoverAt(client, 'yaml', WEAK_CERTIFICATION, 'minimum_duration_days: 7', 23);
      assert.equal(duration.hovered, '7');
      assert.match(duration.markdown, /Minimum: \*\*14 days\*\* \(AANA production certification\)\. ✗ \*\*7\*\* is below it \(`shadow-duration-too-short`\)\./);
      const records = await hoverAt(client, 'yaml', WEAK_CERTIFICATION, 'minimum_records');
      assert.equal(records.hovered, 'minimum_records', 'on the key too');
      assert.match(records.markdown, /Minimum: \*\*100 records\*\* \(AANA production certification\)\. ✓ \*\*150\*\* meets it\./);
    });

    test("YAML: a deployment's audit retention is held to the certification policy's minimum", async () => {
      const { markdown, hovered } = await hoverAt(client, 'yaml', DEPLOYMENT, 'retention_days: 365', 17);
      assert.equal(hovered, '365');
      assert.match(markdown, /Minimum: \*\*400 days\*\* \(`audit_retention\.minimum_days` of \[production-certification\.json\]\([^)]*\)\)\. ✗ \*\*365\*\* is below it \(`audit-retention-too-short`\)\./);
    });

    test("JSON: external evidence retention and an agent's trust score", async () => {
      const retention = await hoverAt(client, 'json', EXTERNAL_EVIDENCE, '"retention_days": 400', 19);
      assert.match(retention.markdown, /Minimum: \*\*365 days\*\* \(AANA production certification\)\. ✓ \*\*400\*\* meets it\./);
      const agent = '{\n  "agent": "support",\n  "permissions": { "allow": ["read:ticket"] },\n  "trust": { "minimum_score": 40 }\n}';
      const trust = await hoverAt(client, 'json', agent, '40');
      assert.match(trust.markdown, /Minimum: \*\*50 points\*\* \(the OpenClaw deployment checklist's default\)\. ✗ \*\*40\*\* is below it\./);
    });
  });

  test('nothing on blank space, at the root, or in a document of no kind', async () => {
    assert.equal((await hoverAt(client, 'yaml', DEPLOYMENT, '  sink', 1)).hover, null);
    assert.equal((await hoverAt(client, 'json', '{ "name": "x", "version": "1.0.0" }', '"name"')).hover, null);
  });
});
