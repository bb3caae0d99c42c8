// Loads OpenClaw agent policies (one agent per YAML or JSON file) for the CLI, keeping where each
// policy came from so a decision can point at the rule that made it. OpenClaw's loader reads a
// directory's own .yaml/.yml/.json files and keys each policy by its `agent`, a later file silently
// replacing an earlier one with the same id; here every such ambiguity is a problem instead, since
// a gate must not guess which policy is in force.
import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { spanOfPath, toPlain, type JsonPath, type LNode } from '../engine/located.ts';
import { parseDocument, type Format } from '../engine/parse.ts';
import { readRegularFile } from './regular-file.ts';

/** 1-based, as editors and compilers show positions. */
export interface SourcePosition {
  line: number;
  column: number;
}

export interface AgentPolicySource extends SourcePosition {
  /** The file as the caller named it (a directory's entries: joined to the directory as given). */
  file: string;
  /** Where the value at `path` is in the file; a path that runs past the tree gives the deepest node it reaches. */
  positionOf(path: JsonPath): SourcePosition;
}

/** A file that could not be used. No position when the file itself could not be read. */
export interface PolicyLoadProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface LoadedAgentPolicies {
  /** Agent id → the policy's plain value, as decideAction takes it. */
  policies: Map<string, unknown>;
  sources: Map<string, AgentPolicySource>;
  problems: PolicyLoadProblem[];
}

export interface LoadAgentPoliciesOptions {
  /** Relative paths are read from here (default: the process's working directory). */
  cwd?: string;
}

const FORMATS: Record<string, Format> = { '.yaml': 'yaml', '.yml': 'yaml', '.json': 'json' };
const decoder = new TextDecoder('utf-8');

/** `file:line:col: message`, or `file: message` for a file that could not be read. */
export function formatPolicyProblem(problem: PolicyLoadProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return `${where}: ${problem.message}`;
}

/**
 * Loads every policy named by `paths`: a file, or a directory whose own policy files (not its
 * subdirectories') are read in name order. In a directory, files with neither `agent` nor
 * `permissions` are not policies and are skipped; a directory holding no policy at all is a problem.
 * The same file named twice is read once.
 */
export async function loadAgentPolicies(paths: readonly string[], options: LoadAgentPoliciesOptions = {}): Promise<LoadedAgentPolicies> {
  const cwd = options.cwd ?? process.cwd();
  const loaded: LoadedAgentPolicies = { policies: new Map(), sources: new Map(), problems: [] };
  const seen = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(absolute)).isDirectory();
    } catch (error) {
      loaded.problems.push({ file: path, message: unreadable(error) });
      continue;
    }
    if (!isDirectory) {
      if (!seen.has(absolute)) {
        seen.add(absolute);
        await loadFile(path, absolute, true, loaded);
      }
      continue;
    }
    let names: string[];
    try {
      names = (await readdir(absolute)).filter((name) => FORMATS[extname(name).toLowerCase()] !== undefined).sort();
    } catch (error) {
      loaded.problems.push({ file: path, message: unreadable(error) });
      continue;
    }
    let found = 0;
    for (const name of names) {
      const entry = join(absolute, name);
      const isFile = await stat(entry).then((info) => info.isFile(), () => false);
      if (!isFile) continue;
      if (seen.has(entry)) {
        found++;
        continue;
      }
      seen.add(entry);
      if (await loadFile(join(path, name), entry, false, loaded)) found++;
    }
    if (found === 0) loaded.problems.push({ file: path, message: 'no agent policy (.yaml, .yml or .json file with an `agent`) in this directory' });
  }
  return loaded;
}

/** Reads one file into `loaded`; true when it was taken for a policy (even one with problems). */
async function loadFile(file: string, absolute: string, named: boolean, loaded: LoadedAgentPolicies): Promise<boolean> {
  const format = FORMATS[extname(file).toLowerCase()];
  if (!format) {
    loaded.problems.push({ file, message: 'an agent policy is a .yaml, .yml or .json file' });
    return true;
  }
  let text: string;
  try {
    text = decoder.decode((await readRegularFile(absolute)).bytes);
  } catch (error) {
    loaded.problems.push({ file, message: unreadable(error) });
    return true;
  }
  const document = TextDocument.create('file:///', 'plaintext', 0, text);
  const at = (offset: number): SourcePosition => {
    const position = document.positionAt(offset);
    return { line: position.line + 1, column: position.character + 1 };
  };

  const parsed = parseDocument(text, format);
  const errors = parsed.problems.filter((problem) => problem.severity === 'error');
  const root = parsed.root;
  const looksLikePolicy = root?.type === 'object' && root.properties.some((property) => property.key === 'agent' || property.key === 'permissions');
  // In a directory, a file that parses and is plainly something else is none of our business; one
  // that does not parse cannot be told apart from a broken policy, so it is reported.
  if (!named && errors.length === 0 && !looksLikePolicy) return false;
  if (errors.length > 0) {
    for (const error of errors) loaded.problems.push({ file, ...at(error.span?.offset ?? 0), message: error.message });
    return true;
  }
  if (!root || root.type !== 'object') {
    const what = root ? `a${root.type === 'array' ? 'n array' : ' single value'}` : 'empty';
    loaded.problems.push({ file, ...at(root?.offset ?? 0), message: `an agent policy is a mapping with \`agent\` and \`permissions\`; this file is ${what}` });
    return true;
  }
  const policy = toPlain(root) as Record<string, unknown>;
  const agent = agentOf(policy, root, file, at, loaded);
  if (agent === undefined) return true;

  const declared = at(spanOfPath(root, ['agent']).offset);
  const earlier = loaded.sources.get(agent);
  if (earlier) {
    loaded.problems.push({
      file,
      ...declared,
      message: `agent "${agent}" is already defined in ${earlier.file}:${earlier.line}:${earlier.column}; OpenClaw would silently use only the later file, so give each agent one policy`,
    });
    return true;
  }
  loaded.policies.set(agent, policy);
  loaded.sources.set(agent, { file, ...declared, positionOf: (path) => at(spanOfPath(root, path).offset) });
  return true;
}

/** The policy's agent id, or undefined after recording why it has none. */
function agentOf(
  policy: Record<string, unknown>,
  root: LNode,
  file: string,
  at: (offset: number) => SourcePosition,
  loaded: LoadedAgentPolicies,
): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(policy, 'agent') ? policy.agent : undefined;
  if (typeof value === 'string' && value.trim() !== '') return value;
  const message =
    value === undefined
      ? 'missing `agent`: an agent policy names the agent it governs (e.g. `agent: support-agent`)'
      : typeof value === 'string'
        ? '`agent` is empty: name the agent this policy governs'
        : `\`agent\` must be a string, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`;
  const span = value === undefined ? spanOfPath(root, ['agent'], 'key') : spanOfPath(root, ['agent']);
  loaded.problems.push({ file, ...at(span.offset), message });
  return undefined;
}

function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EFTYPE') return 'not a regular file (a FIFO, socket or device)';
  return `cannot be read (${code ?? (error as Error).message})`;
}
