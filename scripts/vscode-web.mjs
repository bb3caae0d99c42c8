#!/usr/bin/env node
// VS Code for the Web (code-server from the npm registry) for trying ProdGate in a real VS Code and
// for the end-to-end tests: installs it once into <repo>/.vscode-test/web/, starts it with a .vsix
// installed into fresh temporary folders, and stops it again by its process group.
// Recipe: /work/shared/notes/vscode-for-the-web.md. Node built-ins only.
//
//   node scripts/vscode-web.mjs install                 install (or check) VS Code for the Web
//   node scripts/vscode-web.mjs start <folder> [--vsix <file>] [--port <n>]
//   node scripts/vscode-web.mjs stop-stale              stop a code-server left by an earlier run
//   node scripts/vscode-web.mjs chromium                print the Chromium executable

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The cache folder (git-ignored through `.vscode-test/`). */
export const WEB_DIR = path.join(REPO_ROOT, '.vscode-test', 'web');
/** The npm project code-server is installed into; removed and redone when an install did not finish. */
export const INSTALL_DIR = path.join(WEB_DIR, 'code-server');
/** Written only after every install step succeeded. */
export const MARKER_FILE = path.join(WEB_DIR, 'installed.json');
/** The full output of the last install, for when something fails. */
export const INSTALL_LOG = path.join(WEB_DIR, 'install.log');
/** The PID of the code-server started last (by `startVsCodeWeb`). */
export const PID_FILE = path.join(WEB_DIR, 'code-server.pid');

