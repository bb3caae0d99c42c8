// The status bar item: the workspace's readiness level after a certification; a click opens the report.
import * as vscode from 'vscode';
import type { ReadinessLevel } from '../../server/src/report/view.ts';

const LOOKS: Record<ReadinessLevel, { icon: string; text: string; background?: string }> = {
  deployment_ready: { icon: '$(pass-filled)', text: 'Deployment ready' },
  external_evidence_required: { icon: '$(warning)', text: 'External evidence required', background: 'statusBarItem.warningBackground' },
  repo_local_not_ready: { icon: '$(error)', text: 'Repo-local not ready', background: 'statusBarItem.errorBackground' },
};

export class ReadinessStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('prodgate.readiness', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'ProdGate Readiness';
    this.item.command = 'prodgate.certify';
    this.item.text = '$(shield) ProdGate';
    this.item.tooltip = 'Run the production-certification boundary check';
    this.item.show();
  }

  show(level: ReadinessLevel): void {
    const look = LOOKS[level];
    this.item.text = `${look.icon} ${look.text}`;
    this.item.tooltip = `ProdGate readiness: ${level} — production_certified is always false. Click to open the Boundary Report.`;
    this.item.backgroundColor = look.background ? new vscode.ThemeColor(look.background) : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
