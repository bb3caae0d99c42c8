#!/usr/bin/env node
// `npm start`: packages ProdGate, installs VS Code for the Web once (code-server, into
// .vscode-test/web/), and opens the repo's examples/ folder in it with the extension installed.
// PORT=8080 npm start picks the port; otherwise a free one is used. Ctrl+C stops everything.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT, ensureVsCodeWeb, startVsCodeWeb } from './vscode-web.mjs';

const stamp = () => new Date().toISOString().slice(11, 19);
const log = (message) => console.log(`[${stamp()}] ${message}`);

function packageExtension() {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let output = '';
    const child = spawn('npm', ['run', 'package'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
      reject(new Error(`npm run package timed out after 300 s.\n${tail(output)}`));
    }, 300_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`npm run package could not start: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Date.now() - started);
      else reject(new Error(`npm run package failed (exit code ${code}):\n${tail(output)}`));
    });
  });
}

function tail(text, count = 30) {
  return String(text).split('\n').filter((line) => line.trim()).slice(-count).map((line) => `  | ${line}`).join('\n');
}

async function main() {
  const portText = process.env.PORT?.trim();
  const port = portText ? Number(portText) : undefined;
  if (port !== undefined && (!Number.isInteger(port) || port <= 0 || port > 65535)) throw new Error(`PORT=${portText} is not a port number.`);

  log('Packaging ProdGate (npm run package) …');
  const ms = await packageExtension();
  log(`Packaged prodgate.vsix in ${(ms / 1000).toFixed(1)} s`);
  await ensureVsCodeWeb({ log });
  const workspace = path.join(REPO_ROOT, 'examples');
  const server = await startVsCodeWeb({ workspace, vsix: path.join(REPO_ROOT, 'prodgate.vsix'), port, log });

  let stopping = false;
  const shutdown = (signal) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping code-server …`);
    server.stop().then(
      () => {
        log('Stopped.');
        process.exit(0);
      },
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));

  void server.exited.then(({ code, signal }) => {
    if (stopping) return;
    console.error(`code-server exited unexpectedly (${signal ?? `code ${code}`}); its log was ${server.logFile}`);
    void server.stop().finally(() => process.exit(1));
  });

  console.log('');
  console.log(`ProdGate is running in VS Code for the Web: ${server.url}`);
  console.log(`  (examples/ is the repo's own folder: your edits are saved there. Press Ctrl+C to stop.)`);
  console.log('');
}

main().catch((error) => {
  console.error(`\nnpm start failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
