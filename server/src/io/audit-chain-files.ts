// Verifies OpenClaw audit log files (audit-YYYY-MM-DD.jsonl and the rotated
// audit-YYYY-MM-DD.<epochMs>.jsonl) in time order, each file its own hash chain, streaming every
// file with readLines so memory stays constant however large the logs are.
import { basename } from 'node:path';
import { AuditChainVerifier, type AuditChainResult } from '../engine/agents/audit-chain.ts';
import { DEFAULT_MAX_LINE_BYTES, readLines } from './lines.ts';

export type AuditFileResult =
  | ({ file: string } & AuditChainResult)
  | { file: string; valid: false; entries: 0; reason: 'unreadable'; message: string };

const AUDIT_FILE = /^audit-(\d{4}-\d{2}-\d{2})(?:\.(\d+))?\.jsonl$/u;

interface SortKey {
  path: string;
  index: number;
  /** YYYY-MM-DD, or undefined when the name is not an audit file name. */
  date: string | undefined;
  /** The rotation epoch; undefined for the current (not rotated) file of the day. */
  epoch: bigint | undefined;
}

/**
 * The paths in time order: by the date in the name, then within a day the rotated files by their
 * epoch, then the current audit-D.jsonl (it was written after every rotation of that day). Names
 * that are not audit-*.jsonl names come last, in the order given. Ties keep the order given.
 */
export function orderAuditFiles(paths: readonly string[]): string[] {
  const keys: SortKey[] = paths.map((path, index) => {
    const match = AUDIT_FILE.exec(basename(path));
    return {
      path,
      index,
      date: match?.[1],
      epoch: match?.[2] === undefined ? undefined : BigInt(match[2]),
    };
  });
  keys.sort(compareKeys);
  return keys.map((key) => key.path);
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a.date === undefined || b.date === undefined) {
    if (a.date !== b.date) return a.date === undefined ? 1 : -1;
    return a.index - b.index;
  }
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (a.epoch !== b.epoch) {
    if (a.epoch === undefined) return 1;
    if (b.epoch === undefined) return -1;
    return a.epoch < b.epoch ? -1 : 1;
  }
  return a.index - b.index;
}

/**
 * Verifies each file as its own chain (OpenClaw's verifyChain per file), in orderAuditFiles order.
 * A missing or unreadable file gives `{valid: false, reason: 'unreadable'}` with the fs error.
 * Reading a file stops at its first broken line.
 */
export async function verifyAuditFiles(paths: readonly string[]): Promise<AuditFileResult[]> {
  const results: AuditFileResult[] = [];
  for (const file of orderAuditFiles(paths)) results.push(await verifyAuditFile(file));
  return results;
}

async function verifyAuditFile(file: string): Promise<AuditFileResult> {
  const verifier = new AuditChainVerifier();
  try {
    for await (const { text, line, tooLong } of readLines(file)) {
      if (tooLong) {
        verifier.addUnreadableLine(line, `the line is longer than ${DEFAULT_MAX_LINE_BYTES} bytes and was not read`);
      } else {
        verifier.addLine(text, line);
      }
      if (verifier.done) break;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'Log file not found' : `Log file could not be read`;
    return { file, valid: false, entries: 0, reason: 'unreadable', message: `${why}: ${(error as Error).message}` };
  }
  return { file, ...verifier.result() };
}
