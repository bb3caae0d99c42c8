// Issue 8: the catalogue of known-hostile inputs, engine layer. Every kind of KINDS gets hostile
// variants of a valid document of that kind (billion laughs, 50 MB, 100,000-deep nesting, NUL,
// invalid UTF-8, __proto__/constructor/prototype keys at every level), and the pattern languages get
// regular-expression-hostile strings (agent-policy patterns and escalation conditions, governance
// conditions, prodgate.files globs, command-safety inputs). Each case asserts the clear finding it
// must produce (or none) and finishes under a generous hang guard: these are not benchmarks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { decideAction, evaluateEscalationCondition, matchesPattern, parseEscalationCondition, patternCovers } from '../../server/src/engine/agents/decide.ts';
import { checkCommand } from '../../server/src/engine/commands/command-safety.ts';
import { markdownCommands, shellScriptCommands } from '../../server/src/engine/commands/command-sources.ts';
import { evaluateCondition, parseCondition } from '../../server/src/engine/governance/condition.ts';
import { evaluateGovernance } from '../../server/src/engine/governance/evaluate.ts';
import { KINDS, type KindId } from '../../server/src/engine/kinds/index.ts';
import { formatJsonPath } from '../../server/src/engine/located.ts';
import { DEFAULT_SETTINGS, validateDocument, type Validation } from '../../server/src/engine/validate.ts';
import { WorkspaceIndex } from '../../server/src/lsp/workspace-index.ts';

const ROOT = resolve(__dirname, '../..');
/** A generous guard against hangs (the cases take milliseconds); not a performance assertion. */
const HANG_GUARD_MS = 5_000;

/** A valid document of each kind: a fixture of test/fixtures/kinds, or an example. */
const SOURCES: Partial<Record<KindId, string>> = {
  'certification-policy': 'test/fixtures/kinds/certification-policy.yaml',
  'deployment-manifest': 'test/fixtures/kinds/deployment-manifest.yaml',
  'governance-policy': 'test/fixtures/kinds/governance-policy.yaml',
  'evidence-registry': 'test/fixtures/kinds/evidence-registry.yaml',
  'observability-policy': 'test/fixtures/kinds/observability-policy.yaml',
  'external-evidence': 'test/fixtures/kinds/external-evidence.yaml',
  'shadow-audit-log': 'test/fixtures/kinds/shadow-audit-log.jsonl',
  'agent-audit-log': 'test/fixtures/kinds/agent-audit-log.jsonl',
  'agent-policy': 'test/fixtures/kinds/agent-policy.yaml',
  'agent-policy-tests': 'examples/agents/agents.policy-tests.yaml',
  'governance-rules': 'test/fixtures/kinds/governance-rules.yaml',
  'deployment-thresholds': 'test/fixtures/kinds/deployment-thresholds.yaml',
  'workflow-scorecard': 'test/fixtures/kinds/workflow-scorecard.yaml',
  'signed-override': 'test/fixtures/kinds/signed-override.json',
  'certification-bundle': 'examples/certification/prodgate.bundle.yaml',
  'workspace-config': 'examples/.prodgate.yaml',
};

interface Sample {
  kind: KindId;
  /** 'yaml', 'json' or 'jsonl': how the variants are written. */
  format: 'yaml' | 'json' | 'jsonl';
  path: string;
  /** The document's value (JSON Lines: the records). */
  value: unknown;
}

function sample(kind: KindId): Sample {
  const file = SOURCES[kind];
  assert.ok(file, `the catalogue has a valid ${kind} to start from: add it to SOURCES`);
  const text = readFileSync(resolve(ROOT, file), 'utf8');
  const format = file.endsWith('.jsonl') ? 'jsonl' : file.endsWith('.json') ? 'json' : 'yaml';
  const value = format === 'jsonl' ? text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line)) : format === 'json' ? JSON.parse(text) : parseYaml(text);
  return { kind, format, path: pathFor(kind, format), value };
}

