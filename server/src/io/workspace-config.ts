// A workspace folder's configuration file: the first of .prodgate.yaml, .yml, .json at its root,
// from the editor's text when it is open, else from disk.
import { join } from 'node:path';
import { toPlain } from '../engine/located.ts';
import { parseDocument } from '../engine/parse.ts';
import { readRegularFile } from './regular-file.ts';
import { CONFIG_FILES, readWorkspaceConfig, type WorkspaceConfig } from '../engine/workspace-config.ts';

export interface ConfigReading {
  /** The file's name (.prodgate.yaml). */
  file: string;
  text: string;
  config: WorkspaceConfig;
  /**
   * Why nothing could be read from it. A file that does not parse sets nothing, and the
   * environment falls to production rather than to a laxer setting.
   */
  problem?: string;
}

/** The folder's configuration file, or undefined when it has none. */
export async function readConfigFile(root: string, openText: (path: string) => string | undefined = () => undefined): Promise<ConfigReading | undefined> {
  for (const file of CONFIG_FILES) {
    const path = join(root, file);
    let text = openText(path);
    if (text === undefined) {
      try {
        text = new TextDecoder('utf-8').decode((await readRegularFile(path)).bytes);
      } catch {
        continue;
      }
    }
    return configReadingOf(file, text);
  }
  return undefined;
}

export function configReadingOf(file: string, text: string): ConfigReading {
  if (text.trim() === '') return { file, text, config: {} };
  const parsed = parseDocument(text, file.endsWith('.json') ? 'json' : 'yaml');
  if (parsed.problems.some((problem) => problem.severity === 'error')) return { file, text, config: {}, problem: 'it does not parse' };
  if (!parsed.root) return { file, text, config: {} }; // only comments
  return { file, text, config: readWorkspaceConfig(toPlain(parsed.root)) };
}
