// Verifies an OpenClaw audit log's hash chain (openclaw src/audit-logger.js, verifyChain) one line
// at a time, in constant memory: the verifier keeps only the hash the next entry must point back
// to, a counter, and the first failure. Pure apart from node:crypto; reading files is
// io/audit-chain-files.ts.
//
// OpenClaw's rules, per file (each file, rotated or not, is its own chain starting at null):
// - lines are trimmed and blank lines dropped;
// - a line that is not JSON → invalid at that line;
// - `previousHash` must strictly equal the previous entry's `hash` (null for the first entry); a
//   missing previousHash is a break;
// - an entry nested too deeply for JSON.stringify breaks the chain (OpenClaw's verifyChain throws);
// - `hash` must equal entryHash(entry): SHA-256 over JSON.stringify of {type, timestamp, agentId,
//   action, decision, previousHash} in that order. Other fields (context, details, result,
//   durationMs, timestampUnix, notes, ...) are not covered and may change without breaking anything.
// Checking stops at the first broken line. Line numbers are the file's own (1-based, blank lines
// counted), so they point at the line an editor shows.
import * as crypto from 'node:crypto';

/** crypto.hash (Node >= 20.12, about twice as fast for small inputs) or createHash. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

export type AuditChainFailureReason = 'invalid-json' | 'chain-broken' | 'hash-mismatch' | 'entry-too-deep';

export type AuditChainResult =
  | { valid: true; entries: number }
  | { valid: false; entries: number; line: number; reason: AuditChainFailureReason; message: string };

/** The fields an OpenClaw entry's hash covers (any others are ignored). */
export interface AuditChainEntry {
  type?: unknown;
  timestamp?: unknown;
  agentId?: unknown;
  action?: unknown;
  decision?: unknown;
  previousHash?: unknown;
  [key: string]: unknown;
}

/**
 * OpenClaw's entry hash: lowercase hex SHA-256 of the UTF-8 JSON.stringify of an object with keys
 * type, timestamp, agentId, action, decision, previousHash in that order (undefined ones left out
 * by JSON.stringify; a nested `decision` object keeps its own key order).
 */
export function entryHash(entry: AuditChainEntry): string {
  const covered = {
    type: entry.type,
    timestamp: entry.timestamp,
    agentId: entry.agentId,
    action: entry.action,
    decision: entry.decision,
    previousHash: entry.previousHash,
  };
  return sha256Hex(JSON.stringify(covered));
}

/** Feed it a file's lines in order with addLine; result() at any time, usually at the end. */
export class AuditChainVerifier {
  private expected: string | null = null;
  private entries = 0;
  private failure: Extract<AuditChainResult, { valid: false }> | undefined;

  /** True once a line broke the chain; later lines are ignored (callers may stop reading). */
  get done(): boolean {
    return this.failure !== undefined;
  }

  /** One line of the file (without its line break), `line` its 1-based number in the file. */
  addLine(text: string, line: number): void {
    if (this.failure) return;
    const trimmed = text.trim();
    if (trimmed === '') return;
    let entry: unknown;
    try {
      entry = JSON.parse(trimmed);
    } catch (error) {
      this.fail(line, 'invalid-json', `Invalid JSON at line ${line}: ${(error as Error).message}`);
      return;
    }
    // OpenClaw reads entry.previousHash / entry.hash as properties: on a number, string, array
    // they are undefined (so the chain is broken); on null it would throw; both are breaks here.
    const record: AuditChainEntry =
      typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? (entry as AuditChainEntry) : {};
    const previous = record.previousHash;
    if (previous !== this.expected) {
      this.fail(
        line,
        'chain-broken',
        `Hash chain broken at line ${line}: previousHash is ${describe(previous)}, expected ${describe(this.expected)}`,
      );
      return;
    }
    let actual: string;
    try {
      actual = entryHash(record);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // JSON.stringify recurses per level: OpenClaw's verifyChain stops with the same error here.
      this.fail(line, 'entry-too-deep', `Entry at line ${line} nests too deeply to hash`);
      return;
    }
    if (record.hash !== actual) {
      this.fail(
        line,
        'hash-mismatch',
        `Entry hash mismatch at line ${line}: hash is ${describe(record.hash)}, the entry hashes to "${actual}"`,
      );
      return;
    }
    this.expected = actual;
    this.entries++;
  }

  /**
   * A line that could not be read whole (e.g. longer than the reader keeps). It is reported as
   * invalid JSON at that line, with `message` saying why.
   */
  addUnreadableLine(line: number, message: string): void {
    if (this.failure) return;
    this.fail(line, 'invalid-json', `Invalid JSON at line ${line}: ${message}`);
  }

  result(): AuditChainResult {
    return this.failure ? { ...this.failure } : { valid: true, entries: this.entries };
  }

  private fail(line: number, reason: AuditChainFailureReason, message: string): void {
    this.failure = { valid: false, entries: this.entries, line, reason, message };
  }
}

/** Verifies a whole log held in memory (small logs, tests): split on "\n", "\r\n" tolerated. */
export function verifyAuditText(text: string): AuditChainResult {
  const verifier = new AuditChainVerifier();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && !verifier.done; i++) verifier.addLine(lines[i]!, i + 1);
  return verifier.result();
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch {
    return 'a value nested too deeply to show'; // JSON.stringify recurses per level
  }
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
