// `prodgate`: the engine headless, for CI. Exit codes: 0 clean, 1 errors found, 2 usage or I/O errors.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CERTIFY_HELP, certifyCommand } from './cli/certify.ts';
import { governCommand } from './cli/govern.ts';
import { checkActionCommand } from './cli/check-action.ts';
import { checkCommandCommand } from './cli/check-command.ts';
import { verifyAuditCommand } from './cli/verify-audit.ts';
import { expandInputs, UsageError } from './cli/files.ts';
import { snapshotEnvironment } from './environment.ts';
import { readRegularFile } from './io/regular-file.ts';
import { applyConfiguration, loadCliConfig } from './cli/config.ts';
import { OUTPUT_FORMATS, render, type BaselineSummary, type FileResult, type OutputFormat } from './cli/output.ts';
import { applyBaseline, BaselineError, isBaselineFile } from './cli/baseline.ts';
import { DEFAULT_SETTINGS, validateDocument } from './engine/validate.ts';
import { version } from '../../package.json';

const HELP = `Usage: prodgate <command> [options]

Commands:
  validate [paths or globs...]   Check readiness artifacts (default: the current directory)
  certify [artifacts...]         Run the production-certification boundary check (see certify --help)
  govern --scorecard FILE ...    Evaluate a workflow scorecard against the deployment-governance rules (see govern --help)
  check-action --policy P ...    What an agent policy decides for an action: allow, deny or escalate (see check-action --help)
  check-command "CMD" ...        Whether a shell command is blocked in production (see check-command --help)
  verify-audit FILE...           Verify OpenClaw audit-log hash chains (see verify-audit --help)

Options for validate:
  --format text|json|sarif|github
                                 Output format (default: text). github: one GitHub Actions
                                 annotation (::error/::warning/::notice) per finding, then the summary
  --max-file-size-mb N           Skip files larger than N MB (default: ${DEFAULT_SETTINGS.maxFileSizeMB})
  --baseline FILE                Accept the findings recorded in FILE and fail only on new ones. When
                                 FILE does not exist, record every current finding in it and exit 0.
                                 Findings are matched by fingerprints that survive moved lines.
  --update-baseline              Rewrite the baseline FILE with the current findings (drops fixed ones)
  --config FILE                  The workspace configuration (default: .prodgate.yaml, .prodgate.yml or
                                 .prodgate.json in the current directory): rules (severities, off),
                                 files, ignore. Suppression comments in the files apply too
                                 (# prodgate-ignore-next-line CODE -- REASON); suppressed findings are
                                 counted in the summary and do not affect the exit status

  -h, --help                     Show this help
  -v, --version                  Show the version

Exit status (validate): 0 no errors (with --baseline: no new errors; writing the baseline exits 0),
  1 errors found, 2 usage or I/O errors, or a --baseline FILE that is not a ProdGate baseline (it is
  left unchanged).

${CERTIFY_HELP}`;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(`${version}\n`);
    return 0;
  }
  try {
    switch (command) {
      case 'validate':
        return await validate(rest, io);
      case 'certify':
        return await certifyCommand(rest, io, version);
      case 'govern':
        return await governCommand(rest, io);
      case 'check-action':
        return await checkActionCommand(rest, io);
      case 'check-command':
        return await checkCommandCommand(rest, io);
      case 'verify-audit':
        return await verifyAuditCommand(rest, io);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr(`prodgate: ${(error as Error).message}\nRun "prodgate --help" for usage.\n`);
      return 2;
    }
    throw error;
  }
}

async function validate(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      format: { type: 'string', default: 'text' },
      'max-file-size-mb': { type: 'string' },
      baseline: { type: 'string' },
      'update-baseline': { type: 'boolean' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const format = values.format as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) throw new UsageError(`--format must be text, json, sarif or github, not "${format}"`);
  if (values['update-baseline'] && values.baseline === undefined) throw new UsageError('--update-baseline needs --baseline FILE');
  if (values.baseline === '') throw new UsageError('--baseline needs a file name');
  const settings = { ...DEFAULT_SETTINGS };
  if (values['max-file-size-mb'] !== undefined) {
    const size = Number(values['max-file-size-mb']);
    if (!Number.isFinite(size) || size < 0) throw new UsageError('--max-file-size-mb must be a non-negative number');
    settings.maxFileSizeMB = size;
  }

  const configuration = await loadCliConfig(values.config, io.cwd);
  settings.files = { ...settings.files, ...configuration.config.files };

  const baselineFile = values.baseline;
  const files = (await expandInputs(positionals.length > 0 ? positionals : ['.'], io.cwd)).filter(
    (path) => baselineFile === undefined || !isBaselineFile(path, baselineFile, io.cwd),
  );
  const decoder = new TextDecoder('utf-8');
  const results: FileResult[] = [];
  let ioFailed = false;
  for (const path of files) {
    let text: string;
    try {
      text = decoder.decode((await readRegularFile(resolve(io.cwd, path))).bytes);
    } catch (error) {
      io.stderr(`prodgate: ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      ioFailed = true;
      continue;
    }
    results.push({ path, text, validation: validateDocument({ text, path }, settings) });
  }
  let reported = applyConfiguration(results, configuration, io.cwd);
  let baselineSummary: BaselineSummary | undefined;
  if (baselineFile !== undefined) {
    try {
      const outcome = await applyBaseline({ file: baselineFile, update: values['update-baseline'] === true, cwd: io.cwd, results: reported, complete: !ioFailed });
      ({ results: reported, summary: baselineSummary } = outcome);
      for (const note of outcome.notes) io.stderr(`${note}\n`);
    } catch (error) {
      if (!(error instanceof BaselineError)) throw error;
      io.stderr(`prodgate: ${error.message}\n`);
      return 2;
    }
  }
  io.stdout(render(reported, format, version, { cwd: io.cwd, baseline: baselineSummary }));
  if (ioFailed) return 2;
  return reported.some((result) => result.validation.findings.some((finding) => finding.severity === 'error')) ? 1 : 0;
}

function isParseArgsError(error: unknown): boolean {
  return error instanceof TypeError && typeof (error as NodeJS.ErrnoException).code === 'string' && (error as NodeJS.ErrnoException).code!.startsWith('ERR_PARSE_ARGS');
}

if (require.main === module) {
  snapshotEnvironment();
  main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`prodgate: internal error: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
