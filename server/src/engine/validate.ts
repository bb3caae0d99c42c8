// One document in, its kind and located findings out. The LSP server and the CLI both call this.
import type { Finding } from './findings.ts';
import { matchesGlob } from './globs.ts';
import { KINDS, kindById } from './kinds/index.ts';
import type { ArtifactKind, KindId } from './kinds/kind.ts';
import { spanOfPath, toPlain, type LNode, type Span } from './located.ts';
import { parseDocument, type Format, type ParsedDocument, type PreviousParse } from './parse.ts';
import { schemaFindings } from './schema.ts';

export interface ValidationSettings {
  /** Glob → kind id; a pattern without `/` matches the file name. */
  files: Record<string, string>;
  maxFileSizeMB: number;
}

export const DEFAULT_SETTINGS: ValidationSettings = { files: {}, maxFileSizeMB: 5 };

export interface DocumentInput {
  text: string;
  /** Path of the file, relative to its workspace folder where there is one: globs match it. */
  path: string;
  /** The editor's language id; without it the format comes from the file extension. */
  languageId?: string;
  /** The kind the caller knows the document to be (a certification input): it overrides detection. */
  kind?: KindId;
  /** The text before an edit and its parse (Validation.parsed), for a YAML edit to re-parse only what it touched. */
  previous?: PreviousParse;
}

export interface LocatedFinding extends Finding {
  span: Span;
}

export interface Validation {
  kind: KindId | undefined;
  /** How the kind was decided. */
  kindSource: 'setting' | 'name' | 'schema' | 'content' | 'caller' | undefined;
  /** When the caller gave a kind: the different kind the content has, if it has one. */
  detectedKind?: KindId;
  findings: LocatedFinding[];
  /** The document's plain value, when it parsed (undefined for documents of no kind). */
  value?: unknown;
  /** Its located tree, to place findings about it (cross-file ones included). */
  root?: LNode;
  /** The parse it was made from, for the next edit's DocumentInput.previous. */
  parsed?: ParsedDocument;
}

const NO_KIND: Validation = { kind: undefined, kindSource: undefined, findings: [] };

export function formatOf(path: string, languageId?: string): Format | undefined {
  switch (languageId) {
    case 'json':
    case 'jsonc':
    case 'yaml':
    case 'jsonl':
      return languageId;
  }
  const extension = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  switch (extension) {
    case 'json':
      return 'json';
    case 'jsonc':
      return 'jsonc';
    case 'yaml':
    case 'yml':
      return 'yaml';
    case 'jsonl':
    case 'ndjson':
      return 'jsonl';
  }
  return undefined;
}

export function validateDocument(input: DocumentInput, settings: ValidationSettings = DEFAULT_SETTINGS): Validation {
  const format = formatOf(input.path, input.languageId);
  if (!format) return NO_KIND;
  const { text } = input;
  const requested = input.kind ? kindById(input.kind) : undefined;
  const configured = requested ?? kindFromSettings(input.path, settings.files);
  const configuredSource = requested ? 'caller' : 'setting';

  if (exceedsBytes(text, settings.maxFileSizeMB * 1024 * 1024)) {
    const named = configured ? undefined : kindFromName(input.path);
    const kind = configured ?? named ?? sniffKind(text);
    if (!kind) return NO_KIND;
    const message = `This file is larger than prodgate.maxFileSizeMB (${settings.maxFileSizeMB} MB); it is not validated.`;
    return {
      kind: kind.id,
      kindSource: configured ? configuredSource : named ? 'name' : 'content',
      findings: [{ code: 'file-too-large', severity: 'info', message, path: [], span: { offset: 0, length: 0 } }],
    };
  }

  if (text.trim() === '') {
    if (!configured) return NO_KIND;
    const message = `The file is empty, but it should be a ${configured.title}.`;
    return { kind: configured.id, kindSource: configuredSource, findings: [{ code: 'document-empty', severity: 'error', message, path: [], span: { offset: 0, length: 0 } }] };
  }

  const parsed = parseDocument(text, format, input.previous);
  const value = parsed.root ? toPlain(parsed.root) : undefined;
  const decided = decideKind(configured ?? kindFromName(input.path), value, text, format, parsed.complete);
  if (!decided) return NO_KIND;
  const { kind } = decided;
  const source = decided.source === 'setting' ? (configured ? configuredSource : 'name') : decided.source;
  const detected = requested ? decideKind(undefined, value, text, format, parsed.complete)?.kind : undefined;

  const findings: Finding[] = [...textProblems(text), ...parsed.problems];
  if (!kind.formats.includes(format)) {
    findings.push({
      code: 'format-unsupported',
      severity: 'error',
      message: `A ${kind.title} is written as ${kind.formats.join(' or ')}, not ${format}.`,
      path: [],
      span: { offset: 0, length: 0 },
    });
  } else if (parsed.complete && parsed.root) {
    findings.push(...schemaFindings(kind.schema, value), ...kind.check(value, { text, root: parsed.root }));
  }

  const root = parsed.root;
  const located = findings.map((item): LocatedFinding => ({
    ...item,
    span: item.span ?? (root ? spanOfPath(root, item.path, item.target) : { offset: 0, length: 0 }),
  }));
  located.sort((a, b) => a.span.offset - b.span.offset);
  const validation: Validation = { kind: kind.id, kindSource: source, findings: located, value, parsed, ...(root ? { root } : {}) };
  if (detected && detected.id !== kind.id) validation.detectedKind = detected.id;
  return validation;
}

