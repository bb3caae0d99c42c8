// The built server over stdio: what an editor sees for each headline diagnostic and for edits.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient, messageOf, waitFor } from '../support/lsp-client.ts';

const EXTERNAL_EVIDENCE_TEMPLATE = `{
  "external_evidence_version": "0.1",
  "evidence_scope": "template",
  "connector_manifests": []
}
`;

const WILDCARD_POLICY = `agent: support-bot
permissions:
  allow:
    - "*"
    - read:*
    - read:ticket
  deny:
    - delete:*
`;

const OBSERVABILITY_JSON = `{
  "policy_name": "Support observability",
  "dashboards": [],
  "tracked_metrics": ["latency", "gate_decision_count"],
  "alerts": []
}
`;

function byCode(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === code);
}


function textAt(text: string, diagnostic: Diagnostic): string {
  const lines = text.split('\n');
  const { start, end } = diagnostic.range;
  assert.equal(start.line, end.line, 'single-line range');
  return lines[start.line].slice(start.character, end.character);
}

describe('diagnostics over LSP', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
  });

  test('evidence-template-scope is an error on the evidence_scope value, and clears when fixed', async () => {
    const uri = client.uri('evidence/external.json');
    await client.open(uri, 'json', EXTERNAL_EVIDENCE_TEMPLATE);
    const [scope] = byCode(await client.diagnostics(uri), 'evidence-template-scope');
    assert.ok(scope, 'evidence-template-scope published');
    assert.equal(scope.severity, 1);
    assert.equal(scope.source, 'prodgate');
    assert.equal(scope.range.start.line, 2);
    assert.equal(textAt(EXTERNAL_EVIDENCE_TEMPLATE, scope), '"template"');

    // An incremental edit replacing just the value.
    const version = await client.change(uri, [
      { range: { start: { line: 2, character: 20 }, end: { line: 2, character: 30 } }, text: '"external_deployment"' },
    ]);
    const after = await client.diagnostics(uri, version);
    assert.deepEqual(byCode(after, 'evidence-template-scope'), []);
  });

  test('policy-wildcard-allow: `*` is an error, `read:*` a warning, each on its entry', async () => {
    const uri = client.uri('agents/support.yaml');
    await client.open(uri, 'yaml', WILDCARD_POLICY);
    const wildcards = byCode(await client.diagnostics(uri), 'policy-wildcard-allow');
    assert.equal(wildcards.length, 2);
    const [star, verb] = wildcards;
    assert.equal(star.severity, 1);
    assert.equal(star.range.start.line, 3);
    assert.equal(textAt(WILDCARD_POLICY, star), '"*"');
    assert.equal(verb.severity, 2);
    assert.equal(verb.range.start.line, 4);
    assert.equal(textAt(WILDCARD_POLICY, verb), 'read:*');
  });

  test('metrics-missing names each missing metric, on the list', async () => {
    const uri = client.uri('observability.json');
    await client.open(uri, 'json', OBSERVABILITY_JSON);
    const [missing] = byCode(await client.diagnostics(uri), 'metrics-missing');
    assert.ok(missing);
    assert.equal(missing.severity, 1);
    assert.equal(missing.range.start.line, 3);
    assert.equal(textAt(OBSERVABILITY_JSON, missing), '["latency", "gate_decision_count"]');
    for (const metric of ['aix_decision_count', 'refusal_defer_rate', 'violation_code_count']) {
      assert.match(messageOf(missing), new RegExp(metric));
    }
    assert.doesNotMatch(messageOf(missing), /gate_decision_count/);
  });

  test('a missing key is reported on the enclosing key', async () => {
    const text = 'production_certification_version: "0.1"\npolicy_name: Cert\nowner: Team\nshadow_mode:\n  minimum_records: 100\n';
    const uri = client.uri('cert-missing.yaml');
    await client.open(uri, 'yaml', text);
    const diagnostics = await client.diagnostics(uri);
    const duration = diagnostics.find((d) => d.code === 'key-missing' && /minimum_duration_days/.test(messageOf(d)));
    assert.ok(duration, 'minimum_duration_days reported missing');
    assert.equal(textAt(text, duration), 'shadow_mode');
  });

  test('syntax errors are placed exactly, and what parses is still checked', async () => {
    const text = '{\n  "external_evidence_version": "0.1",\n  "evidence_scope": "template",\n  "connector_manifests": [,\n}\n';
    const uri = client.uri('broken.json');
    await client.open(uri, 'json', text);
    const diagnostics = await client.diagnostics(uri);
    const syntax = byCode(diagnostics, 'syntax-error');
    assert.ok(syntax.length > 0);
    assert.equal(syntax[0].range.start.line, 3);
    assert.ok(byCode(diagnostics, 'evidence-template-scope').length === 1, 'the scope is still checked');
  });

  test('YAML syntax errors are placed exactly', async () => {
    const text = 'agent: a\npermissions:\n  allow: [read:x, "*"\n  deny: []\n';
    const uri = client.uri('broken.yaml');
    await client.open(uri, 'yaml', text);
    const syntax = byCode(await client.diagnostics(uri), 'syntax-error');
    assert.ok(syntax.length > 0);
    assert.ok(syntax.every((d) => d.range.start.line >= 2 && d.range.start.line <= 4), JSON.stringify(syntax.map((d) => d.range)));
  });

  test('a file of no kind gets no diagnostics, even when broken', async () => {
    const uri = client.uri('package.json');
    await client.open(uri, 'json', '{ "name": "x", "version": ');
    assert.deepEqual(await client.diagnostics(uri), []);
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = client.uri('closing.json');
    await client.open(uri, 'json', EXTERNAL_EVIDENCE_TEMPLATE);
    assert.ok((await client.diagnostics(uri)).length > 0);
    const before = client.publishes(uri).length;
    await client.close(uri);
    await waitFor(() => client.publishes(uri).length > before);
    assert.deepEqual(client.publishes(uri).at(-1)!.diagnostics, []);
  });

  test('YAML typed key by key (re-parsing only the edited entry) ends with the diagnostics of the same text opened afresh', async () => {
    const uri = client.uri('typed.observability.yaml');
    const text = [
      'policy_name: Support observability',
      'dashboards: []',
      'tracked_metrics: [latency]',
      'alerts:',
      '  - id: a1',
      '    metric: latency',
      '    threshold: 1',
      '  - id: a2',
      '    metric: latency',
      '    threshold: 2',
      'on_call:',
      '  primary: Ops',
      '',
    ].join('\n');
    await client.open(uri, 'yaml', text);
    await client.diagnostics(uri);
    // Break a threshold's type, add a duplicate key, then type a new alert a character at a time.
    let current = text;
    const type = async (offset: number, inserted: string) => {
      for (const [index, character] of [...inserted].entries()) {
        const at = offset + index;
        const lines = current.slice(0, at).split('\n');
        const position = { line: lines.length - 1, character: lines.at(-1)!.length };
        current = current.slice(0, at) + character + current.slice(at);
        await client.change(uri, [{ range: { start: position, end: position }, text: character }]);
      }
    };
    await type(current.indexOf('threshold: 1') + 'threshold: '.length, 'x');
    await type(current.indexOf('    threshold: 2'), '    metric: latency\n');
    await type(current.indexOf('on_call:'), '  - id: a3\n    metric: latency\n    threshold: 3\n');
    const typed = await client.diagnostics(uri);
    const fresh = client.uri('fresh.observability.yaml');
    await client.open(fresh, 'yaml', current);
    const opened = await client.diagnostics(fresh);
    const shape = (diagnostics: Diagnostic[]) => diagnostics.map(({ range, code, message, severity }) => ({ range, code, message, severity }));
    assert.deepEqual(shape(typed), shape(opened));
    for (const code of ['duplicate-key', 'type-mismatch']) assert.ok(typed.some((diagnostic) => diagnostic.code === code), code);
  });

  test('a burst of edits publishes for the last version only', async () => {
    const uri = client.uri('burst.yaml');
    await client.open(uri, 'yaml', WILDCARD_POLICY);
    await client.diagnostics(uri);
    const first = client.publishes(uri).length;
    const versions = await Promise.all(
      Array.from({ length: 50 }, (_, i) => client.change(uri, [{ text: `${WILDCARD_POLICY}# edit ${i}\n` }])),
    );
    const version = Math.max(...versions);
    await client.diagnostics(uri, version);
    const published = client.publishes(uri).slice(first);
    assert.ok(published.length <= 25, `stale validations were dropped (${published.length} publishes for 50 edits)`);
    assert.equal(published.at(-1)!.version, version);
  });
});

