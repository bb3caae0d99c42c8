// Renders the Boundary Report — the result of AANA's production-certification boundary check — as
// the webview's HTML document and as a Markdown export. Pure: no 'vscode' import, so it runs (and
// is tested) in plain Node. Everything taken from the report is untrusted (manifest contents flow
// into messages, paths, file names and codes) and goes through escapeHtml, attributes included.
import { decorativeIcon, escapeHtml, hasUri, openLink } from './html.ts';
import { REPORT_SCRIPT } from './script.ts';
import { REPORT_STYLES } from './styles.ts';
import {
  baseName,
  certified,
  countsLine,
  index,
  issueLocation,
  readinessLabel,
  readinessStatus,
  STAGES,
  statusOf,
  suppressionLabel,
  type BoundaryReportView,
  type ReportCheck,
  type ReportInput,
  type ReportIssue,
  type ReportPosition,
  type ReportStatus,
  type ReportSuppressed,
} from '../../../server/src/report/view.ts';

export type { BoundaryReportView };

export interface RenderOptions {
  /** The nonce every <style>, <script> (and the codicon <link>) carries, and the CSP allows. */
  nonce: string;
  /** webview.cspSource */
  cspSource: string;
  /** webview.asWebviewUri(…/codicon.css) */
  codiconsUri: string;
}

export type ExportFormat = 'json' | 'markdown' | 'sarif';

/** Messages the webview posts to the extension. */
export type ReportMessage =
  | { type: 'open'; uri: string; range: { start: ReportPosition; end: ReportPosition } }
  | { type: 'export'; format: ExportFormat }
  | { type: 'rerun' };

// ---------------------------------------------------------------------------------------------
// HTML

const STATUS_ICONS: Record<ReportStatus, { icon: string; label: string }> = {
  pass: { icon: 'codicon-pass-filled', label: 'passed' },
  fail: { icon: 'codicon-error', label: 'failed' },
  warn: { icon: 'codicon-warning', label: 'warning' },
};

function statusIcon(status: ReportStatus, label = STATUS_ICONS[status].label): string {
  return `<i class="codicon ${STATUS_ICONS[status].icon} status-${status}" role="img" aria-label="${escapeHtml(label)}"></i>`;
}

function levelIcon(level: unknown): string {
  return level === 'error'
    ? `<i class="codicon codicon-error status-fail" role="img" aria-label="error"></i>`
    : `<i class="codicon codicon-warning status-warn" role="img" aria-label="warning"></i>`;
}

function boundaryBadge(key: string, title: string, ready: unknown): string {
  const status: ReportStatus = ready === true ? 'pass' : 'fail';
  return (
    `<span class="badge status-${status}">${statusIcon(status, ready === true ? 'ready' : 'not ready')}` +
    `<strong>${escapeHtml(title)}</strong> <code>${escapeHtml(key)}: ${escapeHtml(String(ready === true))}</code></span>`
  );
}

function renderIssue(issue: ReportIssue): string {
  const meta: string[] = [];
  if (typeof issue.code === 'string' && issue.code !== '') meta.push(`<code class="code" title="Finding code">${escapeHtml(issue.code)}</code>`);
  const location = issueLocation(issue);
  if (location) {
    const shown = location.line !== undefined ? `${location.label}:${location.line}` : location.label;
    const full = location.line !== undefined ? `${location.full}:${location.line}` : location.full;
    meta.push(
      hasUri(issue.link)
        ? openLink(issue.link, shown, full, `Open ${location.label} at line ${location.line ?? 1}`)
        : `<span class="path file" title="${escapeHtml(full)}">${escapeHtml(shown)}</span>`,
    );
  }
  if (typeof issue.path === 'string' && issue.path !== '') meta.push(`<code class="path json-path" title="JSON path">${escapeHtml(issue.path)}</code>`);
  const level = issue.level === 'error' ? 'error' : 'warning';
  return (
    `<li class="issue issue-${level}"><div>${levelIcon(level)} <span class="issue-message">${escapeHtml(issue.message)}</span></div>` +
    (meta.length > 0 ? `<div class="issue-meta">${meta.join('')}</div>` : '') +
    `</li>`
  );
}

