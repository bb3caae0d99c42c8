// ProdGate: Evaluate Deployment Governance. The server evaluates; this finds the scorecard (the
// CodeLens's or explorer's argument, the active editor, or a pick among the workspace's scorecards),
// asks for the evaluation and shows it in the Deployment Governance panel, which opens only the
// links the server returned.
import * as vscode from 'vscode';
import type { ServerRequests } from './server-link.ts';
import {
  EvaluateGovernanceRequest,
  GovernanceScorecardsRequest,
  type EvaluateGovernanceParams,
  type EvaluateGovernanceResult,
  type SourceLink,
} from '../../server/src/lsp/protocol.ts';
import { showSourceLink } from './links.ts';
import { renderGovernance } from './report/governance-render.ts';
import type { ReportMessage } from './report/render.ts';
import { WebviewPanelHost } from './report/webview-panel.ts';

export const EVALUATE_GOVERNANCE_COMMAND = 'prodgate.evaluateGovernance';

/** Registers the command; the returned disposable also closes the panel. */
export function registerGovernance(context: vscode.ExtensionContext, client: ServerRequests): vscode.Disposable {
  const governance = new Governance(client, context.extensionUri);
  return vscode.Disposable.from(
    governance,
    // From the explorer the scorecard comes as a Uri, from the CodeLens as a URI string.
    vscode.commands.registerCommand(EVALUATE_GOVERNANCE_COMMAND, (scorecard?: vscode.Uri | string) =>
      governance.run(typeof scorecard === 'string' ? scorecard : scorecard instanceof vscode.Uri ? scorecard.toString() : undefined),
    ),
  );
}

class Governance implements vscode.Disposable {
  private readonly panel: WebviewPanelHost;
  private current: { scorecardUri: string; result: EvaluateGovernanceResult } | undefined;

  constructor(
    private readonly client: ServerRequests,
    extensionUri: vscode.Uri,
  ) {
    this.panel = new WebviewPanelHost('prodgate.governance', 'Deployment Governance', extensionUri, (message) => void this.handle(message));
  }

  async run(scorecardUri?: string): Promise<void> {
    const uri = scorecardUri ?? (await this.pickScorecard());
    if (!uri) return;
    let result: EvaluateGovernanceResult;
    try {
      result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'ProdGate: evaluating governance…' }, () =>
        this.client.sendRequest<EvaluateGovernanceResult>(EvaluateGovernanceRequest, { scorecardUri: uri } satisfies EvaluateGovernanceParams),
      );
    } catch (error) {
      void vscode.window.showErrorMessage(`ProdGate: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    this.current = { scorecardUri: uri, result };
    this.panel.show((options) => renderGovernance(result, options));
  }

  /** The active editor's scorecard, else one the user picks from the workspace's scorecards. */
  private async pickScorecard(): Promise<string | undefined> {
    const scorecards = await this.client.sendRequest<string[]>(GovernanceScorecardsRequest);
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    if (active && scorecards.includes(active)) return active;
    if (scorecards.length === 0) {
      void vscode.window.showInformationMessage('ProdGate: no workflow scorecard in the workspace to evaluate.');
      return undefined;
    }
    const choice = await vscode.window.showQuickPick(
      scorecards.map((uri) => ({ label: vscode.workspace.asRelativePath(vscode.Uri.parse(uri)), uri })),
      { title: 'ProdGate: which workflow scorecard should be evaluated?' },
    );
    return choice?.uri;
  }

  private async handle(message: ReportMessage): Promise<void> {
    if (message?.type === 'rerun') {
      if (this.current) await this.run(this.current.scorecardUri);
    } else if (message?.type === 'open') {
      await this.open(message);
    }
  }

  /** Opens only a link the server returned, at the server's range: the webview's messages are not trusted further. */
  private async open(message: Extract<ReportMessage, { type: 'open' }>): Promise<void> {
    const links = this.current?.result.links;
    const returned: SourceLink[] = [...(links?.rule ? [links.rule] : []), ...(links?.inputs ?? [])];
    const link = returned.find(
      (candidate) =>
        candidate.uri === message?.uri &&
        candidate.range.start.line === message.range?.start?.line &&
        candidate.range.start.character === message.range?.start?.character,
    );
    if (link) await showSourceLink(link);
  }

  dispose(): void {
    this.panel.dispose();
  }
}
