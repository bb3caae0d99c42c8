// The harness end to end: ProdGate installed into a real VS Code (code-server) shows its
// diagnostic for a template evidence file in the Problems panel.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT, VsCodeWeb } from './support/vscode-web.ts';

let workspace: string | undefined;
let vscode: VsCodeWeb | undefined;

before(async () => {
  // A temporary copy: tests must not change the repo's examples/.
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'prodgate-e2e-'));
  fs.cpSync(path.join(REPO_ROOT, 'examples'), workspace, { recursive: true });
  vscode = await VsCodeWeb.launch({ workspace });
}, { timeout: 600_000 });

// Always: also when launch or a test failed.
after(async () => {
  await vscode?.close();
  if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
}, { timeout: 60_000 });

test('a template evidence file shows evidence-template-scope in the Problems panel at line 3', { timeout: 180_000 }, async () => {
  assert.ok(vscode);
  await vscode.openFile('problems/template-evidence.json');
  const problem = await vscode.waitForProblem((p) => p.code === 'evidence-template-scope', 60_000);
  await vscode.screenshot('smoke-template-evidence');
  assert.equal(problem.line, 3);
  assert.equal(problem.file, 'template-evidence.json');
  assert.match(problem.message, /\S/);
});
