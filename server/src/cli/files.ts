// Expands the paths and globs given to the CLI into the artifact files to check.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

export const ARTIFACT_GLOB = '**/*.{json,jsonc,yaml,yml,jsonl,ndjson}';
const IGNORED = ['**/node_modules/**', '**/.git/**'];

export class UsageError extends Error {}

/** Files in a stable order. A missing path or a glob that matches nothing is a usage error. */
export async function expandInputs(inputs: readonly string[], cwd: string): Promise<string[]> {
  const files = new Set<string>();
  for (const input of inputs) {
    let matches: string[];
    if (isDynamicPattern(input)) {
      matches = await glob(input, { cwd, ignore: IGNORED, dot: true, onlyFiles: true, expandDirectories: false });
      if (matches.length === 0) throw new UsageError(`no files match ${input}`);
    } else {
      const info = await stat(input).catch(() => undefined);
      if (!info) throw new UsageError(`${input}: no such file or directory`);
      matches = info.isDirectory()
        ? await glob(ARTIFACT_GLOB, { cwd: input, ignore: IGNORED, dot: true, onlyFiles: true }).then((found) =>
            found.map((file) => join(input, file)),
          )
        : [input];
    }
    for (const match of matches.sort()) files.add(match);
  }
  return [...files];
}
