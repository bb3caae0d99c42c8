// What the editor's suppressions hide in a certification's artifacts. The verdict is computed on
// every finding; this only lists the suppressed ones, so that the report shows what the editor
// and `prodgate validate` stay quiet about.
import { spanOfPath, type LNode } from '../located.ts';
import { parseDocument } from '../parse.ts';
import { applySuppressions, commentPrefixOf, lineOf, lineStarts, suppressionSource, type RuleConfiguration, type SuppressionSource } from '../suppressions.ts';
import { formatOf, type LocatedFinding } from '../validate.ts';
import type { CertificationInputs, CertificationReport } from './certify.ts';
import type { InputName } from './types.ts';

export interface SuppressedIssue {
  /** As the report names it. */
  file: string;
  /** 1-based. */
  line: number;
  code: string;
  message: string;
  reason: string;
  /** What suppressed it: a comment in the file, an ignore entry of the configuration, or `rules: off`. */
  by: SuppressionSource;
}

export interface SourceOf {
  (file: string): { path: string; text: string } | undefined;
}

/**
 * The suppressed findings of each artifact: its own, and the cross-file issues the checks placed
 * in it. `configurationFor` gives the severities and the ignore entries that apply to a file.
 */
export function suppressedIssues(
  inputs: CertificationInputs,
  report: CertificationReport,
  sourceOf: SourceOf,
  configurationFor: (file: string) => RuleConfiguration,
): SuppressedIssue[] {
  const byFile = new Map<string, LocatedFinding[]>();
  /** Issues placed by an audit-log line have no text to find a span in. */
  const auditLines = new Map<LocatedFinding, number>();
  const add = (file: string, finding: LocatedFinding) => {
    const list = byFile.get(file) ?? [];
    if (!list.some((other) => other.code === finding.code && other.span.offset === finding.span.offset && other.message === finding.message)) list.push(finding);
    byFile.set(file, list);
  };
  for (const name of Object.keys(inputs) as (InputName | 'catalog')[]) {
    const input = inputs[name];
    if (input && 'findings' in input) for (const finding of input.findings ?? []) add(input.file, finding);
  }
  const roots = new Map<string, LNode | undefined>();
  const rootOf = (file: string): LNode | undefined => {
    if (!roots.has(file)) {
      const source = sourceOf(file);
      roots.set(file, source && parsedRoot(source));
    }
    return roots.get(file);
  };
  for (const issue of report.checks.flatMap((check) => check.issues)) {
    if (!issue.code || !issue.file || !issue.location) continue;
    const base = { code: issue.code, severity: issue.level, message: issue.message };
    if ('span' in issue.location) continue; // an artifact's own finding, added above
    if ('line' in issue.location) {
      const finding: LocatedFinding = { ...base, path: [], span: { offset: 0, length: 0 } };
      auditLines.set(finding, issue.location.line);
      add(issue.file, finding);
      continue;
    }
    const root = rootOf(issue.file);
    add(issue.file, { ...base, path: issue.location.jsonPath, span: root ? spanOfPath(root, issue.location.jsonPath, 'key') : { offset: 0, length: 0 } });
  }

  const suppressed: SuppressedIssue[] = [];
  for (const [file, findings] of byFile) {
    const source = sourceOf(file);
    const text = source?.text ?? '';
    const prefix = source ? commentPrefixOf(formatOf(source.path)) : undefined;
    const starts = lineStarts(text);
    // The tree tells suppression comments from lines of multi-line strings: only needed where there are any.
    const root = text.includes('prodgate-ignore') ? rootOf(file) : undefined;
    for (const { finding, reason, by } of applySuppressions(findings, text, prefix, configurationFor(file), root).suppressed) {
      const line = auditLines.get(finding) ?? lineOf(starts, finding.span.offset) + 1;
      suppressed.push({ file, line, code: finding.code, message: finding.message, reason, by: suppressionSource(by) });
    }
  }
  return suppressed.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.code.localeCompare(b.code));
}

function parsedRoot(source: { path: string; text: string }): LNode | undefined {
  const format = formatOf(source.path);
  return (format && parseDocument(source.text, format).root) || undefined;
}

/** The report with its suppressed findings listed and counted. */
export function withSuppressed(report: CertificationReport, suppressed: SuppressedIssue[]): CertificationReport {
  return { ...report, summary: { ...report.summary, suppressed: suppressed.length }, suppressed };
}
