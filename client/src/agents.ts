// ProdGate: Check Agent Action, Run Agent Policy Tests and Verify Audit Chain. The server decides,
// runs and verifies; these ask for the inputs, show the outcome and open the places it links to.
import * as vscode from 'vscode';
import type { ServerRequests } from './server-link.ts';
import {
  AgentsRequest,
  CheckActionRequest,
  PolicyTestsRequest,
  VerifyAuditRequest,
  type AgentSummary,
  type CheckActionParams,
  type CheckActionResult,
  type PolicyTestsResult,
  type SourceLink,
  type VerifyAuditResult,
} from '../../server/src/lsp/protocol.ts';
import { describeAuditRun, describeDecision, describeTestRun, parseContextInput } from './input.ts';
import { showSourceLink } from './links.ts';
import { requestOrShow } from './requests.ts';

const SHOW_RULE = 'Show rule';
const SHOW_POLICY = 'Show policy';
const SHOW_FAILURE = 'Show first failure';
const SHOW_LINE = 'Show broken line';
const SHOW_OUTPUT = 'Show details';

export function registerAgents(client: ServerRequests): vscode.Disposable {
  const output = vscode.window.createOutputChannel('ProdGate Agents');
  return vscode.Disposable.from(
    output,
    vscode.commands.registerCommand('prodgate.checkAction', () => checkAction(client)),
    // From the CodeLens the file comes as a URI string, from the explorer as a Uri.
    vscode.commands.registerCommand('prodgate.runPolicyTests', (file?: vscode.Uri | string) => runPolicyTests(client, output, file)),
    vscode.commands.registerCommand('prodgate.verifyAudit', (file?: vscode.Uri, files?: vscode.Uri[]) => verifyAudit(client, output, files ?? (file ? [file] : undefined))),
  );
}

async function checkAction(client: ServerRequests): Promise<void> {
  const agents = await requestOrShow<AgentSummary[]>(client, AgentsRequest);
  if (!agents) return;
  if (agents.length === 0) {
    void vscode.window.showInformationMessage('ProdGate: no agent policies in this workspace. An agent policy has `agent` and `permissions` keys.');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    agents.map((agent) => ({
      label: agent.agent,
      description: vscode.workspace.asRelativePath(vscode.Uri.parse(agent.link.uri)),
      ...(agent.duplicates.length > 0 ? { detail: `$(warning) also governed by ${agent.duplicates.map((link) => vscode.workspace.asRelativePath(vscode.Uri.parse(link.uri))).join(', ')}` } : {}),
      agent,
    })),
    { title: 'ProdGate: Check Agent Action (1/3)', placeHolder: 'The agent that acts' },
  );
  if (!picked) return;
  const action = await vscode.window.showInputBox({
    title: 'ProdGate: Check Agent Action (2/3)',
    prompt: `What does ${picked.agent.agent} attempt?`,
    placeHolder: 'verb:resource, e.g. delete:customer_record',
    validateInput: (value) => (value.trim() === '' ? 'Type the action, e.g. read:ticket' : undefined),
  });
  if (action === undefined) return;
  const contextText = await vscode.window.showInputBox({
    title: 'ProdGate: Check Agent Action (3/3)',
    prompt: 'The request context, as a JSON object (leave empty for none). Conditional escalations read it.',
    placeHolder: '{"amount": 900}',
    validateInput: (value) => {
      const parsed = parseContextInput(value);
      return 'error' in parsed ? parsed.error : undefined;
    },
  });
  if (contextText === undefined) return;
  const parsed = parseContextInput(contextText);
  if ('error' in parsed) return;
  const params: CheckActionParams = { agent: picked.agent.agent, action: action.trim(), context: parsed.context, policyUri: picked.agent.link.uri };
  const result = await requestOrShow<CheckActionResult>(client, CheckActionRequest, params);
  if (!result) return;
  const message = `ProdGate: ${describeDecision(params.agent, params.action, result)}`;
  const show = result.decision === 'allow' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  const link = result.rule?.link ?? result.policy;
  const choice = await show(message, ...(link ? [result.rule ? SHOW_RULE : SHOW_POLICY] : []));
  if (choice && link) await showSourceLink(link);
}

async function runPolicyTests(client: ServerRequests, output: vscode.OutputChannel, file: vscode.Uri | string | undefined): Promise<void> {
  const uri = typeof file === 'string' ? file : (file ?? vscode.window.activeTextEditor?.document.uri)?.toString();
  if (!uri) {
    void vscode.window.showInformationMessage('ProdGate: open a policy test file (*.policy-tests.yaml) to run its tests.');
    return;
  }
  const run = await requestOrShow<PolicyTestsResult>(client, PolicyTestsRequest, { uri });
  if (!run) return;
  output.clear();
  output.appendLine(`Policy tests of ${vscode.workspace.asRelativePath(vscode.Uri.parse(uri))}`);
  for (const test of run.results) {
    const mark = test.passed ? 'PASS' : 'FAIL';
    output.appendLine(`${mark}  ${test.name}: ${test.agent} → ${test.action} expected ${test.expect}, got ${test.decision} (${test.reason})`);
  }
  const summary = `ProdGate: ${describeTestRun(run.results)}.`;
  const failure = run.results.find((test) => !test.passed);
  if (!failure) {
    const choice = await vscode.window.showInformationMessage(summary, SHOW_OUTPUT);
    if (choice === SHOW_OUTPUT) output.show(true);
    return;
  }
  const choice = await vscode.window.showErrorMessage(`${summary} First: ${failure.name} — expected ${failure.expect}, got ${failure.decision}.`, SHOW_FAILURE, SHOW_OUTPUT);
  if (choice === SHOW_FAILURE) await showSourceLink(failure.link);
  if (choice === SHOW_OUTPUT) output.show(true);
}

async function verifyAudit(client: ServerRequests, output: vscode.OutputChannel, files: vscode.Uri[] | undefined): Promise<void> {
  const active = vscode.window.activeTextEditor?.document;
  const uris = files?.map((file) => file.toString()) ?? (active?.fileName.endsWith('.jsonl') ? [active.uri.toString()] : undefined);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'ProdGate: verifying audit chains…' }, () =>
    requestOrShow<VerifyAuditResult>(client, VerifyAuditRequest, uris ? { uris } : {}),
  );
  if (!result) return;
  output.clear();
  for (const file of result.files) {
    const name = vscode.workspace.asRelativePath(vscode.Uri.parse(file.uri));
    output.appendLine(file.valid ? `OK      ${name}: ${file.entries} entries verified` : `BROKEN  ${name}${file.line ? `:${file.line}` : ''}: ${file.message}`);
  }
  const summary = `ProdGate: ${describeAuditRun(result.files)}.`;
  const broken = result.files.find((file) => !file.valid);
  if (!broken) {
    const choice = await vscode.window.showInformationMessage(summary, SHOW_OUTPUT);
    if (choice === SHOW_OUTPUT) output.show(true);
    return;
  }
  const line = Math.max(0, (broken.line ?? 1) - 1);
  const link: SourceLink = { uri: broken.uri, range: { start: { line, character: 0 }, end: { line, character: 0 } } };
  const choice = await vscode.window.showErrorMessage(`${summary} ${broken.message}`, ...(broken.line ? [SHOW_LINE] : []), SHOW_OUTPUT);
  if (choice === SHOW_LINE) await showSourceLink(link);
  if (choice === SHOW_OUTPUT) output.show(true);
}
