// The workspace configuration (.prodgate.yaml|yml|json at a workspace folder's root): how its
// value is read, and the findings about it that go beyond its schema.
import { CODES } from './codes.ts';
import { finding, type Finding } from './findings.ts';
import { isObject } from './values.ts';

export const CONFIG_FILES = ['.prodgate.yaml', '.prodgate.yml', '.prodgate.json'] as const;

export const RULE_SETTINGS = ['off', 'info', 'warning', 'error'] as const;
export type RuleSetting = (typeof RULE_SETTINGS)[number];

/** A suppression for files that cannot carry comments. */
export interface IgnoreEntry {
  /** A path or glob relative to the workspace folder. */
  file: string;
  /** A JSON path ($.a.b[2]); the finding there or under it. Absent: the whole file. */
  path?: string;
  code: string;
  reason: string;
}

/** What a configuration (file or settings) sets; keys it leaves out are absent. */
export interface WorkspaceConfig {
  rules?: Record<string, RuleSetting>;
  files?: Record<string, string>;
  /** As written: checked where it is used (unknown values mean production). */
  environment?: unknown;
  bundle?: string;
  connectorCatalog?: string;
  ignore?: IgnoreEntry[];
}

export const CONFIG_KEYS = ['rules', 'files', 'environment', 'bundle', 'connectorCatalog', 'ignore'] as const;

export function isConfigFileName(name: string): boolean {
  return (CONFIG_FILES as readonly string[]).includes(name);
}

/**
 * The configuration a value sets. Entries of the wrong shape are left out (the schema reports
 * them), so that one typo does not drop the rest of the file.
 */
export function readWorkspaceConfig(value: unknown): WorkspaceConfig {
  if (!isObject(value)) return {};
  const config: WorkspaceConfig = {};
  const own = (key: string) => (Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined);
  const rules = own('rules');
  if (isObject(rules)) {
    config.rules = {};
    for (const [code, setting] of Object.entries(rules)) if ((RULE_SETTINGS as readonly unknown[]).includes(setting)) config.rules[code] = setting as RuleSetting;
  }
  const files = own('files');
  if (isObject(files)) {
    config.files = {};
    for (const [glob, kind] of Object.entries(files)) if (typeof kind === 'string') config.files[glob] = kind;
  }
  if (own('environment') !== undefined) config.environment = own('environment');
  for (const key of ['bundle', 'connectorCatalog'] as const) {
    const path = own(key);
    if (typeof path === 'string' && path.trim() !== '') config[key] = path.trim();
  }
  const ignore = own('ignore');
  // An entry without a real reason does not apply: its own finding says why.
  if (Array.isArray(ignore)) config.ignore = ignore.flatMap((entry) => (isIgnoreEntry(entry) && reasonProblem(entry.reason) === undefined ? [ignoreEntryOf(entry)] : []));
  return config;
}

function isIgnoreEntry(entry: unknown): entry is Record<string, string> {
  return isObject(entry) && typeof entry.file === 'string' && typeof entry.code === 'string' && typeof entry.reason === 'string' && (entry.path === undefined || typeof entry.path === 'string');
}

function ignoreEntryOf(entry: Record<string, string>): IgnoreEntry {
  return { file: entry.file!, code: entry.code!, reason: entry.reason!.trim(), ...(entry.path !== undefined ? { path: entry.path } : {}) };
}

/** The reason a suppression gives is missing or still the quick fix's placeholder. */
export function reasonProblem(reason: string | undefined): string | undefined {
  if (reason === undefined || reason.trim() === '') return 'it gives no reason';
  if (/^TODO\b/i.test(reason.trim())) return 'its reason is still the placeholder "TODO"';
  return undefined;
}

/** The closest known code to an unknown one, for "did you mean". */
export function closestCode(code: string): string | undefined {
  let best: { code: string; distance: number } | undefined;
  for (const known of Object.keys(CODES)) {
    const distance = editDistance(code, known);
    if (!best || distance < best.distance) best = { code: known, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(code.length / 4)) ? best.code : undefined;
}

export function unknownCodeMessage(code: string, what: string): string {
  const suggestion = closestCode(code);
  return `"${code}" is not a ProdGate finding code, so ${what}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** Rules for unknown codes, and ignore entries that cannot apply. */
export function configFindings(value: unknown): Finding[] {
  if (!isObject(value)) return [];
  const findings: Finding[] = [];
  if (isObject(value.rules)) {
    for (const code of Object.keys(value.rules)) {
      if (!(code in CODES)) findings.push(finding('config-rule-unknown', 'warning', unknownCodeMessage(code, 'this severity applies to nothing'), ['rules', code], 'key'));
    }
  }
  if (Array.isArray(value.ignore)) {
    value.ignore.forEach((entry, index) => {
      if (!isObject(entry)) return;
      if (typeof entry.code === 'string' && entry.code !== '' && !(entry.code in CODES)) {
        findings.push(finding('suppression-invalid', 'error', unknownCodeMessage(entry.code, 'this entry suppresses nothing'), ['ignore', index, 'code']));
      }
      // An absent or empty reason is the schema's finding; blank and placeholder ones are this one.
      const problem = typeof entry.reason === 'string' && entry.reason !== '' ? reasonProblem(entry.reason) : undefined;
      if (problem) {
        findings.push(finding('suppression-invalid', 'error', `This suppression is not accepted: ${problem}. Say why the finding is acceptable.`, ['ignore', index, 'reason']));
      }
    });
  }
  return findings;
}

/** Paths the configuration names that are not among the `existing` ones (relative to its folder, trimmed). */
export function configPathFindings(value: unknown, existing: ReadonlySet<string>): Finding[] {
  if (!isObject(value)) return [];
  const findings: Finding[] = [];
  for (const key of ['bundle', 'connectorCatalog'] as const) {
    const path = value[key];
    if (typeof path === 'string' && path.trim() !== '' && !existing.has(path.trim())) {
      findings.push(finding('config-path-missing', 'error', `${key}: "${path}" does not exist (paths are relative to the workspace folder).`, [key]));
    }
  }
  return findings;
}
