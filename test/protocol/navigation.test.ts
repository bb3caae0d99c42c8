// Navigation through the server: the outline (document symbols), folding ranges, and go to
// definition between artifacts, in JSON and YAML, over temp workspaces copied from examples/.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import type { DocumentSymbol, FoldingRange, Location, Range } from 'vscode-languageserver-protocol';
import { SymbolKind } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse, stringify } from 'yaml';
import { LspTestClient } from '../support/lsp-client.ts';

const EXAMPLES = resolve(__dirname, '../../examples');
const workspaces: string[] = [];

/** A temp workspace holding copies of example files (paths under examples/), by their base names. */
function workspace(...examples: string[]): string {
  const directory = mkdtempSync(join(tmpdir(), 'prodgate-nav-'));
  workspaces.push(directory);
  for (const example of examples) cpSync(join(EXAMPLES, example), join(directory, basename(example)));
  return directory;
}

/** The example's value written as YAML (the outline and folding must not depend on the format). */
function asYaml(example: string): string {
  return stringify(parse(readFileSync(join(EXAMPLES, example), 'utf8')));
}

after(() => {
  for (const directory of workspaces) rmSync(directory, { recursive: true, force: true });
});

interface Opened {
  uri: string;
  document: TextDocument;
}

const LANGUAGES: Record<string, string> = { json: 'json', jsonc: 'jsonc', yaml: 'yaml', yml: 'yaml', jsonl: 'jsonl' };

/** Opens a file of the workspace in the server, with `text` or its content on disk. */
async function open(client: LspTestClient, directory: string, file: string, text?: string): Promise<Opened> {
  const path = join(directory, file);
  if (text !== undefined) writeFileSync(path, text);
  const content = readFileSync(path, 'utf8');
  const languageId = LANGUAGES[file.slice(file.lastIndexOf('.') + 1)];
  const uri = pathToFileURL(path).href;
  await client.open(uri, languageId, content);
  return { uri, document: TextDocument.create(uri, languageId, 1, content) };
}

async function withClient(directory: string, run: (client: LspTestClient) => Promise<void>): Promise<void> {
  const client = await LspTestClient.start({ workspaceFolder: directory });
  try {
    await run(client);
  } finally {
    await client.stop();
  }
}

function textOf(document: TextDocument, range: Range): string {
  return document.getText(range);
}

// ---------------------------------------------------------------- outline

async function symbols(client: LspTestClient, uri: string): Promise<DocumentSymbol[] | null> {
  return client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
}

/** The symbol at a path of names (`shadow_mode/minimum_records`). */
function symbolAt(list: readonly DocumentSymbol[], path: string): DocumentSymbol {
  let found: DocumentSymbol | undefined;
  let level = list;
  for (const name of path.split('/')) {
    found = level.find((symbol) => symbol.name === name);
    assert.ok(found, `no symbol ${name} in ${path} (have: ${level.map((symbol) => symbol.name).join(', ')})`);
    level = found.children ?? [];
  }
  return found!;
}

