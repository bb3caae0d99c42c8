// Re-parsing only the YAML entry an edit touched (engine/yaml-reparse.ts): it must give exactly what
// parsing the whole text gives, every time, and decline whenever a cut-out entry could read
// differently. Random edit sequences over every example YAML document check the first; the cases
// below pin when it applies and when it declines.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { parseDocument, type ParsedDocument } from '../../server/src/engine/parse.ts';
import { validateDocument } from '../../server/src/engine/validate.ts';
import { reparseYaml } from '../../server/src/engine/yaml-reparse.ts';
import { observabilityPolicy } from '../../bench/support/observability-policy.ts';
import { checkEditSequences, comparable } from '../support/reparse.ts';

/** Re-parses `after` from `before`'s parse, checks it against the whole parse, and says whether it re-parsed. */
function reparse(before: string, after: string): { reparsed: boolean; parsed: ParsedDocument } {
  const previous = parseDocument(before, 'yaml');
  const reparsed = reparseYaml({ text: before, parsed: previous }, after);
  const whole = parseDocument(after, 'yaml');
  if (reparsed) assert.deepEqual(comparable(reparsed), comparable(whole), `re-parse differs from the whole parse for:\n${after}`);
  return { reparsed: reparsed !== undefined, parsed: reparsed ?? whole };
}

const edit = (text: string, find: string, replace: string) => {
  assert.ok(text.includes(find), `"${find}" is not in the text`);
  return text.replace(find, replace);
};

const ALERTS = [
  'policy_name: Support',
  'alerts:',
  '  - id: a1',
  '    threshold: 1',
  '    owner: Owner-A',
  '  - id: a2',
  '    threshold: 2',
  '    owner: Owner-B',
  '',
  '  # the last one',
  '  - id: a3',
  '    threshold: 3',
  'on_call:',
  '  primary: Ops',
  '',
].join('\n');

describe('re-parsing the edited entry', () => {
  test('a value edited inside a sequence item re-parses that item alone, spans and values exact', () => {
    const { reparsed, parsed } = reparse(ALERTS, edit(ALERTS, 'threshold: 1', 'threshold: x1'));
    assert.ok(reparsed);
    assert.equal(parsed.root?.type, 'object');
  });

  test('a new item typed after another, a deleted line, a comment and the last root entry', () => {
    assert.ok(reparse(ALERTS, edit(ALERTS, '    owner: Owner-A\n', '    owner: Owner-A\n  - id: new\n')).reparsed);
    assert.ok(reparse(ALERTS, edit(ALERTS, '    owner: Owner-B\n', '')).reparsed);
    assert.ok(reparse(ALERTS, edit(ALERTS, '  # the last one', '  # the third one')).reparsed);
    assert.ok(reparse(ALERTS, edit(ALERTS, 'primary: Ops', 'primary: Operations')).reparsed);
  });

  test('a duplicate key made and mended by an edit is reported and cleared like the whole parse does', () => {
    const duplicated = edit(ALERTS, '    owner: Owner-A', '    threshold: 9');
    const made = reparse(ALERTS, duplicated);
    assert.ok(made.reparsed);
    assert.deepEqual(made.parsed.problems.map((problem) => problem.code), ['duplicate-key']);
    const sibling = edit(ALERTS, 'on_call:', 'alerts:');
    assert.deepEqual(reparse(ALERTS, sibling).parsed.problems.map((problem) => problem.code), ['duplicate-key']);
    const mended = reparse(duplicated, ALERTS);
    assert.deepEqual(mended.parsed.problems, []);
  });

  test('declines where a cut-out entry could read differently, and the whole parse then answers', () => {
    const declines = (before: string, after: string) => assert.equal(reparse(before, after).reparsed, false, after);
    // A syntax error before or after the edit: the library's recovery depends on the text around it.
    declines(ALERTS, edit(ALERTS, 'threshold: 1', 'threshold: [1'));
    declines(edit(ALERTS, 'threshold: 2', 'threshold: [2'), edit(ALERTS, 'threshold: 2', 'threshold: [2]').replace('threshold: 1', 'threshold: 11'));
    // Anchors and aliases tie entries together; so do merge keys and directives.
    const anchored = edit(ALERTS, 'owner: Owner-A', 'owner: &owner Owner-A').replace('owner: Owner-B', 'owner: *owner');
    declines(anchored, edit(anchored, 'threshold: 1', 'threshold: 5'));
    declines(ALERTS, edit(ALERTS, 'threshold: 1', 'threshold: *missing'));
    const merged = edit(ALERTS, '    owner: Owner-A', '    <<: {owner: Owner-A}');
    declines(merged, edit(merged, 'threshold: 1', 'threshold: 5'));
    declines(`%YAML 1.1\n---\n${ALERTS}`, `%YAML 1.1\n---\n${edit(ALERTS, 'threshold: 1', 'threshold: yes')}`);
    // A document marker typed into an entry.
    declines(ALERTS, edit(ALERTS, 'policy_name: Support', '---'));
  });

  test('where the entry cannot be cut out, the entry around it is re-parsed, or the whole text', () => {
    // A line moved out of its entry, a block scalar or an empty value ending it: their extent
    // depends on the lines around them. reparse() checks any re-parse against the whole parse.
    for (const replacement of ['owner: Owner-A', '    owner: |', '    owner:']) reparse(ALERTS, edit(ALERTS, '    owner: Owner-A', replacement));
  });

  test('an edit inside a flow collection re-parses the block entry holding the whole collection', () => {
    assert.ok(reparse('a: [\n  1,\n  2]\nb: 1\n', 'a: [\n  1,\n  3]\nb: 1\n').reparsed);
  });

  test('an edit in the last entry of a nested collection re-parses the entry around it', () => {
    // `owner` ends its item, so its end depends on what follows the item: the item is re-parsed.
    assert.ok(reparse(ALERTS, edit(ALERTS, 'owner: Owner-A', 'owner: Owner-C')).reparsed);
  });

  test('a 10,000-line policy: one keystroke re-parses one alert, and validation is the same as from scratch', () => {
    const text = observabilityPolicy('yaml', 10_000);
    const line = text.indexOf('    threshold: 3', text.length / 2);
    const typed = `${text.slice(0, line + 15)}x${text.slice(line + 15)}`;
    assert.ok(reparse(text, typed).reparsed);
    const path = 'observability.yaml';
    const before = validateDocument({ text, path });
    const incremental = validateDocument({ text: typed, path, previous: { text, parsed: before.parsed! } });
    const fresh = validateDocument({ text: typed, path });
    assert.deepEqual({ ...incremental, parsed: undefined }, { ...fresh, parsed: undefined });
    assert.ok(incremental.findings.some((finding) => finding.code === 'type-mismatch'), 'the wrongly typed threshold is reported');
  });
});

