// The Boundary Report as the editor and the exports see it: the certification report, with each
// issue placed in its file (a URI and a range), ready to render without further look-ups.
import { pathToFileURL } from 'node:url';
import type { CertificationReport, ReadinessLevel } from '../engine/certification/certify.ts';
import type { SuppressedIssue } from '../engine/certification/suppressed.ts';
import type { SuppressionSource } from '../engine/suppressions.ts';
import type { CheckStatus as ReportStatus } from '../engine/certification/types.ts';
import type { IssueLocator } from '../io/locate.ts';

export type { CheckStatus as ReportStatus } from '../engine/certification/types.ts';
export type { ReadinessLevel };
export type ReadinessStageName = 'demo' | 'pilot' | 'production';

export interface ReportPosition {
  /** 0-based, as in LSP. */
  line: number;
  character: number;
}

export interface ReportLink {
  uri: string;
  range: { start: ReportPosition; end: ReportPosition };
}

export interface ReportIssue {
  level: 'error' | 'warning';
  path: string;
  message: string;
  code?: string;
  input?: string;
  file?: string;
  link?: ReportLink;
}

export interface ReportCheck {
  name: string;
  status: ReportStatus;
  message: string;
  issues: ReportIssue[];
}

export interface ReadinessStage {
  purpose: string;
  data: string;
  side_effects: string;
  certification_line: string;
}

export interface ReportInput {
  name: string;
  /** Absent when the artifact was not found. */
  file?: string;
  uri?: string;
}

/** The Boundary Report as the client receives it from the server: plain JSON. */
export interface BoundaryReportView {
  repo_local_ready: boolean;
  deployment_ready: boolean;
  production_certified: false;
  summary: CertificationReport['summary'];
  /** The standing line: production_certified is false, and why. */
  production_positioning: string;
  certification_scope: string;
  readiness_boundary: Record<ReadinessStageName, ReadinessStage>;
  checks: ReportCheck[];
  inputs: ReportInput[];
  /** Findings the editor does not show; the checks above count them all. */
  suppressed: ReportSuppressed[];
}

export interface ReportSuppressed extends SuppressedIssue {
  link?: ReportLink;
}

export const READINESS_LABELS: Record<ReadinessLevel, string> = {
  repo_local_not_ready: 'Repo-local not ready',
  external_evidence_required: 'External evidence required',
  deployment_ready: 'Deployment ready',
};

export const STAGES: readonly ReadinessStageName[] = ['demo', 'pilot', 'production'];

const SUPPRESSION_LABELS: Record<SuppressionSource, string> = { comment: 'suppression comment', ignore: 'ignore entry', rule: 'rules: off' };

/** What silenced a suppressed finding, in words; anything unexpected in the JSON is "suppressed". */
export function suppressionLabel(by: unknown): string {
  return typeof by === 'string' && Object.hasOwn(SUPPRESSION_LABELS, by) ? SUPPRESSION_LABELS[by as SuppressionSource] : 'suppressed';
}

// Helpers shared by the HTML and Markdown renderers.

export function statusOf(value: unknown): ReportStatus {
  return value === 'pass' || value === 'fail' || value === 'warn' ? value : 'warn';
}

export function readinessLabel(level: unknown): string {
  return typeof level === 'string' && Object.hasOwn(READINESS_LABELS, level)
    ? READINESS_LABELS[level as ReadinessLevel]
    : String(level ?? 'unknown');
}

export function readinessStatus(level: unknown): ReportStatus {
  return level === 'deployment_ready' ? 'pass' : level === 'repo_local_not_ready' ? 'fail' : 'warn';
}

/** A non-negative integer, whatever the JSON held. */
export function index(value: unknown): number {
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? Math.floor(number) : 0;
}

/** The last segment of a path or URI. */
export function baseName(path: string): string {
  const segments = path.split(/[\\/]/).filter((segment) => segment !== '');
  const last = segments.at(-1) ?? path;
  try {
    return /^[a-z][a-z0-9+.-]*:/i.test(path) ? decodeURIComponent(last) : last;
  } catch {
    return last;
  }
}

/** The report's type says false; show what the JSON actually held rather than assume it. */
export function certified(report: BoundaryReportView): boolean {
  return (report.production_certified as unknown) === true;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function countsLine(summary: BoundaryReportView['summary']): string {
  const s = summary ?? ({} as BoundaryReportView['summary']);
  return (
    `${plural(index(s.checks), 'check')} · ${plural(index(s.failures), 'failure')} · ${plural(index(s.warnings), 'warning')} ` +
    `(repo-local: ${plural(index(s.repo_local_failures), 'failure')}, ${plural(index(s.repo_local_warnings), 'warning')})` +
    (index(s.suppressed) > 0 ? ` · ${index(s.suppressed)} suppressed` : '')
  );
}

export function issueLocation(issue: ReportIssue): { label: string; full: string; line?: number } | undefined {
  const file = typeof issue.file === 'string' && issue.file !== '' ? issue.file : issue.link?.uri;
  if (file === undefined || file === '') return undefined;
  const line = issue.link ? index(issue.link.range?.start?.line) + 1 : undefined;
  return { label: baseName(file), full: file, ...(line !== undefined ? { line } : {}) };
}

/** `absolute` turns a report file name into the path it was read from. */
export function toReportView(report: CertificationReport, locator: IssueLocator, absolute: (file: string) => string): BoundaryReportView {
  const uriOf = (file: string) => pathToFileURL(locator.pathOf(file) ?? absolute(file)).href;
  const { public_readiness_matrix: _matrix, ...rest } = report;
  return {
    ...rest,
    checks: report.checks.map(({ details: _details, issues, ...check }) => ({
      ...check,
      issues: issues.map(({ location: _location, ...issue }) => {
        const range = locator.locate({ ...issue, location: _location });
        return range && issue.file ? { ...issue, link: { uri: uriOf(issue.file), range } } : issue;
      }),
    })),
    inputs: report.inputs.map((input) => (input.file ? { ...input, uri: uriOf(input.file) } : input)),
    suppressed: report.suppressed.map((item) => {
      const line = item.line - 1;
      return { ...item, link: { uri: uriOf(item.file), range: { start: { line, character: 0 }, end: { line, character: 0 } } } };
    }),
  };
}
