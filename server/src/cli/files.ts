// Expands the paths and globs given to the CLI into the artifact files to check.
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

export const ARTIFACT_GLOB = '**/*.{json,jsonc,yaml,yml,jsonl,ndjson}';
const IGNORED = ['**/node_modules/**', '**/.git/**'];

export class UsageError extends Error {}

/** Files in a stable order, as paths relative to `cwd` (or absolute, as given). A missing path or a glob that matches nothing is a usage error. */
export async function expandInputs(inputs: readonly string[], cwd: string): Promise<string[]> {
  const files = new Set<string>();
  for (const input of inputs) {
    let matches: string[];
    if (isDynamicPattern(input)) {
      matches = await glob(input, { cwd, ignore: IGNORED, dot: true, onlyFiles: true, expandDirectories: false, followSymbolicLinks: false });
      if (matches.length === 0) throw new UsageError(`no files match ${input}`);
    } else {
      const info = await stat(resolve(cwd, input)).catch(() => undefined);
      if (!info) throw new UsageError(`${input}: no such file or directory`);
      matches = info.isDirectory()
        ? // Symlinked directories are not followed: a link to / or to .. would walk outside the tree, or loop.
          await glob(ARTIFACT_GLOB, { cwd: resolve(cwd, input), ignore: IGNORED, dot: true, onlyFiles: true, followSymbolicLinks: false }).then((found) =>
            found.map((file) => join(input, file)),
          )
        : [input];
    }
    for (const match of matches.sort()) files.add(match);
  }
  return [...files];
}
