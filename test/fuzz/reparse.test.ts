// Fuzzes the YAML re-parse (engine/yaml-reparse.ts) with the suite's mutations of every example
// YAML document, typed as an editor sends them: each edit's deletion, then its text one character
// at a time, each state re-parsed from the re-parse of the state before. Property: whenever it
// re-parses, the result equals parsing the whole text (tree, spans and problems).
// It runs in the engine alone, so it takes FUZZ_RUNS cases of its own; FUZZ_SEED and FUZZ_PATH replay.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseDocument, type ParsedDocument } from '../../server/src/engine/parse.ts';
import { reparseYaml } from '../../server/src/engine/yaml-reparse.ts';
import { applyEdit, mutantArbitrary, mutate, type Edit } from './mutations.ts';
import { loadSeeds, replayOptions, runsFor } from './seeds.ts';

const RUNS = runsFor(1);
const YAML_SEEDS = loadSeeds().filter((seed) => seed.format === 'yaml');

/** Longer insertions (a tree operation re-serialising the document) arrive whole, as a paste. */
const TYPED_UP_TO = 40;

/** The edit as keystrokes: the deletion, then each character typed. */
function keystrokes(edit: Edit): Edit[] {
  const pieces = edit.text.length > TYPED_UP_TO ? [edit.text] : [...edit.text];
  let offset = edit.offset;
  const typed = pieces.map((piece) => ({ offset: (offset += piece.length) - piece.length, length: 0, text: piece }));
  return edit.length > 0 ? [{ offset: edit.offset, length: edit.length, text: '' }, ...typed] : typed;
}

const plain = (parsed: ParsedDocument) => ({
  root: parsed.root,
  complete: parsed.complete,
  problems: [...parsed.problems].sort((a, b) => a.span!.offset - b.span!.offset || a.span!.length - b.span!.length),
});

describe('fuzz: the YAML re-parse', () => {
  test(`${RUNS} mutated example documents, typed: every re-parse equals the whole parse`, (t) => {
    let states = 0;
    let reparsed = 0;
    fc.assert(
      fc.property(mutantArbitrary(YAML_SEEDS), (mutant) => {
        let text = mutant.seed.text;
        let parsed = parseDocument(text, 'yaml');
        for (const edit of mutate(mutant).edits) {
          for (const keystroke of keystrokes(edit)) {
            const next = applyEdit(text, keystroke);
            const again = reparseYaml({ text, parsed }, next);
            const whole = parseDocument(next, 'yaml');
            states++;
            if (again) {
              reparsed++;
              assert.deepEqual(plain(again), plain(whole), `the re-parse differs from the whole parse of:\n${next}`);
            }
            text = next;
            parsed = again ?? whole;
          }
        }
      }),
      { numRuns: RUNS, ...replayOptions() },
    );
    t.diagnostic(`re-parse fuzz: ${RUNS} mutants, ${states} typed states, ${reparsed} re-parsed and equal to the whole parse`);
  });
});
