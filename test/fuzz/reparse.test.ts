// Fuzzes the re-parse of edited documents (engine/yaml-reparse.ts, engine/json-reparse.ts) with the
// suite's mutations of every example YAML and JSON document, typed as an editor sends them: each edit's deletion, then its text one character
// at a time, each state re-parsed from the re-parse of the state before. Property: whenever it
// re-parses, the result equals parsing the whole text (tree, spans and problems).
// It runs in the engine alone, so it takes FUZZ_RUNS cases of its own; FUZZ_SEED and FUZZ_PATH replay.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { reparseJson } from '../../server/src/engine/json-reparse.ts';
import { parseDocument, type PreviousParse } from '../../server/src/engine/parse.ts';
import { reparseYaml } from '../../server/src/engine/yaml-reparse.ts';
import { comparable } from '../support/reparse.ts';
import { applyEdit, mutantArbitrary, mutate, type Edit } from './mutations.ts';
import { loadSeeds, replayOptions, runsFor } from './seeds.ts';

const RUNS = runsFor(1);
const SEEDS = loadSeeds().filter((seed) => seed.format === 'yaml' || seed.format === 'json');

/** Longer insertions (a tree operation re-serialising the document) arrive whole, as a paste. */
const TYPED_UP_TO = 40;

/** The edit as keystrokes: the deletion, then each character typed. */
function keystrokes(edit: Edit): Edit[] {
  const pieces = edit.text.length > TYPED_UP_TO ? [edit.text] : [...edit.text];
  let offset = edit.offset;
  const typed = pieces.map((piece) => ({ offset: (offset += piece.length) - piece.length, length: 0, text: piece }));
  return edit.length > 0 ? [{ offset: edit.offset, length: edit.length, text: '' }, ...typed] : typed;
}

describe('fuzz: re-parsing what an edit touched', () => {
  test(`${RUNS} mutated example documents (YAML and JSON), typed: every re-parse equals the whole parse`, (t) => {
    let states = 0;
    let reparsed = 0;
    fc.assert(
      fc.property(mutantArbitrary(SEEDS), (mutant) => {
        const format = mutant.seed.format === 'yaml' ? 'yaml' : 'json';
        let text = mutant.seed.text;
        let parsed = parseDocument(text, format);
        for (const edit of mutate(mutant).edits) {
          for (const keystroke of keystrokes(edit)) {
            const next = applyEdit(text, keystroke);
            const previous: PreviousParse = { text, parsed };
            const again = format === 'yaml' ? reparseYaml(previous, next) : reparseJson(previous, next, format);
            const whole = parseDocument(next, format);
            states++;
            if (again) {
              reparsed++;
              assert.deepEqual(comparable(again), comparable(whole), `the re-parse differs from the whole parse of:\n${next}`);
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
