// Agent policies across files, over LSP: policy tests run as typed (diagnostics and CodeLens),
// duplicate agent ids, and the requests behind ProdGate: Check Agent Action.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CodeLens, Diagnostic } from 'vscode-languageserver-protocol/node';
import type { AgentSummary, CheckActionResult, PolicyTestsResult, VerifyAuditResult } from '../../server/src/lsp/protocol.ts';
import { chainedLines } from '../support/audit-chain.ts';
import { LspTestClient, messageOf, waitFor } from '../support/lsp-client.ts';

const EXAMPLES = resolve(__dirname, '../../examples/agents');
const TESTS_FILE = 'agents.policy-tests.yaml';

let directory: string;
let client: LspTestClient;
const uriOf = (name: string) => pathToFileURL(join(directory, name)).href;
const textOf = (name: string) => readFileSync(join(directory, name), 'utf8');

before(async () => {
  directory = mkdtempSync(join(tmpdir(), 'prodgate-agents-'));
  cpSync(EXAMPLES, directory, { recursive: true });
  client = await LspTestClient.start({ workspaceFolder: directory });
});
after(async () => {
  await client.stop();
  rmSync(directory, { recursive: true, force: true });
});

const diagnosticsWhen = (uri: string, match: (diagnostics: Diagnostic[]) => boolean) => client.diagnosticsWhen(uri, match);

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((item) => item.code);
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length - 1;
const lenses = (uri: string) => client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as Promise<CodeLens[]>;

describe('policy tests as typed', () => {
  test('the example\'s seven expectations pass: no diagnostics, and the lens says so', async () => {
    const uri = uriOf(TESTS_FILE);
    await client.open(uri, 'yaml', textOf(TESTS_FILE));
    // The index is built in the background: the tests pass once it knows both policies.
    await diagnosticsWhen(uri, (diagnostics) => diagnostics.length === 0);
    await waitFor(async () => (await lenses(uri))[0]?.command?.title === '$(beaker) Run policy tests — 7 passed');
    const all = await lenses(uri);
    assert.equal(all.length, 8);
    assert.deepEqual(all.slice(1).map((lens) => lens.command?.title), ['$(pass) deny', '$(pass) allow', '$(pass) escalate', '$(pass) deny', '$(pass) deny', '$(pass) escalate', '$(pass) deny']);
    assert.ok(all.every((lens) => lens.command?.command === 'prodgate.runPolicyTests'));
  });

  test('a wrong expectation is policy-test-failed on its expect line, naming the rule that decided', async () => {
    const uri = uriOf(TESTS_FILE);
    const text = textOf(TESTS_FILE).replace('    action: delete:customer_profile\n    expect: deny', '    action: delete:customer_profile\n    expect: allow');
    await client.change(uri, [{ text }]);
    const diagnostics = await diagnosticsWhen(uri, (items) => items.length > 0);
    assert.deepEqual(codes(diagnostics), ['policy-test-failed']);
    const [failed] = diagnostics;
    assert.equal(failed.severity, 1);
    assert.equal(failed.range.start.line, lineOf(text, 'expect: allow'));
    assert.equal(text.split('\n')[failed.range.start.line].slice(failed.range.start.character, failed.range.end.character), 'allow');
    assert.match(messageOf(failed), /^Expected allow, but the policy decides deny for "delete:customer_profile": Action explicitly denied by policy rule: delete:\* \(support-agent\.policy\.yaml, permissions\.deny\[0\]\)\.$/);
    const all = await lenses(uri);
    assert.equal(all[0].command?.title, '$(beaker) Run policy tests — 1 of 7 failed');
    assert.equal(all[1].command?.title, '$(error) expected allow, got deny');

    const run = (await client.connection.sendRequest('prodgate/policyTests', { uri })) as PolicyTestsResult;
    assert.equal(run.results.length, 7);
    const first = run.results[0];
    assert.deepEqual([first.name, first.passed, first.expect, first.decision], ['Wildcard patterns verified: delete:* blocks all deletes', false, 'allow', 'deny']);
    assert.equal(first.link.uri, uri);
    assert.equal(first.link.range.start.line, lineOf(text, '  - name: "Wildcard'));
    assert.equal(first.rule?.uri, uriOf('support-agent.policy.yaml'));
    assert.equal(first.rule?.range.start.line, lineOf(textOf('support-agent.policy.yaml'), '- delete:*'));
    await client.change(uri, [{ text: textOf(TESTS_FILE) }]);
    await diagnosticsWhen(uri, (items) => items.length === 0);
  });

  test('an unknown agent is a warning on the agent; the expectation is judged by the default deny', async () => {
    const uri = uriOf(TESTS_FILE);
    const text = `${textOf(TESTS_FILE)}  - agent: nobody\n    action: read:ticket\n    expect: allow\n`;
    await client.change(uri, [{ text }]);
    const diagnostics = await diagnosticsWhen(uri, (items) => items.length === 2);
    assert.deepEqual(codes(diagnostics), ['policy-test-agent-unknown', 'policy-test-failed']);
    assert.match(messageOf(diagnostics[0]), /No agent policy governs "nobody"/);
    assert.match(messageOf(diagnostics[1]), /No policy found for agent: nobody/);
    await client.change(uri, [{ text: textOf(TESTS_FILE) }]);
    await diagnosticsWhen(uri, (items) => items.length === 0);
  });

  test('editing a policy re-runs the open test file', async () => {
    const testsUri = uriOf(TESTS_FILE);
    const policyUri = uriOf('support-agent.policy.yaml');
    const policy = textOf('support-agent.policy.yaml');
    await client.open(policyUri, 'yaml', policy);
    await client.change(policyUri, [{ text: policy.replace('    - create:ticket_response\n', '') }]);
    const diagnostics = await diagnosticsWhen(testsUri, (items) => items.length > 0);
    assert.deepEqual(codes(diagnostics), ['policy-test-failed']);
    assert.equal(messageOf(diagnostics[0]), 'Expected allow, but the policy decides deny for "create:ticket_response": Action not explicitly allowed (default deny).');
    await client.change(policyUri, [{ text: policy }]);
    await client.close(policyUri);
  });

  test('a policies list scopes the tests to those files', async () => {
    const uri = uriOf(TESTS_FILE);
    await client.change(uri, [{ text: `policies: [billing-agent.policy.json]\n${textOf(TESTS_FILE)}` }]);
    const diagnostics = await diagnosticsWhen(uri, (items) => items.length > 0);
    // The support agent's four tests now have no policy: a warning each, and its allow and escalate fail.
    assert.deepEqual(codes(diagnostics), ['policy-test-agent-unknown', 'policy-test-agent-unknown', 'policy-test-failed', 'policy-test-agent-unknown', 'policy-test-failed', 'policy-test-agent-unknown']);
    await client.change(uri, [{ text: textOf(TESTS_FILE) }]);
    await diagnosticsWhen(uri, (items) => items.length === 0);
  });
});

