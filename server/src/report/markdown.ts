// The Boundary Report as Markdown: the same content as the webview, for the CLI's --markdown and
// the panel's export.
import {
  certified,
  countsLine,
  index,
  issueLocation,
  readinessLabel,
  STAGES,
  statusOf,
  type BoundaryReportView,
  type ReportStatus,
} from './view.ts';

/**
 * Text for Markdown: one line, with Markdown's and HTML's active characters (and table pipes)
 * escaped. An underscore inside a word cannot start emphasis, so `production_certified` stays as is.
 */
export function escapeMarkdown(value: unknown): string {
  return String(value ?? '')
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\`*[\]<>|~]/g, '\\$&')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_');
}

/**
 * A code span that survives backticks in its text; in a table cell its pipes are escaped too (GFM
 * reads `\|` inside a cell's code span as a pipe, while outside a table it would show the backslash).
 */
function markdownCode(value: unknown, inTable = false): string {
  const line = String(value ?? '').replace(/\r\n?|\n/g, ' ');
  const text = inTable ? line.replace(/\|/g, '\\|') : line;
  if (text === '') return '';
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

const STATUS_MARKS: Record<ReportStatus, string> = { pass: '✅ pass', fail: '❌ fail', warn: '⚠️ warn' };

function markdownTable(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

/** The Boundary Report as Markdown: the same content as the webview, for export. */
export function reportMarkdown(report: BoundaryReportView): string {
  const level = report.summary?.readiness_level;
  const checks = Array.isArray(report.checks) ? report.checks : [];
  const inputs = Array.isArray(report.inputs) ? report.inputs : [];
  const lines: string[] = [
    '# ProdGate Boundary Report',
    '',
    `**Readiness level:** ${escapeMarkdown(readinessLabel(level))} (${markdownCode(level)})`,
    '',
    `Overall status: ${STATUS_MARKS[statusOf(report.summary?.status)]} — ${escapeMarkdown(countsLine(report.summary))}`,
    '',
    ...markdownTable(
      ['Boundary', 'Ready'],
      [
        [markdownCode('repo_local_ready', true), report.repo_local_ready === true ? '✅ true' : '❌ false'],
        [markdownCode('deployment_ready', true), report.deployment_ready === true ? '✅ true' : '❌ false'],
      ],
    ),
    '',
    `**production_certified: ${String(certified(report))}** — ${escapeMarkdown(report.production_positioning)}`,
    '',
    escapeMarkdown(report.certification_scope),
    '',
  ];

  const boundary = report.readiness_boundary;
  const stages = STAGES.filter((stage) => boundary && typeof boundary[stage] === 'object' && boundary[stage] !== null);
  if (stages.length > 0) {
    lines.push(
      '## Readiness boundary',
      '',
      ...markdownTable(
        ['Stage', 'Purpose', 'Data', 'Side effects', 'Certification line'],
        stages.map((stage) => {
          const row = boundary[stage];
          return [stage, row.purpose, row.data, row.side_effects, row.certification_line].map(escapeMarkdown);
        }),
      ),
      '',
    );
  }

  lines.push('## Checks', '');
  if (checks.length === 0) lines.push('No checks ran.', '');
  else {
    lines.push(
      ...markdownTable(
        ['Check', 'Status', 'Issues', 'Message'],
        checks.map((check) => [
          markdownCode(check.name, true),
          STATUS_MARKS[statusOf(check.status)],
          String(Array.isArray(check.issues) ? check.issues.length : 0),
          escapeMarkdown(check.message),
        ]),
      ),
      '',
    );
  }

  const withIssues = checks.filter((check) => statusOf(check.status) !== 'pass' && Array.isArray(check.issues) && check.issues.length > 0);
  if (withIssues.length > 0) {
    lines.push('## Issues', '');
    for (const check of withIssues) {
      lines.push(`### ${STATUS_MARKS[statusOf(check.status)]}: ${markdownCode(check.name)}`, '');
      for (const issue of check.issues) {
        const parts = [`- **${issue.level === 'error' ? 'error' : 'warning'}**`];
        if (typeof issue.code === 'string' && issue.code !== '') parts.push(markdownCode(issue.code));
        parts.push(escapeMarkdown(issue.message));
        const location = issueLocation(issue);
        if (location) parts.push(`— ${markdownCode(location.line !== undefined ? `${location.full}:${location.line}` : location.full)}`);
        if (typeof issue.path === 'string' && issue.path !== '') parts.push(`at ${markdownCode(issue.path)}`);
        lines.push(parts.join(' '));
      }
      lines.push('');
    }
  }

  const suppressed = Array.isArray(report.suppressed) ? report.suppressed : [];
  if (suppressed.length > 0) {
    lines.push(
      '## Suppressed',
      '',
      'The checks above count these findings; the editor and `prodgate validate` do not show them.',
      '',
      ...markdownTable(
        ['File', 'Line', 'Code', 'Reason'],
        suppressed.map((item) => [markdownCode(String(item.file), true), String(index(item.line)), markdownCode(String(item.code), true), escapeMarkdown(String(item.reason))]),
      ),
      '',
    );
  }

  lines.push('## Inputs', '');
  if (inputs.length === 0) lines.push('No inputs.', '');
  else {
    lines.push(
      ...markdownTable(
        ['Input', 'File'],
        inputs.map((input) => [
          markdownCode(input.name, true),
          typeof input.file === 'string' && input.file !== '' ? markdownCode(input.file, true) : '_missing_',
        ]),
      ),
      '',
    );
  }
  return lines.join('\n');
}