/** A finding the editor does not show, with where and why: the checks still count it. */
function renderSuppressed(item: ReportSuppressed): string {
  const file = typeof item.file === 'string' ? item.file : '';
  const shown = `${baseName(file)}:${index(item.line)}`;
  const where =
    hasUri(item.link)
      ? openLink(item.link, shown, `${file}:${index(item.line)}`, `Open ${baseName(file)} at line ${index(item.line)}`)
      : `<span class="path file">${escapeHtml(shown)}</span>`;
  return (
    `<li class="issue"><div>${decorativeIcon('eye-closed')} <code class="code" title="Finding code">${escapeHtml(item.code)}</code> ` +
    `<span class="issue-message">${escapeHtml(item.message)}</span></div>` +
    `<div class="issue-meta">${where}<span class="reason">${escapeHtml(suppressionLabel(item.by))}: ${escapeHtml(item.reason)}</span></div></li>`
  );
}

function renderCheck(check: ReportCheck, position: number): string {
  const status = statusOf(check.status);
  const issues = Array.isArray(check.issues) ? check.issues : [];
  const id = `check-${position}`;
  const body =
    issues.length > 0
      ? `<ul class="issues" aria-label="${escapeHtml(`Issues of ${check.name}`)}">${issues.map(renderIssue).join('')}</ul>`
      : `<p class="no-issues muted">No issues.</p>`;
  return (
    `<details class="check check-${status}" id="${id}"${status === 'fail' ? ' open' : ''}>` +
    `<summary>${statusIcon(status)}<h3 id="${id}-name">${escapeHtml(check.name)}</h3>` +
    `<span class="message">${escapeHtml(check.message)}</span></summary>${body}</details>`
  );
}

