// `prodgate validate --baseline FILE`: record today's findings once, then fail only on new ones.
//
// A finding is identified by a fingerprint that does not depend on where it sits in the file, so
// inserting lines, comments or list entries above it does not make an old finding new:
//
//   sha256(JSON [ "prodgate-baseline/1", file, code, json path, anchor text, occurrence ])
//
// - file: the artifact's path relative to the baseline file's folder, with forward slashes (the
//   same on Windows and in CI, wherever the command runs from);
// - json path: `$.permissions.allow[*]` — array indices are written `[*]`, so adding an entry to a
//   list above the finding does not move it;
// - anchor text: the offending source text (the first line of the finding's span, or the line it
//   sits on when the span is empty), whitespace collapsed and trimmed — so editing the offending
//   value makes it a new finding, re-indenting it or switching LF/CRLF does not;
// - occurrence: the finding's index, in document order, among the findings of the file with the
//   same (code, json path, anchor text), so that identical findings stay distinct (and a second
//   copy of a baselined problem is new).
//
// The message is left out: messages quote counts and lists ("missing 2 metrics: …") that change
// when the problem is partly fixed, which would make a baselined finding look new.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatJsonPath, type JsonPath, type Span } from '../engine/located.ts';
import type { LocatedFinding } from '../engine/validate.ts';
import type { BaselineSummary, FileResult } from './output.ts';

export const BASELINE_VERSION = 1;
const FINGERPRINT_SCHEME = 'prodgate-baseline/1';

export interface BaselineEntry {
  fingerprint: string;
  /** Relative to the baseline file's folder, forward slashes. */
  file: string;
  code: string;
  /** The finding's JSON path (informational). */
  path: string;
  /** 1-based line when it was recorded (informational: not part of the fingerprint). */
  line: number;
  /** Informational: not part of the fingerprint. */
  message: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  tool: 'prodgate';
  findings: BaselineEntry[];
}

/** A baseline file that cannot be read or is not a ProdGate baseline: exit 2, never overwritten. */
export class BaselineError extends Error {}

// ---------------------------------------------------------------------------------------------
// Fingerprints

/** `$.permissions.allow[*]`: the JSON path with its array indices left out. */
export function fingerprintPath(path: JsonPath): string {
  return '$' + path.map((segment) => (typeof segment === 'number' ? '[*]' : formatJsonPath([segment]).slice(1))).join('');
}

function lineStart(text: string, offset: number): number {
  let start = Math.min(Math.max(offset, 0), text.length);
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return start;
}

function lineEnd(text: string, offset: number): number {
  let end = Math.min(Math.max(offset, 0), text.length);
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return end;
}

/** The source text that identifies a finding: the first line of its span, or its line when the span is empty. */
export function anchorText(text: string, span: Span): string {
  let start = span.offset;
  let end: number;
  if (span.length > 0) {
    end = Math.min(span.offset + span.length, lineEnd(text, span.offset));
  } else {
    start = lineStart(text, span.offset);
    end = lineEnd(text, span.offset);
  }
  return text.slice(start, end).replace(/\s+/g, ' ').trim();
}

/** The fingerprint of each finding of one file, in the order given. `file`: relative, forward slashes. */
export function fingerprintFindings(file: string, text: string, findings: readonly Pick<LocatedFinding, 'code' | 'path' | 'span'>[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const identity = [file, finding.code, fingerprintPath(finding.path), anchorText(text, finding.span)];
    const key = JSON.stringify(identity);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return createHash('sha256').update(JSON.stringify([FINGERPRINT_SCHEME, ...identity, occurrence])).digest('hex');
  });
}

/** `path` (as the CLI read it, relative to `cwd`) relative to the baseline's folder, with forward slashes. */
export function baselineRelativePath(path: string, baselineFile: string, cwd: string): string {
  return relative(dirname(resolve(cwd, baselineFile)), resolve(cwd, path)).split(sep).join('/');
}

export interface FileEntries {
  result: FileResult;
  /** The file's path relative to the baseline's folder. */
  file: string;
  /** One per finding of `result`, in the same order. */
  entries: BaselineEntry[];
}

