// The Boundary Report webview panel: renders what the server computed, opens issues in the
// editor, exports the report, and asks for a re-run.
import * as vscode from 'vscode';
import { certificationSarif } from '../../../server/src/report/certification-sarif.ts';
import { reportMarkdown } from '../../../server/src/report/markdown.ts';
import type { BoundaryReportView } from '../../../server/src/report/view.ts';
import { showSourceLink } from '../links.ts';
import { renderBoundaryReport, type ExportFormat, type ReportMessage } from './render.ts';
import { WebviewPanelHost } from './webview-panel.ts';

const EXPORTS: Record<ExportFormat, { extension: string; label: string }> = {
  json: { extension: 'json', label: 'JSON' },
  markdown: { extension: 'md', label: 'Markdown' },
  sarif: { extension: 'sarif', label: 'SARIF' },
};

export class BoundaryReportPanel implements vscode.Disposable {
  private readonly panel: WebviewPanelHost;
  private current: { report: unknown; view: BoundaryReportView } | undefined;

  constructor(
    extensionUri: vscode.Uri,
    private readonly version: string,
    private readonly rerun: () => void,
  ) {
    this.panel = new WebviewPanelHost('prodgate.boundaryReport', 'Boundary Report', extensionUri, (message) => void this.handle(message));
  }

  get visible(): boolean {
    return this.panel.open;
  }

  /** The files the shown report read: saving one of them re-runs the certification. */
  get inputUris(): string[] {
    return (this.current?.view.inputs ?? []).flatMap((input) => (input.uri ? [input.uri] : []));
  }

  show(report: unknown, view: BoundaryReportView): void {
    this.current = { report, view };
    this.panel.show((options) => renderBoundaryReport(view, options));
  }

  private async handle(message: ReportMessage): Promise<void> {
    switch (message?.type) {
      case 'open':
        return this.open(message);
      case 'export':
        return this.export(message.format);
      case 'rerun':
        return this.rerun();
    }
  }

  /** Opens only files the report links to: the webview's messages are not trusted further than that. */
  private async open(message: Extract<ReportMessage, { type: 'open' }>): Promise<void> {
    const linked = this.current?.view.checks.some((check) => check.issues.some((issue) => issue.link?.uri === message.uri));
    if (linked) await showSourceLink({ uri: message.uri, range: message.range });
  }

  private async export(format: ExportFormat): Promise<void> {
    if (!this.current || !EXPORTS[format]) return;
    const { extension, label } = EXPORTS[format];
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, `boundary-report.${extension}`) : undefined,
      filters: { [label]: [extension] },
      saveLabel: `Export ${label}`,
    });
    if (!target) return;
    const content =
      format === 'json'
        ? JSON.stringify(this.current.report, null, 2)
        : format === 'markdown'
          ? reportMarkdown(this.current.view)
          : JSON.stringify(certificationSarif(this.current.view, this.version), null, 2);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(`${content}\n`));
    void vscode.window.showInformationMessage(`Boundary Report exported to ${vscode.workspace.asRelativePath(target)}.`);
  }

  dispose(): void {
    this.panel.dispose();
  }
}
