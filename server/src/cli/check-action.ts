// `prodgate check-action`: what OpenClaw's policy engine decides for one agent action, and which
// rule in which file decided it. Exit 0 allow, 1 deny, 3 escalate, 2 on usage or policy problems.
import { parseArgs } from 'node:util';
import { decideAction, type Decision } from '../engine/agents/decide.ts';
import { toPlain } from '../engine/located.ts';
import { parseDocument } from '../engine/parse.ts';
import { formatPolicyProblem, loadAgentPolicies, type LoadedAgentPolicies } from '../io/agent-policies.ts';
import type { CliIo } from './certify.ts';
import { UsageError } from './files.ts';

export const CHECK_ACTION_HELP = `Usage: prodgate check-action --policy FILE|DIR [--policy ...] --agent ID --action ACTION [--context JSON] [--json]

Inputs:
  --policy FILE|DIR     an OpenClaw agent policy (.yaml, .yml, .json), or a directory of them
                        (its own files, not subdirectories); repeat for more
  --agent ID            the agent doing the action (the policy's \`agent\`)
  --action ACTION       the action, e.g. read:ticket or create:refund
  --context JSON        the action's context as a JSON object, e.g. '{"amount": 900}'
                        (what escalation conditions such as "amount > 500" read)

Output:
  --json                print {agent, action, context, decision, reason, rule} as JSON

Decisions follow OpenClaw: escalate rules first, then deny, then allow; anything else, and any
agent without a policy, is denied. Policy files that do not parse, lack \`agent\`, or define the
same agent twice are reported and no decision is made.

Exit status: 0 allow, 1 deny, 3 escalate, 2 usage errors or policy problems.
`;

const EXIT_CODES: Record<Decision, number> = { allow: 0, deny: 1, escalate: 3 };

interface LocatedRule {
  list: string;
  index: number;
  entry: unknown;
  file: string;
  line: number;
  column: number;
}

export async function checkActionCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      policy: { type: 'string', multiple: true },
      agent: { type: 'string' },
      action: { type: 'string' },
      context: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    io.stdout(CHECK_ACTION_HELP);
    return 0;
  }
  if (values.policy === undefined) throw new UsageError('no policies: give --policy FILE or --policy DIR');
  if (values.agent === undefined || values.agent === '') throw new UsageError('give the agent with --agent ID');
  if (values.action === undefined || values.action === '') throw new UsageError('give the action with --action ACTION');
  const context = parseContext(values.context);

  const loaded = await loadAgentPolicies(values.policy, { cwd: io.cwd });
  if (loaded.problems.length > 0) {
    for (const problem of loaded.problems) io.stderr(`${formatPolicyProblem(problem)}\n`);
    const count = loaded.problems.length;
    io.stderr(`prodgate: ${count} problem${count === 1 ? '' : 's'} in the agent policies; no decision made\n`);
    return 2;
  }

  const { agent, action } = values;
  const result = decideAction(loaded.policies, agent, action, context);
  const rule = result.rule ? locateRule(loaded, agent, result.rule) : null;
  if (values.json) {
    io.stdout(`${JSON.stringify({ agent, action, context, decision: result.decision, reason: result.reason, rule }, null, 2)}\n`);
  } else {
    const lines = [`${result.decision}: ${result.reason}`];
    if (rule) {
      const entry = typeof rule.entry === 'string' ? rule.entry : JSON.stringify(rule.entry);
      lines.push(`rule: permissions.${rule.list}[${rule.index}] ${entry} (${rule.file}:${rule.line}:${rule.column})`);
    }
    if (!loaded.policies.has(agent)) {
      const known = [...loaded.policies.keys()].sort();
      lines.push(`known agents: ${known.length > 0 ? known.join(', ') : '(none)'}`);
    }
    io.stdout(`${lines.join('\n')}\n`);
  }
  return EXIT_CODES[result.decision];
}

function parseContext(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  // Parsed as artifacts are: a duplicate key is an error, and so is nesting past the limit, which
  // printing the context with --json (JSON.stringify recurses per level) could not survive.
  const parsed = parseDocument(text, 'json');
  const problem = parsed.problems.find((finding) => finding.severity === 'error');
  if (problem) {
    const why = `${problem.message.replace(/\.$/, '')}${problem.span ? ` at character ${problem.span.offset + 1}` : ''}`;
    throw new UsageError(`--context ${problem.code === 'syntax-error' ? 'is not valid JSON' : 'cannot be used'} (${why}); give an object, e.g. '{"amount": 900}'`);
  }
  const context = parsed.root ? toPlain(parsed.root) : undefined;
  if (context === null || typeof context !== 'object' || Array.isArray(context)) {
    const what = context === null ? 'null' : Array.isArray(context) ? 'an array' : `a ${typeof context}`;
    throw new UsageError(`--context must be a JSON object, e.g. '{"amount": 900}', not ${what}`);
  }
  return context as Record<string, unknown>;
}

function locateRule(loaded: LoadedAgentPolicies, agent: string, rule: { list: string; index: number; entry: unknown }): LocatedRule {
  // A rule decided, so the agent has a policy and therefore a source.
  const source = loaded.sources.get(agent)!;
  return { ...rule, file: source.file, ...source.positionOf(['permissions', rule.list, rule.index]) };
}
