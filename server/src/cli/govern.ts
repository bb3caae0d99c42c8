// `prodgate govern`: menace's deployment governance on one workflow scorecard, with its full trace.
// Exit 0 when the verdict is promote, 1 otherwise, 2 on usage or I/O errors.
import { access } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { TraceEntry } from '../engine/governance/evaluate.ts';
import { DEFAULT_DECISION_LOG } from '../io/decision-log.ts';
import { findGovernanceFiles, GovernanceInputError, runGovernance, type GovernancePaths, type GovernanceRun } from '../io/governance-inputs.ts';
import type { CliIo } from './certify.ts';
import { UsageError } from './files.ts';

export const GOVERN_HELP = `Usage: prodgate govern --scorecard FILE [--rules FILE] [--policy FILE] [--override FILE --key FILE] [--log FILE | --no-log] [--json]

Inputs:
  --scorecard FILE              the workflow scorecard to evaluate (required)
  --rules FILE                  the rule file (default: config/deployment_governance.yaml|json,
                                searched from the scorecard's folder up to the current directory)
  --policy FILE                 the thresholds file (default: config/deployment_policy.yaml|json, same search)
  --override FILE --key FILE    a signed override and the HMAC key that verifies it (ignored when invalid)

Output:
  --log FILE                    append the decision to this JSON Lines decision log
                                (default: forecast_records/decision_log.jsonl)
  --no-log                      do not log the decision
  --json                        print {verdict, reason_codes, overrides, trace, files, problems} as JSON

Exit status: 0 promote, 1 any other verdict, 2 usage or I/O errors.
`;

export async function governCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      scorecard: { type: 'string' },
      rules: { type: 'string' },
      policy: { type: 'string' },
      override: { type: 'string' },
      key: { type: 'string' },
      log: { type: 'string' },
      'no-log': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    io.stdout(GOVERN_HELP);
    return 0;
  }
  if (values.scorecard === undefined) throw new UsageError('nothing to evaluate: give --scorecard FILE');
  if (values.override !== undefined && values.key === undefined) throw new UsageError('--override needs --key FILE to verify its signature');

  const at = (path: string) => resolve(io.cwd, path);
  const paths: GovernancePaths = { scorecard: at(values.scorecard) };
  if (values.rules === undefined || values.policy === undefined) {
    const found = await findGovernanceFiles(paths.scorecard, io.cwd);
    if (values.rules === undefined && found.rules !== undefined) paths.rules = found.rules;
    if (values.policy === undefined && found.thresholds !== undefined) paths.thresholds = found.thresholds;
  }
  if (values.rules !== undefined) paths.rules = at(values.rules);
  if (values.policy !== undefined) paths.thresholds = at(values.policy);
  if (values.override !== undefined) paths.override = at(values.override);
  if (values.key !== undefined) paths.key = at(values.key);
  if (values.log !== undefined && values['no-log']) throw new UsageError('give --log FILE or --no-log, not both');
  if (!values['no-log']) paths.log = at(values.log ?? DEFAULT_DECISION_LOG);

  const displayPath = (path: string) => relative(io.cwd, path) || path;
  if (paths.key !== undefined) {
    try {
      await access(paths.key);
    } catch {
      io.stderr(`prodgate: ${displayPath(paths.key)}: cannot read the key file\n`);
      return 2;
    }
  }
  let run: GovernanceRun;
  try {
    run = await runGovernance(paths, { displayPath });
  } catch (error) {
    if (error instanceof GovernanceInputError) {
      io.stderr(`prodgate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (values.json) {
    const { verdict, reason_codes, overrides, trace } = run.result;
    io.stdout(`${JSON.stringify({ verdict, reason_codes, overrides, trace, files: run.files, problems: run.problems }, null, 2)}\n`);
  } else io.stdout(renderText(run));
  return run.result.verdict === 'promote' ? 0 : 1;
}

const STATUS: Record<TraceEntry['status'], string> = { matched: 'MATCH', 'not matched': 'no   ', skipped: 'SKIP ', 'not reached': '-    ' };

function traceLine(entry: TraceEntry, run: GovernanceRun): string {
  let name: string = entry.step;
  if (entry.rule) {
    const location = entry.rule.source === 'file' ? run.ruleLocations[entry.rule.index] : undefined;
    const origin = location ? `${location.file} rule ${Number(location.path[0]) + 1}` : `default rule ${entry.rule.index - run.ruleLocations.length + 1}`;
    name = `rule (${origin}) ${entry.rule.decision} if ${entry.rule.condition}`;
  }
  const read = entry.variables && Object.keys(entry.variables).length > 0
    ? ` [${Object.entries(entry.variables).map(([key, value]) => `${key}=${value === null ? 'None' : JSON.stringify(value)}`).join(', ')}]`
    : '';
  const error = entry.error !== undefined && !entry.detail.includes(entry.error) ? ` error: ${entry.error}` : '';
  return `  ${STATUS[entry.status]} ${name}: ${entry.detail}${read}${error}`;
}

function renderText(run: GovernanceRun): string {
  const { result } = run;
  const lines = [
    `Verdict: ${result.verdict}`,
    `Reason codes: ${result.reason_codes.length > 0 ? result.reason_codes.join(', ') : '(none)'}`,
    `Files: scorecard ${run.files.scorecard}; rules ${run.files.rules ?? '(built-in defaults)'}; thresholds ${run.files.thresholds ?? '(defaults)'}${run.files.override ? `; override ${run.files.override}` : ''}`,
    '',
    'Trace:',
    ...result.trace.map((entry) => traceLine(entry, run)),
  ];
  const applied = Object.entries(result.overrides);
  lines.push('', `Overrides applied: ${applied.length > 0 ? applied.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(', ') : '(none)'}`);
  if (run.problems.length > 0) lines.push('', 'Problems:', ...run.problems.map((problem) => `  ${problem}`));
  return `${lines.join('\n')}\n`;
}
