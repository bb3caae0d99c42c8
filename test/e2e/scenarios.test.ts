// ProdGate as a person uses it, in a real VS Code (VS Code for the Web, driven by Chromium): the
// Problems panel, quick fixes, the command palette, the Boundary Report and governance panels, the
// status bar, snippets and the new-bundle command. One VS Code serves every scenario, in order.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, VsCodeWeb } from './support/vscode-web.ts';

let workspace = '';
let vscode: VsCodeWeb;
const STEP = { timeout: 240_000 };

before(
  async () => {
    // A temporary copy: the scenarios edit files.
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'prodgate-e2e-'));
    fs.cpSync(path.join(REPO_ROOT, 'examples'), workspace, { recursive: true });
    vscode = await VsCodeWeb.launch({ workspace });
  },
  { timeout: 600_000 },
);

after(
  async () => {
    await vscode?.close();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  },
  { timeout: 60_000 },
);

/** Polls until `check` returns a value (not undefined), or fails with `what`. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeout = 60_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeout / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const noProblem = (code: string, file: string) =>
  until(`${code} cleared in ${file}`, async () => ((await vscode.problems()).some((problem) => problem.code === code && problem.file === file) ? undefined : true));

describe('diagnostics in the Problems panel', () => {
  test('1. template-scope evidence: evidence-template-scope at line 3, cleared by the edit', STEP, async () => {
    await vscode.openFile('problems/template-evidence.json');
    const problem = await vscode.waitForProblem((item) => item.code === 'evidence-template-scope' && item.file === 'template-evidence.json', 60_000);
    assert.equal(problem.line, 3);
    assert.equal(problem.severity, 'error');
    assert.equal(problem.source, 'prodgate');
    await vscode.screenshot('1-evidence-template-scope');
    await vscode.replaceInEditor('"template"', '"external_deployment"');
    await noProblem('evidence-template-scope', 'template-evidence.json');
    await vscode.screenshot('1-evidence-template-scope-cleared');
  });

  test('2a. a wildcard allow is policy-wildcard-allow', STEP, async () => {
    await vscode.openFile('problems/wildcard-agent.policy.yaml');
    const problem = await vscode.waitForProblem((item) => item.code === 'policy-wildcard-allow' && item.severity === 'error', 60_000);
    assert.equal(problem.file, 'wildcard-agent.policy.yaml');
    assert.match(problem.message, /grants every action/);
    await vscode.screenshot('2-policy-wildcard-allow');
  });

  test('2c. Explain opens the rule page in the Markdown preview; a suppression quick fix leaves only its TODO flagged', STEP, async () => {
    await vscode.openFile('problems/wildcard-agent.policy.yaml');
    const problem = await vscode.waitForProblem((item) => item.code === 'policy-wildcard-allow' && item.severity === 'error', 60_000);
    await vscode.applyQuickFix(problem, 'Explain "policy-wildcard-allow"');
    await vscode.page.locator('.tab', { hasText: 'Preview policy-wildcard-allow.md' }).first().waitFor({ timeout: 30_000 });
    await vscode.screenshot('2-explain-rule');
    await vscode.runCommand('View: Close Editor');
    await vscode.openFile('problems/wildcard-agent.policy.yaml');
    await vscode.applyQuickFix(problem, 'Suppress "policy-wildcard-allow" on this line');
    const flagged = await vscode.waitForProblem((item) => item.code === 'suppression-invalid' && item.file === 'wildcard-agent.policy.yaml', 30_000);
    assert.equal(flagged.line, problem.line);
    assert.match(await vscode.editorText(), /# prodgate-ignore-next-line policy-wildcard-allow -- TODO: reason/);
    // The "*" error is suppressed; the "read:*" warning is not.
    await until('the "*" error suppressed', async () =>
      ((await vscode.problems()).some((item) => item.code === 'policy-wildcard-allow' && item.severity === 'error') ? undefined : true),
    );
    await vscode.screenshot('2-suppressed');
    await vscode.runCommand('File: Revert File');
  });

  test('2b. missing metrics are named; the quick fix adds them and the problem clears', STEP, async () => {
    await vscode.openFile('problems/observability-missing-metrics.yaml');
    const problem = await vscode.waitForProblem((item) => item.code === 'metrics-missing' && item.file === 'observability-missing-metrics.yaml', 60_000);
    assert.match(problem.message, /aix_hard_blocker_count/);
    assert.match(problem.message, /latency/);
    await vscode.applyQuickFix(problem, /^Add the 2 missing metrics/);
    await noProblem('metrics-missing', 'observability-missing-metrics.yaml');
    const text = await vscode.editorText();
    assert.match(text, /- aix_hard_blocker_count/);
    assert.match(text, /- latency/);
    await vscode.save();
    await vscode.screenshot('2-metrics-fixed');
  });
});

describe('commands', () => {
  test('3. Run Production Certification opens the Boundary Report: readiness level and the ten checks; an issue opens its file at its line', STEP, async () => {
    await vscode.runCommand('View: Hide Panel');
    await vscode.runCommand('ProdGate: Run Production Certification');
    const report = await vscode.webviewFrame('h1.headline .level', 90_000);
    assert.equal((await report.locator('h1.headline .level').textContent())?.trim(), 'Deployment ready');
    assert.equal(await report.locator('details.check').count(), 10);
    // The report's group alone, for the picture the README shows.
    await vscode.runCommand('View: Toggle Maximize Editor Group');
    await report.locator('details.check').first().scrollIntoViewIfNeeded();
    await vscode.screenshot('3-boundary-report');
    await vscode.runCommand('View: Toggle Maximize Editor Group');
    // The README's picture is refreshed on request only, so test runs leave the repository unchanged.
    if (process.env.UPDATE_MEDIA === '1') fs.copyFileSync(path.join(REPO_ROOT, 'test/e2e/screenshots/3-boundary-report.png'), path.join(REPO_ROOT, 'media/boundary-report.png'));

    // A gate that breaks: the observability policy loses a metric the certification needs. Saving
    // it re-runs the open report, which then links the issue to its file and line.
    await vscode.openFile('certification/observability.yaml');
    await vscode.replaceInEditor('  - false_block_rate\n', '');
    await vscode.save();
    const issueLink = await until('an issue linked to observability.yaml', async () => {
      const frame = await vscode.webviewFrame('li.issue [data-action="open"]', 5_000);
      const link = frame.locator('li.issue [data-action="open"]', { hasText: 'observability.yaml' }).first();
      return (await link.count()) > 0 ? link : undefined;
    });
    const line = Number(await issueLink.getAttribute('data-line')) + 1;
    await vscode.screenshot('3-boundary-report-issue');
    await issueLink.click();
    const editor = await until('the editor at the issue', async () => {
      const active = await vscode.activeEditor();
      return active.file === 'observability.yaml' && active.line === line ? active : undefined;
    });
    assert.equal(editor.line, line);
  });

  test('6. the status bar shows the readiness level', STEP, async () => {
    const item = vscode.statusBarItem(/Deployment ready|External evidence required|Repo-local not ready/);
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await item.textContent()) ?? '', /not ready|ready|required/i);
    await vscode.screenshot('6-status-bar');
  });

  test('4. Evaluate Deployment Governance on the scorecard shows the verdict and the reason codes', STEP, async () => {
    await vscode.openFile('governance/scorecards/support-triage.scorecard.json');
    await vscode.runCommand('ProdGate: Evaluate Deployment Governance');
    const panel = await vscode.webviewFrame('.reasons', 90_000);
    const text = (await panel.locator('body').textContent()) ?? '';
    assert.match(text, /demote/);
    assert.match(text, /peak_season_below_min/);
    await vscode.screenshot('4-governance');
  });

  test('5. New Readiness Bundle and a snippet make files the report then covers', STEP, async () => {
    await vscode.runCommand('ProdGate: New Readiness Bundle');
    // The folder dialog (VS Code for the Web's simple dialog) starts at the workspace folder: accept it,
    // then YAML, then the default folder name.
    for (let step = 0; step < 3; step++) {
      await vscode.page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 30_000 });
      await vscode.page.keyboard.press('Enter');
      await vscode.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 30_000 }).catch(() => undefined);
    }
    await until('the bundle written', async () => (fs.existsSync(path.join(workspace, 'readiness-bundle/prodgate.bundle.yaml')) ? true : undefined));

    // The observability policy of the new bundle, rewritten from the snippet.
    await vscode.openFile('readiness-bundle/agent.observability-policy.yaml');
    await vscode.setEditorText('');
    await vscode.type('prodgate-observability-policy');
    await vscode.page.keyboard.press('Control+Space');
    // Enter accepts only once the suggestion is shown and focused; before that it types a newline.
    await vscode.page.locator('.suggest-widget.visible .monaco-list-row.focused', { hasText: 'prodgate-observability-policy' }).first().waitFor({ timeout: 30_000 });
    await vscode.page.keyboard.press('Enter');
    await vscode.page.keyboard.press('Escape');
    await vscode.save();
    assert.match(await vscode.editorText(), /tracked_metrics:/);

    await vscode.openFile('readiness-bundle/prodgate.bundle.yaml');
    await vscode.runCommand('ProdGate: Run Production Certification');
    const report = await until('the report of the new bundle', async () => {
      const frame = await vscode.webviewFrame('ul.inputs', 10_000);
      const inputs = (await frame.locator('ul.inputs').textContent()) ?? '';
      return inputs.includes('agent.observability-policy.yaml') ? frame : undefined;
    }, 90_000);
    const level = (await report.locator('h1.headline .level').textContent())?.trim();
    // Templates are not production evidence: a fresh bundle is not deployment-ready.
    assert.notEqual(level, 'Deployment ready');
    await vscode.screenshot('5-new-bundle-report');
  });
});

describe('agents and production commands', () => {
  const quickInput = () => vscode.page.locator('.quick-input-widget');
  /** Answers the open quick input (an input box or a pick) with `text`, then Enter. */
  async function answer(text: string): Promise<void> {
    await quickInput().waitFor({ state: 'visible', timeout: 30_000 });
    const box = vscode.page.locator('.quick-input-widget .quick-input-box input');
    await box.fill(text);
    await vscode.page.waitForTimeout(300);
    await vscode.page.keyboard.press('Enter');
  }
  /** The newest notification toast whose text matches. */
  const toast = (text: RegExp) => vscode.page.locator('.notifications-toasts .notification-toast', { hasText: text }).last();

  test('Check Agent Action: the decision in a notification, and "Show rule" opens the rule', STEP, async () => {
    await vscode.runCommand('ProdGate: Check Agent Action');
    await answer('northwind-support-agent');
    await answer('delete:customer_profile');
    await answer('');
    const notice = toast(/northwind-support-agent → delete:customer_profile: DENY/);
    await notice.waitFor({ timeout: 30_000 });
    assert.match((await notice.textContent()) ?? '', /Action explicitly denied by policy rule: delete:\* \(permissions\.deny\[0\]\)/);
    await vscode.screenshot('7-check-agent-action');
    await notice.locator('a.monaco-button, .monaco-button', { hasText: 'Show rule' }).first().click();
    const editor = await until('the rule in its policy', async () => {
      const active = await vscode.activeEditor();
      return active.file === 'support-agent.policy.yaml' ? active : undefined;
    });
    const policy = fs.readFileSync(path.join(workspace, 'agents/support-agent.policy.yaml'), 'utf8');
    assert.equal(editor.line, policy.slice(0, policy.indexOf('- delete:*')).split('\n').length);
  });

  test('Check Command: a blocked command, and an exception recorded only with the exact phrase', STEP, async () => {
    const log = path.join(workspace, '.prodgate/production-approvals.jsonl');
    const request = async (phrase: string) => {
      await vscode.runCommand('ProdGate: Check Command');
      await answer('sudo systemctl restart support-api');
      const notice = toast(/blocked in production/);
      await notice.waitFor({ timeout: 30_000 });
      await notice.locator('.monaco-button', { hasText: 'Request exception' }).first().click();
      await answer('The API leaks connections; a restart frees them until the fix ships.');
      await answer('systemctl restart support-api again; traffic fails over meanwhile.');
      await answer('on-call');
      await answer(phrase);
    };

    await request('yes I understand');
    await toast(/no exception recorded: the confirmation does not match/).waitFor({ timeout: 30_000 });
    assert.equal(fs.existsSync(log), false, 'nothing recorded without the exact phrase');
    await vscode.screenshot('8-exception-refused');

    await request('Yes, I understand the risks and want to proceed in production');
    await toast(/exception approved for "sudo systemctl restart support-api"/).waitFor({ timeout: 30_000 });
    const records = fs.readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(records.length, 1);
    assert.deepEqual(
      { ...records[0], timestamp: undefined },
      {
        action: 'sudo systemctl restart support-api',
        requested_by: 'on-call',
        timestamp: undefined,
        justification: 'The API leaks connections; a restart frees them until the fix ships.',
        rollback_plan: 'systemctl restart support-api again; traffic fails over meanwhile.',
        environment: 'production',
        blocked_by: ['systemctl-restart'],
      },
    );
    assert.match(records[0].timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    await vscode.screenshot('8-exception-approved');
  });

  test('a runbook shows its blocked commands; Verify Audit Chain finds the tampered line', STEP, async () => {
    // The previous test's notifications stay up; they must not stand between the Explorer and the editor.
    await vscode.runCommand('Notifications: Clear All Notifications');
    await vscode.openFile('problems/hotfix-runbook.md');
    const problem = await vscode.waitForProblem((item) => item.code === 'command-blocked-production' && item.file === 'hotfix-runbook.md', 60_000);
    assert.equal(problem.severity, 'warning');
    await vscode.runCommand('ProdGate: Verify Audit Chain');
    const notice = toast(/1 of 2 audit logs broken/);
    await notice.waitFor({ timeout: 60_000 });
    assert.match((await notice.textContent()) ?? '', /Entry hash mismatch at line 2/);
    await vscode.screenshot('9-runbook-and-audit');
  });
});
