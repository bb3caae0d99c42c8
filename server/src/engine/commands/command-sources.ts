// Finds the shell commands written in a document (a shell script, or the shell code blocks of a
// Markdown file), with their place in the document text so an editor can underline each one.
// Commands are logical lines: backslash-newline continuations are joined; blank lines, comments and
// heredoc bodies are skipped. A quoted string spanning several lines is read line by line.
import { parse } from 'shell-quote';

export interface CommandSite {
  /** The command, continuations joined (the backslash-newline removed), trimmed. */
  text: string;
  /** Where the command starts in the document text. */
  offset: number;
  /** How many characters of the document it covers: all its physical lines for a continued line. */
  length: number;
}

interface PhysicalLine {
  /** The line without its line break (and without a fence's indentation in Markdown). */
  text: string;
  /** Where `text` starts in the document. */
  offset: number;
}

/**
 * How a leading `$ ` prompt is read: `optional` strips it when present (bash, sh blocks), `required`
 * takes only prompted lines as commands, the rest being output (console, shellsession blocks).
 */
type PromptMode = 'none' | 'optional' | 'required';

export function shellScriptCommands(text: string): CommandSite[] {
  return logicalCommands(physicalLines(text, 0, text.length), 'none');
}

const SHELL_LANGUAGES: Record<string, PromptMode> = {
  bash: 'optional',
  sh: 'optional',
  shell: 'optional',
  zsh: 'optional',
  console: 'required',
  shellsession: 'required',
};

const OPENING_FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;

export function markdownCommands(text: string): CommandSite[] {
  const lines = physicalLines(text, 0, text.length);
  const sites: CommandSite[] = [];
  let index = 0;
  while (index < lines.length) {
    const opening = OPENING_FENCE.exec(lines[index]!.text);
    index += 1;
    if (opening === null) continue;
    const [, indent, fence, info] = opening as unknown as [string, string, string, string];
    // A backtick fence's info string cannot contain backticks (CommonMark): that is inline code.
    if (fence[0] === '`' && info.includes('`')) continue;
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
    const body: PhysicalLine[] = [];
    while (index < lines.length && !closing.test(lines[index]!.text)) {
      body.push(withoutIndent(lines[index]!, indent.length));
      index += 1;
    }
    index += 1; // the closing fence; an unclosed block runs to the end of the document
    const language = info.trim().split(/\s+/)[0]!.toLowerCase();
    const prompt = Object.hasOwn(SHELL_LANGUAGES, language) ? SHELL_LANGUAGES[language] : undefined;
    if (prompt !== undefined) sites.push(...logicalCommands(body, prompt));
  }
  return sites;
}

/** Content lines lose up to the fence's indentation (CommonMark). */
function withoutIndent(line: PhysicalLine, indent: number): PhysicalLine {
  const removed = /^ */.exec(line.text)![0].length;
  const cut = Math.min(removed, indent);
  return { text: line.text.slice(cut), offset: line.offset + cut };
}

function physicalLines(text: string, start: number, end: number): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  let offset = start;
  while (offset <= end) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline < 0 || newline > end ? end : newline;
    const content = text.slice(offset, lineEnd);
    lines.push({ text: content.endsWith('\r') ? content.slice(0, -1) : content, offset });
    if (lineEnd === end) break;
    offset = lineEnd + 1;
  }
  return lines;
}

/** A line continues onto the next when it ends with an unescaped backslash. */
function continues(line: string): boolean {
  return /(^|[^\\])(\\\\)*\\$/.test(line);
}

function logicalCommands(lines: readonly PhysicalLine[], prompt: PromptMode): CommandSite[] {
  const sites: CommandSite[] = [];
  let index = 0;
  while (index < lines.length) {
    let first = lines[index]!;
    index += 1;
    if (prompt !== 'none') {
      const prompted = first.text.startsWith('$ ');
      if (prompted) first = { text: first.text.slice(2), offset: first.offset + 2 };
      else if (prompt === 'required') continue;
    }
    const trimmed = first.text.trimStart();
    // Blank lines, comments and the shebang; a comment never continues onto the next line.
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const start = first.offset + (first.text.length - trimmed.length);
    // The pieces are joined once at the end: re-slicing the growing text for every continuation
    // line made a script of 50,000 continued lines take seconds.
    const pieces = [trimmed];
    let last = first;
    while (continues(last.text) && index < lines.length) {
      let next = lines[index]!;
      index += 1;
      // A console shows continuation lines behind the secondary `> ` prompt.
      if (prompt === 'required' && next.text.startsWith('> ')) next = { text: next.text.slice(2), offset: next.offset + 2 };
      pieces[pieces.length - 1] = pieces[pieces.length - 1]!.slice(0, -1);
      pieces.push(next.text);
      last = next;
    }
    const text = pieces.join('').trimEnd();
    const end = last.offset + last.text.trimEnd().length;
    sites.push({ text, offset: start, length: end - start });
    index = skipHeredocBodies(text, lines, index);
  }
  return sites;
}

/** The index of the first line after the heredoc bodies that `command` opens (`<<EOF`, `<<-'EOF'`). */
function skipHeredocBodies(command: string, lines: readonly PhysicalLine[], index: number): number {
  if (!command.includes('<<')) return index;
  let entries: ReturnType<typeof parse>;
  try {
    entries = parse(command, (name) => `$${name}`);
  } catch {
    return index;
  }
  for (let i = 0; i < entries.length - 1; i += 1) {
    const entry = entries[i]!;
    const delimiter = entries[i + 1];
    if (typeof entry !== 'object' || !('op' in entry) || typeof delimiter !== 'string') continue;
    const op: string = entry.op;
    if (op !== '<<' && op !== '<<-') continue;
    // With `<<-` the closing delimiter may be indented with tabs.
    while (index < lines.length && (op === '<<-' ? lines[index]!.text.replace(/^\t+/, '') : lines[index]!.text) !== delimiter) index += 1;
    index += 1;
  }
  return Math.min(index, lines.length);
}
