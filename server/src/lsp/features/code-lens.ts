// CodeLens above the artifacts a certification starts from: "Run certification" on a certification
// policy (the workspace's certification) and on a bundle (that bundle's), with the readiness level
// the last run ended at; "Evaluate governance" above a workflow scorecard (that scorecard's).
import type { CodeLens } from 'vscode-languageserver';
import type { ReadinessLevel } from '../../engine/certification/certify.ts';
import { readinessLabel } from '../../report/view.ts';
import type { Feature } from './feature.ts';

const CERTIFY_COMMAND = 'prodgate.certify';
const GOVERNANCE_COMMAND = 'prodgate.evaluateGovernance';

export const codeLens: Feature = {
  capabilities: { codeLensProvider: { resolveProvider: false } },
  register(connection, { documents, analyses, certification }) {
    connection.onCodeLens(({ textDocument }) => {
      const document = documents.get(textDocument.uri);
      if (!document) return null;
      const { kind, root } = analyses.of(document);
      const firstKey = root?.type === 'object' ? root.properties[0]?.keySpan : undefined;
      if (!firstKey) return null;
      const position = document.positionAt(firstKey.offset);
      const range = { start: position, end: position };
      switch (kind) {
        case 'certification-bundle':
          return [certifyLens(range, certification.lastReadiness(document.uri), document.uri)];
        case 'certification-policy':
          return [certifyLens(range, certification.lastReadiness())];
        case 'workflow-scorecard':
          return [{ range, command: { title: '$(law) Evaluate governance', command: GOVERNANCE_COMMAND, arguments: [document.uri] } }];
        default:
          return null;
      }
    });
  },
};

/** The lens that runs the certification (of the bundle, when one is given). */
function certifyLens(range: CodeLens['range'], level: ReadinessLevel | undefined, bundleUri?: string): CodeLens {
  const title = level ? `$(shield) Run certification — ${readinessLabel(level).toLowerCase()}` : '$(shield) Run certification';
  return { range, command: { title, command: CERTIFY_COMMAND, ...(bundleUri ? { arguments: [bundleUri] } : {}) } };
}
