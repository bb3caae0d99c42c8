// Reads the artifacts a certification needs from disk (or from the editor's open documents) and
// turns them into the engine's inputs. Anything unreadable or of the wrong kind becomes a clear
// problem on that input, never an exception.
import { dirname, resolve } from 'node:path';
import { readCatalog } from '../engine/certification/catalog.ts';
import type { ArtifactInput, AuditLogInput, CatalogInput, CertificationInputs } from '../engine/certification/certify.ts';
import { ShadowAuditReader } from '../engine/certification/shadow-audit.ts';
import { INPUT_KINDS, type InputName } from '../engine/certification/types.ts';
import { BUNDLE_KEYS } from '../engine/kinds/certification-bundle.ts';
import { kindById } from '../engine/kinds/index.ts';
import { toPlain } from '../engine/located.ts';
import { parseDocument } from '../engine/parse.ts';
import { formatOf, validateDocument, type ValidationSettings } from '../engine/validate.ts';
import { get, isObject } from '../engine/values.ts';
import { readLines } from './lines.ts';
import { readRegularFile } from './regular-file.ts';

export type BundleKey = (typeof BUNDLE_KEYS)[number];
/** Absolute paths of the artifacts, by bundle key. */
export type InputPaths = Partial<Record<BundleKey, string>>;

/** A loaded artifact's text, kept to place its issues (audit logs are streamed and not kept). */
export interface SourceText {
  path: string;
  text: string;
}

export interface LoadOptions {
  settings: ValidationSettings;
  /** The text of a file as the editor has it, when it is open there. */
  openText?: (absolutePath: string) => string | undefined;
  /** How files are named in the report (e.g. relative to the workspace). */
  displayPath?: (absolutePath: string) => string;
  /** Receives the text of every artifact read, by display name. */
  sources?: Map<string, SourceText>;
}

const decoder = new TextDecoder('utf-8');

async function readText(path: string, options: LoadOptions): Promise<string> {
  return options.openText?.(path) ?? decoder.decode((await readRegularFile(path)).bytes);
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EFTYPE') return 'not a regular file (a FIFO, socket or device)';
  return (error as Error).message;
}

export async function loadArtifact(name: Exclude<InputName, 'audit_log'>, path: string, options: LoadOptions): Promise<ArtifactInput> {
  const file = options.displayPath?.(path) ?? path;
  const expected = kindById(INPUT_KINDS[name])!;
  let text: string;
  try {
    text = await readText(path, options);
  } catch (error) {
    return { file, problem: `${file}: cannot read ${expected.title}: ${describeError(error)}.` };
  }
  if (!formatOf(path)) return { file, problem: `${file}: a ${expected.title} must be a .json, .jsonc, .yaml or .yml file.` };
  options.sources?.set(file, { path, text });
  const validation = validateDocument({ text, path, kind: expected.id }, options.settings);
  if (validation.detectedKind) {
    return { file, findings: validation.findings, problem: `${file} is a ${kindById(validation.detectedKind)!.title}, not a ${expected.title}.` };
  }
  if (!isObject(validation.value)) {
    const syntax = validation.findings.find((finding) => finding.code === 'syntax-error' || finding.code === 'nesting-too-deep' || finding.code === 'yaml-alias-limit' || finding.code === 'file-too-large' || finding.code === 'document-empty');
    const why = syntax ? syntax.message : 'it is not a JSON object';
    return { file, findings: validation.findings, problem: `${file}: cannot use this ${expected.title}: ${why}` };
  }
  return { file, value: validation.value, findings: validation.findings };
}

/** Streams the audit log through the shadow-audit reader: constant memory whatever its size. */
export async function loadAuditLog(path: string, options: LoadOptions): Promise<AuditLogInput> {
  const file = options.displayPath?.(path) ?? path;
  const reader = new ShadowAuditReader();
  try {
    for await (const line of readLines(path)) reader.addLine(line.text, line.line, line);
  } catch (error) {
    return { file, problem: `${file}: cannot read the shadow-mode audit log: ${describeError(error)}.` };
  }
  return { file, summary: reader.summary() };
}

export async function loadCatalog(path: string, options: LoadOptions): Promise<CatalogInput> {
  const file = options.displayPath?.(path) ?? path;
  let text: string;
  try {
    text = await readText(path, options);
  } catch (error) {
    return { file, integrations: [], problems: [`cannot read it: ${describeError(error)}.`] };
  }
  const format = formatOf(path);
  if (!format || format === 'jsonl') return { file, integrations: [], problems: ['a connector catalog is a .json or .yaml file.'] };
  const parsed = parseDocument(text, format);
  const syntax = parsed.problems.find((problem) => problem.severity === 'error');
  if (syntax || !parsed.root) return { file, integrations: [], problems: [syntax?.message ?? 'the file is empty.'] };
  const { catalog, problems } = readCatalog(toPlain(parsed.root));
  return { file, integrations: catalog, problems };
}

export async function loadCertificationInputs(paths: InputPaths, options: LoadOptions): Promise<CertificationInputs> {
  const inputs: CertificationInputs = {};
  const loads: Promise<void>[] = [];
  for (const key of BUNDLE_KEYS) {
    const path = paths[key];
    if (!path) continue;
    if (key === 'audit_log') loads.push(loadAuditLog(path, options).then((input) => void (inputs.audit_log = input)));
    else if (key === 'connector_catalog') loads.push(loadCatalog(path, options).then((input) => void (inputs.catalog = input)));
    else loads.push(loadArtifact(key, path, options).then((input) => void (inputs[key] = input)));
  }
  await Promise.all(loads);
  return inputs;
}

export interface Bundle {
  paths: InputPaths;
  /** The bundle's own problems (not a bundle, a syntax error, an unknown key): nothing can be certified. */
  problems: string[];
}

/** A bundle file's paths, resolved against its directory. */
export async function readBundle(path: string, options: LoadOptions): Promise<Bundle> {
  const file = options.displayPath?.(path) ?? path;
  let text: string;
  try {
    text = await readText(path, options);
  } catch (error) {
    return { paths: {}, problems: [`${file}: cannot read the bundle: ${describeError(error)}.`] };
  }
  const validation = validateDocument({ text, path, kind: 'certification-bundle' }, options.settings);
  const errors = validation.findings.filter((finding) => finding.severity === 'error');
  if (validation.detectedKind) return { paths: {}, problems: [`${file} is a ${kindById(validation.detectedKind)!.title}, not a certification bundle.`] };
  if (errors.length > 0 || !isObject(validation.value)) {
    return { paths: {}, problems: (errors.length > 0 ? errors : [{ message: 'it is not a JSON object.' }]).map((error) => `${file}: ${error.message}`) };
  }
  const paths: InputPaths = {};
  for (const key of BUNDLE_KEYS) {
    const value = get(validation.value, key);
    if (typeof value === 'string') paths[key] = resolve(dirname(path), value);
  }
  return { paths, problems: [] };
}
