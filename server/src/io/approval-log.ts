// Production exception approvals (JSON Lines). Append-only: each approval is one JSON line appended
// with flag 'a'; the file is never truncated or rewritten. Only its last byte is read, so that a
// file whose last line lacks its newline gets one first and two records never share a line.
import { appendFile, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ApprovalRecord } from '../engine/commands/approval.ts';

/** Where approvals are logged unless configured otherwise (relative to the workspace folder). */
export const DEFAULT_APPROVAL_LOG = '.prodgate/production-approvals.jsonl';

export async function appendApproval(file: string, record: ApprovalRecord): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const separator = (await endsWithNewline(file)) ? '' : '\n';
  // JSON.stringify escapes control characters, so the record has no raw newline of its own.
  await appendFile(file, `${separator}${JSON.stringify(record)}\n`, { encoding: 'utf8', flag: 'a' });
}

/** True for a missing or empty file, and for one whose last byte is a newline. */
async function endsWithNewline(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await handle.close();
  }
}
