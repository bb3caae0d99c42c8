// ProdGate: Run Production Certification. The server computes; this asks the user where a kind has
// several candidate files (and remembers the answer), then shows the report and the level.
import * as vscode from 'vscode';
import type { ServerRequests } from './server-link.ts';
import { CertifyRequest, SelectionNotification, type CertifyParams, type CertifyResult } from '../../server/src/lsp/protocol.ts';
import type { BoundaryReportPanel } from './report/panel.ts';
import type { ReadinessStatusBar } from './status-bar.ts';

const SELECTION_KEY = 'prodgate.certification.selection';
type Selection = NonNullable<CertifyParams['selection']>;

const INPUT_LABELS: Record<string, string> = {
  certification_policy: 'certification policy',
  deployment_manifest: 'deployment manifest',
  governance_policy: 'human-governance policy',
  evidence_registry: 'evidence registry',
  observability_policy: 'observability policy',
  audit_log: 'shadow-mode audit log',
  external_evidence: 'external evidence',
};

export class Certification {
  private lastBundle: string | undefined;

  constructor(
    private readonly client: ServerRequests,
    private readonly state: vscode.Memento,
    private readonly panel: BoundaryReportPanel,
    private readonly statusBar: ReadinessStatusBar,
  ) {}

  /** Sends the remembered picks to a server that just started, so that cross-file diagnostics use the same files as the report. */
  async restoreSelection(server: ServerRequests): Promise<void> {
    const selection = this.state.get<Selection>(SELECTION_KEY);
    if (selection) await server.sendNotification(SelectionNotification, selection);
  }

  async run(bundle?: vscode.Uri): Promise<void> {
    const bundleUri = bundle?.toString() ?? this.lastBundle;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'ProdGate: certifying…' },
      () => this.request(bundleUri),
    );
    if (!result) return;
    if (result.status === 'error') {
      void vscode.window.showErrorMessage(`ProdGate: ${result.message}`);
      return;
    }
    if (result.status === 'choose') return; // the user dismissed a pick
    this.lastBundle = result.bundleUri;
    this.panel.show(result.report, result.view);
    this.statusBar.show(result.view.summary.readiness_level);
  }

  private async request(bundleUri: string | undefined): Promise<CertifyResult | undefined> {
    for (;;) {
      const selection = this.state.get<Selection>(SELECTION_KEY) ?? {};
      const result = await this.client.sendRequest<CertifyResult>(CertifyRequest, { bundleUri, selection } satisfies CertifyParams);
      if (result.status !== 'choose') return result;
      const picked = await this.choose(result.candidates);
      if (!picked) return result;
      await this.state.update(SELECTION_KEY, { ...selection, ...picked });
      await this.client.sendNotification(SelectionNotification, picked);
    }
  }

  /** One quick pick per ambiguous kind; undefined when the user cancels. */
  private async choose(candidates: Partial<Record<string, string[]>>): Promise<Selection | undefined> {
    const picked: Selection = {};
    for (const [name, uris] of Object.entries(candidates)) {
      const choice = await vscode.window.showQuickPick(
        (uris ?? []).map((uri) => ({ label: vscode.workspace.asRelativePath(vscode.Uri.parse(uri)), uri })),
        { title: `ProdGate: which ${INPUT_LABELS[name] ?? name} should the certification use?`, placeHolder: 'Your choice is remembered for this workspace.' },
      );
      if (!choice) return undefined;
      (picked as Record<string, string>)[name] = choice.uri;
    }
    return picked;
  }
}
