// Renders the Deployment Governance panel — a workflow scorecard's verdict, reason codes, overrides
// and full evaluation trace — as the webview's HTML document. Pure: no 'vscode' import, so it runs
// (and is tested) in plain Node. Everything from the run is untrusted (rule conditions, reason codes,
// scorecard values, override data and file names all come from workspace files) and goes through
// escapeHtml, attributes included. The page reuses the Boundary Report's styles and script: links
// carry data-action="open" and their positions; the extension opens only links the server returned.
import type { EvaluateGovernanceResult } from '../../../server/src/lsp/protocol.ts';
import { index } from '../../../server/src/report/view.ts';
import { decorativeIcon, escapeHtml, hasUri, openLink } from './html.ts';
import type { RenderOptions } from './render.ts';
import { REPORT_SCRIPT } from './script.ts';
import { REPORT_STYLES } from './styles.ts';

export type { EvaluateGovernanceResult, RenderOptions };

type Tone = 'pass' | 'fail' | 'warn';
type TraceEntry = EvaluateGovernanceResult['run']['result']['trace'][number];

const GOVERNANCE_STYLES = `
.verdict-code { font-weight: normal; }
.reasons { display: flex; flex-wrap: wrap; gap: 6px; padding: 0; margin: 4px 0; list-style: none; }
.reasons code { padding: 1px 6px; border-radius: 3px; background: var(--vscode-textCodeBlock-background); }
table.trace, table.overrides { border-collapse: collapse; width: 100%; }
table.trace th, table.trace td, table.overrides th, table.overrides td {
  text-align: left;
  vertical-align: top;
  padding: 4px 8px;
  border-bottom: 1px solid var(--vscode-panel-border);
}
table.trace th, table.overrides th { font-weight: 600; }
tr.decided { background: var(--vscode-list-inactiveSelectionBackground); }
.values { list-style: none; margin: 0; padding: 0; }
.error { color: var(--vscode-errorForeground); }
ul.problems { padding-left: 20px; }
`;

const VERDICT_TONES: Record<string, Tone> = { promote: 'pass', pilot: 'warn', borderline: 'warn', demote: 'fail', no_go: 'fail' };
const TONE_ICONS: Record<Tone, string> = { pass: 'codicon-pass-filled', fail: 'codicon-error', warn: 'codicon-warning' };

const STATUS_TONES: Record<string, { icon: string; tone: string }> = {
  matched: { icon: 'codicon-pass-filled', tone: 'status-pass' },
  'not matched': { icon: 'codicon-circle-large-outline', tone: 'muted' },
  skipped: { icon: 'codicon-warning', tone: 'status-warn' },
  'not reached': { icon: 'codicon-circle-slash', tone: 'muted' },
};

