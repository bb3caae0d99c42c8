// Issue 8: the built CLI (dist/cli.js) on a hostile workspace: symbolic-link loops, a link out of the
// workspace, a dangling link, a directory and FIFOs named like artifacts, a file that cannot be read
// (chmod 000, read by an unprivileged child: `setpriv` to nobody, since root reads anything), a
// bundle of hostile paths, a 1,000,000-line garbage shadow audit log (peak RSS measured in the child
// with process.resourceUsage()), and OpenClaw audit logs with garbage, an over-long line and a FIFO.
// Every run has a hang guard: a FIFO read blocks forever, and shows up here as a killed child.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { garbageShadowLog, mkfifo, openClawLog, writeHostileBundle, writeLines } from '../support/hostile-files.ts';

const CLI = resolve(__dirname, '../../dist/cli.js');
const EXAMPLES = resolve(__dirname, '../../examples/certification');
const LOG_LINES = 1_000_000;
/** A run that takes longer hangs (a FIFO read never ends); the 1M-line certification gets LONG_RUN_MS. */
const HANG_GUARD_MS = 20_000;
const LONG_RUN_MS = 180_000;
/** Generous: the log streams in constant memory (about 60-90 MB of RSS in all). */
const RSS_LIMIT_MB = 300;

let workspace: string;
let outside: string;
let rssProbe: string;

before(() => {
  workspace = mkdtempSync(join(tmpdir(), 'prodgate-hostile-cli-'));
  outside = mkdtempSync(join(tmpdir(), 'prodgate-hostile-cli-outside-'));
  writeFileSync(join(outside, 'outside.policy.yaml'), 'agent: outside-agent\npermissions:\n  allow: ["*"]\n  deny: [delete:*]\n  escalate: [refund:*]\n');
  cpSync(EXAMPLES, join(workspace, 'cert'), { recursive: true });
  const records = readFileSync(join(EXAMPLES, 'shadow-audit.jsonl'), 'utf8').split('\n').filter((line) => line.trim() !== '');
  writeLines(join(workspace, 'cert', 'shadow-audit.jsonl'), garbageShadowLog(records, LOG_LINES));

  writeFileSync(join(workspace, 'ok.policy.yaml'), 'agent: ok-agent\npermissions:\n  allow: [read:x]\n  deny: [delete:*]\n  escalate: [refund:*]\n');
  mkdirSync(join(workspace, 'sub'));
  symlinkSync('..', join(workspace, 'sub', 'up'));
  symlinkSync(outside, join(workspace, 'escape'));
  symlinkSync('b.yaml', join(workspace, 'a.yaml'));
  symlinkSync('a.yaml', join(workspace, 'b.yaml'));
  symlinkSync('nowhere.yaml', join(workspace, 'dangling.yaml'));
  mkdirSync(join(workspace, 'x.policy.yaml'));
  mkdirSync(join(workspace, 'fifos'));
  for (const name of ['x.policy.yaml', 'p.json', 'u.jsonl']) mkfifo(join(workspace, 'fifos', name));
  writeFileSync(join(workspace, 'secret.policy.yaml'), 'agent: secret\npermissions:\n  allow: [read:x]\n');
  chmodSync(join(workspace, 'secret.policy.yaml'), 0o000);
  chmodSync(workspace, 0o755); // the unprivileged child must reach the files

  writeHostileBundle(workspace);

  mkdirSync(join(workspace, 'audit'));
  writeLines(join(workspace, 'audit', 'audit-2026-11-20.jsonl'), openClawLog(1_000, ['not json at all']));
  writeLines(join(workspace, 'audit', 'audit-2026-11-21.jsonl'), openClawLog(0, [`{"previousHash": null, "hash": "${'x'.repeat(20 * 1024 * 1024)}"}`]));
  mkfifo(join(workspace, 'audit', 'audit-2026-11-22.jsonl'));
  // JSON.parse reads it; JSON.stringify, which the entry's hash needs, would exhaust the stack.
  writeLines(join(workspace, 'audit', 'audit-2026-11-23.jsonl'), openClawLog(0, [`{"type": "policy_decision", "previousHash": null, "decision": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`]));

  rssProbe = join(workspace, 'rss-probe.cjs');
  writeFileSync(rssProbe, "process.on('exit', () => process.stderr.write(`\\nPEAK_RSS_KB ${process.resourceUsage().maxRSS}\\n`));\n");
});