describe('settings', () => {
  test('prodgate.files assigns a kind by glob; validate.enable turns diagnostics off; changes apply live', async () => {
    const client = await LspTestClient.start({
      settings: { files: { 'ops/*.json': 'external-evidence' }, validate: { enable: true }, maxFileSizeMB: 5 },
    });
    try {
      const uri = client.uri('ops/evidence.json');
      await client.open(uri, 'json', '{ "evidence_scope": "template" }');
      const diagnostics = await client.diagnostics(uri);
      assert.equal(byCode(diagnostics, 'evidence-template-scope').length, 1);
      assert.ok(byCode(diagnostics, 'key-missing').length > 0, 'the assigned kind requires its keys');

      await client.changeSettings({ files: {}, validate: { enable: false } });
      await waitFor(() => client.publishes(uri).at(-1)!.diagnostics.length === 0);
    } finally {
      await client.stop();
    }
  });

  test('files over prodgate.maxFileSizeMB get one information diagnostic', async () => {
    const client = await LspTestClient.start({ settings: { maxFileSizeMB: 0.001 } });
    try {
      const uri = client.uri('big.json');
      const text = JSON.stringify({ production_certification_version: '0.1', padding: 'x'.repeat(4000) });
      await client.open(uri, 'json', text);
      const diagnostics = await client.diagnostics(uri);
      assert.equal(diagnostics.length, 1);
      assert.equal(diagnostics[0].code, 'file-too-large');
      assert.equal(diagnostics[0].severity, 3);
    } finally {
      await client.stop();
    }
  });
});