describe('duplicate agents', () => {
  test('a second policy for the same agent is policy-agent-duplicate on both, naming the other file', async () => {
    const copy = 'support-agent-copy.policy.yaml';
    writeFileSync(join(directory, copy), textOf('support-agent.policy.yaml'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(copy), type: 1 }] });
    const uri = uriOf('support-agent.policy.yaml');
    const text = textOf('support-agent.policy.yaml');
    await client.open(uri, 'yaml', text);
    const diagnostics = await diagnosticsWhen(uri, (items) => items.some((item) => item.code === 'policy-agent-duplicate'));
    const duplicate = diagnostics.find((item) => item.code === 'policy-agent-duplicate')!;
    assert.equal(duplicate.severity, 1);
    assert.equal(duplicate.range.start.line, lineOf(text, 'agent: northwind-support-agent'));
    assert.match(messageOf(duplicate), /^Agent "northwind-support-agent" is also governed by support-agent-copy\.policy\.yaml\./);

    const agents = (await client.connection.sendRequest('prodgate/agents')) as AgentSummary[];
    assert.deepEqual(agents.map((agent) => [agent.agent, agent.duplicates.length]), [['northwind-billing-agent', 0], ['northwind-support-agent', 1]]);

    // Renaming the agent in the editor clears it.
    await client.change(uri, [{ text: text.replace('agent: northwind-support-agent', 'agent: northwind-support-agent-v2') }]);
    await diagnosticsWhen(uri, (items) => !items.some((item) => item.code === 'policy-agent-duplicate'));
    await client.change(uri, [{ text }]);
    await client.close(uri);
    rmSync(join(directory, copy));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(copy), type: 3 }] });
    await waitFor(async () => {
      const now = (await client.connection.sendRequest('prodgate/agents')) as AgentSummary[];
      return JSON.stringify(now.map((agent) => [agent.agent, agent.duplicates.length])) === '[["northwind-billing-agent",0],["northwind-support-agent",0]]';
    });
  });
});