after(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
  if (outside) rmSync(outside, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident set size of the child, in MB. */
  rssMB: number;
}

function prodgate(args: string[], options: { asNobody?: boolean; timeout?: number } = {}): Run {
  const node = [process.execPath, '-r', rssProbe, CLI, ...args];
  const [command, ...rest] = options.asNobody ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...node] : node;
  const started = performance.now();
  const timeout = options.timeout ?? HANG_GUARD_MS;
  const result = spawnSync(command!, rest, { cwd: workspace, encoding: 'utf8', timeout, maxBuffer: 64 << 20 });
  const ms = Math.round(performance.now() - started);
  assert.equal(result.signal, null, `prodgate ${args.join(' ').slice(0, 100)} hung: killed after ${timeout} ms\n${result.stderr?.slice(0, 500)}`);
  const rss = /PEAK_RSS_KB (\d+)/.exec(result.stderr ?? '');
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.replace(/\n?PEAK_RSS_KB \d+\n/, ''), ms, rssMB: rss ? Number(rss[1]) / 1024 : NaN };
}

function assertNoInternalError(run: Run): void {
  assert.doesNotMatch(run.stderr, /internal error|\n\s+at /, run.stderr.slice(0, 800));
}

describe('the CLI on a hostile workspace', () => {
  test('validate the workspace folder: loops and links out of it are not followed, FIFOs and directories skipped', () => {
    const run = prodgate(['validate', '.', '--format', 'json'], { timeout: LONG_RUN_MS });
    assertNoInternalError(run);
    assert.equal(run.code, 1, 'errors found (the garbage audit log is too large to validate: a note; the wildcard and incomplete policies: errors)');
    const files = (JSON.parse(run.stdout) as { files: { path: string }[] }).files.map((file) => file.path);
    assert.ok(files.includes('ok.policy.yaml'), files.join());
    assert.ok(!files.some((file) => file.startsWith('escape/')), `files outside the workspace (through escape/ → ${outside}) are not validated: ${files.filter((f) => f.startsWith('escape/')).join()}`);
    assert.ok(!files.some((file) => file.startsWith('sub/up/')), 'the loop sub/up → .. is not walked');
  });

  test('validate a FIFO named like an artifact: a clear I/O error, exit 2, no hang', () => {
    const run = prodgate(['validate', 'fifos/x.policy.yaml']);
    assertNoInternalError(run);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /fifos\/x\.policy\.yaml/);
  });

  test('validate a directory named like an artifact, a symlink loop, a dangling link: exit 2 with the path', () => {
    for (const path of ['a.yaml', 'dangling.yaml', `${'n'.repeat(300)}.yaml`]) {
      const run = prodgate(['validate', path]);
      assertNoInternalError(run);
      assert.equal(run.code, 2, `${path}: ${run.stderr}`);
      assert.ok(run.stderr.includes(path.slice(0, 40)), run.stderr);
    }
    // A directory named like an artifact is a folder to walk: it holds none, so nothing is checked.
    const directory = prodgate(['validate', 'x.policy.yaml', '--format', 'json']);
    assertNoInternalError(directory);
    assert.equal(directory.code, 0);
    assert.deepEqual((JSON.parse(directory.stdout) as { files: unknown[] }).files, []);
  });

  test('an unreadable file (chmod 000, read as nobody through setpriv): EACCES, exit 2', (t) => {
    const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', 'process.exit(process.getuid() === 65534 ? 0 : 1)'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      t.diagnostic(`setpriv to nobody is not available here (${probe.stderr.trim() || probe.status}): read as root instead`);
    }
    const asNobody = probe.status === 0;
    const run = prodgate(['validate', 'secret.policy.yaml'], { asNobody });
    assertNoInternalError(run);
    if (asNobody) {
      assert.equal(run.code, 2);
      assert.match(run.stderr, /secret\.policy\.yaml: EACCES/);
    } else {
      assert.equal(run.code, 1);
    }
  });

  test('certify a bundle of hostile paths: a problem per input, exit 2, nothing of /etc/passwd printed', () => {
    const run = prodgate(['certify', '--bundle', 'hostile-bundle/prodgate.bundle.yaml']);
    assertNoInternalError(run);
    assert.equal(run.code, 2, run.stdout.slice(0, 500) + run.stderr.slice(0, 500));
    const output = run.stdout + run.stderr;
    assert.doesNotMatch(output, /root:x:0:0/);
    assert.match(output, /not a regular file \(a FIFO, socket or device\)/);
    assert.match(output, /is a directory, not a file/);
    assert.match(output, /no such file/);
    assert.match(output, /ELOOP|too many symbolic links/i);
    assert.match(output, /ENAMETOOLONG|name too long/i);
  });

  test(`certify with a ${LOG_LINES.toLocaleString('en-US')}-line garbage shadow audit log: exit 1, bad lines reported, peak RSS < ${RSS_LIMIT_MB} MB`, () => {
    const run = prodgate(['certify', '--bundle', 'cert/prodgate.bundle.yaml', '--json'], { timeout: LONG_RUN_MS });
    console.log(`# certify, ${LOG_LINES}-line log: ${run.ms} ms, peak RSS ${run.rssMB.toFixed(0)} MB`);
    assertNoInternalError(run);
    assert.equal(run.code, 1, run.stderr.slice(0, 500));
    const report = JSON.parse(run.stdout) as { checks: { name: string; status: string; issues: { message: string }[] }[]; deployment_ready: boolean };
    assert.equal(report.deployment_ready, false);
    const shadow = report.checks.find((check) => check.name === 'shadow_mode_evidence');
    assert.equal(shadow?.status, 'fail');
    const messages = report.checks.flatMap((check) => check.issues.map((issue) => issue.message));
    assert.ok(messages.some((message) => /not UTF-8/.test(message)), 'the invalid UTF-8 line is named');
    assert.ok(messages.length <= 300, `${messages.length} messages: capped`);
    assert.ok(Number.isFinite(run.rssMB), 'the child reported its peak RSS');
    assert.ok(run.rssMB < RSS_LIMIT_MB, `peak RSS ${run.rssMB.toFixed(0)} MB`);
  });

  test('verify-audit: garbage after a valid chain, a 20 MB line, a FIFO, a 200,000-deep entry: exit 1, a verdict each', () => {
    const run = prodgate(['verify-audit', 'audit/audit-2026-11-20.jsonl', 'audit/audit-2026-11-21.jsonl', 'audit/audit-2026-11-22.jsonl', 'audit/audit-2026-11-23.jsonl', '--json']);
    assertNoInternalError(run);
    assert.ok(run.code === 1 || run.code === 2, `exit ${run.code}`);
    const report = JSON.parse(run.stdout) as { valid: boolean; files: { file: string; valid: boolean; entries: number; line?: number; reason?: string; message?: string }[] };
    assert.equal(report.valid, false);
    const byName = new Map(report.files.map((file) => [file.file.replace(/^.*\//, ''), file]));
    assert.deepEqual(
      ['audit-2026-11-20.jsonl', 'audit-2026-11-21.jsonl', 'audit-2026-11-23.jsonl'].map((name) => [byName.get(name)?.valid, byName.get(name)?.line, byName.get(name)?.reason]),
      [
        [false, 1_001, 'invalid-json'],
        [false, 1, 'invalid-json'],
        [false, 1, 'entry-too-deep'],
      ],
    );
    assert.match(byName.get('audit-2026-11-22.jsonl')?.message ?? '', /not a regular file/);
  });

  test('verify-audit on the audit folder: the FIFO does not hang the walk', () => {
    const run = prodgate(['verify-audit', 'audit', '--json']);
    assertNoInternalError(run);
    assert.ok(run.code === 1 || run.code === 2, `exit ${run.code}: ${run.stderr}`);
    assert.ok(existsSync(join(workspace, 'audit')));
  });
});
