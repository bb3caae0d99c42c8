// The fuzz suite's seeds: every example document under examples/, found by walking the folder so a
// new example is covered without touching the suite.
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const EXAMPLES = resolve(__dirname, '../../examples');

export type SeedFormat = 'json' | 'yaml' | 'jsonl' | 'markdown' | 'shellscript';

export interface Seed {
  /** Path relative to examples/, with `/` separators. */
  path: string;
  format: SeedFormat;
  /** The editor language id the LSP client opens it with. */
  languageId: string;
  text: string;
}

const FORMATS: Record<string, SeedFormat> = {
  '.json': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.jsonl': 'jsonl',
  '.md': 'markdown',
  '.sh': 'shellscript',
};

function walk(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? walk(join(directory, entry.name)) : [join(directory, entry.name)]));
}

export function loadSeeds(root = EXAMPLES): Seed[] {
  const seeds: Seed[] = [];
  for (const file of walk(root)) {
    const extension = /\.[^./]+$/.exec(file)?.[0]?.toLowerCase() ?? '';
    const format = FORMATS[extension];
    if (!format) continue;
    const path = relative(root, file).split('\\').join('/');
    // fast-check prints a counterexample's seed by its path, not its whole text.
    seeds.push({ path, format, languageId: format, text: readFileSync(file, 'utf8'), [fc.toStringMethod]: () => `seed(${path})` } as Seed);
  }
  return seeds;
}

/** Runs per suite: FUZZ_RUNS is the total over the LSP and CLI suites (default 500). */
export function runsFor(share: number): number {
  const total = Number(process.env.FUZZ_RUNS ?? 500);
  if (!Number.isInteger(total) || total <= 0) throw new Error(`FUZZ_RUNS must be a positive integer, not "${process.env.FUZZ_RUNS}"`);
  return Math.max(1, Math.round(total * share));
}

/** fast-check options: FUZZ_SEED (and FUZZ_PATH, both printed by fast-check on failure) replay a run. */
export function replayOptions(): { seed?: number; path?: string; includeErrorInReport: boolean } {
  const options: { seed?: number; path?: string; includeErrorInReport: boolean } = { includeErrorInReport: true };
  if (process.env.FUZZ_SEED !== undefined && process.env.FUZZ_SEED !== '') options.seed = Number(process.env.FUZZ_SEED);
  if (process.env.FUZZ_PATH) options.path = process.env.FUZZ_PATH;
  return options;
}