const PIECES = ['a', ' ', ':', ': ', '- ', '\n', '\n  ', '\n    - ', '"', "'", '[', ']', '{', '}', ',', '#', ' # note', '|', '>', '&a ', '*a', '!!str ', '? ', '\t', '1', 'null', '---\n', '%', '\r\n', 'key: value\n', '  - id: new\n'];
const VALUES = ['x', 'Owner-A', '12', 'true', '"quoted"', 'null', '[a, b]', '{a: 1}', '|', '>-', "'single'", '~'];

/** One random edit: characters typed or deleted anywhere, or a line's value, order or indentation changed. */
function randomEdit(text: string, pick: (n: number) => number): string {
  const at = pick(text.length + 1);
  const lines = text.split('\n');
  const line = pick(lines.length);
  switch (pick(7)) {
    case 0:
      return text.slice(0, at) + PIECES[pick(PIECES.length)] + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + pick(6));
    case 2:
      return text.slice(0, at) + PIECES[pick(PIECES.length)] + text.slice(at + 1 + pick(3));
    case 3: {
      const entry = /^(\s*(?:- )?[\w"]+: ).+$/.exec(lines[line]!);
      if (entry) lines[line] = entry[1] + VALUES[pick(VALUES.length)];
      return lines.join('\n');
    }
    case 4:
      lines.splice(line, 0, lines[pick(lines.length)]!);
      return lines.join('\n');
    case 5:
      lines.splice(line, 1 + pick(2));
      return lines.join('\n');
    default:
      lines[line] = pick(2) ? `  ${lines[line]}` : lines[line]!.replace(/^ {2}/, '');
      return lines.join('\n');
  }
}

function yamlExamples(directory = resolve(__dirname, '../../examples')): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return yamlExamples(path);
    return /\.ya?ml$/.test(entry.name) ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('re-parsing equals parsing the whole text', () => {
  const seeds = [...yamlExamples(), ALERTS, observabilityPolicy('yaml', 300), ALERTS.replace(/\n/g, '\r\n')];
  const SEQUENCES = Number(process.env.REPARSE_SEQUENCES ?? 400);
  const STEPS = 20;

  test(`${SEQUENCES} sequences of ${STEPS} random edits over the example documents, each re-parsed from the previous re-parse`, () => {
    const reparsed = checkEditSequences({ format: 'yaml', seeds, sequences: SEQUENCES, steps: STEPS, edit: randomEdit, reparse: reparseYaml });
    // Most random edits break the YAML, where re-parsing declines; the valid ones must re-parse.
    assert.ok(reparsed > SEQUENCES, `only ${reparsed} of ${SEQUENCES * STEPS} edits re-parsed`);
  });
});
