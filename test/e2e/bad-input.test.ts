// What goes wrong around VS Code for the Web gets a clear message and never a hang: a busy port, a
// code-server left running by a run that was killed, a missing Chromium. Every process is stopped by its PID.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { loadServerModule, REPO_ROOT, VSIX, type VsCodeWebModule } from './support/vscode-web.ts';

let web: VsCodeWebModule;
let workspace = '';
const messages: string[] = [];
const log = (message: string) => messages.push(message);

before(
  async () => {
    web = await loadServerModule();
    await web.ensureVsCodeWeb({ log });
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'prodgate-e2e-bad-'));
  },
  { timeout: 600_000 },
);
after(() => fs.rmSync(workspace, { recursive: true, force: true }));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('a busy port is refused at once, naming the port', { timeout: 60_000 }, async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    await assert.rejects(web.startVsCodeWeb({ workspace, vsix: VSIX, port, log }), new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`));
  } finally {
    blocker.close();
  }
});

test('a code-server whose run was killed is stopped by the next run, by its PID', { timeout: 180_000 }, async () => {
  // A run that starts code-server, then dies without stopping it (kill -9 leaves no chance to clean up).
  const starter = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts/vscode-web.mjs'), 'start', workspace, '--vsix', VSIX], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`code-server did not start: ${output}`)), 120_000);
    starter.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /VS Code for the Web: (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    starter.once('exit', (code) => reject(new Error(`the starter exited (${code}): ${output}`)));
  });
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\//);
  const pid = Number(fs.readFileSync(web.PID_FILE, 'utf8').trim());
  starter.kill('SIGKILL');
  await new Promise((resolve) => starter.once('exit', resolve));
  assert.ok(alive(pid), 'the orphaned code-server is still running');

  assert.equal(await web.stopStaleCodeServer({ log }), true);
  assert.ok(messages.some((message) => message === `Stopping a stale code-server from a previous run (PID ${pid}).`), messages.join('\n'));
  assert.equal(alive(pid), false);
  assert.equal(await web.stopStaleCodeServer({ log }), false, 'nothing left to stop');
});

test('a missing Chromium says how to install it', () => {
  assert.throws(() => web.findChromium(['/nonexistent/chromium']), /Chromium is not installed \(looked for \/nonexistent\/chromium\)\. What to do: apt-get install -y chromium/);
});
