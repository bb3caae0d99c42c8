// One webview panel of rendered HTML, created on first show and reused after: a fresh nonce per
// render, the codicons as the only local resource, and messages from the page passed on.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { RenderOptions, ReportMessage } from './render.ts';

export class WebviewPanelHost implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly viewType: string,
    private readonly title: string,
    private readonly extensionUri: vscode.Uri,
    private readonly onMessage: (message: ReportMessage) => void,
  ) {}

  /** True while the panel is open. */
  get open(): boolean {
    return this.panel !== undefined;
  }

  show(render: (options: RenderOptions) => string): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(this.viewType, this.title, vscode.ViewColumn.Beside, {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'codicons')],
        retainContextWhenHidden: false,
      });
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
      this.panel.onDidDispose(() => {
        this.panel = undefined;
      });
      this.panel.webview.onDidReceiveMessage(this.onMessage);
    }
    const webview = this.panel.webview;
    webview.html = render({
      nonce: randomBytes(16).toString('base64'),
      cspSource: webview.cspSource,
      codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'codicons', 'codicon.css')).toString(),
    });
    this.panel.reveal(undefined, true);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
