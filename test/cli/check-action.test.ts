// `prodgate check-action` as CI runs it: the built dist/cli.js on the agent-policy examples and
// variants written next to them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';

const CLI = resolve(__dirname, '../../dist/cli.js');
const directory = mkdtempSync(join(tmpdir(), 'prodgate-check-action-cli-'));
// The two example policies only, so that other files added to examples/agents change nothing here.
mkdirSync(join(directory, 'agents'));
for (const name of ['support-agent.policy.yaml', 'billing-agent.policy.json']) cpSync(resolve(__dirname, '../../examples/agents', name), join(directory, 'agents', name));
// A file that is not a policy: a directory's other YAML files are skipped.
writeFileSync(join(directory, 'agents', 'agents.policy-tests.yaml'), 'tests:\n  - agent: northwind-support-agent\n    action: read:ticket\n    expect: allow\n');
after(() => rmSync(directory, { recursive: true, force: true }));

const SUPPORT_FILE = 'agents/support-agent.policy.yaml';
const BILLING_FILE = 'agents/billing-agent.policy.json';
const SUPPORT = ['--policy', 'agents', '--agent', 'northwind-support-agent'];
const BILLING = ['--policy', 'agents', '--agent', 'northwind-billing-agent'];

function prodgate(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'check-action', ...args], { cwd: directory, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Report {
  agent: string;
  action: string;
  context: Record<string, unknown>;
  decision: string;
  reason: string;
  rule: { list: string; index: number; entry: unknown; file: string; line: number; column: number } | null;
}

function json(...args: string[]): { code: number | null; report: Report } {
  const run = prodgate(...args, '--json');
  return { code: run.code, report: JSON.parse(run.stdout) as Report };
}

/** A folder of its own under the temp directory, holding `files` (name → text). */
function variants(name: string, files: Record<string, string>): string {
  mkdirSync(join(directory, name));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(directory, name, file), text);
  return name;
}

