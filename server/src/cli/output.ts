// Renders validation results as text, JSON, SARIF 2.1.0 or GitHub Actions workflow commands.
import { relative, resolve, sep } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Severity } from '../engine/findings.ts';
import { formatJsonPath } from '../engine/located.ts';
import { suppressionSource, type SuppressedFinding } from '../engine/suppressions.ts';
import type { LocatedFinding, Validation } from '../engine/validate.ts';
import { sarifLog, type SarifResult } from '../report/sarif.ts';
import { fingerprintFindings } from './baseline.ts';

export interface FileResult {
  path: string;
  text: string;
  validation: Validation;
  /** Findings the configuration or a suppression comment silenced. */
  suppressed?: SuppressedFinding[];
}

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'github'];

/** With --baseline: how many findings the baseline accepted, and (comparing) how many of its entries no longer occur. */
export interface BaselineSummary {
  baselined: number;
  fixed?: number;
}

export interface RenderOptions {
  /** The folder GitHub annotation paths are relative to (default: the process's). */
  cwd?: string;
  baseline?: BaselineSummary;
}

interface Position {
  line: number;
  column: number;
}

/** The 1-based line and column of an offset in `text`. */
function positionsIn(text: string): (offset: number) => Position {
  const document = TextDocument.create('file:///', 'plaintext', 0, text);
  return (offset) => {
    const position = document.positionAt(offset);
    return { line: position.line + 1, column: position.character + 1 };
  };
}

/** 1-based line and column of each end of every finding (by default, the reported ones). */
function positioned(result: FileResult, at = positionsIn(result.text), findings: readonly LocatedFinding[] = result.validation.findings) {
  return findings.map((finding) => ({
    finding,
    start: at(finding.span.offset),
    end: at(finding.span.offset + finding.span.length),
  }));
}

export function summarize(results: readonly FileResult[]): Record<Severity, number> & { files: number; artifacts: number; suppressed: number } {
  const summary = { files: results.length, artifacts: 0, error: 0, warning: 0, info: 0, suppressed: 0 };
  for (const result of results) {
    if (result.validation.kind) summary.artifacts++;
    for (const finding of result.validation.findings) summary[finding.severity]++;
    summary.suppressed += result.suppressed?.length ?? 0;
  }
  return summary;
}

export function render(results: readonly FileResult[], format: OutputFormat, version: string, options: RenderOptions = {}): string {
  switch (format) {
    case 'text':
      return renderText(results, options);
    case 'json':
      return `${JSON.stringify(renderJson(results, options), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(renderSarif(results, version), null, 2)}\n`;
    case 'github':
      return renderGithub(results, options);
  }
}

/** `2 artifacts in 3 files: 1 error, 0 warnings, 0 info (4 baselined, 1 fixed).` */
function summaryLine(results: readonly FileResult[], baseline: BaselineSummary | undefined): string {
  const summary = summarize(results);
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const notes = [
    ...(summary.suppressed > 0 ? [`${summary.suppressed} suppressed`] : []),
    ...(baseline ? [`${baseline.baselined} baselined${baseline.fixed ? `, ${baseline.fixed} fixed` : ''}`] : []),
  ];
  return (
    `${plural(summary.artifacts, 'artifact')} in ${plural(summary.files, 'file')}: ` +
    `${plural(summary.error, 'error')}, ${plural(summary.warning, 'warning')}, ${summary.info} info${notes.length > 0 ? ` (${notes.join('; ')})` : ''}.`
  );
}

function renderText(results: readonly FileResult[], options: RenderOptions): string {
  const lines: string[] = [];
  for (const result of results) {
    for (const { finding, start } of positioned(result)) {
      lines.push(`${result.path}:${start.line}:${start.column} ${finding.severity} ${finding.code} ${finding.message}`);
    }
  }
  lines.push(summaryLine(results, options.baseline));
  return `${lines.join('\n')}\n`;
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** GitHub's escaping of a workflow command's message. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub's escaping of a workflow command's property value. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=a.yaml,line=4,col=7,endLine=4,endColumn=10,title=code::message` per finding, then the summary. */
function renderGithub(results: readonly FileResult[], options: RenderOptions): string {
  const cwd = options.cwd ?? process.cwd();
  const lines: string[] = [];
  for (const result of results) {
    const file = relative(cwd, resolve(cwd, result.path)).split(sep).join('/');
    for (const { finding, start, end } of positioned(result)) {
      const properties = [
        `file=${escapeGithubProperty(file)}`,
        `line=${start.line}`,
        `col=${start.column}`,
        `endLine=${end.line}`,
        `endColumn=${end.column}`,
        `title=${escapeGithubProperty(finding.code)}`,
      ];
      lines.push(`::${GITHUB_COMMAND[finding.severity]} ${properties.join(',')}::${escapeGithubData(finding.message)}`);
    }
  }
  lines.push(summaryLine(results, options.baseline));
  return `${lines.join('\n')}\n`;
}

function renderJson(results: readonly FileResult[], options: RenderOptions) {
  const summary = options.baseline ? { ...summarize(results), ...options.baseline } : summarize(results);
  return {
    files: results.map((result) => {
      const at = positionsIn(result.text);
      return {
        path: result.path,
        kind: result.validation.kind ?? null,
        kindSource: result.validation.kindSource ?? null,
        findings: positioned(result, at).map(({ finding, start, end }) => ({
          code: finding.code,
          severity: finding.severity,
          message: finding.message,
          path: formatJsonPath(finding.path),
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
        })),
        suppressed: (result.suppressed ?? []).map(({ finding, reason, by }) => ({
          code: finding.code,
          message: finding.message,
          path: formatJsonPath(finding.path),
          line: at(finding.span.offset).line,
          reason,
          by: suppressionSource(by),
        })),
      };
    }),
    summary,
  };
}

const SARIF_LEVEL: Record<Severity, SarifResult['level']> = { error: 'error', warning: 'warning', info: 'note' };

function renderSarif(results: readonly FileResult[], version: string) {
  return sarifLog(
    results.flatMap((result) => {
      const at = positionsIn(result.text);
      const uri = result.path.replace(/\\/g, '/');
      const sarifResult = ({ finding, start, end }: ReturnType<typeof positioned>[number], fingerprint: string): SarifResult => ({
        ruleId: finding.code,
        level: SARIF_LEVEL[finding.severity],
        message: finding.message,
        uri,
        region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
        logicalName: formatJsonPath(finding.path),
        fingerprint,
      });
      // Reported and suppressed findings are fingerprinted apart, so a reported finding keeps the
      // fingerprint `--baseline` gives it whatever is suppressed around it.
      const findings = result.validation.findings;
      const suppressed = result.suppressed ?? [];
      const suppressedFindings = suppressed.map(({ finding }) => finding);
      const reportedPrints = fingerprintFindings(uri, result.text, findings);
      const suppressedPrints = fingerprintFindings(uri, result.text, suppressedFindings);
      return [
        ...positioned(result, at).map((place, index) => sarifResult(place, reportedPrints[index]!)),
        ...positioned(result, at, suppressedFindings).map((place, index) => ({
          ...sarifResult(place, suppressedPrints[index]!),
          suppression: { kind: suppressionSource(suppressed[index]!.by) === 'comment' ? 'inSource' as const : 'external' as const, justification: suppressed[index]!.reason },
        })),
      ];
    }),
    version,
  );
}
