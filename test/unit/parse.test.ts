// The located model: parsing JSON, JSONC, YAML and JSON Lines, spans, limits and hostile shapes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatJsonPath, spanOfPath, toPlain, type LNode } from '../../server/src/engine/located.ts';
import { MAX_ALIAS_NODES, parseDocument, type Format } from '../../server/src/engine/parse.ts';

function parse(text: string, format: Format) {
  const parsed = parseDocument(text, format);
  return { ...parsed, value: parsed.root ? toPlain(parsed.root) : undefined };
}

function slice(text: string, root: LNode, path: (string | number)[], target?: 'key' | 'value'): string {
  const span = spanOfPath(root, path, target);
  return text.slice(span.offset, span.offset + span.length);
}

describe('JSON and JSONC', () => {
  test('values and spans of keys and values', () => {
    const text = '{\n  "metrics": { "required": ["latency", "gate_decision_count"] },\n  "owner": "Ops"\n}';
    const { root, value, problems } = parse(text, 'json');
    assert.deepEqual(problems, []);
    assert.deepEqual(value, { metrics: { required: ['latency', 'gate_decision_count'] }, owner: 'Ops' });
    assert.equal(slice(text, root!, ['metrics', 'required', 1]), '"gate_decision_count"');
    assert.equal(slice(text, root!, ['metrics', 'required'], 'key'), '"required"');
    assert.equal(slice(text, root!, ['owner']), '"Ops"');
  });

  test('a path past the tree lands on the deepest existing key (a missing key sits on its parent)', () => {
    const text = '{ "shadow_mode": { "minimum_records": 100 } }';
    const { root } = parse(text, 'json');
    assert.equal(slice(text, root!, ['shadow_mode', 'minimum_duration_days'], 'key'), '"shadow_mode"');
    assert.equal(slice(text, root!, ['absent'], 'key'), '"shadow_mode"', 'root-level: the first key');
  });

  test('comments and trailing commas: errors in JSON, accepted in JSONC', () => {
    const text = '{ // note\n "a": [1,], }';
    assert.deepEqual(parse(text, 'jsonc').problems, []);
    const strict = parse(text, 'json');
    assert.ok(strict.problems.some((problem) => /Comments are not permitted/.test(problem.message)));
    assert.ok(strict.problems.every((problem) => problem.code === 'syntax-error'));
    assert.deepEqual(strict.value, { a: [1] }, 'what parses is kept');
  });

  test('syntax errors carry exact spans', () => {
    const text = '{ "a": 1 "b": 2 }';
    const [problem] = parse(text, 'json').problems;
    assert.equal(problem.code, 'syntax-error');
    assert.equal(problem.message, 'Comma expected.');
    assert.equal(text.slice(problem.span!.offset, problem.span!.offset + problem.span!.length), '"b"');
  });

  test('duplicate keys are errors on the later key; the last value wins', () => {
    const text = '{ "scope": "template", "scope": "external_deployment" }';
    const { value, problems } = parse(text, 'json');
    assert.deepEqual(value, { scope: 'external_deployment' });
    assert.equal(problems.length, 1);
    assert.equal(problems[0].code, 'duplicate-key');
    assert.equal(problems[0].span!.offset, text.lastIndexOf('"scope"'));
  });

  test('__proto__ and constructor are plain data keys', () => {
    const { value } = parse('{ "__proto__": { "polluted": 1 }, "constructor": 2 }', 'json');
    assert.deepEqual(Object.keys(value as object), ['__proto__', 'constructor']);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('deep nesting is refused with nesting-too-deep, not a stack overflow', () => {
    const parsed = parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`, 'json');
    assert.equal(parsed.complete, false);
    assert.deepEqual(parsed.problems.map((problem) => problem.code), ['nesting-too-deep']);
  });

  test('NUL inside a JSON string is a syntax error', () => {
    assert.equal(parse('{"a": "x\u0000y"}', 'json').problems[0].code, 'syntax-error');
  });
});

describe('YAML', () => {
  test('values and spans, with quoted and plain scalars', () => {
    const text = 'agent: support\npermissions:\n  allow:\n    - "*"\n    - read:ticket\n';
    const { root, value, problems } = parse(text, 'yaml');
    assert.deepEqual(problems, []);
    assert.deepEqual(value, { agent: 'support', permissions: { allow: ['*', 'read:ticket'] } });
    assert.equal(slice(text, root!, ['permissions', 'allow', 0]), '"*"');
    assert.equal(slice(text, root!, ['permissions', 'allow', 1]), 'read:ticket');
    assert.equal(slice(text, root!, ['permissions'], 'key'), 'permissions');
  });

  test('an empty value is null, placed after its colon', () => {
    const text = 'owner:\nname: x\n';
    const { root, value } = parse(text, 'yaml');
    assert.deepEqual(value, { owner: null, name: 'x' });
    assert.equal(spanOfPath(root!, ['owner']).offset, 'owner:'.length);
  });

  test('anchors, aliases and merge keys resolve; own keys win over merged ones', () => {
    const text = 'base: &base { retention: 30, level: full }\naudit:\n  <<: *base\n  retention: 2555\nsame: *base\n';
    const { value, problems } = parse(text, 'yaml');
    assert.deepEqual(problems, []);
    assert.deepEqual(value, {
      base: { retention: 30, level: 'full' },
      audit: { retention: 2555, level: 'full' },
      same: { retention: 30, level: 'full' },
    });
  });

  test('an alias bomb stops at the alias budget', () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 12; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const started = Date.now();
    const parsed = parse(text, 'yaml');
    assert.ok(Date.now() - started < 2000, 'bounded time');
    assert.equal(parsed.complete, false);
    assert.deepEqual(parsed.problems.map((problem) => problem.code), ['yaml-alias-limit']);
    assert.match(parsed.problems[0].message, new RegExp(MAX_ALIAS_NODES.toLocaleString('en-US')));
  });

  test('duplicate keys are errors', () => {
    const { problems, value } = parse('a: 1\na: 2\n', 'yaml');
    assert.deepEqual(problems.map((problem) => problem.code), ['duplicate-key']);
    assert.deepEqual(value, { a: 2 });
  });

  test('several documents in one file are an error', () => {
    const { problems } = parse('a: 1\n---\nb: 2\n', 'yaml');
    assert.match(problems[0].message, /one YAML document/);
  });

  test('unknown tags warn and keep the value', () => {
    const { problems, value } = parse('a: !vault secret-ref\n', 'yaml');
    assert.equal(problems[0].severity, 'warning');
    assert.deepEqual(value, { a: 'secret-ref' });
  });

  test('deep nesting (block and flow) is refused with nesting-too-deep', () => {
    const flow = parse(`x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, 'yaml');
    assert.deepEqual(flow.problems.map((problem) => problem.code), ['nesting-too-deep']);
    let block = '';
    for (let i = 0; i < 400; i++) block += `${' '.repeat(i)}k${i}:\n`;
    assert.deepEqual(parse(block, 'yaml').problems.map((problem) => problem.code), ['nesting-too-deep']);
  });

  test('an empty or comment-only document has no root', () => {
    assert.equal(parse('', 'yaml').root, undefined);
    assert.equal(parse('# only a comment\n', 'yaml').root, undefined);
  });
});

describe('JSON Lines', () => {
  test('one record per non-blank line; spans point into the whole file', () => {
    const text = '{"a": 1}\n\n{"b": "x"}\r\n';
    const { root, value, problems } = parse(text, 'jsonl');
    assert.deepEqual(problems, []);
    assert.deepEqual(value, [{ a: 1 }, { b: 'x' }]);
    assert.equal(slice(text, root!, [1, 'b']), '"x"');
  });

  test('a broken line is a syntax error on that line; the others still parse', () => {
    const text = '{"a": 1}\n{"b": \n{"c": 3}\n';
    const { value, problems } = parse(text, 'jsonl');
    assert.deepEqual(value, [{ a: 1 }, {}, { c: 3 }]);
    assert.ok(problems.length > 0);
    for (const problem of problems) assert.ok(problem.span!.offset >= 9 && problem.span!.offset <= 16);
  });
});

test('formatJsonPath', () => {
  assert.equal(formatJsonPath([]), '$');
  assert.equal(formatJsonPath(['metrics', 'required', 3]), '$.metrics.required[3]');
  assert.equal(formatJsonPath(['odd key', 'a.b', 0]), '$["odd key"]["a.b"][0]');
});
