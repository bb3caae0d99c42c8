// The workspace configuration for the CLI: `--config FILE`, else .prodgate.yaml|yml|json in the
// current directory. Rule severities, files and ignore entries apply as in the editor.
import { readFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { CODES } from '../engine/codes.ts';
import { applySuppressions, commentPrefixOf, ignoreEntriesFor } from '../engine/suppressions.ts';
import { formatOf, validateDocument, type LocatedFinding } from '../engine/validate.ts';
import type { IgnoreEntry, WorkspaceConfig } from '../engine/workspace-config.ts';
import { configReadingOf, readConfigFile } from '../io/workspace-config.ts';
import { spanOfPath } from '../engine/located.ts';
import { UsageError } from './files.ts';
import type { FileResult } from './output.ts';

export interface CliConfig {
  /** The folder paths in the configuration are relative to. */
  root: string;
  /** The configuration file's path and text, when there is one. */
  file?: { path: string; text: string };
  config: WorkspaceConfig;
}

/** Throws a UsageError for a --config that cannot be read, or a configuration that does not parse. */
export async function loadCliConfig(explicit: string | undefined, cwd: string): Promise<CliConfig> {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new UsageError(`--config ${explicit}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const reading = configReadingOf(basename(path), text);
    if (reading.problem) throw new UsageError(`${explicit}: ${reading.problem}; the rules it sets are unknown, so nothing was checked`);
    return { root: dirname(path), file: { path, text }, config: reading.config };
  }
  const reading = await readConfigFile(cwd);
  if (!reading) return { root: cwd, config: {} };
  if (reading.problem) throw new UsageError(`${reading.file}: ${reading.problem}; fix it (or give --config FILE), since the rules it sets are unknown`);
  return { root: cwd, file: { path: resolve(cwd, reading.file), text: reading.text }, config: reading.config };
}

/**
 * Applies the severities, suppression comments and ignore entries to each result, and reports
 * the ignore entries that suppressed nothing in the files they name (when those were checked).
 */
export function applyConfiguration(results: readonly FileResult[], cli: CliConfig, cwd: string): FileResult[] {
  const used = new Set<IgnoreEntry>();
  const matched = new Set<IgnoreEntry>();
  const applied = results.map((result): FileResult => {
    const absolute = resolve(cwd, result.path);
    const ignore = ignoreEntriesFor(relative(cli.root, absolute), cli.config.ignore);
    for (const entry of ignore) matched.add(entry);
    const shown = applySuppressions(result.validation.findings, result.text, commentPrefixOf(formatOf(result.path)), { rules: cli.config.rules ?? {}, ignore }, result.validation.root);
    for (const item of shown.suppressed) if ('ignore' in item.by) used.add(item.by.ignore);
    return { ...result, validation: { ...result.validation, findings: shown.findings }, suppressed: shown.suppressed };
  });
  const unused = (cli.config.ignore ?? []).map((entry, index) => ({ entry, index })).filter(({ entry }) => matched.has(entry) && !used.has(entry));
  if (unused.length === 0 || !cli.file) return applied;
  const { path: configPath, text } = cli.file;
  let position = applied.findIndex((result) => resolve(cwd, result.path) === configPath);
  if (position === -1) {
    // The entries' files were checked, so their configuration is reported too.
    const path = relative(cwd, configPath) || configPath;
    position = applied.push({ path, text, validation: validateDocument({ text, path }) }) - 1;
  }
  const target = applied[position]!;
  const root = target.validation.root;
  // An entry with an unknown code is already a suppression-invalid of the configuration: not also unused.
  const findings: LocatedFinding[] = unused.filter(({ entry }) => Object.hasOwn(CODES, entry.code)).map(({ entry, index }) => ({
    code: 'suppression-unused',
    severity: 'warning',
    message: `No "${entry.code}" finding is in ${entry.file}${entry.path ? ` at ${entry.path}` : ''}: this ignore entry silences nothing and can be removed.`,
    path: ['ignore', index],
    span: root ? spanOfPath(root, ['ignore', index]) : { offset: 0, length: 0 },
  }));
  applied[position] = { ...target, validation: { ...target.validation, findings: [...target.validation.findings, ...findings].sort((a, b) => a.span.offset - b.span.offset) } };
  return applied;
}
