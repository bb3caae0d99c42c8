// Exception approval: running a blocked command in production anyway takes a named requester, a
// justification, a rollback plan and the confirmation phrase typed exactly. An approval yields the
// record that the approval log keeps; a refusal yields every reason and no record.
import { checkCommand } from './command-safety.ts';

export const CONFIRMATION_PHRASE = 'Yes, I understand the risks and want to proceed in production';

export interface ApprovalRequest {
  action: string;
  requestedBy: string;
  justification: string;
  rollbackPlan: string;
  environment: string;
  confirmation: string;
  timestamp: Date;
}

export interface ApprovalRecord {
  action: string;
  requested_by: string;
  /** ISO-8601. */
  timestamp: string;
  justification: string;
  rollback_plan: string;
  environment: string;
  /** The ids of the rules the action breaks (checkCommand). */
  blocked_by: string[];
}

export type ApprovalResult = { approved: true; record: ApprovalRecord } | { approved: false; reasons: string[] };

export function approveException(request: ApprovalRequest): ApprovalResult {
  const reasons: string[] = [];
  const required: [string, string][] = [
    [request.action, 'the action (the command to run) is blank'],
    [request.requestedBy, 'the requester is blank: say who asks for the exception'],
    [request.justification, 'the justification is blank: say why the command must run in production'],
    [request.rollbackPlan, 'the rollback plan is blank: say how to undo the command if it goes wrong'],
  ];
  for (const [value, reason] of required) if (value.trim() === '') reasons.push(reason);
  // Only surrounding whitespace is forgiven: the phrase is a deliberate act, not a near match.
  if (request.confirmation.trim() !== CONFIRMATION_PHRASE) reasons.push(`the confirmation does not match: type exactly "${CONFIRMATION_PHRASE}"`);
  if (Number.isNaN(request.timestamp.getTime())) reasons.push('the timestamp is not a valid date');
  if (reasons.length > 0) return { approved: false, reasons };

  const action = request.action.trim();
  const blockedBy = [...new Set(checkCommand(action).matches.map((match) => match.rule.id))];
  return {
    approved: true,
    record: {
      action,
      requested_by: request.requestedBy.trim(),
      timestamp: request.timestamp.toISOString(),
      justification: request.justification.trim(),
      rollback_plan: request.rollbackPlan.trim(),
      environment: request.environment.trim(),
      blocked_by: blockedBy,
    },
  };
}
