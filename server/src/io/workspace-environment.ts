// The workspace's environment detection file: `environment` in `.prodgate.yaml` (or .yml, .json)
// at a workspace folder's root.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toPlain } from '../engine/located.ts';
import { parseDocument } from '../engine/parse.ts';
import { get } from '../engine/values.ts';

export const ENVIRONMENT_FILES = ['.prodgate.yaml', '.prodgate.yml', '.prodgate.json'] as const;

/**
 * The first environment file of the folder and its `environment` value (undefined when the file
 * does not set one). A file that does not parse yields `null`: a value no environment has, so the
 * caller falls to production rather than to a laxer setting.
 */
export async function readEnvironmentFile(root: string): Promise<{ value: unknown; file: string } | undefined> {
  for (const name of ENVIRONMENT_FILES) {
    let text: string;
    try {
      text = await readFile(join(root, name), 'utf8');
    } catch {
      continue;
    }
    if (text.trim() === '') return { value: undefined, file: name };
    const parsed = parseDocument(text, name.endsWith('.json') ? 'json' : 'yaml');
    if (parsed.problems.some((problem) => problem.severity === 'error') || !parsed.root) return { value: null, file: name };
    return { value: get(toPlain(parsed.root), 'environment'), file: name };
  }
  return undefined;
}