describe('prodgate/checkAction', () => {
  const check = (params: Record<string, unknown>) => client.connection.sendRequest('prodgate/checkAction', params) as Promise<CheckActionResult>;

  test('each decision with the rule that decided and its place', async () => {
    const policy = textOf('support-agent.policy.yaml');
    const denied = await check({ agent: 'northwind-support-agent', action: 'delete:ticket' });
    assert.equal(denied.decision, 'deny');
    assert.equal(denied.reason, 'Action explicitly denied by policy rule: delete:*');
    assert.deepEqual([denied.rule?.list, denied.rule?.index, denied.rule?.entry], ['deny', 0, 'delete:*']);
    assert.equal(denied.rule?.link.uri, uriOf('support-agent.policy.yaml'));
    assert.equal(denied.rule?.link.range.start.line, lineOf(policy, '- delete:*'));
    assert.equal(denied.policy?.range.start.line, lineOf(policy, 'agent: northwind-support-agent'));

    const allowed = await check({ agent: 'northwind-support-agent', action: 'read:ticket' });
    assert.deepEqual([allowed.decision, allowed.rule?.list, allowed.rule?.entry], ['allow', 'allow', 'read:ticket']);

    const escalated = await check({ agent: 'northwind-support-agent', action: 'create:refund', context: { amount: 900 } });
    assert.deepEqual([escalated.decision, escalated.rule?.list, escalated.rule?.entry], ['escalate', 'escalate', { action: 'create:refund', condition: 'amount > 500' }]);
    assert.equal(escalated.rule?.link.range.start.line, lineOf(policy, '- action: create:refund'));

    const small = await check({ agent: 'northwind-support-agent', action: 'create:refund', context: { amount: 90 } });
    assert.deepEqual([small.decision, small.rule, small.reason], ['deny', undefined, 'Action not explicitly allowed (default deny)']);
  });

  test('no policy for the agent: deny, without a rule or a policy', async () => {
    const result = await check({ agent: 'ghost', action: 'read:ticket' });
    assert.deepEqual(result, { decision: 'deny', reason: 'No policy found for agent: ghost' });
  });

  test('bad parameters are errors with a message, and the server lives on', async () => {
    await assert.rejects(check({ agent: '', action: 'read:ticket' }), /Give an agent and an action/);
    await assert.rejects(check({ agent: 'x', action: 'read', context: [1] }), /context must be a JSON object/);
    await assert.rejects(client.connection.sendRequest('prodgate/policyTests', { uri: uriOf('billing-agent.policy.json') }), /is not an agent policy test file/);
    assert.equal((await check({ agent: 'northwind-billing-agent', action: 'read:invoice' })).decision, 'allow');
  });
});

describe('prodgate/verifyAudit', () => {
  /** An OpenClaw audit log of `count` chained entries, one JSON object per line. */
  function auditLog(count: number, day: string): string {
    const entries = Array.from({ length: count }, (_, i) => ({ type: 'action', timestamp: `${day}T10:00:0${i}.000Z`, agentId: 'northwind-support-agent', action: 'read:ticket', decision: 'allow' }));
    return `${chainedLines(entries).join('\n')}\n`;
  }

  test('every audit log of the workspace in time order, or the files given; the first broken line', async () => {
    mkdirSync(join(directory, 'audit'), { recursive: true });
    writeFileSync(join(directory, 'audit/audit-2026-11-21.jsonl'), auditLog(3, '2026-11-21'));
    const tampered = auditLog(4, '2026-11-20').replace('"action":"read:ticket","decision":"allow","previousHash":"', '"action":"read:ticket","decision":"deny","previousHash":"');
    writeFileSync(join(directory, 'audit/audit-2026-11-20.jsonl'), tampered);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: ['audit/audit-2026-11-21.jsonl', 'audit/audit-2026-11-20.jsonl'].map((name) => ({ uri: uriOf(name), type: 1 })),
    });
    let result: VerifyAuditResult = { files: [] };
    await waitFor(async () => {
      result = (await client.connection.sendRequest('prodgate/verifyAudit', {})) as VerifyAuditResult;
      return result.files.length === 2;
    });
    assert.deepEqual(result.files, [
      { uri: uriOf('audit/audit-2026-11-20.jsonl'), valid: false, entries: 1, line: 2, reason: 'hash-mismatch', message: result.files[0].message },
      { uri: uriOf('audit/audit-2026-11-21.jsonl'), valid: true, entries: 3 },
    ]);
    assert.match(result.files[0].message!, /^Entry hash mismatch at line 2/);

    const one = (await client.connection.sendRequest('prodgate/verifyAudit', { uris: [uriOf('audit/audit-2026-11-21.jsonl')] })) as VerifyAuditResult;
    assert.deepEqual(one.files, [{ uri: uriOf('audit/audit-2026-11-21.jsonl'), valid: true, entries: 3 }]);
    const missing = (await client.connection.sendRequest('prodgate/verifyAudit', { uris: [uriOf('audit/audit-2026-01-01.jsonl')] })) as VerifyAuditResult;
    assert.equal(missing.files[0].valid, false);
    assert.equal(missing.files[0].reason, 'unreadable');
    await assert.rejects(client.connection.sendRequest('prodgate/verifyAudit', { uris: ['untitled:Untitled-1'] }), /Only audit logs on disk/);
  });
});
