// Blocked production commands as findings: in the commands of a shell script or a runbook's code
// blocks (placed on the command), and in an agent policy's allow list (an allowed action that is
// itself a blocked command, e.g. `exec:systemctl restart nginx`).
import type { Finding } from '../findings.ts';
import { asArray, get } from '../values.ts';
import { checkCommand, type CommandMatch } from './command-safety.ts';
import type { CommandSite } from './command-sources.ts';
import type { ResolvedEnvironment } from './environment.ts';

export function blockedCommandFindings(sites: readonly CommandSite[], environment: ResolvedEnvironment): Finding[] {
  return sites.flatMap((site) =>
    checkCommand(site.text).matches.map((match) => ({
      code: 'command-blocked-production',
      severity: 'warning' as const,
      message: message(match, environment),
      path: [],
      span: { offset: site.offset, length: site.length },
    })),
  );
}

/** An allow entry `verb:command words` is checked as the command after the verb; one without a verb as a whole. */
export function allowListCommandFindings(policy: unknown, environment: ResolvedEnvironment): Finding[] {
  return asArray(get(get(policy, 'permissions'), 'allow')).flatMap((entry, index) => {
    if (typeof entry !== 'string') return [];
    const colon = entry.indexOf(':');
    const command = colon === -1 ? entry : entry.slice(colon + 1);
    return checkCommand(command).matches.map((match) => ({
      code: 'command-blocked-production',
      severity: 'warning' as const,
      message: `This allow entry lets the agent run a command blocked in production. ${message(match, environment)}`,
      path: ['permissions', 'allow', index],
    }));
  });
}

function message(match: CommandMatch, environment: ResolvedEnvironment): string {
  return `Blocked in production (${match.rule.blocks}): ${match.rule.reason} The environment is production (${environment.source}); run it only with an approved exception.`;
}
