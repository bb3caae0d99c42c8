// CodeLens above the artifacts a certification starts from: "Run certification" on a certification
// policy (the workspace's certification) and on a bundle (that bundle's), with the readiness level
// the last run ended at; "Evaluate governance" above a workflow scorecard (that scorecard's); on a
// policy test file, "Run policy tests" with the tally, and each test's outcome above it.
import type { CodeLens } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { childOf, type LNode } from '../../engine/located.ts';
import type { Validation } from '../../engine/validate.ts';
import type { AgentPolicies } from '../agents.ts';
import { uriToPath } from '../workspace-index.ts';
import type { ReadinessLevel } from '../../engine/certification/certify.ts';
import { readinessLabel } from '../../report/view.ts';
import type { Feature } from './feature.ts';

const CERTIFY_COMMAND = 'prodgate.certify';
const GOVERNANCE_COMMAND = 'prodgate.evaluateGovernance';
const POLICY_TESTS_COMMAND = 'prodgate.runPolicyTests';

export const codeLens: Feature = {
  capabilities: { codeLensProvider: { resolveProvider: false } },
  register(connection, { documents, analyses, certification, agents }) {
    connection.onCodeLens(({ textDocument }) => {
      const document = documents.get(textDocument.uri);
      if (!document) return null;
      const validation = analyses.of(document);
      const { kind, root } = validation;
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
        case 'agent-policy-tests':
          return policyTestLenses(document, validation, range, agents);
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

/** The tally above the file, then each test's outcome above the test. */
function policyTestLenses(document: TextDocument, validation: Validation, range: CodeLens['range'], agents: AgentPolicies): CodeLens[] {
  const path = uriToPath(document.uri);
  if (!path || !validation.root) return [];
  const results = agents.runTests(path, validation);
  const failed = results.filter((test) => !test.passed).length;
  const tally = results.length === 0 ? 'no tests yet' : failed === 0 ? `${results.length} passed` : `${failed} of ${results.length} failed`;
  const lenses: CodeLens[] = [{ range, command: { title: `$(beaker) Run policy tests — ${tally}`, command: POLICY_TESTS_COMMAND, arguments: [document.uri] } }];
  const tests = childOf(validation.root, 'tests');
  for (const test of results) {
    const item: LNode | undefined = tests && childOf(tests, test.index);
    if (!item) continue;
    const position = document.positionAt(item.offset);
    const title = test.passed ? `$(pass) ${test.result.decision}` : `$(error) expected ${test.expect}, got ${test.result.decision}`;
    lenses.push({ range: { start: position, end: position }, command: { title, command: POLICY_TESTS_COMMAND, arguments: [document.uri] } });
  }
  return lenses;
}