function renderReadinessTable(boundary: BoundaryReportView['readiness_boundary'] | undefined): string {
  const rows = STAGES.filter((stage) => boundary && typeof boundary[stage] === 'object' && boundary[stage] !== null).map((stage) => {
    const row = boundary![stage];
    return (
      `<tr><th scope="row">${escapeHtml(stage)}</th><td>${escapeHtml(row.purpose)}</td><td>${escapeHtml(row.data)}</td>` +
      `<td>${escapeHtml(row.side_effects)}</td><td>${escapeHtml(row.certification_line)}</td></tr>`
    );
  });
  if (rows.length === 0) return '';
  return (
    `<section aria-labelledby="readiness-heading"><h2 id="readiness-heading">Readiness boundary</h2>` +
    `<table class="readiness"><thead><tr><th scope="col">Stage</th><th scope="col">Purpose</th><th scope="col">Data</th>` +
    `<th scope="col">Side effects</th><th scope="col">Certification line</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
  );
}

function renderInput(input: ReportInput): string {
  const name = `<code>${escapeHtml(input.name)}</code>`;
  if (typeof input.file !== 'string' || input.file === '') {
    return `<li class="input input-missing">${statusIcon('warn', 'missing')}${name}<span class="missing">missing</span></li>`;
  }
  const file =
    typeof input.uri === 'string' && input.uri !== ''
      ? openLink(
          { uri: input.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
          baseName(input.file),
          input.file,
          `Open ${baseName(input.file)}`,
        )
      : `<span class="path file" title="${escapeHtml(input.file)}">${escapeHtml(baseName(input.file))}</span>`;
  return `<li class="input">${decorativeIcon('file')}${name}${file}</li>`;
}

function exportButton(format: ExportFormat, label: string, icon: string): string {
  return `<button type="button" data-action="export" data-format="${format}">${decorativeIcon(icon)}<span>${label}</span></button>`;
}

/** The Boundary Report as a complete webview document: strict CSP, nonce'd style and script. */
export function renderBoundaryReport(report: BoundaryReportView, options: RenderOptions): string {
  const nonce = escapeHtml(options.nonce);
  const cspSource = escapeHtml(options.cspSource);
  const csp =
    `default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; font-src ${cspSource}; ` +
    `script-src 'nonce-${nonce}'; img-src ${cspSource} data:;`;
  const level = report.summary?.readiness_level;
  const checks = Array.isArray(report.checks) ? report.checks : [];
  const inputs = Array.isArray(report.inputs) ? report.inputs : [];

  const header =
    `<header><p class="muted">ProdGate Boundary Report · overall status ${statusIcon(statusOf(report.summary?.status))} ` +
    `<span>${escapeHtml(statusOf(report.summary?.status))}</span></p>` +
    `<h1 class="headline">${statusIcon(readinessStatus(level))}<span class="level">${escapeHtml(readinessLabel(level))}</span> ` +
    `<code class="level-code muted">${escapeHtml(level)}</code></h1>` +
    `<p class="counts muted">${escapeHtml(countsLine(report.summary))}</p>` +
    `<div class="badges" role="group" aria-label="Boundaries">` +
    boundaryBadge('repo_local_ready', 'Repo-local boundary', report.repo_local_ready) +
    boundaryBadge('deployment_ready', 'Deployment boundary', report.deployment_ready) +
    `</div></header>`;

  const standing =
    `<section class="standing" aria-labelledby="standing-heading">` +
    `<h2 id="standing-heading">${statusIcon(certified(report) ? 'pass' : 'fail', 'not certified')}` +
    `<code>production_certified: ${escapeHtml(String(certified(report)))}</code></h2>` +
    `<p class="positioning">${escapeHtml(report.production_positioning)}</p>` +
    `<p class="scope muted">${escapeHtml(report.certification_scope)}</p></section>`;

  const actions =
    `<div class="actions" role="toolbar" aria-label="Report actions">` +
    `<button type="button" class="primary" data-action="rerun">${decorativeIcon('refresh')}<span>Re-run</span></button>` +
    exportButton('json', 'Export JSON', 'json') +
    exportButton('markdown', 'Export Markdown', 'markdown') +
    exportButton('sarif', 'Export SARIF', 'export') +
    `</div>`;

  const checksSection =
    `<section aria-labelledby="checks-heading"><h2 id="checks-heading">Checks</h2>` +
    (checks.length > 0 ? checks.map(renderCheck).join('') : `<p class="muted">No checks ran.</p>`) +
    `</section>`;

  const suppressed = Array.isArray(report.suppressed) ? report.suppressed : [];
  const suppressedSection =
    suppressed.length === 0
      ? ''
      : `<section aria-labelledby="suppressed-heading"><h2 id="suppressed-heading">Suppressed (${suppressed.length})</h2>` +
        `<p class="muted">The checks above count these findings; the editor and <code>prodgate validate</code> do not show them.</p>` +
        `<ul class="issues suppressed">${suppressed.map(renderSuppressed).join('')}</ul></section>`;

  const inputsSection =
    `<section aria-labelledby="inputs-heading"><h2 id="inputs-heading">Inputs</h2>` +
    (inputs.length > 0 ? `<ul class="inputs">${inputs.map(renderInput).join('')}</ul>` : `<p class="muted">No inputs.</p>`) +
    `</section>`;

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(options.codiconsUri)}">`,
    `<style nonce="${nonce}">${REPORT_STYLES}</style>`,
    '<title>Boundary Report</title>',
    '</head>',
    '<body>',
    `<main>${header}${standing}${renderReadinessTable(report.readiness_boundary)}${actions}${checksSection}${suppressedSection}${inputsSection}</main>`,
    `<script nonce="${nonce}">${REPORT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Markdown
