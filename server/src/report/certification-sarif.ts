// The certification's issues as SARIF: one result per issue of a check that did not pass.
import { sarifLog, type SarifResult } from './sarif.ts';
import type { BoundaryReportView } from './view.ts';

export function certificationSarif(view: BoundaryReportView, version: string): Record<string, unknown> {
  const results: SarifResult[] = view.checks
    .filter((check) => check.status !== 'pass')
    .flatMap((check) =>
      (check.issues.length > 0 ? check.issues : [{ level: 'error' as const, path: '$', message: check.message }]).map((issue) => {
        const range = 'link' in issue ? issue.link?.range : undefined;
        return {
          ruleId: ('code' in issue && issue.code) || check.name,
          level: issue.level,
          message: `${check.name}: ${issue.message}`,
          ...('file' in issue && issue.file ? { uri: issue.file } : {}),
          ...(range
            ? { region: { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 } }
            : {}),
          logicalName: issue.path,
          properties: { check: check.name, readiness_level: view.summary.readiness_level },
        };
      }),
    );
  return sarifLog(results, version);
}