describe('prodgate check-action', () => {
  test('allow: exit 0, with the allow rule and where it is', () => {
    const { code, stdout, stderr } = prodgate(...SUPPORT, '--action', 'read:ticket');
    assert.equal(code, 0, stderr);
    assert.equal(stdout, `allow: Action allowed by policy rule: read:ticket\nrule: permissions.allow[1] read:ticket (${SUPPORT_FILE}:14:7)\n`);
  });

  test('deny by a rule: exit 1', () => {
    const { code, stdout } = prodgate(...SUPPORT, '--action', 'delete:customer');
    assert.equal(code, 1);
    assert.equal(stdout, `deny: Action explicitly denied by policy rule: delete:*\nrule: permissions.deny[0] delete:* (${SUPPORT_FILE}:21:7)\n`);
  });

  test('default deny: exit 1, no rule', () => {
    const { code, stdout } = prodgate(...SUPPORT, '--action', 'send:email');
    assert.equal(code, 1);
    assert.equal(stdout, 'deny: Action not explicitly allowed (default deny)\n');
  });

  test('escalate by a pattern: exit 3', () => {
    const { code, stdout } = prodgate(...SUPPORT, '--action', 'legal_inquiries');
    assert.equal(code, 3);
    assert.match(stdout, /^escalate: Action requires human escalation: legal_inquiries\nrule: permissions\.escalate\[1\] legal_inquiries \(agents\/support-agent\.policy\.yaml:28:7\)\n$/);
  });

  test('conditional escalation reads --context: 900 escalates, 100 does not (default deny)', () => {
    const high = prodgate(...SUPPORT, '--action', 'create:refund', '--context', '{"amount": 900}');
    assert.equal(high.code, 3);
    assert.equal(
      high.stdout,
      'escalate: Action requires human escalation: {"action":"create:refund","condition":"amount > 500"}\n' +
        `rule: permissions.escalate[4] {"action":"create:refund","condition":"amount > 500"} (${SUPPORT_FILE}:31:7)\n`,
    );
    const low = prodgate(...SUPPORT, '--action', 'create:refund', '--context', '{"amount": 100}');
    assert.equal(low.code, 1);
    assert.equal(low.stdout, 'deny: Action not explicitly allowed (default deny)\n');
    const none = prodgate(...SUPPORT, '--action', 'create:refund');
    assert.equal(none.code, 1, 'without a context the condition is false');
  });

  test('context strings are read as OpenClaw reads them: parseFloat, with no $ or , stripped', () => {
    // The billing policy escalates create:refund when amount > 250.
    const refund = (amount: unknown) => json(...BILLING, '--action', 'create:refund', '--context', JSON.stringify({ amount, note: 'a $ and a , in text' }));
    assert.equal(refund('900').code, 3, 'a numeric string compares as its number');
    const dollars = refund('$900');
    assert.equal(dollars.code, 1, '"$900" is NaN to parseFloat: the condition is false');
    assert.deepEqual(dollars.report.context, { amount: '$900', note: 'a $ and a , in text' });
    assert.equal(refund('1,000').code, 1, '"1,000" reads as 1');
    assert.equal(refund('300.5 EUR').code, 3, 'parseFloat stops at the first non-number');
  });

  test('an agent without a policy: deny, exit 1, listing the known agents', () => {
    const { code, stdout } = prodgate('--policy', 'agents', '--agent', 'ghost', '--action', 'read:ticket');
    assert.equal(code, 1);
    assert.equal(stdout, 'deny: No policy found for agent: ghost\nknown agents: northwind-billing-agent, northwind-support-agent\n');
    const { report } = json('--policy', 'agents', '--agent', 'ghost', '--action', 'read:ticket');
    assert.equal(report.decision, 'deny');
    assert.equal(report.rule, null);
  });

  test('a single file or the directory: the same decision', () => {
    const fromFile = json('--policy', BILLING_FILE, '--agent', 'northwind-billing-agent', '--action', 'update:invoice');
    const fromDirectory = json(...BILLING, '--action', 'update:invoice');
    assert.equal(fromFile.code, 1);
    assert.deepEqual(fromFile.report, fromDirectory.report);
    assert.equal(fromFile.report.rule?.file, BILLING_FILE);
    // With only the billing file, the support agent has no policy.
    const other = prodgate('--policy', BILLING_FILE, '--agent', 'northwind-support-agent', '--action', 'read:ticket');
    assert.equal(other.code, 1);
    assert.match(other.stdout, /^deny: No policy found for agent: northwind-support-agent\nknown agents: northwind-billing-agent\n$/);
  });

  test('--json: the decision, the context and the rule with its file, line and column', () => {
    const { code, report } = json(...BILLING, '--action', 'create:credit_note', '--context', '{"amount": 1000}');
    assert.equal(code, 3);
    assert.deepEqual(report, {
      agent: 'northwind-billing-agent',
      action: 'create:credit_note',
      context: { amount: 1000 },
      decision: 'escalate',
      reason: 'Action requires human escalation: {"action":"create:credit_note","condition":"amount >= 1000"}',
      rule: {
        list: 'escalate',
        index: 3,
        entry: { action: 'create:credit_note', condition: 'amount >= 1000' },
        file: BILLING_FILE,
        line: 29,
        column: 7,
      },
    });
    const allowed = json(...BILLING, '--action', 'read:invoice');
    assert.equal(allowed.code, 0);
    assert.deepEqual(allowed.report.rule, { list: 'allow', index: 0, entry: 'read:invoice', file: BILLING_FILE, line: 11, column: 7 });
    assert.deepEqual(allowed.report.context, {});
  });

  test('the same agent in two files: exit 2, naming both files and lines', () => {
    const folder = variants('duplicates', {
      'a.yaml': 'agent: twin\npermissions:\n  allow: [read:x]\n',
      'b.json': '{\n  "agent": "twin",\n  "permissions": {"allow": ["*"]}\n}\n',
    });
    const { code, stdout, stderr } = prodgate('--policy', folder, '--agent', 'twin', '--action', 'read:x');
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^duplicates\/b\.json:2:12: agent "twin" is already defined in duplicates\/a\.yaml:1:8;/);
    assert.match(stderr, /no decision made/);
  });

  test('a policy that does not parse: exit 2 with file:line:col', () => {
    const folder = variants('broken', { 'bad.policy.yaml': 'agent: broken\npermissions:\n  allow: [read:x\n' });
    const { code, stdout, stderr } = prodgate('--policy', `${folder}/bad.policy.yaml`, '--agent', 'broken', '--action', 'read:x');
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^broken\/bad\.policy\.yaml:\d+:\d+: \S/);
  });

  test('a named file without agent, and a missing policy path: exit 2', () => {
    const folder = variants('anonymous', { 'anon.yaml': 'permissions:\n  allow: [read:x]\n' });
    const anonymous = prodgate('--policy', `${folder}/anon.yaml`, '--agent', 'x', '--action', 'read:x');
    assert.equal(anonymous.code, 2);
    assert.match(anonymous.stderr, /^anonymous\/anon\.yaml:1:1: missing `agent`/);
    const missing = prodgate('--policy', 'nowhere', '--agent', 'x', '--action', 'read:x');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^nowhere: no such file or directory\n/);
  });

  test('a bad --context (not JSON, not an object, a duplicate key, nested too deep): exit 2', () => {
    const notJson = prodgate(...SUPPORT, '--action', 'create:refund', '--context', '{amount: 900}');
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /--context is not valid JSON \(Invalid symbol at character 2\)/);
    // Printing the context with --json recurses per level: a deep one is refused, not a crash.
    const deep = prodgate(...SUPPORT, '--action', 'create:refund', '--json', '--context', `{"amount": ${'['.repeat(60_000)}${']'.repeat(60_000)}}`);
    assert.equal(deep.code, 2);
    assert.match(deep.stderr, /--context cannot be used \(The document nests too deeply to check \(more than 256 levels\)\); give an object/);
    const twice = prodgate(...SUPPORT, '--action', 'create:refund', '--context', '{"amount": 1, "amount": 2000}');
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /--context cannot be used \(Duplicate key "amount"/);
    for (const context of ['[900]', '900', 'null', '"amount"']) {
      const run = prodgate(...SUPPORT, '--action', 'create:refund', '--context', context);
      assert.equal(run.code, 2, context);
      assert.match(run.stderr, /--context must be a JSON object/);
    }
  });

  test('usage errors: no --agent, no --action, no --policy, an unknown option: exit 2', () => {
    assert.equal(prodgate('--policy', 'agents', '--action', 'read:ticket').code, 2);
    assert.match(prodgate('--policy', 'agents', '--action', 'read:ticket').stderr, /--agent ID/);
    assert.equal(prodgate(...SUPPORT).code, 2);
    assert.equal(prodgate('--agent', 'x', '--action', 'y').code, 2);
    assert.equal(prodgate(...SUPPORT, '--action', 'read:ticket', '--bogus').code, 2);
  });

  test('--help: exit 0', () => {
    const { code, stdout } = prodgate('--help');
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: prodgate check-action --policy FILE\|DIR/);
  });
});
