// `prodgate check-command`: whether a shell command is blocked by the production read-only policy.
// Exit 0 allowed, 1 blocked (production only), 2 on usage errors.
import { parseArgs } from 'node:util';
import { checkCommand, type CommandMatch } from '../engine/commands/command-safety.ts';
import type { CliIo } from './certify.ts';
import { UsageError } from './files.ts';

export const CHECK_COMMAND_HELP = `Usage: prodgate check-command [--env production|staging|development] [--json] [--] "CMD"

Checks a shell command against the production read-only policy (service restarts and stops,
docker-compose down, DROP/TRUNCATE through psql or mysql, rm -rf, chmod 777, pushes to main,
kubectl delete, ...), looking through sudo/env prefixes, chains, pipes, $(...) and sh -c bodies.

  --env ENV     the environment the command would run in (default: production); the policy
                blocks commands only in production, other environments are told what it would block
  --json        print {command, environment, blocked, matches: [{rule, category, blocks, reason, command}]}
  --            ends the options: prodgate check-command -- rm -rf /

The command may be one argument or several, joined with spaces.

Exit status: 0 allowed, 1 blocked in production, 2 usage errors.
`;

const ENVIRONMENTS = ['production', 'staging', 'development'] as const;
type Environment = (typeof ENVIRONMENTS)[number];

export async function checkCommandCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      env: { type: 'string', default: 'production' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(CHECK_COMMAND_HELP);
    return 0;
  }
  const environment = values.env as Environment;
  if (!ENVIRONMENTS.includes(environment)) throw new UsageError(`unknown --env "${values.env}": use ${ENVIRONMENTS.join(', ')}`);
  const command = positionals.join(' ');
  if (command.trim() === '') throw new UsageError('nothing to check: give the command, e.g. prodgate check-command "systemctl restart nginx"');

  const { matches } = checkCommand(command);
  const blocked = environment === 'production' && matches.length > 0;
  if (values.json) {
    const report = {
      command,
      environment,
      blocked,
      matches: matches.map(({ rule, command: offending }) => ({ rule: rule.id, category: rule.category, blocks: rule.blocks, reason: rule.reason, command: offending })),
    };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else io.stdout(renderText(environment, matches));
  return blocked ? 1 : 0;
}

function renderText(environment: Environment, matches: readonly CommandMatch[]): string {
  const lines = environment === 'production' ? [] : [`Allowed in ${environment}.`];
  if (matches.length === 0 && environment === 'production') lines.push('Allowed in production.');
  // Outside production the policy does not apply, but the user should know before promoting the command.
  const prefix = environment === 'production' ? 'Blocked in production' : 'Would be blocked in production';
  for (const { rule, command } of matches) lines.push(`${prefix}: ${rule.blocks} — ${rule.reason}`, `  command: ${command}`);
  return `${lines.join('\n')}\n`;
}
