// The HTML pieces both webview pages share. Everything put into the markup goes through escapeHtml,
// attributes included: the pages show workspace content, which is untrusted.
import type { ReportLink } from '../../../server/src/report/view.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes & < > " ' — safe in element content and in quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

export function decorativeIcon(name: string): string {
  return `<i class="codicon codicon-${name}" aria-hidden="true"></i>`;
}

/** A position as a data attribute: a non-negative safe integer (1e308 would print as "1e+308"). */
function positionAttribute(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= Number.MAX_SAFE_INTEGER ? String(Math.floor(value)) : '0';
}

/** Whether a link names a file to open (links come from untrusted JSON: anything else is shown as text). */
export function hasUri(link: ReportLink | undefined): link is ReportLink {
  return typeof link?.uri === 'string' && link.uri !== '';
}

/** A focusable link that asks the extension to open `link.uri` at `link.range` (the page's script posts it). */
export function openLink(link: ReportLink, label: string, title: string, ariaLabel = title): string {
  const start = link.range?.start;
  const end = link.range?.end ?? start;
  const attributes = [
    ['href', '#'],
    ['class', 'source-link'],
    ['data-action', 'open'],
    ['data-uri', String(link.uri ?? '')],
    ['data-line', positionAttribute(start?.line)],
    ['data-character', positionAttribute(start?.character)],
    ['data-end-line', positionAttribute(end?.line)],
    ['data-end-character', positionAttribute(end?.character)],
    ['title', title],
    ['aria-label', ariaLabel],
  ];
  return `<a ${attributes.map(([name, value]) => `${name}="${escapeHtml(value)}"`).join(' ')}>${escapeHtml(label)}</a>`;
}
