// The production read-only policy: shell commands that must never run in production, and a checker
// that finds them in a command line however it is spelled. Words come from shell-quote; this module
// only adds what shell-quote does not do: it lifts `$(…)`, `<(…)` and backtick bodies out (so they are
// checked as commands of their own), treats newlines as command separators, drops comments, and then
// reads each simple command the way the shell would run it (prefixes such as sudo, env and VAR=1,
// absolute paths, option clusters in any order, and `sh -c` / `eval` / `ssh host` bodies).
import { posix } from 'node:path';
import { parse, type ParseEntry } from 'shell-quote';

export type BlockedCommandCategory = 'service' | 'docker' | 'database' | 'file' | 'git' | 'kubernetes';

export interface BlockedCommandRule {
  /** Stable kebab-case id, e.g. `systemctl-stop`. */
  readonly id: string;
  readonly category: BlockedCommandCategory;
  /** The blocklist line as the policy writes it, e.g. `systemctl restart`. */
  readonly blocks: string;
  /** Why it is dangerous in production, one sentence. */
  readonly reason: string;
}

export interface CommandMatch {
  rule: BlockedCommandRule;
  /** The offending simple command, words joined by spaces. */
  command: string;
}

export interface CommandCheck {
  blocked: boolean;
  matches: CommandMatch[];
}

/**
 * Only the first 128 KiB of a command line are checked. Linux refuses a single argument (such as a
 * `bash -c` body) longer than that (MAX_ARG_STRLEN), and the cap bounds the work on hostile input.
 */
export const MAX_CHECKED_LENGTH = 128 * 1024;
/** `$(…)`, backtick and `sh -c` bodies nested deeper than this are not looked into (the cap bounds the work). */
export const MAX_NESTING_DEPTH = 16;

const RULES = {
  'systemctl-restart': { category: 'service', blocks: 'systemctl restart', reason: 'Restarting a service interrupts the requests it is serving and can fail to come back up.' },
  'systemctl-stop': { category: 'service', blocks: 'systemctl stop', reason: 'Stopping a service takes it out of production until someone starts it again.' },
  'systemctl-reload': { category: 'service', blocks: 'systemctl reload', reason: 'Reloading a service applies untested configuration to live traffic.' },
  'service-restart': { category: 'service', blocks: 'service restart', reason: 'Restarting a service interrupts the requests it is serving and can fail to come back up.' },
  'service-stop': { category: 'service', blocks: 'service stop', reason: 'Stopping a service takes it out of production until someone starts it again.' },
  'docker-compose-down': { category: 'docker', blocks: 'docker-compose down', reason: 'Bringing a compose project down stops and removes every container and network it runs.' },
  'docker-compose-restart': { category: 'docker', blocks: 'docker-compose restart', reason: 'Restarting a compose project interrupts every service it runs at once.' },
  'docker-stop': { category: 'docker', blocks: 'docker stop', reason: 'Stopping a container takes the service it runs offline.' },
  'docker-rm': { category: 'docker', blocks: 'docker rm', reason: 'Removing a container destroys its state and takes the service it runs offline.' },
  'psql-drop': { category: 'database', blocks: 'psql -c "DROP ..."', reason: 'DROP permanently deletes database objects and the data in them.' },
  'psql-truncate': { category: 'database', blocks: 'psql -c "TRUNCATE ..."', reason: 'TRUNCATE permanently deletes every row of a table.' },
  'mysql-drop': { category: 'database', blocks: 'mysql -e "DROP ..."', reason: 'DROP permanently deletes database objects and the data in them.' },
  'mysql-truncate': { category: 'database', blocks: 'mysql -e "TRUNCATE ..."', reason: 'TRUNCATE permanently deletes every row of a table.' },
  'rm-rf': { category: 'file', blocks: 'rm -rf', reason: 'A forced recursive delete removes whole directory trees without asking and cannot be undone.' },
  'rm-f-root': { category: 'file', blocks: 'rm -f /', reason: 'Force-deleting from the root directory destroys the operating system.' },
  'mv-etc': { category: 'file', blocks: 'mv /etc', reason: 'Moving system configuration out of /etc breaks the services and the system that read it.' },
  'chmod-777': { category: 'file', blocks: 'chmod 777', reason: 'Mode 777 lets every user on the host change and run the files, opening them to tampering.' },
  'git-push-main': { category: 'git', blocks: 'git push origin main|master', reason: 'Pushing straight to main or master bypasses review and ships unreviewed code.' },
  'git-merge': { category: 'git', blocks: 'git merge', reason: 'Merging on a production host changes the deployed code outside the release process.' },
  'git-commit-amend': { category: 'git', blocks: 'git commit --amend', reason: 'Amending rewrites history that others may already have deployed or built on.' },
  'kubectl-delete': { category: 'kubernetes', blocks: 'kubectl delete', reason: 'Deleting Kubernetes resources takes workloads down and can destroy their data.' },
} as const satisfies Record<string, Omit<BlockedCommandRule, 'id'>>;

