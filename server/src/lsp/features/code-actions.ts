// Quick fixes for ProdGate's diagnostics: the engine computes each fix from the document's current
// text (engine/fixes.ts); this module ties it to the diagnostic it fixes. A diagnostic carries no
// JSON path, so it is matched to the finding it was published from (the document's own, or a
// cross-file issue of the certification) by code, message and place.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CertificationIssue } from '../../engine/certification/types.ts';
import { FIXABLE_CODES, fixesFor, type Edit, type FixableDocument, type FixTarget, type WorkspaceFacts } from '../../engine/fixes.ts';
import { policyMetrics, valueAt } from '../../engine/schema-navigation.ts';
import { CODES } from '../../engine/codes.ts';
import { commentPrefixOf, suppressionEdit } from '../../engine/suppressions.ts';
import { formatOf, type LocatedFinding } from '../../engine/validate.ts';
import { asStrings } from '../../engine/values.ts';
import { uriToPath, type WorkspaceIndex } from '../workspace-index.ts';
import type { Feature, FeatureContext } from './feature.ts';

export const codeActions: Feature = {
  capabilities: { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] } },
  register(connection, context) {
    connection.onCodeAction((params) => quickFixes(params, context));
  },
};

function quickFixes(params: CodeActionParams, context: FeatureContext): CodeAction[] {
  const { only } = params.context;
  if (only && !only.some((kind) => kind === CodeActionKind.Empty || kind === CodeActionKind.QuickFix)) return [];
  const document = context.documents.get(params.textDocument.uri);
  if (!document) return [];
  return [...fixesOf(params, document, context), ...suppressions(params, document, context), ...explanations(params)];
}

/** Opens each finding's rule page (the client's ProdGate: Explain Rule). */
function explanations(params: CodeActionParams): CodeAction[] {
  const codes = new Set(params.context.diagnostics.filter((diagnostic) => diagnostic.source === 'prodgate').map((diagnostic) => diagnostic.code));
  return [...codes]
    .filter((code): code is string => typeof code === 'string' && Object.hasOwn(CODES, code))
    .map((code) => ({
      title: `Explain "${code}"`,
      kind: CodeActionKind.QuickFix,
      diagnostics: params.context.diagnostics.filter((diagnostic) => diagnostic.code === code),
      command: { title: `Explain "${code}"`, command: 'prodgate.explainRule', arguments: [code] },
    }));
}

/** Edits that fix the findings. */
function fixesOf(params: CodeActionParams, document: TextDocument, context: FeatureContext): CodeAction[] {
  const fixable = params.context.diagnostics.filter((diagnostic) => diagnostic.source === 'prodgate' && typeof diagnostic.code === 'string' && FIXABLE_CODES.has(diagnostic.code));
  if (fixable.length === 0) return [];
  const { kind, root, value, findings } = context.analyses.of(document);
  const format = formatOf(document.uri, document.languageId);
  if (!kind || !root || !format) return [];

  const fixableDocument: FixableDocument = { text: document.getText(), format, kind, root, value };
  const workspace = workspaceFacts(context.index);
  let crossFileIssues: CertificationIssue[] | undefined;
  const crossFile = () => (crossFileIssues ??= crossFileIssuesOf(document, context));
  // Keyed by edit: diagnostics that the same edit fixes (the same list reported by the document
  // and by the certification) share one action instead of offering it twice.
  const actions = new Map<string, CodeAction>();
  for (const diagnostic of fixable) {
    const target = targetOf(diagnostic, document, findings, crossFile);
    if (!target) continue;
    for (const fix of fixesFor(fixableDocument, target, workspace)) {
      const edit = { changes: { [document.uri]: fix.edits.map((change) => toTextEdit(document, change)) } };
      const key = `${fix.title}\n${JSON.stringify(edit)}`;
      const existing = actions.get(key);
      if (existing) {
        if (!existing.diagnostics!.some((other) => sameDiagnostic(other, diagnostic))) existing.diagnostics!.push(diagnostic);
        continue;
      }
      actions.set(key, { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred, edit });
    }
  }
  return [...actions.values()];
}

/** Comments that suppress a finding on its line or in the whole file, where the language has comments. */
function suppressions(params: CodeActionParams, document: TextDocument, context: FeatureContext): CodeAction[] {
  const prefix = commentPrefixOf(document.languageId);
  if (!prefix) return [];
  const text = document.getText();
  const { root } = context.analyses.of(document);
  // Keyed by edit: two findings of one code on one line share their suppression.
  const actions = new Map<string, CodeAction>();
  for (const diagnostic of params.context.diagnostics) {
    const code = diagnostic.code;
    // A suppression's own problems are fixed by editing it, not by another suppression.
    if (diagnostic.source !== 'prodgate' || typeof code !== 'string' || !Object.hasOwn(CODES, code) || code.startsWith('suppression-')) continue;
    for (const scope of ['next-line', 'file'] as const) {
      const edit = suppressionEdit(text, prefix, code, document.offsetAt(diagnostic.range.start), scope, root);
      const key = `${code}\n${JSON.stringify(edit)}`;
      const existing = actions.get(key);
      if (existing) existing.diagnostics!.push(diagnostic);
      else {
        actions.set(key, {
          title: scope === 'file' ? `Suppress "${code}" in this file` : `Suppress "${code}" on this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [document.uri]: [toTextEdit(document, edit)] } },
        });
      }
    }
  }
  return [...actions.values()];
}

/** The finding a diagnostic was published from, with its JSON path. */
function targetOf(
  diagnostic: Diagnostic,
  document: TextDocument,
  findings: readonly LocatedFinding[],
  crossFile: () => CertificationIssue[],
): FixTarget | undefined {
  const code = String(diagnostic.code);
  const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
  const offset = document.offsetAt(diagnostic.range.start);
  const own = findings.find((finding) => finding.code === code && finding.message === message && finding.span.offset === offset);
  if (own) return { code, message, path: own.path, origin: 'document' };
  const location = crossFile().find((issue) => issue.code === code && issue.message === message)?.location;
  return location && 'jsonPath' in location ? { code, message, path: location.jsonPath, origin: 'certification' } : undefined;
}

function crossFileIssuesOf(document: TextDocument, context: FeatureContext): CertificationIssue[] {
  const path = uriToPath(document.uri);
  return path ? context.certification.crossFileIssues(path) : [];
}

/** What the workspace's other artifacts say, from the index, read only when a fix asks. */
function workspaceFacts(index: WorkspaceIndex): WorkspaceFacts {
  return {
    certificationMetrics: () => index.byKind('certification-policy').flatMap(policyMetrics),
    agentActions: () => index.byKind('agent-policy').flatMap((policy) => asStrings(valueAt(policy.validation?.value, ['permissions', 'allow']))),
  };
}

function toTextEdit(document: TextDocument, edit: Edit): TextEdit {
  return {
    range: { start: document.positionAt(edit.offset), end: document.positionAt(edit.offset + edit.length) },
    newText: edit.content,
  };
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return a.code === b.code && a.message === b.message && JSON.stringify(a.range) === JSON.stringify(b.range);
}
