// Renders validation results as text, JSON or SARIF 2.1.0.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Severity } from '../engine/findings.ts';
import { formatJsonPath } from '../engine/located.ts';
import type { Validation } from '../engine/validate.ts';
import { sarifLog, type SarifResult } from '../report/sarif.ts';

export interface FileResult {
  path: string;
  text: string;
  validation: Validation;
}

export type OutputFormat = 'text' | 'json' | 'sarif';

interface Position {
  line: number;
  column: number;
}

/** 1-based line and column of each end of every finding. */
function positioned(result: FileResult) {
  const document = TextDocument.create('file:///', 'plaintext', 0, result.text);
  const at = (offset: number): Position => {
    const position = document.positionAt(offset);
    return { line: position.line + 1, column: position.character + 1 };
  };
  return result.validation.findings.map((finding) => ({
    finding,
    start: at(finding.span.offset),
    end: at(finding.span.offset + finding.span.length),
  }));
}

export function summarize(results: readonly FileResult[]): Record<Severity, number> & { files: number; artifacts: number } {
  const summary = { files: results.length, artifacts: 0, error: 0, warning: 0, info: 0 };
  for (const result of results) {
    if (result.validation.kind) summary.artifacts++;
    for (const finding of result.validation.findings) summary[finding.severity]++;
  }
  return summary;
}

export function render(results: readonly FileResult[], format: OutputFormat, version: string): string {
  switch (format) {
    case 'text':
      return renderText(results);
    case 'json':
      return `${JSON.stringify(renderJson(results), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(renderSarif(results, version), null, 2)}\n`;
  }
}

function renderText(results: readonly FileResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    for (const { finding, start } of positioned(result)) {
      lines.push(`${result.path}:${start.line}:${start.column} ${finding.severity} ${finding.code} ${finding.message}`);
    }
  }
  const summary = summarize(results);
  lines.push(
    `${summary.artifacts} artifact${summary.artifacts === 1 ? '' : 's'} in ${summary.files} file${summary.files === 1 ? '' : 's'}: ` +
      `${summary.error} error${summary.error === 1 ? '' : 's'}, ${summary.warning} warning${summary.warning === 1 ? '' : 's'}, ${summary.info} info.`,
  );
  return `${lines.join('\n')}\n`;
}

function renderJson(results: readonly FileResult[]) {
  return {
    files: results.map((result) => ({
      path: result.path,
      kind: result.validation.kind ?? null,
      kindSource: result.validation.kindSource ?? null,
      findings: positioned(result).map(({ finding, start, end }) => ({
        code: finding.code,
        severity: finding.severity,
        message: finding.message,
        path: formatJsonPath(finding.path),
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
      })),
    })),
    summary: summarize(results),
  };
}

const SARIF_LEVEL: Record<Severity, SarifResult['level']> = { error: 'error', warning: 'warning', info: 'note' };

function renderSarif(results: readonly FileResult[], version: string) {
  return sarifLog(
    results.flatMap((result) =>
      positioned(result).map(({ finding, start, end }) => ({
        ruleId: finding.code,
        level: SARIF_LEVEL[finding.severity],
        message: finding.message,
        uri: result.path,
        region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
        logicalName: formatJsonPath(finding.path),
      })),
    ),
    version,
  );
}