const DEBIAN_PACKAGES = ['libkrb5-dev', 'ripgrep', 'chromium'];
const VSCODE_DIR = path.join(INSTALL_DIR, 'node_modules', 'code-server', 'lib', 'vscode');
const CODE_SERVER_ENTRY = path.join(INSTALL_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const TEMP_PREFIX = 'prodgate-vscode-web-';

const stamp = () => new Date().toISOString().slice(11, 23);
const defaultLog = (message) => console.log(`[${stamp()}] ${message}`);

// ---------------------------------------------------------------------------------------------
// Child processes: every one with a timeout, its output captured (the last lines go into errors).

/** The environment for child processes: without what `npm run`/`npm start` or a VS Code terminal
 *  put into ours (npm_package_*, npm_lifecycle_*, the parent project's prefix, VSCODE_IPC_HOOK_CLI
 *  which would make code-server hand its work to another instance). */
function childEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^npm_(package|lifecycle)_/i.test(key)) continue;
    if (/^npm_config_(local_prefix|global_prefix|prefix|argv)$/i.test(key)) continue;
    if (/^(VSCODE_|ELECTRON_RUN_AS_NODE$|INIT_CWD$|npm_command$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

function lastLines(text, count = 25) {
  const lines = String(text).replace(/\r/g, '').split('\n').filter((line) => line.trim() !== '');
  return lines.slice(-count).join('\n');
}

/** Kills a process group (or, failing that, the process). */
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return;
  } catch {
    // not a group leader, or gone
  }
  try {
    process.kill(pid, signal);
  } catch {
    // gone
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Runs a command to its end. Resolves with its output; rejects (after killing its process group)
 * on a non-zero exit, a signal or the timeout, with the step's name, the last lines of its output
 * and what to do.
 */
function run(step, command, args, { cwd, env, timeoutMs, hint, logFile } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let output = '';
    let settled = false;
    if (logFile) fs.appendFileSync(logFile, `\n### ${new Date().toISOString()} ${step}\n$ ${[command, ...args].join(' ')}  (in ${cwd ?? process.cwd()})\n`);
    const child = spawn(command, args, { cwd, env: env ?? childEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      if (output.length > 400_000) output = output.slice(-200_000);
      if (logFile) fs.appendFileSync(logFile, text);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const fail = (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killGroup(child.pid ?? 0, 'SIGKILL');
      const tail = lastLines(output);
      reject(
        new Error(
          `Step "${step}" failed: ${why}.\n` +
            (tail ? `Last output:\n${tail.replace(/^/gm, '  | ')}\n` : 'It printed nothing.\n') +
            (logFile ? `Full output: ${logFile}\n` : '') +
            (hint ? `What to do: ${hint}` : ''),
        ),
      );
    };
    const timer = setTimeout(() => fail(`timed out after ${Math.round(timeoutMs / 1000)} s`), timeoutMs ?? 120_000);
    child.on('error', (error) => fail(`could not start ${command}: ${error.message}`));
    child.on('close', (code, signal) => {
      if (settled) return;
      if (code === 0) {
        settled = true;
        clearTimeout(timer);
        resolve({ output, ms: Date.now() - started });
      } else {
        fail(signal ? `killed by ${signal}` : `exit code ${code}`);
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Install

function debianPackageInstalled(name) {
  const result = spawnSync('dpkg', ['-s', name], { encoding: 'utf8', timeout: 15_000 });
  return result.status === 0 && /^Status: .*\binstalled\b/m.test(result.stdout) && !/not-installed/.test(result.stdout);
}

async function ensureDebianPackages(log, logFile) {
  if (!fs.existsSync('/usr/bin/dpkg')) {
    const missingTools = ['/usr/bin/rg'].filter((file) => !fs.existsSync(file));
    if (missingTools.length === 0) return;
    throw new Error(`This is not a Debian-based system (no dpkg) and ripgrep is missing (${missingTools.join(', ')}): install ${DEBIAN_PACKAGES.join(', ')} with your package manager.`);
  }
  const missing = DEBIAN_PACKAGES.filter((name) => !debianPackageInstalled(name));
  if (missing.length === 0) return;
  log(`Installing Debian packages: ${missing.join(' ')} (apt-get; this takes a minute or two)`);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = asRoot ? [] : ['sudo', '-n'];
  const env = childEnv({ DEBIAN_FRONTEND: 'noninteractive' });
  const hint =
    `apt could not install ${missing.join(', ')}. Check that this machine reaches its Debian mirrors ` +
    `(apt-get update) and that you are root${asRoot ? '' : ' or may use sudo without a password'}; ` +
    `or install them yourself: apt-get install -y ${missing.join(' ')}`;
  const cmd = (args) => (prefix.length ? [prefix[0], [...prefix.slice(1), ...args]] : [args[0], args.slice(1)]);
  const [updateCmd, updateArgs] = cmd(['apt-get', 'update']);
  await run('apt-get update', updateCmd, updateArgs, { env, timeoutMs: 300_000, hint, logFile });
  const [installCmd, installArgs] = cmd(['apt-get', 'install', '-y', ...missing]);
  await run(`apt-get install -y ${missing.join(' ')}`, installCmd, installArgs, { env, timeoutMs: 900_000, hint, logFile });
  const still = missing.filter((name) => !debianPackageInstalled(name));
  if (still.length) throw new Error(`apt-get finished but ${still.join(', ')} is still not installed. What to do: ${hint}`);
}

function readMarker() {
  try {
    return JSON.parse(fs.readFileSync(MARKER_FILE, 'utf8'));
  } catch {
    return undefined;
  }
}

function installComplete() {
  const marker = readMarker();
  return marker?.version === CODE_SERVER_VERSION && fs.existsSync(CODE_SERVER_ENTRY) && fs.existsSync(path.join(VSCODE_DIR, 'node_modules.asar'));
}

/**
 * Installs VS Code for the Web (code-server) into `<repo>/.vscode-test/web/` the first time;
 * later calls only check the Debian packages and the marker file. Returns where it is.
 * @param {{ log?: (message: string) => void }} [options]
 * @returns {Promise<{ dir: string, codeServer: string, version: string, installed: boolean, ms: number }>}
 */
export async function ensureVsCodeWeb({ log = defaultLog } = {}) {
  const started = Date.now();
  fs.mkdirSync(WEB_DIR, { recursive: true });
  await ensureDebianPackages(log, INSTALL_LOG);
  if (installComplete()) {
    return { dir: INSTALL_DIR, codeServer: CODE_SERVER_ENTRY, version: CODE_SERVER_VERSION, installed: false, ms: Date.now() - started };
  }
  const previous = readMarker();
  if (fs.existsSync(INSTALL_DIR)) {
    log(previous?.version && previous.version !== CODE_SERVER_VERSION
      ? `Replacing code-server ${previous.version} with ${CODE_SERVER_VERSION} in ${INSTALL_DIR}`
      : `Found an unfinished install in ${INSTALL_DIR}: starting again from a clean folder`);
  }
  fs.rmSync(MARKER_FILE, { force: true });
  fs.rmSync(INSTALL_DIR, { recursive: true, force: true });
  fs.mkdirSync(INSTALL_DIR, { recursive: true });
  fs.writeFileSync(INSTALL_LOG, `VS Code for the Web (code-server ${CODE_SERVER_VERSION}) install, ${new Date().toISOString()}\n`);
  log(`Installing VS Code for the Web (code-server ${CODE_SERVER_VERSION}) into ${INSTALL_DIR} — a few minutes, once`);

  const registry = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8', timeout: 30_000, env: childEnv() }).stdout?.trim() || 'the npm registry';
  const npmHint = `check that this machine reaches ${registry} (try: npm ping), then run again; the unfinished install is discarded and redone.`;
  const buildHint = 'a native module did not build: it needs python3, make and g++ (apt-get install -y build-essential python3) and Node headers (npm config get nodedir); then run again.';
  const npm = (step, cwd, args, timeoutMs, hint, extraEnv = {}) =>
    run(step, 'npm', args, { cwd, timeoutMs, hint, logFile: INSTALL_LOG, env: childEnv(extraEnv) });
  const npmFlags = ['--no-audit', '--no-fund', '--no-update-notifier'];
  const step = async (name, fn) => {
    const t0 = Date.now();
    log(`  ${name} …`);
    await fn();
    log(`  ${name}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };

  await step('npm init', () => npm('npm init -y', INSTALL_DIR, ['init', '-y'], 60_000, npmHint));
  await step(`npm install code-server@${CODE_SERVER_VERSION}`, () =>
    npm(`npm install code-server@${CODE_SERVER_VERSION} --ignore-scripts`, INSTALL_DIR,
      ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', ...npmFlags], 900_000, npmHint));
  await step('npm rebuild argon2', () =>
    npm('npm rebuild argon2', INSTALL_DIR, ['rebuild', 'argon2', ...npmFlags], 600_000, buildHint, { npm_config_yes: 'true' }));
  await step("npm install vscode's dependencies", () =>
    npm('npm install --omit=dev --ignore-scripts (lib/vscode)', VSCODE_DIR, ['install', '--omit=dev', '--ignore-scripts', ...npmFlags], 900_000, npmHint));
  await step('copy ripgrep', async () => {
    const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((file) => fs.existsSync(file));
    if (!rg) throw new Error('Step "copy ripgrep" failed: /usr/bin/rg is missing. What to do: apt-get install -y ripgrep, then run again.');
    const binDir = path.join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin');
    fs.mkdirSync(binDir, { recursive: true });
    fs.copyFileSync(rg, path.join(binDir, 'rg'));
    fs.chmodSync(path.join(binDir, 'rg'), 0o755);
  });
  await step('npm rebuild (node-pty, kerberos, @parcel/watcher, spdlog)', () =>
    npm('npm rebuild (lib/vscode)', VSCODE_DIR, ['rebuild', ...npmFlags], 900_000, buildHint, { npm_config_yes: 'true' }));
  await step('link node_modules.asar', async () => {
    const link = path.join(VSCODE_DIR, 'node_modules.asar');
    fs.rmSync(link, { recursive: true, force: true });
    fs.symlinkSync('node_modules', link);
  });
  await step("npm install the built-in extensions' dependencies", () =>
    npm('npm install --omit=dev --ignore-scripts (lib/vscode/extensions)', path.join(VSCODE_DIR, 'extensions'),
      ['install', '--omit=dev', '--ignore-scripts', ...npmFlags], 900_000, npmHint));
  await step('check code-server --version', async () => {
    const { output } = await run('code-server --version', process.execPath, [CODE_SERVER_ENTRY, '--version'], {
      cwd: INSTALL_DIR, timeoutMs: 60_000, logFile: INSTALL_LOG, env: childEnv(),
      hint: `code-server does not start; see ${INSTALL_LOG}. Delete ${INSTALL_DIR} and run again.`,
    });
    if (!output.includes(CODE_SERVER_VERSION)) throw new Error(`code-server --version printed "${lastLines(output, 3)}", expected ${CODE_SERVER_VERSION}.`);
  });
  fs.writeFileSync(MARKER_FILE, `${JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString(), dir: INSTALL_DIR, node: process.version }, null, 2)}\n`);
  const ms = Date.now() - started;
  log(`VS Code for the Web installed in ${(ms / 1000).toFixed(0)} s`);
  return { dir: INSTALL_DIR, codeServer: CODE_SERVER_ENTRY, version: CODE_SERVER_VERSION, installed: true, ms };
}

// ---------------------------------------------------------------------------------------------
// Chromium

/** Debian's Chromium, for playwright-core (never `npx playwright install`: that downloads a browser). */
export function findChromium(candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
  for (const file of candidates) {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // next
    }
  }
  throw new Error(`Chromium is not installed (looked for ${candidates.join(' and ')}). What to do: apt-get install -y chromium`);
}

// ---------------------------------------------------------------------------------------------
// Start / stop

function readProc(pid, file) {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

function isCodeServer(pid) {
  const cmdline = readProc(pid, 'cmdline');
  return cmdline !== undefined && cmdline.includes('code-server');
}

function parentPid(pid) {
  const match = /^PPid:\s*(\d+)/m.exec(readProc(pid, 'status') ?? '');
  return match ? Number(match[1]) : undefined;
}

async function waitForGroupExit(pid, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!groupAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !groupAlive(pid);
}

/** SIGTERM to the process group, SIGKILL after 5 s. */
async function stopGroup(pid) {
  if (!groupAlive(pid)) return;
  killGroup(pid, 'SIGTERM');
  if (await waitForGroupExit(pid, STOP_GRACE_MS)) return;
  killGroup(pid, 'SIGKILL');
  await waitForGroupExit(pid, 2_000);
}

/**
 * Stops the code-server named by `.vscode-test/web/code-server.pid` when it is still running and
 * the process that started it is gone (a crashed or killed earlier run). One whose starter is
 * still alive (a concurrent run) is left alone.
 */
export async function stopStaleCodeServer({ log = defaultLog } = {}) {
  let pid;
  try {
    pid = Number.parseInt(fs.readFileSync(PID_FILE, 'utf8').trim(), 10);
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 1 || !isCodeServer(pid)) {
    fs.rmSync(PID_FILE, { force: true });
    return false;
  }
  const ppid = parentPid(pid);
  const parentCmd = ppid && ppid > 1 ? readProc(ppid, 'cmdline') ?? '' : '';
  const starterAlive = ppid !== undefined && ppid > 1 && ppid !== process.pid && /node|tsx/.test(parentCmd) && !parentCmd.includes('code-server');
  if (starterAlive) {
    log(`A code-server (PID ${pid}) started by a running process (PID ${ppid}) is in use: leaving it alone.`);
    return false;
  }
  log(`Stopping a stale code-server from a previous run (PID ${pid}).`);
  // Its temporary folders too: --user-data-dir <tmp>/prodgate-vscode-web-XXXXXX/user-data.
  const args = (readProc(pid, 'cmdline') ?? '').split('\0');
  const dataDir = args[args.indexOf('--user-data-dir') + 1] ?? '';
  await stopGroup(pid);
  fs.rmSync(PID_FILE, { force: true });
  const tempRoot = path.dirname(dataDir);
  if (args.includes('--user-data-dir') && path.basename(tempRoot).startsWith(TEMP_PREFIX) && path.dirname(tempRoot) === os.tmpdir()) {
    fs.rmSync(tempRoot, { recursive: true, force: true });
  }
  return true;
}

/** A free TCP port on 127.0.0.1, or a check that `port` is free. */
async function freePort(port) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (error) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        reject(new Error(`Port ${port} on 127.0.0.1 is already in use (${error.code}): choose another port (PORT=…) or stop what is listening on ${port}.`));
      } else {
        reject(error);
      }
    });
    server.listen({ port: port ?? 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      server.close(() => resolve(address.port));
    });
  });
}

function httpAnswers(url) {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

function readTail(file, count = 30) {
  try {
    return lastLines(fs.readFileSync(file, 'utf8'), count);
  } catch {
    return '';
  }
}

/** The URL that opens `folder` in the workbench. */
export function workbenchUrl(port, folder) {
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`;
}

/** User settings for a quiet, predictable workbench (no welcome page, no update or trust prompts). */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.openRepositoryInParentFolders': 'never',
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  // As on the desktop (VS Code for the Web defaults to saving after a delay): edits stay unsaved
  // until saved, so "on save" behaviour happens when a person (or a test) saves.
  'files.autoSave': 'off',
};

/**
 * Starts code-server on 127.0.0.1 with the .vsix installed into fresh temporary user-data and
 * extensions folders, opened on `workspace`. Resolves once `GET /` answers.
 * @param {{ workspace: string, vsix: string, port?: number, log?: (message: string) => void }} options
 * `exited` resolves when the code-server process ends (by stop() or otherwise).
 * @returns {Promise<{ url: string, port: number, pid: number, stop(): Promise<void>, dataDir: string, extensionsDir: string, logFile: string, exited: Promise<{ code: number | null, signal: string | null }> }>}
 */
export async function startVsCodeWeb({ workspace, vsix, port, log = defaultLog }) {
  if (!workspace || !fs.statSync(workspace, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`The workspace folder ${workspace} does not exist.`);
  if (!vsix || !fs.existsSync(vsix)) throw new Error(`The extension package ${vsix} does not exist: run npm run package first.`);
  if (!installComplete()) throw new Error(`VS Code for the Web is not installed in ${INSTALL_DIR}: call ensureVsCodeWeb() first (node scripts/vscode-web.mjs install).`);
  workspace = path.resolve(workspace);
  vsix = path.resolve(vsix);

  await stopStaleCodeServer({ log });
  const chosenPort = await freePort(port === undefined || port === null || port === '' ? undefined : Number(port));

  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), TEMP_PREFIX));
  const dataDir = path.join(tempRoot, 'user-data');
  const extensionsDir = path.join(tempRoot, 'extensions');
  const logFile = path.join(tempRoot, 'code-server.log');
  fs.mkdirSync(path.join(dataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'User', 'settings.json'), `${JSON.stringify(USER_SETTINGS, null, 2)}\n`);
  const removeTemp = () => fs.rmSync(tempRoot, { recursive: true, force: true, maxRetries: 3 });
  const env = childEnv({ PASSWORD: undefined });
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;

  try {
    log(`Installing ${path.basename(vsix)} into ${extensionsDir}`);
    const { output } = await run('code-server --install-extension', process.execPath,
      [CODE_SERVER_ENTRY, '--extensions-dir', extensionsDir, '--user-data-dir', dataDir, '--install-extension', vsix],
      { cwd: tempRoot, env, timeoutMs: 120_000, hint: `the .vsix could not be installed; rebuild it with npm run package. If code-server itself fails, delete ${INSTALL_DIR} and run again.` });
    if (!/successfully installed/i.test(output)) {
      throw new Error(`code-server --install-extension did not report success:\n${lastLines(output).replace(/^/gm, '  | ')}`);
    }
  } catch (error) {
    removeTemp();
    throw error;
  }

  const out = fs.openSync(logFile, 'a');
  const args = [
    CODE_SERVER_ENTRY,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${chosenPort}`,
    '--user-data-dir', dataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    workspace,
  ];
  const child = spawn(process.execPath, args, { cwd: tempRoot, env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const pid = child.pid;
  if (!pid) {
    removeTemp();
    throw new Error('code-server could not be started (no PID).');
  }
  // Not unref'd: the caller's process stays alive while the server runs (until stop()).
  let exited;
  const exitedPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });
  fs.writeFileSync(PID_FILE, `${pid}\n`);
  // If our process ends without calling stop(), take the server down with it.
  const onExit = () => {
    killGroup(pid, 'SIGKILL');
    try {
      removeTemp();
    } catch {
      // best effort
    }
  };
  process.on('exit', onExit);

  let stopped;
  const stop = () => {
    stopped ??= (async () => {
      process.off('exit', onExit);
      await stopGroup(pid);
      try {
        if (fs.readFileSync(PID_FILE, 'utf8').trim() === String(pid)) fs.rmSync(PID_FILE, { force: true });
      } catch {
        // already gone
      }
      removeTemp();
    })();
    return stopped;
  };

  const url = workbenchUrl(chosenPort, workspace);
  log(`Starting code-server on 127.0.0.1:${chosenPort} (PID ${pid})`);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const status = await httpAnswers(`http://127.0.0.1:${chosenPort}/`);
    if (status > 0) break;
    if (exited || Date.now() > deadline) {
      const tail = readTail(logFile);
      const why = exited
        ? `exited (${exited.signal ?? `code ${exited.code}`}) before answering`
        : `did not answer GET http://127.0.0.1:${chosenPort}/ within ${READY_TIMEOUT_MS / 1000} s`;
      await stop();
      throw new Error(`code-server ${why}.\n${tail ? `Last output:\n${tail.replace(/^/gm, '  | ')}` : 'It printed nothing.'}\nWhat to do: check that nothing else uses port ${chosenPort}; if code-server itself fails, delete ${INSTALL_DIR} and run again.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  log(`code-server is answering on http://127.0.0.1:${chosenPort}/`);
  return { url, port: chosenPort, pid, stop, dataDir, extensionsDir, logFile, exited: exitedPromise };
}

// ---------------------------------------------------------------------------------------------
// CLI

async function main(argv) {
  const [command, ...rest] = argv;
  const option = (name) => {
    const index = rest.indexOf(name);
    if (index < 0) return undefined;
    const value = rest[index + 1];
    rest.splice(index, 2);
    return value;
  };
  switch (command) {
    case 'install': {
      const result = await ensureVsCodeWeb();
      console.log(result.installed ? `Installed code-server ${result.version} in ${result.dir}` : `code-server ${result.version} is installed in ${result.dir}`);
      return;
    }
    case 'chromium':
      console.log(findChromium());
      return;
    case 'stop-stale':
      if (!(await stopStaleCodeServer())) console.log('No stale code-server.');
      return;
    case 'start': {
      const vsix = option('--vsix') ?? path.join(REPO_ROOT, 'prodgate.vsix');
      const port = option('--port') ?? process.env.PORT;
      const workspace = path.resolve(rest[0] ?? path.join(REPO_ROOT, 'examples'));
      await ensureVsCodeWeb();
      const server = await startVsCodeWeb({ workspace, vsix, port: port ? Number(port) : undefined });
      console.log(`VS Code for the Web: ${server.url}  (Ctrl+C stops it)`);
      const shutdown = () => void server.stop().then(() => process.exit(0));
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      return;
    }
    default:
      console.log('Usage: node scripts/vscode-web.mjs install | start [folder] [--vsix file] [--port n] | stop-stale | chromium');
      process.exitCode = command ? 2 : 0;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