/** One entry per finding of every result, fingerprinted and in document order. */
export function baselineEntries(results: readonly FileResult[], baselineFile: string, cwd: string): FileEntries[] {
  return results.map((result) => {
    const file = baselineRelativePath(result.path, baselineFile, cwd);
    const fingerprints = fingerprintFindings(file, result.text, result.validation.findings);
    const document = TextDocument.create('file:///', 'plaintext', 0, result.text);
    return {
      result,
      file,
      entries: result.validation.findings.map((finding, index) => ({
        fingerprint: fingerprints[index],
        file,
        code: finding.code,
        path: formatJsonPath(finding.path),
        line: document.positionAt(finding.span.offset).line + 1,
        message: finding.message,
      })),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The file

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return byText(a.file, b.file) || a.line - b.line || byText(a.code, b.code) || byText(a.path, b.path) || byText(a.fingerprint, b.fingerprint);
}

/** The baseline as written: sorted by file, line, code; one finding per block; a trailing newline. */
export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  const unique = new Map<string, BaselineEntry>();
  for (const entry of entries) unique.set(entry.fingerprint, entry);
  const findings = [...unique.values()].sort(compareEntries).map(({ fingerprint, file, code, path, line, message }) => ({ fingerprint, file, code, path, line, message }));
  const baseline: Baseline = { version: BASELINE_VERSION, tool: 'prodgate', findings };
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Reads a baseline's text; throws BaselineError (naming `file`) when it is not one. */
export function parseBaseline(text: string, file: string): Baseline {
  const fail = (why: string): never => {
    throw new BaselineError(`${file} is not a ProdGate baseline (${why}); it was left unchanged. Fix it, or delete it to record a new baseline.`);
  };
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail(`not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('not a JSON object');
  const object = value as Record<string, unknown>;
  if (object.tool !== 'prodgate') return fail('"tool" is not "prodgate"');
  if (object.version !== BASELINE_VERSION) {
    if (typeof object.version === 'number' && object.version > BASELINE_VERSION) {
      throw new BaselineError(`${file} is a version ${object.version} baseline, written by a newer ProdGate; this one reads version ${BASELINE_VERSION}. It was left unchanged.`);
    }
    return fail(`"version" is not ${BASELINE_VERSION}`);
  }
  if (!Array.isArray(object.findings)) return fail('"findings" is not a list');
  const findings: BaselineEntry[] = [];
  object.findings.forEach((item: unknown, index) => {
    const entry = item as Partial<Record<keyof BaselineEntry, unknown>> | null;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return fail(`findings[${index}] is not an object`);
    if (typeof entry.fingerprint !== 'string' || !/^[0-9a-f]{64}$/.test(entry.fingerprint)) return fail(`findings[${index}].fingerprint is not a sha256 fingerprint`);
    if (typeof entry.file !== 'string') return fail(`findings[${index}].file is not a string`);
    findings.push({
      fingerprint: entry.fingerprint,
      file: entry.file,
      code: typeof entry.code === 'string' ? entry.code : '',
      path: typeof entry.path === 'string' ? entry.path : '',
      line: typeof entry.line === 'number' ? entry.line : 0,
      message: typeof entry.message === 'string' ? entry.message : '',
    });
  });
  return { version: BASELINE_VERSION, tool: 'prodgate', findings };
}

// ---------------------------------------------------------------------------------------------
// Comparing

export interface Comparison {
  /** The results with their baselined findings removed: what is reported and decides the exit code. */
  results: FileResult[];
  baselined: number;
  /** Baseline entries of the files checked that no longer occur. */
  fixed: BaselineEntry[];
}

/**
 * Splits the current findings into baselined and new. Only entries of files that were checked can
 * be "fixed": validating part of a tree against a baseline of the whole does not report the rest as fixed.
 */
export function compareWithBaseline(current: readonly FileEntries[], baseline: Baseline): Comparison {
  const known = new Set(baseline.findings.map((entry) => entry.fingerprint));
  const checkedFiles = new Set(current.map(({ file }) => file));
  const found = new Set<string>();
  let baselined = 0;
  const results = current.map(({ result, entries }) => {
    const findings = result.validation.findings.filter((_, index) => {
      const { fingerprint } = entries[index];
      found.add(fingerprint);
      if (!known.has(fingerprint)) return true;
      baselined++;
      return false;
    });
    return findings.length === result.validation.findings.length ? result : { ...result, validation: { ...result.validation, findings } };
  });
  const fixed = baseline.findings.filter((entry) => checkedFiles.has(entry.file) && !found.has(entry.fingerprint));
  return { results, baselined, fixed };
}

// ---------------------------------------------------------------------------------------------
// The CLI edge: read, compare or write

export interface BaselineOptions {
  /** The --baseline argument, relative to `cwd`. */
  file: string;
  /** --update-baseline: rewrite the file with the current findings. */
  update: boolean;
  cwd: string;
  results: readonly FileResult[];
  /** False when some file could not be read: the baseline is then not written (it would lose its findings). */
  complete: boolean;
}

export interface BaselineOutcome {
  /** What to report: the findings not in the baseline. */
  results: FileResult[];
  summary: BaselineSummary;
  /** Lines for stderr: what was written, what is fixed. */
  notes: string[];
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      // Only a file that is surely gone loses its entries.
      return !(error.code === 'ENOENT' || error.code === 'ENOTDIR');
    },
  );
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new BaselineError(`cannot write the baseline ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Whether `path` (as the CLI lists files) is the baseline file itself, which is not an artifact. */
export function isBaselineFile(path: string, baselineFile: string, cwd: string): boolean {
  return resolve(cwd, path) === resolve(cwd, baselineFile);
}

/**
 * Applies --baseline: a missing file is written with every current finding (nothing fails); an
 * existing one filters its findings out; --update-baseline rewrites it. Throws BaselineError when
 * the file exists but cannot be read or is not a baseline.
 */
export async function applyBaseline(options: BaselineOptions): Promise<BaselineOutcome> {
  const path = resolve(options.cwd, options.file);
  const shown = options.file;
  const current = baselineEntries(options.results, options.file, options.cwd);
  const currentEntries = current.flatMap(({ entries }) => entries);

  let previous: Baseline | undefined;
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new BaselineError(`cannot read the baseline ${shown}: ${code ?? (error as Error).message}`);
  }
  if (text !== undefined) previous = parseBaseline(text, shown);

  if (previous && !options.update) {
    const comparison = compareWithBaseline(current, previous);
    const notes: string[] = [];
    if (comparison.fixed.length > 0) {
      notes.push(
        `prodgate: ${plural(comparison.fixed.length, 'baselined finding')} no longer ${comparison.fixed.length === 1 ? 'occurs' : 'occur'}; ` +
          `run with --update-baseline to remove ${comparison.fixed.length === 1 ? 'it' : 'them'} from ${shown}.`,
      );
    }
    return { results: comparison.results, summary: { baselined: comparison.baselined, fixed: comparison.fixed.length }, notes };
  }

  // Write: the first run, or --update-baseline.
  if (!options.complete) {
    return {
      results: [...options.results],
      summary: { baselined: 0 },
      notes: [`prodgate: the baseline ${shown} was not ${previous ? 'updated' : 'written'}: some files could not be read.`],
    };
  }
  const kept: BaselineEntry[] = [];
  let fixed = 0;
  if (previous) {
    // Entries of files this run did not check stay, as long as those files still exist.
    const checked = new Set(current.map(({ file }) => file));
    const currentFingerprints = new Set(currentEntries.map((entry) => entry.fingerprint));
    const baseFolder = dirname(path);
    for (const entry of previous.findings) {
      if (checked.has(entry.file)) {
        if (!currentFingerprints.has(entry.fingerprint)) fixed++;
      } else if (await exists(resolve(baseFolder, entry.file))) {
        kept.push(entry);
      } else {
        fixed++;
      }
    }
  }
  const written = [...kept, ...currentEntries];
  await writeAtomically(path, serializeBaseline(written));
  const recorded = new Set(written.map((entry) => entry.fingerprint)).size;
  const notes = previous
    ? [
        `prodgate: updated the baseline ${shown}: ${plural(recorded, 'finding')} recorded` +
          (fixed > 0 ? `, ${fixed} fixed removed` : '') +
          (kept.length > 0 ? ` (${kept.length} of files not checked in this run kept)` : '') +
          '.',
      ]
    : [`prodgate: wrote the baseline ${shown}: ${plural(recorded, 'finding')} recorded. Later runs with --baseline ${shown} fail only on findings not in it.`];
  const nothingNew: FileResult[] = options.results.map((result) => ({ ...result, validation: { ...result.validation, findings: [] } }));
  return { results: nothingNew, summary: { baselined: currentEntries.length }, notes };
}
