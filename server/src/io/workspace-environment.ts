// The workspace's environment detection file: `environment` in `.prodgate.yaml` (or .yml, .json)
// at a workspace folder's root.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toPlain } from '../engine/located.ts';
import { parseDocument } from '../engine/parse.ts';
import type { EnvironmentFileReading } from '../engine/commands/environment.ts';
import { get } from '../engine/values.ts';

export const ENVIRONMENT_FILES = ['.prodgate.yaml', '.prodgate.yml', '.prodgate.json'] as const;

/**
 * The first environment file of the folder and its `environment` value (undefined when the file
 * does not set one). A file that does not parse is a problem, so the caller falls to production
 * rather than to a laxer setting.
 */
export async function readEnvironmentFile(root: string): Promise<EnvironmentFileReading | undefined> {
  for (const name of ENVIRONMENT_FILES) {
    let text: string;
    try {
      text = await readFile(join(root, name), 'utf8');
    } catch {
      continue;
    }
    if (text.trim() === '') return { value: undefined, file: name };
    const parsed = parseDocument(text, name.endsWith('.json') ? 'json' : 'yaml');
    if (parsed.problems.some((problem) => problem.severity === 'error') || !parsed.root) return { file: name, problem: 'it does not parse' };
    return { value: get(toPlain(parsed.root), 'environment'), file: name };
  }
  return undefined;
}