/** Where a document of `kind` written as `format` lives: its own file name for kinds recognised by name. */
function pathFor(kind: KindId, format: string): string {
  const names = KINDS.find((candidate) => candidate.id === kind)?.fileNames;
  const extension = format === 'yaml' ? '.yaml' : `.${format}`;
  const named = names?.find((name) => name.endsWith(extension));
  return named ? `hostile/${named}` : `hostile/${kind}${extension}`;
}

/** The sample's text: JSON Lines one compact record a line; JSON (also valid YAML) otherwise. */
function write(s: Sample, value: unknown = s.value): string {
  return s.format === 'jsonl' ? (value as unknown[]).map((record) => JSON.stringify(record)).join('\n') + '\n' : JSON.stringify(value, null, 2);
}

/** Appends `extra` (a JSON text) to the document: a key of its root object, an item of its root list, a line of a log. */
function withExtra(s: Sample, extra: string): string {
  if (s.format === 'jsonl') return `${write(s)}{"extra": ${extra}}\n`;
  const text = write(s);
  if (s.format === 'yaml') return yamlBlock(s.value, '') + (Array.isArray(s.value) ? `- ${extra}\n` : `"extra": ${extra}\n`);
  return Array.isArray(s.value) ? `${text.slice(0, text.lastIndexOf(']'))}, ${extra}]` : `${text.slice(0, text.lastIndexOf('}'))}, "extra": ${extra}}`;
}

function timed<T>(run: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = run();
  const ms = performance.now() - start;
  assert.ok(ms < HANG_GUARD_MS, `finished in ${Math.round(ms)} ms (hang guard ${HANG_GUARD_MS} ms)`);
  return { result, ms };
}

const codes = (validation: Validation): string[] => validation.findings.map((finding) => finding.code);

function assertNoPollution(): void {
  for (const key of ['polluted', 'hostile']) {
    assert.equal(({} as Record<string, unknown>)[key], undefined, `Object.prototype.${key}`);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, key), false);
    assert.equal(Object.prototype.hasOwnProperty.call(Array.prototype, key), false);
  }
}

/** Bytes decoded as the server and the CLI decode files: TextDecoder('utf-8'), invalid bytes → U+FFFD. */
const decodeLikeTheServer = (bytes: Uint8Array): string => new TextDecoder('utf-8').decode(bytes);

/** The first string leaf of a value that is not a signature-bearing top-level key, as a path. */
function stringLeaf(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (typeof value === 'string' && path.length > 0) return path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = stringLeaf(value[i], [...path, i]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = stringLeaf(child, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

function withLeaf(value: unknown, path: (string | number)[], leaf: string): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = leaf;
  return copy;
}

const MARK = '@@MARK@@';

/** The sample with a string leaf holding `bytes` raw, decoded as the server decodes files. */
function withRawBytes(s: Sample, bytes: number[]): string {
  const path = stringLeaf(s.value);
  // Without a string value (all numbers), an extra key carries the bytes.
  const value = path ? withLeaf(s.value, path, `Caf${MARK}`) : { ...(s.value as object), note: `Caf${MARK}` };
  const text = write(s, value);
  const [before, after] = text.split(MARK) as [string, string];
  return decodeLikeTheServer(Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]));
}

/** A YAML alias bomb: 9 aliases of 9 aliases ... nine levels deep (9^9 nodes once expanded). */
function billionLaughs(asItems: boolean): string {
  const entry = (i: number, body: string) => (asItems ? `- &a${i} [${body}]\n` : `laughs_${i}: &a${i} [${body}]\n`);
  let text = entry(0, Array(9).fill('lol').join(', '));
  for (let i = 1; i < 10; i++) text += entry(i, Array(9).fill(`*a${i - 1}`).join(', '));
  return text;
}

const FIFTY_MB = 50 * 1024 * 1024;