function decideKind(
  configured: ArtifactKind | undefined,
  value: unknown,
  text: string,
  format: Format,
  complete: boolean,
): { kind: ArtifactKind; source: 'setting' | 'schema' | 'content' } | undefined {
  if (configured) return { kind: configured, source: 'setting' };
  const declared = kindFromSchemaReference(value, text);
  if (declared) return { kind: declared, source: 'schema' };
  if (!complete) {
    // A limit stopped parsing: the text itself says whether the document is one of ours.
    const sniffed = sniffKind(text);
    return sniffed && { kind: sniffed, source: 'content' };
  }
  if (value === undefined) return undefined;
  const detected = KINDS.find((kind) => kind.formats.includes(format) && kind.matches(value));
  return detected && { kind: detected, source: 'content' };
}

/** Kinds recognised by their file name alone (the workspace configuration). */
function kindFromName(path: string): ArtifactKind | undefined {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return KINDS.find((kind) => kind.fileNames?.includes(name));
}

function kindFromSettings(path: string, files: Record<string, string>): ArtifactKind | undefined {
  const normalized = path.replace(/\\/g, '/');
  const name = normalized.slice(normalized.lastIndexOf('/') + 1);
  for (const [glob, id] of Object.entries(files)) {
    const kind = kindById(id);
    if (!kind) continue;
    const subject = glob.includes('/') ? normalized : name;
    if (matchesGlob(subject, glob)) return kind;
  }
  return undefined;
}

/** `prodgate.files` takes kind ids; other extensions read them too. */
export function isKindId(id: string): id is KindId {
  return kindById(id) !== undefined;
}

const SCHEMA_NAME = /(?:^|[/\\])([a-z-]+)\.schema\.json(?:[?#].*)?$/;

/** A `$schema` value, or a yaml-language-server modeline, naming one of our schemas. */
function kindFromSchemaReference(value: unknown, text: string): ArtifactKind | undefined {
  const candidates: string[] = [];
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, '$schema')) {
    const declared = (value as Record<string, unknown>).$schema;
    if (typeof declared === 'string') candidates.push(declared);
  }
  const modeline = /^#\s*yaml-language-server:\s*\$schema=(\S+)/m.exec(text.slice(0, 4096));
  if (modeline) candidates.push(modeline[1]);
  for (const candidate of candidates) {
    const id = SCHEMA_NAME.exec(candidate)?.[1];
    const kind = id ? kindById(id) : undefined;
    if (kind) return kind;
  }
  return undefined;
}


/** Without parsing: does a large file look like one of ours? Only its first 64 KiB are read. */
function sniffKind(text: string): ArtifactKind | undefined {
  const head = text.slice(0, 65536);
  return KINDS.find((kind) => kind.signatureKeys.length > 0 && kind.signatureKeys.every((key) => new RegExp(`["']?\\b${key}\\b["']?\\s*:`).test(head)));
}

/** True when the UTF-8 encoding of `text` is longer than `limit` bytes, without encoding it. */
function exceedsBytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? (i++, 4) : 3;
    if (bytes > limit) return true;
  }
  return false;
}

/** NUL characters and U+FFFD (what a decoder leaves of bytes that were not UTF-8). */
function textProblems(text: string): Finding[] {
  const problems: Finding[] = [];
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    problems.push({
      code: 'invalid-encoding',
      severity: 'error',
      message: 'The file contains a NUL character (U+0000): artifacts must be plain UTF-8 text.',
      path: [],
      span: { offset: nul, length: 1 },
    });
  }
  const replacement = text.indexOf('\uFFFD');
  if (replacement !== -1) {
    problems.push({
      code: 'invalid-encoding',
      severity: 'error',
      message: 'The file contains bytes that are not valid UTF-8 (shown as U+FFFD): tools that read it strictly will reject it.',
      path: [],
      span: { offset: replacement, length: 1 },
    });
  }
  return problems;
}
