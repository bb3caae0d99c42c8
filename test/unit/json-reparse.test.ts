// Re-parsing only the JSON value an edit touched (engine/json-reparse.ts): it must give exactly what
// parsing the whole text gives. Random edit sequences over every example JSON document check that;
// the cases below pin when it applies and when it declines.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { observabilityPolicy } from '../../bench/support/observability-policy.ts';
import { reparseJson } from '../../server/src/engine/json-reparse.ts';
import { parseDocument, type ParsedDocument } from '../../server/src/engine/parse.ts';
import { validateDocument } from '../../server/src/engine/validate.ts';
import { checkEditSequences, comparable } from '../support/reparse.ts';

type JsonFormat = 'json' | 'jsonc';

/** Re-parses `after` from `before`'s parse, checks it against the whole parse, and says whether it re-parsed. */
function reparse(before: string, after: string, format: JsonFormat = 'json'): { reparsed: boolean; parsed: ParsedDocument } {
  const reparsed = reparseJson({ text: before, parsed: parseDocument(before, format) }, after, format);
  const whole = parseDocument(after, format);
  if (reparsed) assert.deepEqual(comparable(reparsed), comparable(whole), `re-parse differs from the whole parse for:\n${after}`);
  return { reparsed: reparsed !== undefined, parsed: reparsed ?? whole };
}

const POLICY = `{
  "policy_name": "Support",
  "alerts": [
    { "id": "a1", "threshold": 1, "owner": "Owner-A" },
    { "id": "a2", "threshold": 2, "owner": "Owner-B" }
  ],
  "on_call": { "primary": "Ops" }
}
`;

describe('re-parsing the edited JSON value', () => {
  test('a string, a number, a key and a new item: each re-parses the innermost value holding the edit', () => {
    assert.ok(reparse(POLICY, POLICY.replace('Owner-A', 'Owner-AB')).reparsed);
    assert.ok(reparse(POLICY, POLICY.replace('"threshold": 1', '"threshold": 15')).reparsed);
    assert.ok(reparse(POLICY, POLICY.replace('"primary"', '"secondary"')).reparsed);
    assert.ok(reparse(POLICY, POLICY.replace('"owner": "Owner-B" }', '"owner": "Owner-B" },\n    { "id": "a3" }')).reparsed);
  });

  test('a duplicate key made inside an object is reported like the whole parse does, and cleared again', () => {
    const duplicated = POLICY.replace('"owner": "Owner-A"', '"threshold": 9');
    const made = reparse(POLICY, duplicated);
    assert.ok(made.reparsed);
    assert.deepEqual(made.parsed.problems.map((problem) => problem.code), ['duplicate-key']);
    assert.deepEqual(reparse(duplicated, POLICY).parsed.problems, []);
  });

  test('declines after or into a syntax error, and for edits around the root; JSONC keeps comments and trailing commas', () => {
    const declines = (before: string, after: string, format: JsonFormat = 'json') => assert.equal(reparse(before, after, format).reparsed, false, after);
    declines(POLICY, POLICY.replace('"Owner-A"', '"Owner-A'));
    declines(POLICY.replace('"Owner-B"', '"Owner-B'), POLICY.replace('"Owner-B"', '"Owner-B').replace('Owner-A', 'Owner-C'));
    declines(POLICY, POLICY.replace('"threshold": 1', '"threshold": 1 // one'));
    declines(POLICY, `${POLICY}{}`);
    assert.ok(reparse(POLICY, POLICY.replace('"threshold": 1', '"threshold": 1 /* one */'), 'jsonc').reparsed);
    assert.ok(reparse(POLICY, POLICY.replace('"owner": "Owner-A" }', '"owner": "Owner-A", }'), 'jsonc').reparsed);
  });

  test('a 5,000-line policy: one keystroke re-parses one value, and validation is the same as from scratch', () => {
    const text = observabilityPolicy('json', 5000);
    const at = text.indexOf('"threshold": 3', text.length / 2) + '"threshold": '.length;
    const typed = `${text.slice(0, at)}"${text.slice(at, at + 1)}"${text.slice(at + 1)}`;
    assert.ok(reparse(text, typed).reparsed);
    const path = 'observability.json';
    const before = validateDocument({ text, path });
    const incremental = validateDocument({ text: typed, path, previous: { text, parsed: before.parsed! } });
    assert.deepEqual({ ...incremental, parsed: undefined }, { ...validateDocument({ text: typed, path }), parsed: undefined });
    assert.ok(incremental.findings.some((finding) => finding.code === 'type-mismatch'));
  });
});

const PIECES = ['a', ' ', '"', ':', ',', '{', '}', '[', ']', '1', '-', '.', 'e', 'true', 'null', '\\', '\\u00e9', '/', '//', '/*', '*/', '\n', '"k": 1, ', '{"x": [1, 2]}'];

function randomEdit(text: string, pick: (n: number) => number): string {
  const at = pick(text.length + 1);
  switch (pick(3)) {
    case 0:
      return text.slice(0, at) + PIECES[pick(PIECES.length)] + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + pick(4));
    default: {
      // Mostly valid: a string's or a number's characters changed.
      const token = /"[^"\\\n]*"|-?\d+(?:\.\d+)?/g;
      const tokens = [...text.matchAll(token)];
      const chosen = tokens[pick(tokens.length)];
      if (!chosen) return text;
      const replacement = chosen[0].startsWith('"') ? `"${'xyz'.slice(0, pick(4))}${chosen[0].slice(1)}` : String(pick(1000));
      return text.slice(0, chosen.index) + replacement + text.slice(chosen.index! + chosen[0].length);
    }
  }
}

function jsonExamples(directory = resolve(__dirname, '../../examples')): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return jsonExamples(path);
    return entry.name.endsWith('.json') ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('re-parsing JSON equals parsing the whole text', () => {
  const seeds = [...jsonExamples(), POLICY, observabilityPolicy('json', 300)];
  const SEQUENCES = 300;
  const STEPS = 20;

  for (const format of ['json', 'jsonc'] as const) {
    test(`${format}: ${SEQUENCES} sequences of ${STEPS} random edits over the example documents, each re-parsed from the previous re-parse`, () => {
      const reparsed = checkEditSequences({ format, seeds, sequences: SEQUENCES, steps: STEPS, edit: randomEdit, reparse: (previous, text) => reparseJson(previous, text, format) });
      assert.ok(reparsed > SEQUENCES, `only ${reparsed} of ${SEQUENCES * STEPS} edits re-parsed`);
    });
  }
});
