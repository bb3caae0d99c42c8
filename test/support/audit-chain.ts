// OpenClaw audit logs for tests: entries chained in order, as OpenClaw's logger writes them.
import { entryHash, type AuditChainEntry } from '../../server/src/engine/agents/audit-chain.ts';

/** Each entry gets `previousHash` (null for the first) and its `hash`; one JSON line per entry. */
export function chainedLines(entries: readonly AuditChainEntry[]): string[] {
  let previousHash: string | null = null;
  return entries.map((fields) => {
    const entry: AuditChainEntry = { ...fields, previousHash };
    entry.hash = entryHash(entry);
    previousHash = entry.hash as string;
    return JSON.stringify(entry);
  });
}
