// Rule severities and suppressions: what the editor and `prodgate validate` show of a document's
// findings. `# prodgate-ignore-next-line <code>[, <code>] -- <reason>` and
// `# prodgate-ignore-file <code> -- <reason>` (`//` in JSONC), plus the configuration's ignore
// entries for files that cannot carry comments. A certification verdict never goes through here.
import { CODES } from './codes.ts';
import type { Severity } from './findings.ts';
import { matchesGlob } from './globs.ts';
import { formatJsonPath, type LNode, type Span } from './located.ts';
import type { LocatedFinding } from './validate.ts';
import { reasonProblem, unknownCodeMessage, type IgnoreEntry, type RuleSetting } from './workspace-config.ts';

/** How a document's language writes a whole-line comment; undefined: it has none (strict JSON, JSON Lines). */
export type CommentPrefix = '#' | '//';

export function commentPrefixOf(languageOrFormat: string | undefined): CommentPrefix | undefined {
  switch (languageOrFormat) {
    case 'yaml':
    case 'shellscript':
    case 'markdown':
      return '#';
    case 'jsonc':
      return '//';
  }
  return undefined;
}

export interface Directive {
  scope: 'next-line' | 'file';
  codes: Array<{ code: string; span: Span }>;
  reason: string;
  /** 0-based line of the comment. */
  line: number;
  span: Span;
}

/** A finding the editor and validate do not show, and why. */
export interface SuppressedFinding {
  finding: LocatedFinding;
  reason: string;
  /** What silenced it: a comment (its 0-based line), an ignore entry of the configuration, or rules: off. */
  by: { comment: number } | { ignore: IgnoreEntry } | { rule: 'off' };
}

/** What silenced a finding, as reports name it. */
export type SuppressionSource = 'comment' | 'ignore' | 'rule';

export function suppressionSource(by: SuppressedFinding['by']): SuppressionSource {
  return 'comment' in by ? 'comment' : 'ignore' in by ? 'ignore' : 'rule';
}

export interface RuleConfiguration {
  rules?: Readonly<Record<string, RuleSetting>>;
  ignore?: readonly IgnoreEntry[];
}

export interface SuppressionResult {
  /** What to show: the kept findings (with configured severities) and the suppressions' own problems. */
  findings: LocatedFinding[];
  suppressed: SuppressedFinding[];
}

