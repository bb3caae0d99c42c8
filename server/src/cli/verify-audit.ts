// `prodgate verify-audit`: verifies OpenClaw audit logs' hash chains, each file its own chain,
// rotated files in time order. Exit 0 when every chain is intact, 1 when any file is broken or
// cannot be read, 2 on usage errors.
//
// A named file that does not exist is a failed verification (exit 1, "unreadable"), not a usage
// error: a deleted log must fail the check the way an edited one does. Globs and directories that
// find no log at all are usage errors (exit 2): nothing was verified.
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { glob, isDynamicPattern } from 'tinyglobby';
import { verifyAuditFiles, type AuditFileResult } from '../io/audit-chain-files.ts';
import type { CliIo } from './certify.ts';
import { UsageError } from './files.ts';

export const VERIFY_AUDIT_HELP = `Usage: prodgate verify-audit FILE|DIR|GLOB... [--json]

Verifies the hash chain of OpenClaw audit logs (audit-YYYY-MM-DD.jsonl and the rotated
audit-YYYY-MM-DD.<epochMs>.jsonl): every entry's previousHash must be the previous entry's hash and
its hash must match its content. Each file is its own chain; files are verified in time order,
whatever order they are given in. A directory stands for its own *.jsonl files.

Output:
  --json        print {valid, files: [{file, valid, entries, line?, reason?, message?}]} as JSON

Exit status: 0 every chain intact, 1 a chain is broken or a file cannot be read (a missing file
included), 2 usage errors (nothing given, or a glob or directory that finds no log).
`;

const IGNORED = ['**/node_modules/**', '**/.git/**'];

export async function verifyAuditCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(VERIFY_AUDIT_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('no audit logs: give files, directories or globs');

  // Absolute path → the name shown (as given, or as the glob or directory listing found it).
  const files = await expandLogInputs(positionals, io.cwd);
  const results = await verifyAuditFiles([...files.keys()]);
  const shown = results.map((result) => ({ ...result, file: files.get(result.file)! }));
  const valid = shown.every((result) => result.valid);
  if (values.json) io.stdout(`${JSON.stringify({ valid, files: shown }, null, 2)}\n`);
  else io.stdout(renderText(shown));
  return valid ? 0 : 1;
}

async function expandLogInputs(inputs: readonly string[], cwd: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const add = (name: string) => {
    const absolute = resolve(cwd, name);
    if (!files.has(absolute)) files.set(absolute, name);
  };
  for (const input of inputs) {
    if (isDynamicPattern(input)) {
      const matches = await glob(input, { cwd, ignore: IGNORED, dot: true, onlyFiles: true, expandDirectories: false });
      if (matches.length === 0) throw new UsageError(`no files match ${input}`);
      matches.sort().forEach(add);
      continue;
    }
    const info = await stat(resolve(cwd, input)).catch(() => undefined);
    if (info?.isDirectory()) {
      const logs = await glob('*.jsonl', { cwd: resolve(cwd, input), dot: true, onlyFiles: true });
      if (logs.length === 0) throw new UsageError(`${input}: no *.jsonl audit logs in this directory`);
      logs.sort().forEach((name) => add(join(input, name)));
    } else {
      add(input); // a missing file is verified as unreadable
    }
  }
  return files;
}

function renderText(results: readonly AuditFileResult[]): string {
  const lines = results.map((result) => {
    if (result.valid) return `${result.file}: OK, ${entries(result.entries)} verified`;
    if (result.reason === 'unreadable') return `${result.file}: unreadable — ${result.message}`;
    return `${result.file}:${result.line}: ${result.reason} — ${result.message}`;
  });
  const failed = results.filter((result) => !result.valid).length;
  const total = results.reduce((sum, result) => sum + result.entries, 0);
  const files = `${results.length} file${results.length === 1 ? '' : 's'}`;
  lines.push(
    failed === 0
      ? `${files} verified: ${entries(total)}, every hash chain intact.`
      : `${failed} of ${files} failed verification (${entries(total)} verified up to the first break in each file).`,
  );
  return `${lines.join('\n')}\n`;
}

function entries(count: number): string {
  return `${count} ${count === 1 ? 'entry' : 'entries'}`;
}