describe('hostile documents of every kind (engine)', () => {
  for (const kind of KINDS) {
    const s = sample(kind.id);
    describe(kind.id, () => {
      test('the valid sample is of its kind (the baseline the variants start from)', () => {
        const validation = validateDocument({ text: write(s), path: s.path });
        assert.equal(validation.kind, kind.id);
        assert.deepEqual(validation.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.code), []);
      });

      if (kind.formats.includes('yaml')) {
        test('billion laughs: yaml-alias-limit, the kind still known, nothing judged', () => {
          const text = `${yamlBlock(s.value, billionLaughs(Array.isArray(s.value)))}`;
          const { result } = timed(() => validateDocument({ text, path: pathFor(kind.id, 'yaml') }));
          assert.equal(result.kind, kind.id);
          assert.ok(codes(result).includes('yaml-alias-limit'), JSON.stringify(codes(result)));
          assert.equal(result.value, undefined, 'a limit stops parsing: no value is judged');
        });
      }

      test('50 MB document: one file-too-large note, the kind from its head', () => {
        const text = withExtra(s, JSON.stringify('x'.repeat(FIFTY_MB)));
        const { result } = timed(() => validateDocument({ text, path: s.path }));
        assert.equal(result.kind, kind.id);
        assert.deepEqual(
          result.findings.map((finding) => [finding.code, finding.severity]),
          [['file-too-large', 'info']],
        );
      });

      test(`100,000-deep nesting (${s.format}): nesting-too-deep, the kind still known`, () => {
        const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
        const text = withExtra(s, deep);
        const { result } = timed(() => validateDocument({ text, path: s.path }));
        assert.equal(result.kind, kind.id);
        assert.ok(codes(result).includes('nesting-too-deep'), JSON.stringify(codes(result)));
      });

      if (s.format !== 'jsonl' && kind.formats.includes('yaml')) {
        test('100,000-deep YAML block sequences (- - - … x): nesting-too-deep, the kind still known', () => {
          const deep = `${'- '.repeat(100_000)}x`;
          const text = yamlBlock(s.value, '') + (Array.isArray(s.value) ? `- ${deep}\n` : `deep:\n  ${deep}\n`);
          const { result } = timed(() => validateDocument({ text, path: pathFor(kind.id, 'yaml') }));
          assert.equal(result.kind, kind.id);
          assert.ok(codes(result).includes('nesting-too-deep'), JSON.stringify(codes(result)));
        });
      }

      test('a NUL character: invalid-encoding at the NUL, the kind still known', () => {
        const text = withRawBytes(s, [0x00]);
        const { result } = timed(() => validateDocument({ text, path: s.path }));
        assert.equal(result.kind, kind.id);
        const finding = result.findings.find((item) => item.code === 'invalid-encoding');
        assert.ok(finding, JSON.stringify(codes(result)));
        assert.equal(text[finding.span.offset], '\u0000');
      });

      test('invalid UTF-8 bytes (decoded to U+FFFD as the server does): invalid-encoding, the kind still known', () => {
        for (const bytes of [[0xff, 0xfe], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]]) {
          const text = withRawBytes(s, bytes);
          const { result } = timed(() => validateDocument({ text, path: s.path }));
          assert.equal(result.kind, kind.id);
          const finding = result.findings.find((item) => item.code === 'invalid-encoding');
          assert.ok(finding, `${JSON.stringify(bytes)}: ${JSON.stringify(codes(result))}`);
          assert.equal(text[finding.span.offset], '\uFFFD');
        }
      });

      test('__proto__, constructor and prototype keys at every level: no pollution, judged like any other key', () => {
        const hostile = withKeysEverywhere(s.value, ['__proto__', 'constructor', 'prototype']);
        const benign = withKeysEverywhere(s.value, ['__protX__', 'constructoX', 'prototypX']);
        for (const format of s.format === 'jsonl' ? (['jsonl'] as const) : (['json', 'yaml'] as const)) {
          const path = pathFor(kind.id, format);
          const hostileText = write({ ...s, format }, hostile);
          const benignText = write({ ...s, format }, benign);
          assert.equal(hostileText.length, benignText.length);
          const { result } = timed(() => validateDocument({ text: hostileText, path }));
          assertNoPollution();
          const expected = validateDocument({ text: benignText, path });
          assert.equal(result.kind, kind.id);
          assert.deepEqual(rows(result, true), rows(expected, false), `${format}: the hostile keys are findings exactly where benign unknown keys are`);
        }
      });
    });
  }
});

