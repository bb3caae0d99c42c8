// The Boundary Report's stylesheet, inlined into the webview under the page's nonce. It uses only
// VS Code's theme variables, so the report follows the user's colour theme; icons are codicons.
export const REPORT_STYLES = `
:root { color-scheme: light dark; }
body {
  margin: 0;
  padding: 12px 20px 32px;
  color: var(--vscode-foreground);
  background: var(--vscode-editor-background);
  font-family: var(--vscode-font-family);
  font-size: var(--vscode-font-size);
  font-weight: var(--vscode-font-weight);
  line-height: 1.45;
}
h1, h2, h3 { font-weight: 600; margin: 0; }
h1 { font-size: 1.5em; margin-bottom: 4px; }
h2 { font-size: 1.15em; margin: 20px 0 8px; }
h3 { font-size: 1em; display: inline; }
code, .path {
  font-family: var(--vscode-editor-font-family);
  font-size: var(--vscode-editor-font-size);
}
.muted { color: var(--vscode-descriptionForeground); }

.status-pass { color: var(--vscode-testing-iconPassed); }
.status-fail { color: var(--vscode-testing-iconFailed); }
.status-warn { color: var(--vscode-editorWarning-foreground); }
.codicon { vertical-align: text-bottom; }

.headline { display: flex; align-items: center; gap: 8px; }
.headline .level-code { font-weight: normal; }
.counts { margin: 4px 0 12px; }

.badges { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 12px; }
.badge {
  display: inline-flex;
  align-items: center;
  gap: 6px;
  padding: 3px 10px;
  border-radius: 11px;
  border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border));
  background: var(--vscode-badge-background);
  color: var(--vscode-badge-foreground);
}
.badge.status-pass { border-color: var(--vscode-testing-iconPassed); }
.badge.status-fail { border-color: var(--vscode-testing-iconFailed); }
.badge .codicon.status-pass { color: var(--vscode-testing-iconPassed); }
.badge .codicon.status-fail { color: var(--vscode-testing-iconFailed); }

.standing {
  margin: 12px 0;
  padding: 8px 12px;
  border-left: 3px solid var(--vscode-textBlockQuote-border);
  background: var(--vscode-textBlockQuote-background);
}
.standing p { margin: 4px 0; }

table.readiness { border-collapse: collapse; width: 100%; }
table.readiness th, table.readiness td {
  text-align: left;
  vertical-align: top;
  padding: 4px 8px;
  border-bottom: 1px solid var(--vscode-panel-border);
}
table.readiness th { font-weight: 600; }

.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 16px 0; }
button {
  display: inline-flex;
  align-items: center;
  gap: 6px;
  padding: 4px 12px;
  border: 1px solid var(--vscode-button-border, transparent);
  border-radius: 2px;
  color: var(--vscode-button-secondaryForeground);
  background: var(--vscode-button-secondaryBackground);
  font-family: inherit;
  font-size: inherit;
  cursor: pointer;
}
button:hover { background: var(--vscode-button-secondaryHoverBackground); }
button.primary {
  color: var(--vscode-button-foreground);
  background: var(--vscode-button-background);
}
button.primary:hover { background: var(--vscode-button-hoverBackground); }
button:focus-visible, a:focus-visible, summary:focus-visible {
  outline: 1px solid var(--vscode-focusBorder);
  outline-offset: 2px;
}

details.check {
  margin: 6px 0;
  border: 1px solid var(--vscode-panel-border);
  border-radius: 3px;
}
details.check > summary {
  display: flex;
  align-items: baseline;
  gap: 8px;
  padding: 6px 10px;
  cursor: pointer;
  list-style: none;
}
details.check > summary::-webkit-details-marker { display: none; }
details.check > summary::before {
  content: '\\25B8';
  color: var(--vscode-descriptionForeground);
}
details.check[open] > summary::before { content: '\\25BE'; }
details.check > summary .message { color: var(--vscode-descriptionForeground); }
details.check.check-fail { border-color: var(--vscode-testing-iconFailed); }

ul.issues { list-style: none; margin: 0; padding: 4px 12px 10px 32px; }
ul.issues li { margin: 4px 0; }
ul.issues .issue-meta { display: flex; flex-wrap: wrap; gap: 4px 12px; padding-left: 22px; }
.no-issues { margin: 0; padding: 4px 12px 10px 32px; }

a { color: var(--vscode-textLink-foreground); text-decoration: none; }
a:hover, a:focus { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }

ul.inputs { list-style: none; padding-left: 0; }
ul.inputs li { margin: 3px 0; display: flex; gap: 8px; align-items: baseline; }
.missing { color: var(--vscode-editorWarning-foreground); }
`;
