// OpenClaw audit logs (JSON Lines): the hash chain is verified as the log is opened or edited, and
// the first line that breaks it is reported (every line after it is unverifiable).
import schema from '../../../../schemas/agent-audit-log.schema.json';
import { verifyAuditText } from '../agents/audit-chain.ts';
import { asArray, has, isObject, Report } from '../values.ts';
import type { ArtifactKind } from './kind.ts';
import { SIGNATURE_KEYS } from './signatures.ts';

export const agentAuditLog: ArtifactKind = {
  id: 'agent-audit-log',
  title: 'agent audit log',
  formats: ['jsonl'],
  schema,
  signatureKeys: SIGNATURE_KEYS['agent-audit-log'],
  // Any entry, not only the first: a log whose first line lost its hash or previousHash (or gained a
  // foreign line) is still an audit log, and that line is where its chain breaks.
  matches: (value) => asArray(value).some((entry) => isObject(entry) && has(entry, 'previousHash') && has(entry, 'hash')),
  check(_value, source) {
    const report = new Report();
    if (!source) return report.findings;
    const result = verifyAuditText(source.text);
    if (result.valid) return report.findings;
    const span = lineSpan(source.text, result.line);
    report.findings.push({
      code: 'audit-chain-broken',
      severity: 'error',
      message: `${result.message}. ${verifiedBefore(result.entries)}; nothing from here on can be trusted.`,
      path: [],
      span,
    });
    return report.findings;
  },
};

function verifiedBefore(entries: number): string {
  if (entries === 0) return 'No entry before it verifies';
  return entries === 1 ? 'The entry before it verifies' : `The ${entries} entries before it verify`;
}

/** The span of a 1-based line, without its line break. */
function lineSpan(text: string, line: number): { offset: number; length: number } {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) break;
    offset = next + 1;
  }
  const end = text.indexOf('\n', offset);
  const stop = end === -1 ? text.length : end;
  return { offset, length: Math.max(0, stop - offset - (text[stop - 1] === '\r' ? 1 : 0)) };
}
