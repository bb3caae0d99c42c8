// `prodgate certify`: the production-certification boundary check, with AANA's flags or a bundle.
// Exit 0 only when deployment_ready, 1 otherwise, 2 on usage or I/O errors.
import { access, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { certify, type CertificationReport } from '../engine/certification/certify.ts';
import { DEFAULT_SETTINGS } from '../engine/validate.ts';
import { loadCertificationInputs, readBundle, type InputPaths, type SourceText } from '../io/certification-inputs.ts';
import { IssueLocator } from '../io/locate.ts';
import { certificationSarif } from '../report/certification-sarif.ts';
import { reportMarkdown } from '../report/markdown.ts';
import { suppressionLabel, toReportView } from '../report/view.ts';
import { suppressedIssues, withSuppressed } from '../engine/certification/suppressed.ts';
import { ignoreEntriesFor } from '../engine/suppressions.ts';
import { loadCliConfig } from './config.ts';
import { UsageError } from './files.ts';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

const FLAGS: Record<string, keyof InputPaths> = {
  'certification-policy': 'certification_policy',
  'deployment-manifest': 'deployment_manifest',
  'governance-policy': 'governance_policy',
  'evidence-registry': 'evidence_registry',
  'observability-policy': 'observability_policy',
  'audit-log': 'audit_log',
  'external-evidence': 'external_evidence',
  'connector-catalog': 'connector_catalog',
};

export const CERTIFY_HELP = `Usage: prodgate certify [--bundle FILE | --certification-policy FILE ...] [options]

Artifacts (paths; each optional, the checks that need a missing one fail):
  --certification-policy FILE   --deployment-manifest FILE   --governance-policy FILE
  --evidence-registry FILE      --observability-policy FILE  --audit-log FILE (JSON Lines)
  --external-evidence FILE      --connector-catalog FILE (replaces AANA's integration catalog)
  --bundle FILE                 a prodgate.bundle.yaml|json naming the artifacts (default: the
                                configuration's bundle, when it names one)
  --config FILE                 the workspace configuration (default: .prodgate.yaml|yml|json in the
                                current directory): bundle, connectorCatalog, rules, files, ignore

Output:
  --json                        print the report as JSON (AANA's top-level keys)
  --sarif FILE                  also write the issues as SARIF 2.1.0
  --markdown FILE               also write the report as Markdown

Suppressions (prodgate-ignore comments, ignore entries, rules: off) never change a check: the
report lists the findings they silence under "Suppressed".

Exit status: 0 deployment_ready, 1 not deployment_ready, 2 usage or I/O errors.
`;

export async function certifyCommand(args: readonly string[], io: CliIo, version: string): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      ...Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' as const }])),
      bundle: { type: 'string' },
      config: { type: 'string' },
      json: { type: 'boolean' },
      sarif: { type: 'string' },
      markdown: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    io.stdout(CERTIFY_HELP);
    return 0;
  }
  const options = values as Record<string, string | boolean | undefined>;
  const flagged = Object.entries(FLAGS).filter(([flag]) => typeof options[flag] === 'string');
  if (options.bundle && flagged.length > 0) throw new UsageError('give either --bundle or the artifact flags, not both');
  const configuration = await loadCliConfig(options.config as string | undefined, io.cwd);
  const { config } = configuration;
  const bundlePath = typeof options.bundle === 'string' ? resolve(io.cwd, options.bundle) : flagged.length === 0 && config.bundle ? resolve(configuration.root, config.bundle) : undefined;
  if (!bundlePath && flagged.length === 0) throw new UsageError('nothing to certify: give --bundle FILE or --certification-policy FILE and the other artifacts (or set bundle in .prodgate.yaml)');

  const displayPath = (path: string) => relative(io.cwd, path) || path;
  const sources = new Map<string, SourceText>();
  const loadOptions = { settings: { ...DEFAULT_SETTINGS, files: config.files ?? {} }, displayPath, sources };
  let paths: InputPaths = {};
  if (bundlePath) {
    const bundle = await readBundle(bundlePath, loadOptions);
    if (bundle.problems.length > 0) {
      for (const problem of bundle.problems) io.stderr(`prodgate: ${problem}\n`);
      return 2;
    }
    paths = bundle.paths;
  } else {
    for (const [flag, key] of flagged) paths[key] = resolve(io.cwd, options[flag] as string);
  }
  if (!paths.connector_catalog && config.connectorCatalog) paths.connector_catalog = resolve(configuration.root, config.connectorCatalog);

  const unreadable: string[] = [];
  await Promise.all(
    Object.values(paths).map((path) =>
      access(path).catch(() => {
        unreadable.push(displayPath(path));
      }),
    ),
  );
  for (const file of unreadable.sort()) io.stderr(`prodgate: ${file}: cannot read the file\n`);

  const inputs = await loadCertificationInputs(paths, loadOptions);
  const checked = certify(inputs);
  const configurationFor = (file: string) => ({
    rules: config.rules ?? {},
    ignore: ignoreEntriesFor(relative(configuration.root, sources.get(file)?.path ?? resolve(io.cwd, file)), config.ignore),
  });
  const report = withSuppressed(checked, suppressedIssues(inputs, checked, (file) => sources.get(file), configurationFor));
  const locator = new IssueLocator(sources);
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderText(report, locator));
  const view = () => toReportView(report, locator, (file) => resolve(io.cwd, file));
  try {
    if (typeof options.sarif === 'string') await writeFile(resolve(io.cwd, options.sarif), `${JSON.stringify(certificationSarif(view(), version), null, 2)}\n`);
    if (typeof options.markdown === 'string') await writeFile(resolve(io.cwd, options.markdown), reportMarkdown(view()));
  } catch (error) {
    io.stderr(`prodgate: cannot write the report: ${(error as Error).message}\n`);
    return 2;
  }
  if (unreadable.length > 0) return 2;
  return report.deployment_ready ? 0 : 1;
}

const MARK = { pass: 'PASS', fail: 'FAIL', warn: 'WARN' } as const;

function renderText(report: CertificationReport, locator: IssueLocator): string {
  const yes = (value: boolean) => (value ? 'yes' : 'no');
  const lines = [
    `Readiness level: ${report.summary.readiness_level}`,
    `repo_local_ready: ${yes(report.repo_local_ready)}   deployment_ready: ${yes(report.deployment_ready)}   production_certified: false`,
    report.production_positioning,
    '',
  ];
  for (const check of report.checks) {
    lines.push(`${MARK[check.status]} ${check.name}: ${check.message}`);
    for (const issue of check.issues) {
      const range = locator.locate(issue);
      const where = issue.file ? `${issue.file}${range ? `:${range.start.line + 1}:${range.start.character + 1}` : ''} ` : '';
      lines.push(`     ${issue.level} ${where}${issue.code ? `${issue.code} ` : ''}${issue.message}`);
    }
  }
  if (report.suppressed.length > 0) {
    lines.push('', `Suppressed (${report.suppressed.length}): the checks above count these; the editor and validate do not show them.`);
    for (const item of report.suppressed) lines.push(`     ${item.file}:${item.line} ${item.code} — ${item.reason} (${suppressionLabel(item.by)})`);
  }
  const suppressedNote = report.summary.suppressed > 0 ? ` ${report.summary.suppressed} suppressed.` : '';
  lines.push('', `${report.summary.checks} checks: ${report.summary.checks - report.summary.failures} passed, ${report.summary.failures} failed.${suppressedNote}`);
  return `${lines.join('\n')}\n`;
}
