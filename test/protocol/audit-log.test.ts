// OpenClaw audit logs over LSP: the hash chain is verified as the log is opened and edited, and the
// first line that breaks it is one audit-chain-broken error spanning exactly that line.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspTestClient, messageOf, waitFor } from '../support/lsp-client.ts';

/** A valid five-entry chain, as OpenClaw's AuditLogger writes it. */
const LOG = readFileSync(resolve(__dirname, '../fixtures/kinds/agent-audit-log.jsonl'), 'utf8');
const LINES = LOG.split('\n').slice(0, -1);

let directory: string;
let client: LspTestClient;
let uri: string;

before(async () => {
  directory = mkdtempSync(join(tmpdir(), 'prodgate-audit-log-'));
  uri = pathToFileURL(join(directory, 'logs', 'audit-2026-11-20.jsonl')).href;
  client = await LspTestClient.start({ workspaceFolder: directory });
});
after(async () => {
  await client.stop();
  rmSync(directory, { recursive: true, force: true });
});

const diagnosticsWhen = (match: (diagnostics: Diagnostic[]) => boolean) => client.diagnosticsWhen(uri, match);

const logOf = (lines: readonly string[]) => `${lines.join('\n')}\n`;
/** The range of a whole line (0-based), without its line break. */
const lineRange = (lines: readonly string[], line: number) => ({ start: { line, character: 0 }, end: { line, character: lines[line]!.length } });
const chainErrors = (diagnostics: Diagnostic[]) => diagnostics.filter((item) => item.code === 'audit-chain-broken');

async function setLog(lines: readonly string[]): Promise<void> {
  await client.change(uri, [{ text: logOf(lines) }]);
}

describe('agent audit log chain verification as typed', () => {
  test('a valid log has no diagnostics', async () => {
    assert.equal(LINES.length, 5);
    await client.open(uri, 'jsonl', LOG);
    assert.deepEqual(await diagnosticsWhen(() => true), []);
  });

  test('a field covered by the hash, tampered on line 3, is one error spanning exactly line 3', async () => {
    // An in-place edit of line 3, as an editor sends it: "allowed":false → "allowed":true.
    const column = LINES[2]!.indexOf('"allowed":false') + '"allowed":'.length;
    await client.change(uri, [{ range: { start: { line: 2, character: column }, end: { line: 2, character: column + 'false'.length } }, text: 'true' }]);
    const tampered = [...LINES];
    tampered[2] = tampered[2]!.replace('"allowed":false', '"allowed":true');
    const diagnostics = await diagnosticsWhen((items) => items.length > 0);
    assert.equal(diagnostics.length, 1);
    const [broken] = diagnostics;
    assert.equal(broken.code, 'audit-chain-broken');
    assert.equal(broken.severity, 1);
    assert.equal(broken.source, 'prodgate');
    assert.deepEqual(broken.range, lineRange(tampered, 2));
    assert.match(messageOf(broken), /^Entry hash mismatch at line 3: hash is "fbedfc04[0-9a-f]{56}", the entry hashes to "[0-9a-f]{64}"\. The 2 entries before it verify; nothing from here on can be trusted\.$/);
  });

  test('undoing the edit clears the diagnostic', async () => {
    await setLog(LINES);
    assert.deepEqual(await diagnosticsWhen((items) => items.length === 0), []);
  });

  test('a field the hash does not cover (context) may change without breaking the chain', async () => {
    const edited = [...LINES];
    edited[2] = edited[2]!.replace('"amount":940', '"amount":94000');
    assert.notEqual(edited[2], LINES[2]);
    await setLog(edited);
    assert.deepEqual(await diagnosticsWhen(() => true), []);
  });

  test('swapping lines 2 and 3: the chain breaks at line 2', async () => {
    const swapped = [LINES[0]!, LINES[2]!, LINES[1]!, LINES[3]!, LINES[4]!];
    await setLog(swapped);
    const diagnostics = await diagnosticsWhen((items) => items.length > 0);
    assert.deepEqual(chainErrors(diagnostics).map((item) => item.range), [lineRange(swapped, 1)]);
    assert.equal(diagnostics.length, 1);
    assert.match(messageOf(diagnostics[0]), /^Hash chain broken at line 2: previousHash is "5de86345[0-9a-f]{56}", expected "006bd7da[0-9a-f]{56}"\./);
  });

  test('moving line 4 to the end: the chain breaks at the first moved line (line 4, now entry 5)', async () => {
    const moved = [LINES[0]!, LINES[1]!, LINES[2]!, LINES[4]!, LINES[3]!];
    await setLog(moved);
    const diagnostics = await diagnosticsWhen((items) => items.length > 0 && items[0].range.start.line === 3);
    assert.deepEqual(diagnostics.map((item) => [item.code, item.range]), [['audit-chain-broken', lineRange(moved, 3)]]);
    assert.match(messageOf(diagnostics[0]), /^Hash chain broken at line 4: .*The 3 entries before it verify;/);
  });

  test('removing an entry breaks the chain at the line after the gap', async () => {
    const removed = [LINES[0]!, LINES[1]!, LINES[3]!, LINES[4]!];
    await setLog(removed);
    const diagnostics = await diagnosticsWhen((items) => items.length > 0 && items[0].range.start.line === 2);
    assert.deepEqual(diagnostics.map((item) => [item.code, item.range]), [['audit-chain-broken', lineRange(removed, 2)]]);
  });

  test('a garbage line is reported at that line; fixing it clears the diagnostic', async () => {
    const garbage = [...LINES];
    garbage[3] = 'not json at all';
    await setLog(garbage);
    const diagnostics = await diagnosticsWhen((items) => chainErrors(items).length > 0);
    const [broken, ...others] = chainErrors(diagnostics);
    assert.deepEqual(others, []);
    assert.deepEqual(broken.range, lineRange(garbage, 3));
    assert.match(messageOf(broken), /^Invalid JSON at line 4: .*The 3 entries before it verify; nothing from here on can be trusted\.$/);
    // The parser's own syntax errors sit on that line (or where the value it expected is missing) too.
    assert.ok(diagnostics.filter((item) => item.code === 'syntax-error').every((item) => item.range.start.line >= 3));

    await setLog(LINES);
    assert.deepEqual(await diagnosticsWhen((items) => items.length === 0), []);
  });

  test('blank lines are skipped, and line numbers stay the file\'s own', async () => {
    const spaced = [LINES[0]!, '', LINES[1]!, '', LINES[2]!.replace('"allowed":false', '"allowed":true'), LINES[3]!, LINES[4]!];
    await setLog(spaced);
    const diagnostics = await diagnosticsWhen((items) => items.length > 0);
    assert.deepEqual(diagnostics.map((item) => [item.code, item.range]), [['audit-chain-broken', lineRange(spaced, 4)]]);
    assert.match(messageOf(diagnostics[0]), /^Entry hash mismatch at line 5: /);
    await setLog(LINES);
    await diagnosticsWhen((items) => items.length === 0);
  });

  test('closing the log clears its diagnostics, and the server still answers', async () => {
    const broken = [...LINES];
    broken[4] = broken[4]!.replace('delete:customer_profile', 'read:customer_profile');
    await setLog(broken);
    await diagnosticsWhen((items) => items.length === 1);
    const count = client.publishes(uri).length;
    await client.close(uri);
    await waitFor(() => client.publishes(uri).length > count && client.publishes(uri).at(-1)!.diagnostics.length === 0);
    await client.open(uri, 'jsonl', LOG);
    assert.deepEqual(await diagnosticsWhen(() => true), []);
    assert.equal(client.exited, false);
  });
});
