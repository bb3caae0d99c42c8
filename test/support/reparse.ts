// Helpers of the re-parse tests: a parse as comparable data, and a seeded random generator so that
// a failing random edit sequence replays from its seed.
import assert from 'node:assert/strict';
import { parseDocument, type Format, type ParsedDocument, type PreviousParse } from '../../server/src/engine/parse.ts';

/** The parse as data, problems in document order (a re-parse lists them sorted; a whole parse, as found). */
export function comparable(parsed: ParsedDocument) {
  return {
    root: parsed.root,
    complete: parsed.complete,
    problems: [...parsed.problems].sort((a, b) => a.span!.offset - b.span!.offset || a.span!.length - b.span!.length),
  };
}

/** mulberry32: `pick(n)` is an integer in [0, n). */
export function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

export interface EditSequences {
  format: Format;
  seeds: string[];
  sequences: number;
  steps: number;
  /** The next text: one random edit of `text`. */
  edit(text: string, pick: (n: number) => number): string;
  /** The re-parse under test: undefined when it declines. */
  reparse(previous: PreviousParse, text: string): ParsedDocument | undefined;
}

/**
 * Runs `sequences` random edit sequences from the seeds, each state re-parsed from the previous
 * state's re-parse, and asserts that every re-parse equals the whole parse. Returns how many re-parsed.
 */
export function checkEditSequences(options: EditSequences): number {
  let reparsed = 0;
  for (let sequence = 0; sequence < options.sequences; sequence++) {
    const pick = random(sequence + 1);
    let text = options.seeds[pick(options.seeds.length)]!;
    let parsed = parseDocument(text, options.format);
    for (let step = 0; step < options.steps; step++) {
      const next = options.edit(text, pick);
      const again = options.reparse({ text, parsed }, next);
      const whole = parseDocument(next, options.format);
      if (again) {
        reparsed++;
        assert.deepEqual(comparable(again), comparable(whole), `sequence ${sequence}, step ${step}: the re-parse differs for\n${next}`);
      }
      text = next;
      parsed = again ?? whole;
    }
  }
  return reparsed;
}