/** The value as block YAML (one `key: <json>` line per key, or one `- <json>` line per item) after `extra`. */
function yamlBlock(value: unknown, extra: string): string {
  const lines = Array.isArray(value)
    ? value.map((item) => `- ${JSON.stringify(item)}\n`)
    : Object.entries(value as Record<string, unknown>).map(([key, child]) => `${JSON.stringify(key)}: ${JSON.stringify(child)}\n`);
  return `${extra}${lines.join('')}`;
}

/** A deep copy with own `keys` (even __proto__) holding {polluted: true} in every object, root included. */
function withKeysEverywhere(value: unknown, keys: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => withKeysEverywhere(item, keys));
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) copy[key] = withKeysEverywhere(child, keys);
  for (const key of keys) {
    Object.defineProperty(copy, key, { value: { polluted: true, hostile: [1] }, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

const UNMASK: [RegExp, string][] = [
  [/__protX__/g, '__proto__'],
  [/constructoX/g, 'constructor'],
  [/prototypX/g, 'prototype'],
];

function rows(validation: Validation, hostile: boolean): string[] {
  return validation.findings.map((finding) => {
    let row = `${finding.code} ${finding.severity} ${formatJsonPath(finding.path)} @${finding.span.offset}+${finding.span.length} ${finding.message}`;
    if (!hostile) for (const [pattern, key] of UNMASK) row = row.replace(pattern, key);
    // An audit entry's hash covers its keys: the two spellings hash differently, and that is right.
    return row.replace(/[0-9a-f]{64}/g, '<sha256>');
  });
}

// ------------------------------------------------------------------ regular-expression-hostile strings

const A50K_BANG = `${'a'.repeat(50_000)}!`;
const REGEX_HOSTILE = ['(a+)+$', 'a{1,100000}', A50K_BANG, `${'a'.repeat(50_000)}>`, '([a-z]+)*$', `${'\\'.repeat(50_000)}!`, `${'*'.repeat(50_000)}a`, `${'a*'.repeat(25_000)}b`];

function agentPolicy(permissions: Record<string, unknown>): string {
  return JSON.stringify({ agent: 'hostile-agent', permissions: { deny: ['delete:*'], escalate: [{ action: 'refund:*', condition: 'amount > 500' }], ...permissions } });
}

describe('regular-expression-hostile strings: agent policies', () => {
  test('as allow, deny and escalate patterns, and as the action: decided in bounded time, literally', () => {
    for (const hostile of REGEX_HOSTILE) {
      for (const list of ['allow', 'deny', 'escalate'] as const) {
        const policy = JSON.parse(agentPolicy({ [list]: [hostile] })) as { permissions: Record<string, unknown> };
        if (list === 'escalate') policy.permissions.escalate = [hostile];
        const policies = { 'hostile-agent': policy };
        const { result: same } = timed(() => decideAction(policies, 'hostile-agent', hostile));
        assert.equal(same.decision, list, `${list} ${hostile.slice(0, 20)}: a pattern matches the identical action`);
        const { result: other } = timed(() => decideAction(policies, 'hostile-agent', `${hostile}x`));
        const expected = hostile.endsWith('*') && list !== 'escalate' ? list : hostile.endsWith('*') ? 'escalate' : 'deny';
        assert.equal(other.decision, expected, `${list} ${hostile.slice(0, 20)} against a longer action`);
      }
      timed(() => [matchesPattern(hostile, A50K_BANG), patternCovers(hostile, A50K_BANG), patternCovers(A50K_BANG, hostile)]);
    }
  });

  test('a pattern is never a regular expression: "(a+)+$" matches only itself', () => {
    const policies = { a: { permissions: { allow: ['(a+)+$', 'a{1,100000}'] } } };
    assert.equal(decideAction(policies, 'a', 'aaaa').decision, 'deny');
    assert.equal(decideAction(policies, 'a', '(a+)+$').decision, 'allow');
    assert.equal(decideAction(policies, 'a', 'a{1,100000}').decision, 'allow');
  });

  test('as escalation conditions: policy-condition-invalid, in bounded time (50 KB of letters used to take seconds)', () => {
    for (const hostile of REGEX_HOSTILE) {
      const text = agentPolicy({ allow: ['read:*'], escalate: [{ action: 'refund:*', condition: hostile }] });
      const { result } = timed(() => validateDocument({ text, path: 'hostile/agent.policy.json' }));
      assert.equal(result.kind, 'agent-policy');
      assert.ok(codes(result).includes('policy-condition-invalid'), `${hostile.slice(0, 20)}: ${JSON.stringify(codes(result))}`);
      const { result: evaluated } = timed(() => evaluateEscalationCondition(hostile, { amount: 1000, a: 1 }));
      assert.equal(evaluated, false);
    }
    for (const condition of [`${'a'.repeat(50_000)} > 5`, `amount > ${'9'.repeat(50_000)}`, `amount ${'>'.repeat(50_000)} 5`]) {
      const { result } = timed(() => parseEscalationCondition(condition));
      assert.equal('error' in result, condition.includes('>>'), condition.slice(0, 30));
    }
    const { result: long } = timed(() => evaluateEscalationCondition(`${'a'.repeat(100_000)} > 5`, { ['a'.repeat(100_000)]: 6 }));
    assert.equal(long, true);
  });

  test('the linear escalation-condition pattern matches exactly as OpenClaw\'s (differential, random strings)', () => {
    const openclaw = /(\w+)\s*([><=!]+)\s*(.+)/;
    const alphabet = ['a', '_', '1', ' ', '\t', '\n', '>', '<', '=', '!', '$', ',', '.', 'é', '\r'];
    let seed = 7;
    const random = (n: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      for (let j = random(12); j > 0; j--) text += alphabet[random(alphabet.length)];
      const match = openclaw.exec(text);
      const parsed = parseEscalationCondition(text);
      if (!match) {
        assert.ok('error' in parsed && parsed.error.message.startsWith('no comparison'), JSON.stringify(text));
        continue;
      }
      const context = { [match[1]!]: 3 };
      const value = parseFloat(match[3]!.replace(/[$,]/g, ''));
      if (['>', '<', '>=', '<=', '==', '!='].includes(match[2]!) && !Number.isNaN(value)) {
        assert.deepEqual(parsed, { field: match[1], op: match[2], value }, JSON.stringify(text));
      } else {
        assert.ok('error' in parsed, JSON.stringify(text));
      }
      assert.equal(typeof evaluateEscalationCondition(text, context), 'boolean');
    }
  });
});

describe('regular-expression-hostile strings: governance conditions', () => {
  const HOSTILE_CONDITIONS = [
    ...REGEX_HOSTILE,
    `${'('.repeat(100_000)}1${')'.repeat(100_000)}`,
    `${'not '.repeat(1_000)}True`,
    `${'-'.repeat(4_000)}1`,
    "'a' * 10**9",
    '10**10**10',
    `raroi > 1 ${'and raroi > 1 '.repeat(290)}`,
    '__proto__ == 1',
    'constructor is None',
    `"${'\\x41'.repeat(800)}" == raroi`,
  ];

  test('parseCondition: an error or a tree, in bounded time', () => {
    for (const condition of HOSTILE_CONDITIONS) {
      const { result } = timed(() => parseCondition(condition));
      if (condition.length > 4096) assert.ok('error' in result && /longer than 4096/.test(result.error.message), condition.slice(0, 20));
      else assert.ok('error' in result || 'condition' in result);
    }
    const proto = parseCondition('__proto__ == 1');
    assert.ok('condition' in proto);
    const evaluated = evaluateCondition(proto.condition, {});
    assert.deepEqual(evaluated, { error: "name '__proto__' is not defined" });
    const repeat = parseCondition("'a' * 10**9");
    assert.ok('condition' in repeat);
    const big = timed(() => evaluateCondition(repeat.condition, {})).result;
    assert.ok('error' in big && /too long/.test(String(big.error)), JSON.stringify(big));
    assertNoPollution();
  });

  test('in a rule file: condition-invalid on the rule; evaluation skips it and still decides', () => {
    for (const condition of [A50K_BANG, '(a+)+$', `${'('.repeat(100)}1${')'.repeat(100)}`, 'constructor.prototype.polluted == 1']) {
      const rules = [{ decision: 'no_go', condition, reason_code: 'hostile' }];
      const { result } = timed(() => validateDocument({ text: JSON.stringify(rules), path: 'config/deployment_governance.json', kind: 'governance-rules' }));
      assert.ok(codes(result).includes('condition-invalid'), `${condition.slice(0, 20)}: ${JSON.stringify(codes(result))}`);
      const run = timed(() => evaluateGovernance({ scorecard: { raroi: 2, confidence: 0.9, scenario_scores: { a: 0.9 } }, rules })).result;
      assert.equal(typeof run.verdict, 'string');
      assert.notEqual(run.verdict, 'no_go', 'an invalid condition never matches');
      assertNoPollution();
    }
  });
});

describe('regular-expression-hostile strings: prodgate.files globs', () => {
  // A glob is compiled to a regular expression by picomatch: a hostile one could spin forever, which
  // no in-process guard can stop. Each glob runs in a child process killed after the hang guard.
  const POLICY = 'agent: x\npermissions:\n  allow: [read:x]\n  deny: [delete:*]\n  escalate: [refund:*]\n';
  const PATHS = ['x.policy.yaml', `${'a'.repeat(200)}!.yaml`, `${'a/'.repeat(500)}x.yaml`];
  let script: string;
  before(() => {
    const directory = mkdtempSync(join(tmpdir(), 'prodgate-globs-'));
    script = join(directory, 'glob-case.ts');
    writeFileSync(
      script,
      `import { validateDocument, DEFAULT_SETTINGS } from ${JSON.stringify(resolve(ROOT, 'server/src/engine/validate.ts'))};\n` +
        `const { glob, paths, text } = JSON.parse(process.argv[2]!);\n` +
        `const kinds = [];\n` +
        `for (const path of paths) {\n` +
        `  try { kinds.push(validateDocument({ text, path }, { ...DEFAULT_SETTINGS, files: { [glob]: 'certification-policy' } }).kind ?? null); }\n` +
        `  catch (error) { kinds.push('threw: ' + String((error as Error).message).slice(0, 120)); }\n` +
        `}\n` +
        `process.stdout.write(JSON.stringify(kinds));\n`,
    );
  });
  after(() => rmSync(dirname(script), { recursive: true, force: true }));

  for (const glob of [...REGEX_HOSTILE, `${'{a,b}'.repeat(40)}`, '{1..100000}', `${'**/'.repeat(5_000)}x`, `${'a'.repeat(70_000)}`, '[', '(', '+(a|b', '!(!(!(x)))']) {
    test(`glob ${JSON.stringify(glob.slice(0, 24))}${glob.length > 24 ? `… (${glob.length} chars)` : ''}: ignored or matched, never a throw or a hang; content still decides the kind`, () => {
      const child = spawnSync(process.execPath, ['--import', 'tsx', script, JSON.stringify({ glob, paths: PATHS, text: POLICY })], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: HANG_GUARD_MS + 5_000,
        maxBuffer: 1 << 20,
      });
      assert.equal(child.signal, null, `the glob hung: killed after ${HANG_GUARD_MS + 5_000} ms`);
      assert.equal(child.status, 0, child.stderr.slice(0, 500));
      const kinds = JSON.parse(child.stdout) as string[];
      for (const kind of kinds) assert.ok(kind === 'agent-policy' || kind === 'certification-policy', `kind ${kind}`);
    });
  }
});

describe('regular-expression-hostile strings: command safety', () => {
  const CASES: Array<{ name: string; command: string; blocked: boolean }> = [
    ...REGEX_HOSTILE.map((command) => ({ name: command.slice(0, 16), command, blocked: false })),
    { name: '20,000 × "rm -rf / ;"', command: 'rm -rf / ;'.repeat(20_000), blocked: true },
    { name: '50,000 × "$("', command: '$('.repeat(50_000), blocked: false },
    { name: '50,000 backticks', command: '`'.repeat(50_000), blocked: false },
    { name: '5,000 nested sh -c', command: `${'sh -c "'.repeat(5_000)}rm -rf /tmp/x`, blocked: false },
    { name: 'heredocs', command: 'cat <<EOF\n'.repeat(20_000), blocked: false },
    { name: 'rm -rf after 200 KB of spaces', command: `${' '.repeat(200_000)}rm -rf /`, blocked: false },
    { name: 'NUL and bidi controls', command: 'rm\u0000 -rf /; echo \u202e fr- mr', blocked: false },
    { name: 'systemctl stop behind 16 levels of $( )', command: `${'echo $('.repeat(16)}systemctl stop api${')'.repeat(16)}`, blocked: true },
  ];
  for (const { name, command, blocked } of CASES) {
    test(`checkCommand ${JSON.stringify(name)}: ${blocked ? 'blocked' : 'not blocked'}, in bounded time`, () => {
      const { result } = timed(() => checkCommand(command));
      assert.equal(result.blocked, blocked, JSON.stringify(result.matches.map((match) => match.rule.id)));
      timed(() => shellScriptCommands(command));
      timed(() => markdownCommands(`\`\`\`bash\n${command}\n\`\`\`\n`));
    });
  }

  test('a 1 MB script and a Markdown file of 10,000 fences: every command found, in bounded time', () => {
    const script = 'echo ok\n'.repeat(100_000) + 'rm -rf /\n';
    const { result } = timed(() => shellScriptCommands(script));
    assert.equal(result.length, 100_001);
    assert.equal(result.at(-1)!.text, 'rm -rf /');
    const markdown = '```bash\nls\n```\n'.repeat(10_000) + '```'.repeat(10_000);
    assert.equal(timed(() => markdownCommands(markdown)).result.length, 10_000);
    const continued = `${'echo \\\n'.repeat(50_000)}done\n`;
    assert.equal(timed(() => shellScriptCommands(continued)).result.length, 1);
  });
});

describe('the workspace index reads only what it must', () => {
  let directory: string;
  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'prodgate-index-'));
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  test('a file over prodgate.maxFileSizeMB: only its head is read; the kind is kept with a file-too-large note', async () => {
    const path = join(directory, 'big.policy.yaml');
    writeFileSync(path, `agent: big\npermissions:\n  allow: [read:x]\npadding: "${'x'.repeat(6 * 1024 * 1024)}"\n`);
    const index = new WorkspaceIndex(async () => DEFAULT_SETTINGS);
    await index.refreshFromDisk(path);
    const artifact = index.get(path);
    assert.equal(artifact?.kind, 'agent-policy');
    assert.deepEqual(
      artifact?.validation?.findings.map((finding) => [finding.code, finding.message]),
      [['file-too-large', 'This file is larger than prodgate.maxFileSizeMB (5 MB); it is not validated.']],
    );
  });

  test('a FIFO, a directory, a symlink loop and a dangling link named like artifacts: skipped at once, never read', async () => {
    const fifo = join(directory, 'fifo.policy.yaml');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    assert.equal(spawnSync('mkfifo', [join(directory, 'fifo.jsonl')]).status, 0);
    const folder = join(directory, 'folder.policy.yaml');
    mkdirSync(folder);
    symlinkSync('loop-b.yaml', join(directory, 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', join(directory, 'loop-b.yaml'));
    symlinkSync('nowhere.yaml', join(directory, 'dangling.yaml'));
    const index = new WorkspaceIndex(async () => DEFAULT_SETTINGS);
    for (const path of [fifo, folder, join(directory, 'loop-a.yaml'), join(directory, 'dangling.yaml'), join(directory, 'fifo.jsonl')]) {
      const started = performance.now();
      await Promise.race([index.refreshFromDisk(path), new Promise((_, reject) => setTimeout(() => reject(new Error(`${path}: still reading after ${HANG_GUARD_MS} ms`)), HANG_GUARD_MS).unref())]);
      assert.ok(performance.now() - started < HANG_GUARD_MS);
      assert.equal(index.get(path), undefined, path);
    }
  });
});
