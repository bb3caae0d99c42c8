// Hostile documents over LSP: each gets a clear diagnostic (or none, when it is not an artifact),
// in bounded time; every feature answers on it; and the server is alive and correct afterwards.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspTestClient } from '../support/lsp-client.ts';

const CLEAN_EVIDENCE_HEADER = '"external_evidence_version": "0.1", "evidence_scope": "template"';

function aliasBomb(): string {
  let text = 'production_certification_version: "0.1"\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < 10; i++) text += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  return text;
}

interface HostileCase {
  name: string;
  languageId: string;
  path: string;
  text: () => string;
  /** Codes that must be among the diagnostics (empty: there must be none). */
  expect: string[];
}

const CASES: HostileCase[] = [
  { name: 'malformed JSON', languageId: 'json', path: 'bad.json', text: () => `{ ${CLEAN_EVIDENCE_HEADER}, "connector_manifests": [}`, expect: ['syntax-error', 'evidence-template-scope'] },
  { name: 'malformed YAML', languageId: 'yaml', path: 'bad.yaml', text: () => 'agent: x\npermissions:\n  allow: [a\n  - b\n: :\n', expect: ['syntax-error'] },
  { name: 'a YAML alias bomb', languageId: 'yaml', path: 'bomb.yaml', text: aliasBomb, expect: ['yaml-alias-limit'] },
  {
    name: 'a 50 MB file',
    languageId: 'json',
    path: 'huge.json',
    text: () => `{"production_certification_version": "0.1", "padding": "${'x'.repeat(50 * 1024 * 1024)}"}`,
    expect: ['file-too-large'],
  },
  { name: '10,000-deep JSON nesting', languageId: 'json', path: 'deep.json', text: () => `{"external_evidence_version": "0.1", "evidence_scope": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`, expect: ['nesting-too-deep'] },
  {
    name: '10,000-deep YAML nesting',
    languageId: 'yaml',
    path: 'deep.yaml',
    text: () => `production_certification_version: "0.1"\nx: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
    expect: ['nesting-too-deep'],
  },
  { name: 'NUL bytes', languageId: 'yaml', path: 'nul.yaml', text: () => 'agent: a\u0000b\npermissions:\n  allow: [read:x]\n  deny: [delete:*]\n', expect: ['invalid-encoding'] },
  {
    name: 'invalid UTF-8 (decoded as U+FFFD)',
    languageId: 'json',
    path: 'latin1.json',
    text: () => `{ ${CLEAN_EVIDENCE_HEADER}, "owner": "Caf\uFFFD" }`,
    expect: ['invalid-encoding', 'evidence-template-scope'],
  },
  {
    name: '__proto__ and constructor keys',
    languageId: 'json',
    path: 'proto.json',
    text: () => `{ "__proto__": { "polluted": true }, "constructor": { "prototype": { "polluted": true } }, ${CLEAN_EVIDENCE_HEADER} }`,
    expect: ['evidence-template-scope'],
  },
  { name: 'a kind hidden under __proto__', languageId: 'json', path: 'proto-kind.json', text: () => '{ "__proto__": { "production_certification_version": "0.1" } }', expect: [] },
  { name: 'an empty file', languageId: 'yaml', path: 'empty.yaml', text: () => '', expect: [] },
];

describe('hostile input over LSP', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
  });

  for (const hostile of CASES) {
    test(`${hostile.name}: ${hostile.expect.length > 0 ? hostile.expect.join(', ') : 'no diagnostics'}, and the server lives on`, async () => {
      const uri = client.uri(`hostile/${hostile.path}`);
      const text = hostile.text();
      await client.open(uri, hostile.languageId, text);
      const codes = (await client.diagnostics(uri, 1, 20_000)).map((diagnostic) => diagnostic.code);
      if (hostile.expect.length === 0) assert.deepEqual(codes, []);
      for (const code of hostile.expect) assert.ok(codes.includes(code), `${code} in ${JSON.stringify(codes)}`);
      await assertFeaturesAnswer(client, uri, text);
      await client.close(uri);
      await assertAliveAndCorrect(client, hostile.path);
    });
  }
});

/** Hover, completion, go to definition and code actions at the start, middle and end, and the whole-document requests, answer without an error. */
async function assertFeaturesAnswer(client: LspTestClient, uri: string, text: string): Promise<void> {
  const document = TextDocument.create(uri, 'plaintext', 1, text);
  const textDocument = { uri };
  for (const offset of [0, Math.floor(text.length / 2), text.length]) {
    const position = document.positionAt(offset);
    for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition']) {
      await client.connection.sendRequest(method, { textDocument, position });
    }
    await client.connection.sendRequest('textDocument/codeAction', { textDocument, range: { start: position, end: position }, context: { diagnostics: [] } });
  }
  for (const method of ['textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/codeLens']) {
    await client.connection.sendRequest(method, { textDocument });
  }
}

/** A plain artifact opened after the hostile one still gets exactly its diagnostics. */
async function assertAliveAndCorrect(client: LspTestClient, tag: string): Promise<void> {
  assert.equal(client.exited, false, 'the server is running');
  const uri = client.uri(`hostile/check-${tag}.yaml`);
  await client.open(uri, 'yaml', 'agent: probe\npermissions:\n  allow: ["*"]\n  deny: [delete:*]\n  escalate: [refund_requests]\n');
  const diagnostics = await client.diagnostics(uri, 1, 10_000);
  assert.deepEqual(
    diagnostics.map((diagnostic) => diagnostic.code),
    ['policy-wildcard-allow'],
  );
  await client.close(uri);
}