/** Names, kinds and nesting: what must not depend on the format. */
function shape(list: readonly DocumentSymbol[]): unknown[] {
  return list.map((symbol) => [symbol.name, symbol.kind, shape(symbol.children ?? [])]);
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/** What editors require of an outline: a name, the selection inside the range, children inside their parent. */
function assertWellFormed(list: readonly DocumentSymbol[], parent?: DocumentSymbol): void {
  for (const symbol of list) {
    assert.ok(symbol.name.trim() !== '', 'a symbol has a name');
    assert.ok(contains(symbol.range, symbol.selectionRange), `${symbol.name}: selectionRange inside range`);
    if (parent) assert.ok(contains(parent.range, symbol.range), `${symbol.name}: inside ${parent.name}`);
    assertWellFormed(symbol.children ?? [], symbol);
  }
}

describe('document symbols', () => {
  test('a certification policy, JSON and YAML: keys as Object/Array/Property symbols, ranges from key to value end', async () => {
    const directory = workspace('certification/production-certification.json');
    await withClient(directory, async (client) => {
      const json = await open(client, directory, 'production-certification.json');
      const yaml = await open(client, directory, 'production-certification.yaml', asYaml('certification/production-certification.json'));
      const fromJson = (await symbols(client, json.uri))!;
      const fromYaml = (await symbols(client, yaml.uri))!;
      assertWellFormed(fromJson);
      assertWellFormed(fromYaml);
      assert.deepEqual(shape(fromYaml), shape(fromJson));
      assert.deepEqual(
        fromJson.map((symbol) => symbol.name),
        ['production_certification_version', 'policy_name', 'owner', 'shadow_mode', 'metrics', 'human_review', 'connector_evidence', 'audit_retention', 'approvals'],
      );

      const shadowMode = symbolAt(fromJson, 'shadow_mode');
      assert.equal(shadowMode.kind, SymbolKind.Object);
      assert.equal(textOf(json.document, shadowMode.selectionRange), '"shadow_mode"');
      assert.match(textOf(json.document, shadowMode.range), /^"shadow_mode": \{[^]*"order_status"\]\n {2}\}$/);
      const yamlShadowMode = symbolAt(fromYaml, 'shadow_mode');
      assert.equal(textOf(yaml.document, yamlShadowMode.selectionRange), 'shadow_mode');
      assert.match(textOf(yaml.document, yamlShadowMode.range), /^shadow_mode:\n[^]*- order_status$/);

      const minimumRecords = symbolAt(fromJson, 'shadow_mode/minimum_records');
      assert.equal(minimumRecords.kind, SymbolKind.Property);
      assert.equal(minimumRecords.detail, '100');
      assert.equal(textOf(json.document, minimumRecords.range), '"minimum_records": 100');

      const connectors = symbolAt(fromJson, 'connector_evidence/required_connectors');
      assert.equal(connectors.kind, SymbolKind.Array);
      assert.equal(connectors.children!.length, 10);
      const [first] = connectors.children!;
      assert.deepEqual([first.name, first.kind, first.detail], ['[0]', SymbolKind.String, 'crm_customer_account']);
      assert.equal(textOf(json.document, first.range), '"crm_customer_account"');
      assert.equal(symbolAt(fromYaml, 'connector_evidence/required_connectors/[0]').detail, 'crm_customer_account');
    });
  });

  test('list items are named by their identifying field: registry sources, deployment sources and owners, agent escalations, governance rules', async () => {
    const directory = workspace(
      'certification/evidence-registry.json',
      'certification/deployment.yaml',
      'agents/support-agent.policy.yaml',
      'governance/config/deployment_governance.yaml',
    );
    await withClient(directory, async (client) => {
      const registry = await open(client, directory, 'evidence-registry.json');
      const sources = symbolAt((await symbols(client, registry.uri))!, 'sources');
      assert.deepEqual(sources.children!.slice(0, 3).map((symbol) => [symbol.name, symbol.kind]), [
        ['crm-record', SymbolKind.Object],
        ['account-verification-status', SymbolKind.Object],
        ['order-system', SymbolKind.Object],
      ]);
      const crmRecord = sources.children![0];
      assert.equal(textOf(registry.document, crmRecord.selectionRange), '"crm-record"');
      assert.match(textOf(registry.document, crmRecord.range), /^\{\n\s+"source_id": "crm-record"[^]*"max_age_hours": 1\n\s+\}$/);
      assert.deepEqual(symbolAt(crmRecord.children!, 'allowed_trust_tiers').children!.map((symbol) => symbol.detail), ['verified']);

      const deployment = await open(client, directory, 'deployment.yaml');
      const outline = (await symbols(client, deployment.uri))!;
      assertWellFormed(outline);
      assert.deepEqual(symbolAt(outline, 'evidence_sources').children!.map((symbol) => symbol.name), ['crm-record', 'order-system', 'refund-policy', 'ticket-history']);
      const owners = symbolAt(outline, 'domain_owners');
      assert.deepEqual(owners.children!.map((symbol) => symbol.name), ['support_reply', 'refund_eligibility', 'order_status']);
      assert.equal(textOf(deployment.document, owners.children![0].range), 'adapter_id: support_reply\n    owner: Customer Support Operations\n    review_status: approved');
      assert.equal(textOf(deployment.document, symbolAt(outline, 'container/probes/liveness/path').range), 'path: /health');

      const agent = await open(client, directory, 'support-agent.policy.yaml');
      const agentOutline = (await symbols(client, agent.uri))!;
      assert.equal(symbolAt(agentOutline, 'agent').detail, 'northwind-support-agent');
      const escalate = symbolAt(agentOutline, 'permissions/escalate').children!;
      assert.deepEqual(escalate.map((symbol) => symbol.name), ['[0]', '[1]', '[2]', '[3]', 'create:refund']);
      assert.deepEqual(symbolAt(escalate, 'create:refund').children!.map((symbol) => symbol.name), ['action', 'condition']);

      const rules = await open(client, directory, 'deployment_governance.yaml');
      assert.deepEqual(((await symbols(client, rules.uri))!).map((symbol) => symbol.name), [
        'promote (strong_support_candidate)',
        'pilot (micro_pilot)',
        'demote (low_confidence)',
        'no_go (poor_raroi)',
      ]);
    });
  });

  test('YAML anchors, aliases and merge keys: each node is outlined where it is written', async () => {
    const directory = workspace();
    const text = [
      'agent: support-bot',
      'defaults: &defaults',
      '  level: full',
      '  retention: 400',
      'audit:',
      '  <<: *defaults',
      '  sensitive_fields: [password]',
      'archive: *defaults',
      'permissions:',
      '  allow: [read:ticket]',
      '',
    ].join('\n');
    await withClient(directory, async (client) => {
      const policy = await open(client, directory, 'agent.yaml', text);
      const outline = (await symbols(client, policy.uri))!;
      assertWellFormed(outline);
      assert.deepEqual(symbolAt(outline, 'defaults').children!.map((symbol) => symbol.name), ['level', 'retention']);
      assert.deepEqual(symbolAt(outline, 'audit').children!.map((symbol) => symbol.name), ['sensitive_fields']);
      const archive = symbolAt(outline, 'archive');
      assert.deepEqual(archive.children, []);
      assert.equal(textOf(policy.document, archive.range), 'archive');
    });
  });

  test('an audit log: its first 1,000 records, named by number and created_at', async () => {
    const directory = workspace();
    const record = (i: number) => JSON.stringify({ audit_record_version: '0.1', created_at: `2026-03-02T08:00:${String(i % 60).padStart(2, '0')}Z`, execution_mode: 'shadow', adapter: 'support_reply' });
    const lines = Array.from({ length: 1005 }, (_, i) => record(i));
    lines[1] = JSON.stringify({ audit_record_version: '0.1', execution_mode: 'shadow' });
    await withClient(directory, async (client) => {
      const log = await open(client, directory, 'shadow.jsonl', `${lines.join('\n')}\n`);
      const outline = (await symbols(client, log.uri))!;
      assert.equal(outline.length, 1000);
      assert.deepEqual(outline.slice(0, 3).map((symbol) => symbol.name), ['record 1 (2026-03-02T08:00:00Z)', 'record 2', 'record 3 (2026-03-02T08:00:02Z)']);
      assert.equal(outline[999].name, 'record 1000 (2026-03-02T08:00:39Z)');
      assert.deepEqual(outline[2].range, { start: { line: 2, character: 0 }, end: { line: 2, character: lines[2].length } });
      assert.equal(outline[2].children, undefined);
    });
  });

  test('a document of no kind has no ProdGate outline', async () => {
    const directory = workspace();
    await withClient(directory, async (client) => {
      const other = await open(client, directory, 'package.json', '{ "name": "not-an-artifact", "version": "1.0.0" }\n');
      assert.equal(await symbols(client, other.uri), null);
    });
  });
});

