// ProdGate: Check Command, in the server: whether a command is blocked in the workspace's
// environment, and the exception flow's record — appended to the approval log only when the
// request carries the exact confirmation phrase, a justification and a rollback plan.
import { pathToFileURL } from 'node:url';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { approveException } from '../../engine/commands/approval.ts';
import { checkCommand } from '../../engine/commands/command-safety.ts';
import { appendApproval } from '../../io/approval-log.ts';
import {
  CheckCommandRequest,
  RequestExceptionRequest,
  type CheckCommandParams,
  type CheckCommandResult,
  type RequestExceptionParams,
  type RequestExceptionResult,
} from '../protocol.ts';
import type { Feature } from './feature.ts';

export const commandSafety: Feature = {
  capabilities: {},
  register(connection, { commandSafety: safety }) {
    connection.onRequest(CheckCommandRequest, async (params: CheckCommandParams | undefined): Promise<CheckCommandResult> => {
      const command = typeof params?.command === 'string' ? params.command : '';
      if (command.trim() === '') throw new ResponseError(ErrorCodes.InvalidParams, 'Give a command to check.');
      const scope = safety.scopeOf(params?.uri);
      const { environment, source } = await safety.environmentOf(scope);
      const { matches } = checkCommand(command);
      return {
        environment,
        environmentSource: source,
        breaksPolicy: matches.length > 0,
        blocked: matches.length > 0 && environment === 'production',
        matches: matches.map((match) => ({ id: match.rule.id, blocks: match.rule.blocks, reason: match.rule.reason, command: match.command })),
      };
    });

    connection.onRequest(RequestExceptionRequest, async (params: RequestExceptionParams | undefined): Promise<RequestExceptionResult> => {
      const text = (value: unknown): string => (typeof value === 'string' ? value : '');
      const scope = safety.scopeOf(params?.uri);
      const log = scope && (await safety.approvalLogOf(scope));
      if (!scope || !log) throw new ResponseError(ErrorCodes.InvalidParams, 'Open a workspace folder on disk: the approval log is kept in it.');
      const { environment } = await safety.environmentOf(scope);
      const result = approveException({
        action: text(params?.command),
        requestedBy: text(params?.requestedBy),
        justification: text(params?.justification),
        rollbackPlan: text(params?.rollbackPlan),
        confirmation: text(params?.confirmation),
        environment,
        timestamp: new Date(),
      });
      if (!result.approved) return result;
      await appendApproval(log, result.record);
      return { approved: true, record: result.record, log: pathToFileURL(log).href };
    });
  },
};