type RuleId = keyof typeof RULES;

export const BLOCKLIST: readonly BlockedCommandRule[] = Object.entries(RULES).map(([id, rule]) => ({ id, ...rule }));
const RULE_BY_ID = new Map(BLOCKLIST.map((rule) => [rule.id, rule]));

/** Whether `text` contains a command the production read-only policy blocks. Never throws. */
export function checkCommand(text: string): CommandCheck {
  const matches: CommandMatch[] = [];
  try {
    checkText(String(text).slice(0, MAX_CHECKED_LENGTH), 0, matches);
  } catch {
    // Defensive: a bug here must not take down an editor or a CI run; what was found so far stands.
  }
  return { blocked: matches.length > 0, matches };
}

function checkText(text: string, depth: number, matches: CommandMatch[]): void {
  if (depth > MAX_NESTING_DEPTH) return;
  const flat = flatten(text);
  for (const body of flat.bodies) checkText(body, depth + 1, matches);
  for (const words of simpleCommands(shellWords(flat))) checkWords(words, depth, matches);
}

// ---- Lifting substitutions out of the text ----------------------------------------------------

interface Flattened {
  /** The text with each substitution replaced by a `$NAME` placeholder, newlines as `;`, comments dropped. */
  text: string;
  /** The source of each substitution (e.g. `$(ls)`), indexed by its placeholder number. */
  originals: string[];
  /** The commands inside each substitution. */
  bodies: string[];
}

const PLACEHOLDER = '__prodgate_substitution_';