const DIRECTIVE = /^([ \t]*)(#|\/\/)[ \t]*prodgate-ignore\b(.*)$/gm;
const SCOPE = /^-(next-line|file)(?=\s|$)/;

/**
 * The suppression comments of a text, and the problems of those that cannot apply. `root`, its
 * parsed tree, tells a comment from a line of a multi-line string (in a YAML block scalar a
 * `# ...` line is text, not a comment).
 */
export function readDirectives(text: string, prefix: CommentPrefix, root?: LNode): { directives: Directive[]; problems: LocatedFinding[] } {
  const directives: Directive[] = [];
  const problems: LocatedFinding[] = [];
  if (!text.includes('prodgate-ignore')) return { directives, problems };
  const lines = lineStarts(text);
  const strings = root ? multilineStrings(root, text) : [];
  for (const match of text.matchAll(DIRECTIVE)) {
    if (match[2] !== prefix) continue;
    const commentStart = match.index + match[1]!.length;
    if (strings.some((span) => commentStart > span.offset && commentStart < span.offset + span.length)) continue;
    const span = { offset: commentStart, length: match[0].length - match[1]!.length };
    const problem = (message: string, at: Span = span) => problems.push({ code: 'suppression-invalid', severity: 'error', message, path: [], span: at });
    const rest = match[3]!;
    const scope = SCOPE.exec(rest);
    if (!scope) {
      problem('This is not a ProdGate suppression: write "prodgate-ignore-next-line <code> -- <reason>" or "prodgate-ignore-file <code> -- <reason>".');
      continue;
    }
    const body = rest.slice(scope[0].length);
    const bodyStart = match.index + match[0].length - body.length;
    const separator = /(?:^|\s)--(?:\s|$)/.exec(body);
    const codesText = separator ? body.slice(0, separator.index) : body;
    const reason = separator ? body.slice(separator.index + separator[0].length).trim() : '';
    const codes: Directive['codes'] = [];
    for (const code of codesText.matchAll(/[^\s,]+/g)) {
      const codeSpan = { offset: bodyStart + code.index, length: code[0].length };
      if (code[0] in CODES) codes.push({ code: code[0], span: codeSpan });
      else problem(unknownCodeMessage(code[0], 'it suppresses nothing'), codeSpan);
    }
    if (codes.length === 0 && !/[^\s,]/.test(codesText)) {
      problem(`A suppression names the codes it silences: "prodgate-ignore-${scope[1]} <code>[, <code>] -- <reason>".`);
      continue;
    }
    const missing = separator ? reasonProblem(reason) : 'it gives no reason';
    if (missing) problem(`This suppression needs a reason after " -- " (${missing}): say why the finding is acceptable, for the reviewers who read it.`);
    if (codes.length > 0) directives.push({ scope: scope[1] as Directive['scope'], codes, reason, line: lineOf(lines, commentStart), span });
  }
  return { directives, problems };
}

/** The spans of the string values that run over more than one line. */
function multilineStrings(root: LNode, text: string): Span[] {
  const spans: Span[] = [];
  const visit = (node: LNode): void => {
    if (node.type === 'array') node.items.forEach(visit);
    else if (node.type === 'object') for (const property of node.properties) visit(property.value);
    else if (typeof node.value === 'string' && text.slice(node.offset, node.offset + node.length).includes('\n')) spans.push(node);
  };
  visit(root);
  return spans;
}

/**
 * Applies rule severities, the document's suppression comments and the ignore entries that match
 * it (already chosen for this file) to its findings. Suppressions without a reason still apply:
 * their own problem is what shows until the reason is written.
 */
export function applySuppressions(
  findings: readonly LocatedFinding[],
  text: string,
  prefix: CommentPrefix | undefined,
  configuration: RuleConfiguration,
  root?: LNode,
): SuppressionResult {
  const { directives, problems } = prefix ? readDirectives(text, prefix, root) : { directives: [], problems: [] };
  const lines = directives.length > 0 ? lineStarts(text) : [];
  const used = new Set<string>();
  const kept: LocatedFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const rules = configuration.rules ?? {};
  for (const item of findings) {
    const rule = Object.prototype.hasOwnProperty.call(rules, item.code) ? rules[item.code] : undefined;
    if (rule === 'off') {
      suppressed.push({ finding: item, reason: `rules: ${item.code} is off`, by: { rule: 'off' } });
      continue;
    }
    const line = directives.length > 0 ? lineOf(lines, item.span.offset) : -1;
    // The comment on the line above is the more specific one: it is used before a file-wide one.
    const names = (candidate: Directive) => candidate.codes.some((entry) => entry.code === item.code);
    const directive =
      directives.find((candidate) => candidate.scope === 'next-line' && candidate.line + 1 === line && names(candidate)) ??
      directives.find((candidate) => candidate.scope === 'file' && names(candidate));
    if (directive) {
      used.add(`${directive.line}:${item.code}`);
      suppressed.push({ finding: item, reason: directive.reason, by: { comment: directive.line } });
      continue;
    }
    const entry = configuration.ignore?.find((candidate) => candidate.code === item.code && (candidate.path === undefined || isAtOrUnder(formatJsonPath(item.path), candidate.path)));
    if (entry) {
      suppressed.push({ finding: item, reason: entry.reason, by: { ignore: entry } });
      continue;
    }
    kept.push(rule ? { ...item, severity: rule as Severity } : item);
  }
  for (const directive of directives) {
    for (const { code, span } of directive.codes) {
      if (used.has(`${directive.line}:${code}`)) continue;
      const where = directive.scope === 'file' ? 'in this file' : 'on the next line';
      problems.push({ code: 'suppression-unused', severity: 'warning', message: `No "${code}" finding is ${where}: this suppression silences nothing and can be removed.`, path: [], span });
    }
  }
  for (const problem of problems) {
    const rule = Object.prototype.hasOwnProperty.call(rules, problem.code) ? rules[problem.code] : undefined;
    if (rule !== 'off') kept.push(rule ? { ...problem, severity: rule as Severity } : problem);
  }
  kept.sort((a, b) => a.span.offset - b.span.offset);
  return { findings: kept, suppressed };
}

/** The ignore entries whose file glob matches a path relative to the workspace folder. */
export function ignoreEntriesFor(relativePath: string, entries: readonly IgnoreEntry[] | undefined): IgnoreEntry[] {
  const path = relativePath.replace(/\\/g, '/');
  return (entries ?? []).filter((entry) => {
    const file = entry.file.replace(/^\.\//, '');
    return file === path || matchesGlob(path, file);
  });
}

/** `$.a.b` is at or under `$.a`; `$.ab` is not. */
function isAtOrUnder(path: string, prefix: string): boolean {
  return path === prefix || (path.startsWith(prefix) && (path[prefix.length] === '.' || path[prefix.length] === '['));
}

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** The 0-based line holding an offset. */
export function lineOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** A text edit: replace `length` characters at `offset` by `content`. */
export interface TextInsertion {
  offset: number;
  length: number;
  content: string;
}

export const REASON_PLACEHOLDER = 'TODO: reason';

/**
 * The edit that suppresses `code` where a finding starts (`offset`): a next-line comment above its
 * line, or a file comment at the top. An existing directive of the same scope gains the code
 * instead of a second comment. The placeholder reason is flagged until it is written.
 */
export function suppressionEdit(text: string, prefix: CommentPrefix, code: string, offset: number, scope: Directive['scope'], root?: LNode): TextInsertion {
  const starts = lineStarts(text);
  const { directives } = readDirectives(text, prefix, root);
  const line = lineOf(starts, offset);
  const existing = directives.find((directive) => directive.scope === scope && (scope === 'file' || directive.line + 1 === line));
  if (existing) {
    const last = existing.codes.at(-1)!.span;
    return { offset: last.offset + last.length, length: 0, content: `, ${code}` };
  }
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  if (scope === 'file') {
    // After a shebang, which must stay the first line.
    const at = text.startsWith('#!') ? (starts[1] ?? text.length) : 0;
    const lead = at === text.length && at > 0 && !text.endsWith('\n') ? newline : '';
    return { offset: at, length: 0, content: `${lead}${prefix} prodgate-ignore-file ${code} -- ${REASON_PLACEHOLDER}${newline}` };
  }
  const lineStart = starts[line]!;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return { offset: lineStart, length: 0, content: `${indent}${prefix} prodgate-ignore-next-line ${code} -- ${REASON_PLACEHOLDER}${newline}` };
}
