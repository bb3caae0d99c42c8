// OpenClaw audit logs (JSON Lines): the hash chain is verified as the log is opened or edited, and
// the first line that breaks it is reported (every line after it is unverifiable).
import schema from '../../../../schemas/agent-audit-log.schema.json';
import { verifyAuditText } from '../agents/audit-chain.ts';
import { asArray, has, isObject, Report } from '../values.ts';
import type { ArtifactKind } from './kind.ts';

export const agentAuditLog: ArtifactKind = {
  id: 'agent-audit-log',
  title: 'agent audit log',
  formats: ['jsonl'],
  schema,
  signatureKeys: ['previousHash', 'hash'],
  matches: (value) => {
    const first = asArray(value)[0];
    return isObject(first) && has(first, 'previousHash') && has(first, 'hash');
  },
  check(_value, source) {
    const report = new Report();
    if (!source) return report.findings;
    const result = verifyAuditText(source.text);
    if (result.valid) return report.findings;
    const span = lineSpan(source.text, result.line);
    report.findings.push({
      code: 'audit-chain-broken',
      severity: 'error',
      message: `${result.message}. The ${result.entries} entries before it verify; nothing from here on can be trusted.`,
      path: [],
      span,
    });
    return report.findings;
  },
};

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
