// The CLI's agent-policy loader (io/agent-policies.ts): files and directories, positions, and every
// way a policy set can be unusable.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { formatPolicyProblem, loadAgentPolicies } from '../../server/src/io/agent-policies.ts';

const root = mkdtempSync(join(tmpdir(), 'prodgate-agent-policies-'));
after(() => rmSync(root, { recursive: true, force: true }));

let folders = 0;
/** A fresh folder under the temp root holding `files` (name → text). */
function folder(files: Record<string, string>): string {
  const path = join(root, `case-${++folders}`);
  mkdirSync(path);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(path, name), text);
  return path;
}

const SUPPORT = 'agent: support\npermissions:\n  allow:\n    - read:ticket\n  deny:\n    - delete:*\n';
const BILLING = '{\n  "agent": "billing",\n  "permissions": { "allow": ["read:invoice"] }\n}\n';

describe('loadAgentPolicies', () => {
  test('a directory: its YAML and JSON policies in name order, with where each agent is declared', async () => {
    const cwd = folder({ 'b.policy.yaml': SUPPORT, 'a.policy.json': BILLING, 'notes.txt': 'agent: ignored' });
    const loaded = await loadAgentPolicies(['.'], { cwd });
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual([...loaded.policies.keys()], ['billing', 'support']);
    assert.deepEqual(loaded.policies.get('support'), { agent: 'support', permissions: { allow: ['read:ticket'], deny: ['delete:*'] } });
    const support = loaded.sources.get('support')!;
    assert.equal(support.file, 'b.policy.yaml');
    assert.deepEqual({ line: support.line, column: support.column }, { line: 1, column: 8 });
    assert.deepEqual(support.positionOf(['permissions', 'deny', 0]), { line: 6, column: 7 });
    const billing = loaded.sources.get('billing')!;
    assert.deepEqual({ line: billing.line, column: billing.column }, { line: 2, column: 12 });
    assert.deepEqual(billing.positionOf(['permissions', 'allow', 0]), { line: 3, column: 30 });
  });

  test('a directory is not searched recursively, and non-policy files in it are skipped', async () => {
    const cwd = folder({ 'support.yaml': SUPPORT, 'package.json': '{"name": "x"}', 'list.json': '[1, 2]', 'empty.yml': '' });
    mkdirSync(join(cwd, 'nested'));
    writeFileSync(join(cwd, 'nested', 'billing.json'), BILLING);
    const loaded = await loadAgentPolicies([cwd]);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual([...loaded.policies.keys()], ['support']);
    assert.equal(loaded.sources.get('support')!.file, join(cwd, 'support.yaml'));
  });

  test('files and directories together; the same file named twice is read once', async () => {
    const cwd = folder({ 'support.yaml': SUPPORT, 'billing.json': BILLING });
    const loaded = await loadAgentPolicies(['support.yaml', '.', join(cwd, 'billing.json')], { cwd });
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual([...loaded.policies.keys()].sort(), ['billing', 'support']);
    assert.equal(loaded.sources.get('support')!.file, 'support.yaml');
  });

  test('the same agent in two files is refused, naming both places', async () => {
    const cwd = folder({ 'one.yaml': SUPPORT, 'two.json': '{"agent": "support", "permissions": {"allow": ["*"]}}' });
    const loaded = await loadAgentPolicies(['one.yaml', 'two.json'], { cwd });
    assert.equal(loaded.problems.length, 1);
    const [problem] = loaded.problems;
    assert.deepEqual({ file: problem!.file, line: problem!.line, column: problem!.column }, { file: 'two.json', line: 1, column: 11 });
    assert.match(problem!.message, /agent "support" is already defined in one\.yaml:1:8/);
    assert.equal(formatPolicyProblem(problem!).startsWith('two.json:1:11: agent "support"'), true);
  });

  test('syntax errors, with their line and column', async () => {
    const cwd = folder({ 'bad.yaml': 'agent: x\npermissions:\n  allow: [read\n', 'bad.json': '{"agent": "y",\n  "permissions": }' });
    const loaded = await loadAgentPolicies(['.'], { cwd });
    const byFile = new Map(loaded.problems.map((problem) => [problem.file, problem]));
    assert.equal(byFile.get('bad.json')!.line, 2);
    assert.equal(byFile.get('bad.json')!.column, 18);
    assert.match(byFile.get('bad.json')!.message, /Value expected/);
    assert.ok(byFile.get('bad.yaml')!.line! >= 3);
    assert.equal(loaded.policies.size, 0);
  });

  test('a duplicate key is a problem: which value OpenClaw would read is not obvious', async () => {
    const cwd = folder({ 'dup.yaml': 'agent: x\nagent: y\npermissions: {}\n' });
    const loaded = await loadAgentPolicies(['dup.yaml'], { cwd });
    assert.equal(loaded.problems.length, 1);
    assert.match(loaded.problems[0]!.message, /Duplicate key "agent"/);
    assert.equal(loaded.problems[0]!.line, 2);
  });

  test('a missing, empty or non-string agent', async () => {
    const cwd = folder({
      'none.yaml': 'permissions:\n  allow: [a]\n',
      'empty.yaml': 'agent: ""\npermissions: {}\n',
      'number.json': '{"agent": 7, "permissions": {}}',
    });
    const loaded = await loadAgentPolicies(['.'], { cwd });
    const messages = Object.fromEntries(loaded.problems.map((problem) => [problem.file, `${problem.line}:${problem.column} ${problem.message}`]));
    assert.deepEqual(Object.keys(messages).sort(), ['empty.yaml', 'none.yaml', 'number.json']);
    assert.match(messages['none.yaml']!, /^1:1 missing `agent`/);
    assert.match(messages['empty.yaml']!, /^1:8 `agent` is empty/);
    assert.match(messages['number.json']!, /^1:11 `agent` must be a string, not number/);
  });

  test('a file named explicitly must be a policy: not a mapping, empty, or without agent', async () => {
    const cwd = folder({ 'list.json': '[1]', 'empty.yaml': '', 'other.json': '{"name": "x"}', 'policy.txt': SUPPORT });
    const loaded = await loadAgentPolicies(['list.json', 'empty.yaml', 'other.json', 'policy.txt'], { cwd });
    assert.deepEqual(
      loaded.problems.map((problem) => formatPolicyProblem(problem)),
      [
        'list.json:1:1: an agent policy is a mapping with `agent` and `permissions`; this file is an array',
        'empty.yaml:1:1: an agent policy is a mapping with `agent` and `permissions`; this file is empty',
        'other.json:1:2: missing `agent`: an agent policy names the agent it governs (e.g. `agent: support-agent`)',
        'policy.txt: an agent policy is a .yaml, .yml or .json file',
      ],
    );
  });

  test('a missing path, and a directory without any policy', async () => {
    const cwd = folder({ 'readme.json': '{"title": "not a policy"}' });
    const loaded = await loadAgentPolicies(['missing.yaml', '.'], { cwd });
    assert.deepEqual(loaded.problems.map(formatPolicyProblem), [
      'missing.yaml: no such file or directory',
      '.: no agent policy (.yaml, .yml or .json file with an `agent`) in this directory',
    ]);
  });
});