function flatten(source: string): Flattened {
  const originals: string[] = [];
  const bodies: string[] = [];
  let text = '';
  let quote: "'" | '"' | "$'" | undefined;
  const substitute = (original: string, body: string) => {
    originals.push(original);
    bodies.push(body);
    text += `$${PLACEHOLDER}${originals.length - 1}`;
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (quote === "'") {
      text += c;
      if (c === "'") quote = undefined;
      i += 1;
    } else if (c === '\\') {
      // A backslash-newline joins lines (outside single quotes); any other escape passes through.
      if (next !== '\n') text += source.slice(i, i + 2);
      i += 2;
    } else if (quote === "$'") {
      text += c;
      if (c === "'") quote = undefined;
      i += 1;
    } else if ((c === '$' && next === '(') || (quote === undefined && (c === '<' || c === '>') && next === '(')) {
      const end = closingParen(source, i + 2);
      substitute(source.slice(i, end + 1), source.slice(i + 2, end));
      i = end + 1;
    } else if (c === '`') {
      const end = closingBacktick(source, i + 1);
      // Inside backticks a backslash escapes only `\`, `` ` `` and `$`.
      substitute(source.slice(i, end + 1), source.slice(i + 1, end).replace(/\\([\\`$])/g, '$1'));
      i = end + 1;
    } else if (quote === '"') {
      text += c;
      if (c === '"') quote = undefined;
      i += 1;
    } else if (c === "'" || c === '"') {
      quote = c;
      text += c;
      i += 1;
    } else if (c === '$' && next === "'") {
      quote = "$'";
      text += "$'";
      i += 2;
    } else if (c === '#') {
      // shell-quote reads any unquoted `#` as a comment running to the end of the whole text; the shell
      // only starts a comment at the start of a word, and it ends at the newline.
      if (/^$|[\s;&|()<>]$/.test(text.slice(-1))) {
        const newline = source.indexOf('\n', i);
        i = newline < 0 ? source.length : newline;
      } else {
        text += '\\#';
        i += 1;
      }
    } else if (c === '\n') {
      text += ' ; ';
      i += 1;
    } else {
      if (c === '<' || c === '>') text = withoutFileDescriptor(text);
      text += c;
      i += 1;
    }
  }
  return { text, originals, bodies };
}

/** In `2>&1` the 2 is a file descriptor, not an argument: drops a word of digits just before a redirection. */
function withoutFileDescriptor(text: string): string {
  let start = text.length;
  while (start > 0 && text[start - 1]! >= '0' && text[start - 1]! <= '9') start -= 1;
  const wordStart = start === 0 || /[\s;&|()]/.test(text[start - 1]!);
  return start < text.length && wordStart ? text.slice(0, start) : text;
}

/**
 * The index of the `)` that closes a `$(` whose body starts at `start` (source.length when it is never
 * closed), skipping quoted text and nested substitutions. Iterative, so deep nesting cannot overflow.
 */
function closingParen(source: string, start: number): number {
  const stack: (')' | '"' | '`')[] = [')'];
  for (let i = start; i < source.length; i += 1) {
    const c = source[i];
    const inside = stack[stack.length - 1];
    if (c === '\\') {
      i += 1;
    } else if (inside === '`') {
      if (c === '`') stack.pop();
    } else if (inside === '"') {
      if (c === '"') stack.pop();
      else if (c === '`') stack.push('`');
      else if (c === '$' && source[i + 1] === '(') {
        stack.push(')');
        i += 1;
      }
    } else if (c === "'") {
      const close = source.indexOf("'", i + 1);
      if (close < 0) return source.length;
      i = close;
    } else if (c === '"' || c === '`') {
      stack.push(c);
    } else if (c === '(') {
      stack.push(')');
    } else if (c === ')') {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  return source.length;
}

function closingBacktick(source: string, start: number): number {
  for (let i = start; i < source.length; i += 1) {
    if (source[i] === '\\') i += 1;
    else if (source[i] === '`') return i;
  }
  return source.length;
}

// ---- Words and simple commands ----------------------------------------------------------------

function shellWords(flat: Flattened): ParseEntry[] {
  // Variables stay as written (`$HOME`), except the placeholders, which become the substitution's source.
  const env = (name: string): string => {
    const original = name.startsWith(PLACEHOLDER) ? flat.originals[Number(name.slice(PLACEHOLDER.length))] : undefined;
    return original ?? `$${name}`;
  };
  try {
    return parse(flat.text, env);
  } catch {
    // shell-quote throws "Bad substitution" on `${}` and an unclosed `${`: read those as literal text.
    try {
      return parse(flat.text.replaceAll('${', '\\${'), env);
    } catch {
      return [];
    }
  }
}

const REDIRECTIONS = new Set(['<', '>', '>>', '>&', '<&', '&>', '&>>', '>|', '<>', '<<', '<<-', '<<<']);

/** Splits shell-quote's entries at the control operators; redirection targets are not arguments. */
function simpleCommands(entries: readonly ParseEntry[]): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let redirectionTarget = false;
  for (const entry of entries) {
    let word: string | undefined;
    if (typeof entry === 'string') word = entry;
    else if ('comment' in entry) continue;
    else if (entry.op === 'glob') word = entry.pattern;
    else if (REDIRECTIONS.has(entry.op)) redirectionTarget = true;
    else {
      if (words.length > 0) commands.push(words);
      words = [];
      redirectionTarget = false;
    }
    if (word === undefined) continue;
    if (redirectionTarget) redirectionTarget = false;
    else words.push(word);
  }
  if (words.length > 0) commands.push(words);
  return commands;
}

// ---- Options ----------------------------------------------------------------------------------

interface OptionSpec {
  /** Options that take a value, attached (`-uroot`, `--user=root`) or as the next word. */
  values?: readonly string[];
  /** Short options whose value can only be attached (mysql's `-pSECRET`): they end their cluster. */
  attached?: readonly string[];
  /** Options end at the first operand (wrappers, global options before a subcommand). */
  stopAtOperand?: boolean;
}

interface ParsedOptions {
  options: { name: string; value?: string }[];
  operands: string[];
}

function parseOptions(args: readonly string[], spec: OptionSpec): ParsedOptions {
  const values = new Set(spec.values);
  const attached = new Set(spec.attached);
  const options: ParsedOptions['options'] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      if (equals >= 0) options.push({ name: arg.slice(0, equals), value: arg.slice(equals + 1) });
      else if (values.has(arg)) options.push({ name: arg, value: args[++i] ?? '' });
      else options.push({ name: arg });
    } else if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j += 1) {
        const name = `-${arg[j]}`;
        const rest = arg.slice(j + 1);
        if (values.has(name)) {
          options.push({ name, value: rest !== '' ? rest : args[++i] ?? '' });
          break;
        }
        if (attached.has(name)) {
          options.push({ name, value: rest });
          break;
        }
        options.push({ name });
      }
    } else if (spec.stopAtOperand) {
      operands.push(...args.slice(i));
      break;
    } else {
      operands.push(arg);
    }
  }
  return { options, operands };
}

/** GNU and git accept any unambiguous prefix of a long option: `--rec` is `--recursive`. */
function isLongOption(name: string, full: string, shortestPrefix: number): boolean {
  return name.length >= shortestPrefix && full.startsWith(name);
}

const has = (parsed: ParsedOptions, ...names: string[]) => parsed.options.some((option) => names.includes(option.name));

// ---- Reading one simple command ---------------------------------------------------------------

/** Words that may precede the command without being it. */
const KEYWORDS = new Set(['!', '{', 'if', 'then', 'else', 'elif', 'do', 'while', 'until']);

/** Commands that run the command that follows their own options. */
const WRAPPERS: Record<string, OptionSpec & { leadingOperands?: number }> = {
  sudo: { values: ['-u', '--user', '-g', '--group', '-h', '--host', '-p', '--prompt', '-C', '--close-from', '-D', '--chdir', '-R', '--chroot', '-r', '--role', '-t', '--type', '-T', '--command-timeout', '-U', '--other-user'] },
  doas: { values: ['-u', '-C'] },
  env: { values: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string'] },
  nohup: {},
  time: { values: ['-f', '--format', '-o', '--output'] },
  command: {},
  exec: { values: ['-a'] },
  nice: { values: ['-n', '--adjustment'] },
  stdbuf: { values: ['-i', '--input', '-o', '--output', '-e', '--error'] },
  timeout: { values: ['-s', '--signal', '-k', '--kill-after'], leadingOperands: 1 },
  // `find … | xargs rm -rf` runs rm -rf on whatever find printed.
  xargs: { values: ['-a', '--arg-file', '-d', '--delimiter', '-E', '-I', '-L', '--max-lines', '-n', '--max-args', '-P', '--max-procs', '-s', '--max-chars', '--process-slot-var'] },
};

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash']);

function checkWords(words: readonly string[], depth: number, matches: CommandMatch[]): void {
  const start = words.findIndex((word) => !KEYWORDS.has(word));
  if (start < 0) return;
  let rest = words.slice(start);
  const command = rest.join(' ');
  for (;;) {
    const first = rest[0];
    if (first === undefined) return;
    if (ASSIGNMENT.test(first)) {
      rest = rest.slice(1);
      continue;
    }
    const wrapper = WRAPPERS[commandName(first)];
    if (wrapper === undefined) break;
    const parsed = parseOptions(rest.slice(1), { ...wrapper, stopAtOperand: true });
    // `command -v rm` only looks rm up.
    if (commandName(first) === 'command' && has(parsed, '-v', '-V')) return;
    for (const option of parsed.options) {
      if ((option.name === '-S' || option.name === '--split-string') && option.value !== undefined) checkText(option.value, depth + 1, matches);
    }
    rest = parsed.operands.slice(wrapper.leadingOperands ?? 0);
  }
  const name = commandName(rest[0]!);
  const args = rest.slice(1);
  for (const id of blockedBy(name, args)) {
    if (!matches.some((match) => match.rule.id === id && match.command === command)) matches.push({ rule: RULE_BY_ID.get(id)!, command });
  }
  const body = commandBody(name, args);
  if (body !== undefined) checkText(body, depth + 1, matches);
  if (name === 'find' && depth < MAX_NESTING_DEPTH) {
    for (const executed of findExecCommands(args)) checkWords(executed, depth + 1, matches);
  }
}

/** `/usr/bin/systemctl` runs systemctl. */
function commandName(word: string): string {
  return posix.basename(word);
}

/** The command text a shell, `eval`, `su -c` or `ssh host` runs. */
function commandBody(name: string, args: readonly string[]): string | undefined {
  if (SHELLS.has(name)) {
    const parsed = parseOptions(args, { values: ['-o', '-O', '--rcfile', '--init-file'], stopAtOperand: true });
    return has(parsed, '-c') ? parsed.operands[0] : undefined;
  }
  if (name === 'eval') return args.join(' ');
  if (name === 'su') return parseOptions(args, { values: ['-c', '--command', '-s', '--shell', '-g', '--group', '-G', '--supp-group'] }).options.find((option) => option.name === '-c' || option.name === '--command')?.value;
  if (name === 'ssh') {
    const parsed = parseOptions(args, { values: ['-B', '-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w'], stopAtOperand: true });
    return parsed.operands.length > 1 ? parsed.operands.slice(1).join(' ') : undefined;
  }
  return undefined;
}

/** `find … -exec rm -rf {} ;` runs the words between -exec and `;` or `+`. */
function findExecCommands(args: readonly string[]): string[][] {
  const commands: string[][] = [];
  for (let i = 0; i < args.length; i += 1) {
    if (!['-exec', '-execdir', '-ok', '-okdir'].includes(args[i]!)) continue;
    const end = args.findIndex((arg, index) => index > i && (arg === ';' || arg === '+'));
    commands.push(args.slice(i + 1, end < 0 ? args.length : end));
    if (end < 0) break;
    i = end;
  }
  return commands;
}

// ---- The rules --------------------------------------------------------------------------------

function blockedBy(name: string, args: readonly string[]): RuleId[] {
  switch (name) {
    case 'systemctl':
      return systemctl(args);
    case 'service':
      return service(args);
    case 'docker':
      return docker(args);
    case 'docker-compose':
      return compose(args);
    case 'psql':
      return sql(parseOptions(args, PSQL_OPTIONS), ['-c', '--command'], 'psql-drop', 'psql-truncate');
    case 'mysql':
    case 'mariadb':
      return sql(parseOptions(args, MYSQL_OPTIONS), ['-e', '--execute'], 'mysql-drop', 'mysql-truncate');
    case 'rm':
      return rm(args);
    case 'mv':
      return mv(args);
    case 'chmod':
      return chmod(args);
    case 'git':
      return git(args);
    case 'kubectl':
      return parseOptions(args, KUBECTL_GLOBAL_OPTIONS).operands[0] === 'delete' ? ['kubectl-delete'] : [];
    default:
      return [];
  }
}

const SYSTEMCTL_VERBS: Record<string, RuleId> = {
  restart: 'systemctl-restart',
  'try-restart': 'systemctl-restart',
  'reload-or-restart': 'systemctl-restart',
  'try-reload-or-restart': 'systemctl-restart',
  stop: 'systemctl-stop',
  reload: 'systemctl-reload',
};

function systemctl(args: readonly string[]): RuleId[] {
  const verb = parseOptions(args, {
    values: ['-t', '--type', '-s', '--signal', '-p', '--property', '-P', '-n', '--lines', '-o', '--output', '-H', '--host', '-M', '--machine', '--root', '--state', '--job-mode', '--kill-whom', '--what', '--timestamp'],
  }).operands[0];
  const rule = verb === undefined ? undefined : SYSTEMCTL_VERBS[verb];
  return rule === undefined ? [] : [rule];
}

const SERVICE_VERBS: Record<string, RuleId> = { restart: 'service-restart', 'try-restart': 'service-restart', condrestart: 'service-restart', stop: 'service-stop' };

function service(args: readonly string[]): RuleId[] {
  const parsed = parseOptions(args, {});
  if (has(parsed, '--full-restart')) return ['service-restart'];
  // `service nginx restart` names the unit first; `service restart` is accepted too.
  const [first, second] = parsed.operands;
  const rule = (second !== undefined ? SERVICE_VERBS[second] : undefined) ?? (first !== undefined ? SERVICE_VERBS[first] : undefined);
  return rule === undefined ? [] : [rule];
}

const DOCKER_GLOBAL_OPTIONS: OptionSpec = {
  values: ['-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey'],
  stopAtOperand: true,
};

function docker(args: readonly string[]): RuleId[] {
  const [subcommand, ...rest] = parseOptions(args, DOCKER_GLOBAL_OPTIONS).operands;
  if (subcommand === 'compose') return compose(rest);
  // `docker container stop|rm` is the long spelling of `docker stop|rm`.
  const action = subcommand === 'container' ? parseOptions(rest, { stopAtOperand: true }).operands[0] : subcommand;
  if (action === 'stop') return ['docker-stop'];
  if (action === 'rm') return ['docker-rm'];
  return [];
}

function compose(args: readonly string[]): RuleId[] {
  const subcommand = parseOptions(args, {
    values: ['-f', '--file', '-p', '--project-name', '--project-directory', '--env-file', '--profile', '--ansi', '--parallel', '--progress'],
    stopAtOperand: true,
  }).operands[0];
  if (subcommand === 'down') return ['docker-compose-down'];
  if (subcommand === 'restart') return ['docker-compose-restart'];
  return [];
}

const PSQL_OPTIONS: OptionSpec = {
  values: ['-c', '--command', '-d', '--dbname', '-f', '--file', '-h', '--host', '-p', '--port', '-U', '--username', '-v', '--set', '--variable', '-o', '--output', '-L', '--log-file', '-P', '--pset', '-T', '--table-attr', '-F', '--field-separator', '-R', '--record-separator'],
};
const MYSQL_OPTIONS: OptionSpec = {
  values: ['-e', '--execute', '-u', '--user', '-h', '--host', '-P', '--port', '-D', '--database', '-S', '--socket'],
  attached: ['-p'],
};

function sql(parsed: ParsedOptions, sqlOptions: readonly string[], drop: RuleId, truncate: RuleId): RuleId[] {
  const statements = parsed.options.filter((option) => sqlOptions.includes(option.name)).map((option) => option.value ?? '');
  const rules: RuleId[] = [];
  if (statements.some((statement) => /\bdrop\b/i.test(statement))) rules.push(drop);
  if (statements.some((statement) => /\btruncate\b/i.test(statement))) rules.push(truncate);
  return rules;
}

function rm(args: readonly string[]): RuleId[] {
  const parsed = parseOptions(args, {});
  const recursive = parsed.options.some(({ name }) => name === '-r' || name === '-R' || isLongOption(name, '--recursive', 3));
  const force = parsed.options.some(({ name }) => name === '-f' || isLongOption(name, '--force', 3));
  const rules: RuleId[] = [];
  if (recursive && force) rules.push('rm-rf');
  if (force && parsed.operands.some((operand) => ['/', '/*'].includes(posix.normalize(operand)))) rules.push('rm-f-root');
  return rules;
}

function mv(args: readonly string[]): RuleId[] {
  const parsed = parseOptions(args, { values: ['-t', '--target-directory', '-S', '--suffix'] });
  const intoTarget = has(parsed, '-t', '--target-directory');
  // The last operand is the destination, unless -t names it; a lone operand is the policy's own `mv /etc`.
  const sources = intoTarget || parsed.operands.length === 1 ? parsed.operands : parsed.operands.slice(0, -1);
  const underEtc = (path: string) => {
    const normalized = posix.normalize(path);
    return normalized === '/etc' || normalized.startsWith('/etc/');
  };
  return sources.some(underEtc) ? ['mv-etc'] : [];
}

function chmod(args: readonly string[]): RuleId[] {
  const mode = parseOptions(args, { values: ['--reference'] }).operands[0] ?? '';
  // 777 with any special bits (0777, 1777, 00777), or its symbolic spelling (a=rwx, ugo+rwx).
  const octal = /^0*[0-7]?777$/.test(mode);
  const symbolic = /^([ugoa]+)[=+]rwx$/.exec(mode);
  const everyone = symbolic !== null && (symbolic[1]!.includes('a') || ['u', 'g', 'o'].every((who) => symbolic[1]!.includes(who)));
  return octal || everyone ? ['chmod-777'] : [];
}

const GIT_GLOBAL_OPTIONS: OptionSpec = {
  values: ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix'],
  stopAtOperand: true,
};
const PROTECTED_BRANCHES = new Set(['main', 'master']);

function git(args: readonly string[]): RuleId[] {
  const [subcommand, ...rest] = parseOptions(args, GIT_GLOBAL_OPTIONS).operands;
  if (subcommand === 'push') {
    const [, ...refspecs] = parseOptions(rest, { values: ['--repo', '-o', '--push-option', '--receive-pack', '--exec'] }).operands;
    return refspecs.some((refspec) => PROTECTED_BRANCHES.has(pushedBranch(refspec))) ? ['git-push-main'] : [];
  }
  if (subcommand === 'merge') {
    // --abort and --quit only back out of a merge in progress.
    const parsed = parseOptions(rest, { values: ['-m', '-F', '--file', '-s', '--strategy', '-X', '--strategy-option', '--into-name', '--cleanup'] });
    return has(parsed, '--abort', '--quit') ? [] : ['git-merge'];
  }
  if (subcommand === 'commit') {
    const parsed = parseOptions(rest, {
      values: ['-m', '--message', '-F', '--file', '-C', '--reuse-message', '-c', '--reedit-message', '--author', '--date', '-t', '--template', '--fixup', '--squash', '--cleanup', '--trailer', '--pathspec-from-file'],
    });
    return parsed.options.some(({ name }) => isLongOption(name, '--amend', 4)) ? ['git-commit-amend'] : [];
  }
  return [];
}

/** The remote branch a refspec updates: `main`, `HEAD:main`, `+feature:refs/heads/master`, `:main` (delete). */
function pushedBranch(refspec: string): string {
  const colon = refspec.indexOf(':');
  const destination = colon < 0 ? refspec.replace(/^\+/, '') : refspec.slice(colon + 1);
  return destination.replace(/^refs\/heads\//, '');
}

const KUBECTL_GLOBAL_OPTIONS: OptionSpec = {
  values: ['-n', '--namespace', '--context', '--kubeconfig', '-s', '--server', '--cluster', '--user', '--token', '--as', '--as-group', '--as-uid', '--request-timeout', '--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name', '--cache-dir', '-v', '--v'],
  stopAtOperand: true,
};
