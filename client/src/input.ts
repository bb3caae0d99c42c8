// What the user types into the agent and command prompts, or a command receives, checked before
// anything is sent: pure, so it is tested without an editor.
import { CODES } from '../../server/src/engine/codes.ts';

/** A Check Agent Action context: blank for none, else a JSON object. */
export function parseContextInput(text: string): { context: Record<string, unknown> } | { error: string } {
  if (text.trim() === '') return { context: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `Not JSON: ${(error as Error).message}. Example: {"amount": 900}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: 'The context must be a JSON object, e.g. {"amount": 900}.' };
  return { context: value as Record<string, unknown> };
}

/** One line for a decision: what was decided, why, and the rule's place in its list. */
export function describeDecision(
  agent: string,
  action: string,
  result: { decision: string; reason: string; rule?: { list: string; index: number } },
): string {
  const where = result.rule ? ` (permissions.${result.rule.list}[${result.rule.index}])` : '';
  return `${agent} → ${action}: ${result.decision.toUpperCase()}. ${result.reason}${where}`;
}

/** A tally of policy test outcomes, e.g. "7 policy tests passed" or "1 of 7 policy tests failed". */
export function describeTestRun(results: readonly { passed: boolean }[]): string {
  const failed = results.filter((result) => !result.passed).length;
  if (results.length === 0) return 'No policy tests in this file';
  const noun = results.length === 1 ? 'policy test' : 'policy tests';
  return failed === 0 ? `${results.length} ${noun} passed` : `${failed} of ${results.length} ${noun} failed`;
}

/** A tally of verified audit files, e.g. "2 audit logs verified: 1,024 entries, chain intact". */
export function describeAuditRun(files: readonly { valid: boolean; entries: number }[]): string {
  const entries = files.reduce((sum, file) => sum + file.entries, 0).toLocaleString('en-US');
  const broken = files.filter((file) => !file.valid).length;
  const noun = files.length === 1 ? 'audit log' : 'audit logs';
  if (files.length === 0) return 'No OpenClaw audit logs found in this workspace';
  return broken === 0 ? `${files.length} ${noun} verified: ${entries} entries, chain intact` : `${broken} of ${files.length} ${noun} broken (${entries} entries verified before the breaks)`;
}

/** A code ProdGate emits (guards command arguments and diagnostic codes from elsewhere). */
export function isFindingCode(value: unknown): value is string {
  return typeof value === 'string' && Object.hasOwn(CODES, value);
}
