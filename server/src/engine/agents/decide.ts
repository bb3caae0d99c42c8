// OpenClaw's permission decision (policy-engine.js `checkPermission`), as a pure function:
// escalate rules first, then deny, then allow; anything else is denied.

export type Decision = 'allow' | 'deny' | 'escalate';
export type RuleList = 'escalate' | 'deny' | 'allow';

export interface DecisionResult {
  decision: Decision;
  /** The entry that decided; absent for a missing policy and for the default deny. */
  rule?: { list: RuleList; index: number; entry: unknown };
  reason: string;
}

export type ConditionOperator = '>' | '<' | '>=' | '<=' | '==' | '!=';

export type ParsedCondition =
  | { field: string; op: ConditionOperator; value: number }
  | { error: { message: string; offset: number; length: number } };

const OPERATORS: readonly string[] = ['>', '<', '>=', '<=', '==', '!='];
/**
 * OpenClaw's condition pattern `/(\w+)\s*([><=!]+)\s*(.+)/`: the first `field op rest`, searched
 * anywhere in the text. Written so that it matches exactly the same (same index and groups) in
 * linear time: OpenClaw's spelling retries `\w+` from every position of a long word and takes
 * seconds on 50 KB of letters. A match can only start where a word starts (any later start in the
 * same word reaches the same word end and fails the same way), so `(?<!\w)` skips the others, and
 * the lookahead-plus-backreference makes `\w+` atomic (giving back letters can never help: the
 * next character would then be a letter, not a space or an operator).
 */
const CONDITION = /(?<!\w)(?=(\w+))\1\s*([><=!]+)\s*(.+)/;

/**
 * Whether `pattern` matches `action`, checked in OpenClaw's order: equal; `*`; a trailing `*`
 * (prefix); a leading `*` (suffix). A `*` anywhere else is literal; case-sensitive.
 */
export function matchesPattern(pattern: string, action: string): boolean {
  if (pattern === action) return true;
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return action.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return action.endsWith(pattern.slice(1));
  return false;
}

/**
 * Whether pattern `p` matches every action pattern `q` matches (so `q` can never decide after `p`).
 */
export function patternCovers(p: string, q: string): boolean {
  if (p === q || p === '*') return true;
  if (q === '*') return false;
  const qPrefix = q.endsWith('*');
  const qSuffix = !qPrefix && q.startsWith('*');
  if (p.endsWith('*')) {
    const prefix = p.slice(0, -1);
    if (qSuffix) return false;
    return q.startsWith(prefix); // exact q, or q's prefix starts with p's prefix
  }
  if (p.startsWith('*')) {
    const suffix = p.slice(1);
    if (qPrefix) return false;
    return q.endsWith(suffix);
  }
  return false; // an exact pattern covers only itself
}

/**
 * Parses a condition as OpenClaw reads it. An error is a condition OpenClaw would silently
 * evaluate to false for every context: no comparison, an unsupported operator, a non-numeric value.
 * Offsets are within `text`.
 */
export function parseEscalationCondition(text: string): ParsedCondition {
  const match = CONDITION.exec(text);
  if (!match) {
    return { error: { message: 'no comparison found: write one "field op number", e.g. "amount > 500"', offset: 0, length: text.length } };
  }
  const [whole, field, op, rest] = match as unknown as [string, string, string, string];
  const opOffset = match.index + whole.indexOf(op, field.length);
  if (!OPERATORS.includes(op)) {
    return { error: { message: `unsupported operator "${op}": use one of ${OPERATORS.join(' ')}`, offset: opOffset, length: op.length } };
  }
  const value = parseFloat(rest.replace(/[$,]/g, ''));
  if (Number.isNaN(value)) {
    const valueOffset = match.index + whole.length - rest.length;
    return { error: { message: `"${rest}" is not a number`, offset: valueOffset, length: rest.length } };
  }
  return { field, op: op as ConditionOperator, value };
}

/** OpenClaw's evaluateCondition: false whenever it cannot parse, or the field is undefined. */
export function evaluateEscalationCondition(condition: string, context: Record<string, unknown>): boolean {
  const match = CONDITION.exec(condition);
  if (!match) return false;
  const [, field, op, rest] = match as unknown as [string, string, string, string];
  const value = parseFloat(rest.replace(/[$,]/g, ''));
  // Plain indexing, as OpenClaw does (reads only; inherited names behave as there).
  const actual = (context as Record<string, unknown>)[field];
  if (actual === undefined) return false;
  const number = parseFloat(String(actual));
  switch (op) {
    case '>':
      return number > value;
    case '<':
      return number < value;
    case '>=':
      return number >= value;
    case '<=':
      return number <= value;
    case '==':
      return (actual as unknown) == value;
    case '!=':
      return (actual as unknown) != value;
    default:
      return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function own(value: unknown, key: string): unknown {
  return isRecord(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Whether one escalate entry applies: a pattern string, or `{action?, condition?}`. */
function escalates(entry: unknown, action: string, context: Record<string, unknown>): boolean {
  if (typeof entry === 'string') return matchesPattern(entry, action);
  if (!isRecord(entry)) return false;
  const pattern = own(entry, 'action');
  if (pattern) {
    if (typeof pattern !== 'string' || !matchesPattern(pattern, action)) return false;
  }
  const condition = own(entry, 'condition');
  if (!condition) return false; // without a condition the entry never escalates
  return typeof condition === 'string' && evaluateEscalationCondition(condition, context);
}

/**
 * What OpenClaw decides for `agent` doing `action` in `context`. Where OpenClaw throws (a non-string
 * allow/deny entry or escalate action, a null escalate entry) the entry is skipped instead.
 */
export function decideAction(
  policies: ReadonlyMap<string, unknown> | Record<string, unknown>,
  agent: string,
  action: string,
  context: Record<string, unknown> = {},
): DecisionResult {
  const policy = policies instanceof Map ? policies.get(agent) : own(policies, agent);
  if (!policy) return { decision: 'deny', reason: `No policy found for agent: ${agent}` };
  const permissions = own(policy, 'permissions'); // a policy that is not a mapping has none: default deny

  const escalate = list(own(permissions, 'escalate'));
  for (let index = 0; index < escalate.length; index++) {
    const entry = escalate[index];
    if (escalates(entry, action, context)) {
      const shown = typeof entry === 'string' ? entry : JSON.stringify(entry);
      return { decision: 'escalate', rule: { list: 'escalate', index, entry }, reason: `Action requires human escalation: ${shown}` };
    }
  }
  const deny = list(own(permissions, 'deny'));
  for (let index = 0; index < deny.length; index++) {
    const entry = deny[index];
    if (typeof entry === 'string' && matchesPattern(entry, action)) {
      return { decision: 'deny', rule: { list: 'deny', index, entry }, reason: `Action explicitly denied by policy rule: ${entry}` };
    }
  }
  const allow = list(own(permissions, 'allow'));
  for (let index = 0; index < allow.length; index++) {
    const entry = allow[index];
    if (typeof entry === 'string' && matchesPattern(entry, action)) {
      return { decision: 'allow', rule: { list: 'allow', index, entry }, reason: `Action allowed by policy rule: ${entry}` };
    }
  }
  return { decision: 'deny', reason: 'Action not explicitly allowed (default deny)' };
}