// ---------------------------------------------------------------- folding

async function foldingRanges(client: LspTestClient, uri: string): Promise<FoldingRange[] | null> {
  return client.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
}

/** The folds as `start-end` (and `start-end comment`), in order. */
function folds(ranges: readonly FoldingRange[]): string[] {
  return [...ranges]
    .sort((a, b) => a.startLine - b.startLine)
    .map((range) => `${range.startLine}-${range.endLine}${range.kind ? ` ${range.kind}` : ''}`);
}

function lineOf(document: TextDocument, pattern: RegExp): number {
  const line = document.getText().split('\n').findIndex((text) => pattern.test(text));
  assert.ok(line >= 0, `no line matches ${pattern}`);
  return line;
}

describe('folding ranges', () => {
  test('JSON: each multi-line object and list, from its key to the line before its closing bracket', async () => {
    const directory = workspace('certification/production-certification.json');
    await withClient(directory, async (client) => {
      const policy = await open(client, directory, 'production-certification.json');
      const ranges = folds((await foldingRanges(client, policy.uri))!);
      const shadowMode = lineOf(policy.document, /"shadow_mode": \{/);
      const metrics = lineOf(policy.document, /"metrics": \{/);
      const required = lineOf(policy.document, /"required": \[/);
      // The root, and shadow_mode whose required_adapter_ids list is on one line (no fold of its own).
      assert.deepEqual(ranges.slice(0, 3), [`0-${policy.document.lineCount - 3}`, `${shadowMode}-${shadowMode + 3}`, `${metrics}-${metrics + 20}`]);
      assert.ok(ranges.includes(`${required}-${required + 14}`));
      assert.equal(ranges.length, 10);
    });
  });

  test('YAML: each multi-line block from its key to its last line, and comment blocks', async () => {
    const directory = workspace('certification/observability.yaml');
    await withClient(directory, async (client) => {
      const observability = await open(client, directory, 'observability.yaml');
      const ranges = folds((await foldingRanges(client, observability.uri))!);
      assert.ok(ranges.includes('0-1 comment'), 'the heading comment');
      // The root has no key to fold from: folding its first key's line would hide the whole document.
      assert.ok(!ranges.some((range) => range.startsWith(`${lineOf(observability.document, /^policy_name:/)}-`)));
      const tracked = lineOf(observability.document, /^tracked_metrics:/);
      const lastMetric = lineOf(observability.document, /- shadow_would_action_count/);
      assert.ok(ranges.includes(`${tracked}-${lastMetric}`), `tracked_metrics ${tracked}-${lastMetric} in ${ranges.join(', ')}`);

      const policy = await open(client, directory, 'policy.yaml', asYaml('certification/production-certification.json'));
      const policyRanges = folds((await foldingRanges(client, policy.uri))!);
      const shadowMode = lineOf(policy.document, /^shadow_mode:/);
      assert.ok(policyRanges.includes(`${shadowMode}-${lineOf(policy.document, /- order_status/)}`));
      assert.ok(!policyRanges.some((range) => range.endsWith('comment')));
    });
  });

  test('YAML comment lines inside a block scalar are text; an alias is folded at its anchor only', async () => {
    const directory = workspace();
    const text = [
      'agent: support-bot', // 0
      '# what the agent may do', // 1
      '# (reviewed weekly)', // 2
      'permissions: &permissions', // 3
      '  allow:', // 4
      '    - read:ticket', // 5
      '    - read:order', // 6
      'fallback: *permissions', // 7
      'metadata:', // 8
      '  description: |', // 9
      '    # not a comment', // 10
      '    # still text', // 11
      '', // 12
    ].join('\n');
    await withClient(directory, async (client) => {
      const policy = await open(client, directory, 'agent.yaml', text);
      // Objects and lists fold, from their keys (the root of a YAML document has none); a block
      // scalar is a string, folded with the object around it.
      assert.deepEqual(folds((await foldingRanges(client, policy.uri))!), ['1-2 comment', '3-6', '4-6', '8-11']);
    });
  });

  test('JSONC: block comments and runs of line comments', async () => {
    const directory = workspace();
    const text = [
      '{', // 0
      '  // the agent', // 1
      '  // and its owner', // 2
      '  "agent": "support-bot", // trailing', // 3
      '  /* what it', // 4
      '     may do */', // 5
      '  "permissions": {', // 6
      '    "allow": ["read:ticket"]', // 7
      '  }', // 8
      '}', // 9
      '',
    ].join('\n');
    await withClient(directory, async (client) => {
      const policy = await open(client, directory, 'agent.jsonc', text);
      assert.deepEqual(folds((await foldingRanges(client, policy.uri))!), ['0-8', '1-2 comment', '4-5 comment', '6-7']);
    });
  });

  test('an audit log (one record per line) has nothing to fold; a document of no kind gets none from ProdGate', async () => {
    const directory = workspace('certification/shadow-audit.jsonl');
    await withClient(directory, async (client) => {
      const log = await open(client, directory, 'shadow-audit.jsonl');
      assert.deepEqual(await foldingRanges(client, log.uri), []);
      const other = await open(client, directory, 'settings.yaml', '# editor settings\n# for the team\nfont:\n  size: 12\n  family: mono\n');
      assert.equal(await foldingRanges(client, other.uri), null);
    });
  });
});

// ---------------------------------------------------------------- go to definition

async function definition(client: LspTestClient, opened: Opened, pattern: RegExp): Promise<Location[] | null> {
  const match = pattern.exec(opened.document.getText());
  assert.ok(match, `no ${pattern} in ${opened.uri}`);
  // Inside the matched value: past its first character.
  const position = opened.document.positionAt(match.index + match[0].length - 2);
  return client.connection.sendRequest('textDocument/definition', { textDocument: { uri: opened.uri }, position });
}

/** Each location as `file:line text of its first line`. */
function describeLocations(locations: readonly Location[]): string[] {
  return locations.map((location) => {
    const path = new URL(location.uri).pathname;
    const line = readFileSync(path, 'utf8').split('\n')[location.range.start.line];
    return `${basename(path)}:${location.range.start.line} ${line.slice(location.range.start.character).trim()}`;
  });
}

function rangeText(location: Location): string {
  const text = readFileSync(new URL(location.uri).pathname, 'utf8');
  return TextDocument.create(location.uri, 'plaintext', 0, text).getText(location.range);
}

describe('go to definition', () => {
  test('a required connector of a certification policy → the registry sources it requires (JSON and YAML registries)', async () => {
    const directory = workspace('certification/production-certification.json', 'certification/evidence-registry.json');
    writeFileSync(join(directory, 'registry-copy.yaml'), asYaml('certification/evidence-registry.json'));
    await withClient(directory, async (client) => {
      const policy = await open(client, directory, 'production-certification.json');
      const locations = (await definition(client, policy, /"crm_customer_account"/))!;
      assert.deepEqual(describeLocations(locations), [
        'evidence-registry.json:3 {',
        'evidence-registry.json:15 {',
        'registry-copy.yaml:2 source_id: crm-record',
        'registry-copy.yaml:10 source_id: account-verification-status',
      ]);
      assert.match(rangeText(locations[0]), /^\{\n\s+"source_id": "crm-record",[^]*\}$/);
      assert.match(rangeText(locations[2]), /^source_id: crm-record\n[^]*max_age_hours: 1$/);
    });
  });

  test('a connector manifest of external evidence (YAML) → its registry source; an unknown connector → none', async () => {
    const directory = workspace('certification/evidence-registry.json');
    const external = parse(readFileSync(join(EXAMPLES, 'certification/external-evidence.json'), 'utf8'));
    external.connector_manifests[1].connector_id = 'order_history';
    external.connector_manifests[2].connector_id = 'no_such_connector';
    await withClient(directory, async (client) => {
      const evidence = await open(client, directory, 'external-evidence.yaml', stringify(external));
      const locations = (await definition(client, evidence, /connector_id: order_history/))!;
      assert.deepEqual(describeLocations(locations), ['evidence-registry.json:27 {']);
      assert.match(rangeText(locations[0]), /"source_id": "order-system"/);
      assert.deepEqual(await definition(client, evidence, /connector_id: no_such_connector/), []);
      assert.equal(await definition(client, evidence, /owner: Customer Support Operations/), null);
    });
  });

  test('retention_policy_ref → the manifest\'s audit_retention_policy, and the artifacts named by the reference', async () => {
    const directory = workspace('certification/external-evidence.json', 'certification/governance.yaml', 'certification/observability.yaml');
    const governance = readFileSync(join(directory, 'governance.yaml'), 'utf8');
    // Found by policy_name, and by file name (case aside); the copy of the governance policy is not.
    writeFileSync(join(directory, 'retention-policy.yaml'), governance.replace(/^policy_name: .*$/m, 'policy_name: NW-SEC-AUDIT-RETENTION-2026'));
    cpSync(join(directory, 'observability.yaml'), join(directory, 'nw-sec-audit-retention-2026.yaml'));
    await withClient(directory, async (client) => {
      for (const [file, text, sectionText] of [
        ['external-evidence.json', undefined, /^"audit_retention_policy": \{\n[^]*"immutable": true\n {2}\}$/],
        ['external-evidence.yaml', asYaml('certification/external-evidence.json'), /^audit_retention_policy:\n[^]*\n {2}immutable: true$/],
      ] as const) {
        const evidence = await open(client, directory, file, text);
        const locations = (await definition(client, evidence, /NW-SEC-AUDIT-RETENTION-2026/))!;
        const section = locations.find((location) => location.uri === evidence.uri)!;
        assert.match(rangeText(section), sectionText);
        assert.deepEqual(
          locations.filter((location) => location !== section).map((location) => [basename(new URL(location.uri).pathname), location.range]).sort(),
          [
            ['nw-sec-audit-retention-2026.yaml', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }],
            ['retention-policy.yaml', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }],
          ],
        );
      }
    });
  });

  test('a bundle path → the file, relative to the bundle (JSON and YAML bundles); a missing file → none', async () => {
    const directory = workspace('certification/production-certification.json', 'certification/deployment.yaml');
    await withClient(directory, async (client) => {
      const yamlBundle = await open(
        client,
        directory,
        'prodgate.bundle.yaml',
        'certification_policy: production-certification.json\ndeployment_manifest: ./deployment.yaml\nobservability_policy: missing.yaml\n',
      );
      const jsonBundle = await open(client, directory, 'prodgate.bundle.json', '{ "certification_policy": "production-certification.json" }\n');
      const start = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      assert.deepEqual(await definition(client, yamlBundle, /deployment\.yaml/), [{ uri: pathToFileURL(join(directory, 'deployment.yaml')).href, range: start }]);
      const policy = { uri: pathToFileURL(join(directory, 'production-certification.json')).href, range: start };
      assert.deepEqual(await definition(client, yamlBundle, /production-certification\.json/), [policy]);
      assert.deepEqual(await definition(client, jsonBundle, /"production-certification\.json"/), [policy]);
      assert.deepEqual(await definition(client, yamlBundle, /missing\.yaml/), []);
    });
  });
});