function icon(name: string, tone: string, label: string): string {
  return `<i class="codicon ${name} ${tone}" role="img" aria-label="${escapeHtml(label)}"></i>`;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A condition variable's value as Python shows it. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value) ?? String(value);
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** The trace entry that decided the verdict: a forced verdict, else the foresight gate, else the first decision. */
function decidingEntry(trace: readonly TraceEntry[]): TraceEntry | undefined {
  const matched = trace.filter((entry) => entry?.status === 'matched' && entry.step !== 'override');
  return (
    matched.find((entry) => entry.step === 'forced_verdict') ??
    matched.find((entry) => entry.step === 'foresight') ??
    matched.find((entry) => entry.step !== 'forced_verdict' && entry.step !== 'foresight')
  );
}

function ruleLabel(rule: NonNullable<TraceEntry['rule']>): string {
  return rule.source === 'file' ? `rule ${index(rule.index) + 1} of the rule file` : `the default rule ${rule.reason_code || rule.decision}`;
}

function renderValues(values: TraceEntry['variables']): string {
  if (!isRecord(values) || Object.keys(values).length === 0) return '<span class="muted">—</span>';
  return (
    `<ul class="values">` +
    Object.entries(values)
      .map(([name, value]) => `<li><code>${escapeHtml(name)} = ${escapeHtml(pyRepr(value))}</code></li>`)
      .join('') +
    `</ul>`
  );
}

function renderRuleCell(entry: TraceEntry, result: EvaluateGovernanceResult, decided: boolean): string {
  const rule = entry.rule;
  if (!isRecord(rule)) return '<span class="muted">—</span>';
  const link = decided && result.links?.rule && result.links.rule.index === rule.index && rule.source === 'file' ? result.links.rule : undefined;
  const origin = rule.source === 'file' ? `file rule ${index(rule.index) + 1}` : 'default rule';
  const label = hasUri(link) ? openLink(link, origin, 'Open the rule that decided') : `<span class="muted">${escapeHtml(origin)}</span>`;
  return (
    `<div>${label} → <code>${escapeHtml(rule.decision)}</code>` +
    (typeof rule.reason_code === 'string' && rule.reason_code !== '' ? ` <code class="muted">${escapeHtml(rule.reason_code)}</code>` : '') +
    `</div><div><code class="condition">${escapeHtml(rule.condition)}</code></div>`
  );
}

function renderTrace(result: EvaluateGovernanceResult, decided: TraceEntry | undefined): string {
  const trace = Array.isArray(result.run?.result?.trace) ? result.run.result.trace : [];
  if (trace.length === 0) return `<p class="muted">No trace.</p>`;
  const rows = trace.map((entry, row) => {
    const status = STATUS_TONES[String(entry?.status)] ?? { icon: 'codicon-question', tone: 'muted' };
    const isDecided = entry === decided;
    return (
      `<tr class="trace-row${isDecided ? ' decided' : ''}" data-step="${escapeHtml(entry?.step)}" data-status="${escapeHtml(entry?.status)}">` +
      `<td>${row + 1}</td>` +
      `<th scope="row"><code>${escapeHtml(entry?.step)}</code></th>` +
      `<td>${renderRuleCell(entry, result, isDecided)}</td>` +
      `<td>${icon(status.icon, status.tone, String(entry?.status))} <span>${escapeHtml(entry?.status)}</span>` +
      `<div class="detail muted">${escapeHtml(entry?.detail)}</div></td>` +
      `<td>${renderValues(entry?.variables)}</td>` +
      `<td>${typeof entry?.error === 'string' && entry.error !== '' ? `<span class="error">${escapeHtml(entry.error)}</span>` : '<span class="muted">—</span>'}</td>` +
      `</tr>`
    );
  });
  return (
    `<table class="trace"><thead><tr><th scope="col">#</th><th scope="col">Step</th><th scope="col">Rule</th>` +
    `<th scope="col">Status</th><th scope="col">Values read</th><th scope="col">Error</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function renderOverrides(result: EvaluateGovernanceResult): string {
  const overrides = isRecord(result.run?.result?.overrides) ? result.run.result.overrides : {};
  const entries = Object.entries(overrides);
  const trace = Array.isArray(result.run?.result?.trace) ? result.run.result.trace : [];
  const ignored = trace.filter((entry) => entry?.step === 'override' && entry.status === 'skipped').map((entry) => entry.detail);
  const applied =
    entries.length === 0
      ? `<p class="muted">No overrides applied.</p>`
      : `<table class="overrides"><thead><tr><th scope="col">Key</th><th scope="col">Value</th></tr></thead><tbody>` +
        entries.map(([key, value]) => `<tr><th scope="row"><code>${escapeHtml(key)}</code></th><td><code>${escapeHtml(JSON.stringify(value) ?? String(value))}</code></td></tr>`).join('') +
        `</tbody></table>`;
  const ignoredList =
    ignored.length === 0 ? '' : `<h3>Ignored overrides</h3><ul class="problems">${ignored.map((detail) => `<li>${escapeHtml(detail)}</li>`).join('')}</ul>`;
  return `<section aria-labelledby="overrides-heading"><h2 id="overrides-heading">Overrides</h2>${applied}${ignoredList}</section>`;
}

function renderProblems(result: EvaluateGovernanceResult): string {
  const problems = Array.isArray(result.run?.problems) ? result.run.problems : [];
  if (problems.length === 0) return '';
  return (
    `<section aria-labelledby="problems-heading"><h2 id="problems-heading">${icon('codicon-warning', 'status-warn', 'problems')} Problems</h2>` +
    `<ul class="problems">${problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('')}</ul></section>`
  );
}

function renderInputs(result: EvaluateGovernanceResult): string {
  const links = Array.isArray(result.links?.inputs) ? result.links.inputs : [];
  const files: Partial<Record<string, unknown>> = isRecord(result.run?.files) ? result.run.files : {};
  const rows = (['scorecard', 'rules', 'thresholds', 'override'] as const).map((name) => {
    const file = files[name];
    const link = links.find((candidate) => candidate?.name === name);
    const label = `<code>${escapeHtml(name)}</code>`;
    if (typeof file !== 'string' || file === '') return `<li class="input input-missing">${label}<span class="muted">none</span></li>`;
    const shown = hasUri(link) ? openLink(link, baseName(file), file) : `<span class="path file" title="${escapeHtml(file)}">${escapeHtml(baseName(file))}</span>`;
    return `<li class="input">${decorativeIcon('file')}${label}${shown}</li>`;
  });
  return `<section aria-labelledby="inputs-heading"><h2 id="inputs-heading">Inputs</h2><ul class="inputs">${rows.join('')}</ul></section>`;
}

/** The Deployment Governance panel as a complete webview document: strict CSP, nonce'd style and script. */
export function renderGovernance(result: EvaluateGovernanceResult, options: RenderOptions): string {
  const nonce = escapeHtml(options.nonce);
  const cspSource = escapeHtml(options.cspSource);
  const csp =
    `default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; font-src ${cspSource}; ` +
    `script-src 'nonce-${nonce}'; img-src ${cspSource} data:;`;
  const governance = result.run?.result;
  const verdict = String(governance?.verdict ?? 'unknown');
  const tone: Tone = VERDICT_TONES[verdict] ?? 'warn';
  const trace = Array.isArray(governance?.trace) ? governance.trace : [];
  const decided = decidingEntry(trace);
  const reasons = Array.isArray(governance?.reason_codes) ? governance.reason_codes : [];
  const scorecard = typeof result.run?.files?.scorecard === 'string' ? result.run.files.scorecard : '';

  let decidedBy = '';
  if (decided?.rule) {
    const ruleLink = result.links?.rule;
    const label = ruleLabel(decided.rule);
    decidedBy = hasUri(ruleLink) && decided.rule.source === 'file' && ruleLink.index === decided.rule.index
      ? `Decided by ${openLink(ruleLink, `rule ${index(decided.rule.index) + 1}`, 'Open the rule that decided')}: <code>${escapeHtml(decided.rule.condition)}</code>`
      : `Decided by ${escapeHtml(label)}: <code>${escapeHtml(decided.rule.condition)}</code>`;
  } else if (decided) {
    decidedBy = `Decided by <code>${escapeHtml(decided.step)}</code>: ${escapeHtml(decided.detail)}`;
  }

  const header =
    `<header><p class="muted">ProdGate Deployment Governance${scorecard ? ` · <span class="path" title="${escapeHtml(scorecard)}">${escapeHtml(scorecard)}</span>` : ''}</p>` +
    `<h1 class="headline">${icon(TONE_ICONS[tone], `status-${tone}`, verdict)}<span class="verdict">${escapeHtml(verdict.replace(/_/g, ' '))}</span> ` +
    `<code class="verdict-code muted">${escapeHtml(verdict)}</code></h1>` +
    (decidedBy ? `<p class="decided-by">${decidedBy}</p>` : '') +
    `</header>`;

  const reasonsSection =
    `<section aria-labelledby="reasons-heading"><h2 id="reasons-heading">Reason codes</h2>` +
    (reasons.length > 0 ? `<ul class="reasons">${reasons.map((code) => `<li><code>${escapeHtml(code)}</code></li>`).join('')}</ul>` : `<p class="muted">No reason codes.</p>`) +
    `</section>`;

  const actions =
    `<div class="actions" role="toolbar" aria-label="Governance actions">` +
    `<button type="button" class="primary" data-action="rerun">${decorativeIcon('refresh')}<span>Re-evaluate</span></button></div>`;

  const traceSection = `<section aria-labelledby="trace-heading"><h2 id="trace-heading">Trace</h2>${renderTrace(result, decided)}</section>`;

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(options.codiconsUri)}">`,
    `<style nonce="${nonce}">${REPORT_STYLES}${GOVERNANCE_STYLES}</style>`,
    '<title>Deployment Governance</title>',
    '</head>',
    '<body>',
    `<main>${header}${reasonsSection}${actions}${renderOverrides(result)}${renderProblems(result)}${traceSection}${renderInputs(result)}</main>`,
    `<script nonce="${nonce}">${REPORT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
