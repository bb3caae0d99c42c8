// Issue 8: a hostile workspace over LSP. The folder holds symbolic-link loops (a directory linking to
// its parent, a → b → a), a dangling link, a link out of the workspace, a directory named like an
// artifact, FIFOs named like artifacts (reading one blocks until a writer appears: forever), paths
// that cannot be read (EISDIR, ELOOP, ENAMETOOLONG: chmod 000 does not stop root, which these tests
// run as), a 1,000,000-line shadow audit log full of garbage lines that certification streams, and
// OpenClaw audit logs with garbage, an over-long line and a FIFO that prodgate/verifyAudit checks.
// After each step the server must answer a diagnostics round trip correctly.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { garbageShadowLog, mkfifo, openClawLog, writeHostileBundle, writeLines } from '../support/hostile-files.ts';
import { FileChangeType } from 'vscode-languageserver-protocol';
import type { AgentSummary, CertifyResult, VerifyAuditResult } from '../../server/src/lsp/protocol.ts';
import { LspTestClient } from '../support/lsp-client.ts';

const EXAMPLES = resolve(__dirname, '../../examples/certification');
const LOG_LINES = 1_000_000;
/** Generous: a hang shows up as a timeout, not as a slow pass. */
const ROUND_TRIP_MS = 30_000;

let workspace: string;
let outside: string;
const fifos: string[] = [];

/** A FIFO, remembered for the watched-file events test. */
function trackedFifo(path: string): void {
  mkfifo(path);
  fifos.push(path);
}

const PROBE = 'agent: probe-agent\npermissions:\n  allow: ["*"]\n  deny: [delete:*]\n  escalate: [refund_requests]\n';

before(() => {
  workspace = mkdtempSync(join(tmpdir(), 'prodgate-hostile-ws-'));
  outside = mkdtempSync(join(tmpdir(), 'prodgate-hostile-outside-'));
  writeFileSync(join(outside, 'outside.policy.yaml'), 'agent: outside-agent\npermissions:\n  allow: [read:x]\n  deny: [delete:*]\n  escalate: [refund:*]\n');

  // A certifiable bundle whose audit log is the 1,000,000-line garbage log.
  cpSync(EXAMPLES, join(workspace, 'cert'), { recursive: true });
  const records = readFileSync(join(EXAMPLES, 'shadow-audit.jsonl'), 'utf8').split('\n').filter((line) => line.trim() !== '');
  writeLines(join(workspace, 'cert', 'shadow-audit.jsonl'), garbageShadowLog(records, LOG_LINES));

  writeFileSync(join(workspace, 'ok.policy.yaml'), 'agent: ok-agent\npermissions:\n  allow: [read:x]\n  deny: [delete:*]\n  escalate: [refund:*]\n');
  mkdirSync(join(workspace, 'sub'));
  symlinkSync('..', join(workspace, 'sub', 'up')); // a directory loop
  symlinkSync(outside, join(workspace, 'escape')); // out of the workspace
  symlinkSync('b.yaml', join(workspace, 'a.yaml')); // a → b → a: ELOOP
  symlinkSync('a.yaml', join(workspace, 'b.yaml'));
  symlinkSync('nowhere.yaml', join(workspace, 'dangling.yaml'));
  mkdirSync(join(workspace, 'x.policy.yaml')); // a directory named like an artifact
  writeFileSync(join(workspace, 'x.policy.yaml', 'inner.txt'), 'not an artifact');
  mkdirSync(join(workspace, 'fifos'));
  for (const name of ['x.policy.yaml', 'p.json', 'q.yaml', 'r.yaml', 's.yaml', 't.yaml', 'u.jsonl']) trackedFifo(join(workspace, 'fifos', name));
  trackedFifo(join(workspace, 'fifo.policy.yaml'));

  // A bundle whose every input is hostile.
  writeHostileBundle(workspace);

  // OpenClaw audit logs: garbage after a valid chain, a 20 MB line, a FIFO.
  mkdirSync(join(workspace, 'audit'));
  writeLines(join(workspace, 'audit', 'audit-2026-11-20.jsonl'), openClawLog(1_000, ['not json at all', '{"previousHash": null}']));
  writeLines(join(workspace, 'audit', 'audit-2026-11-21.jsonl'), openClawLog(0, [`{"previousHash": null, "hash": "${'x'.repeat(20 * 1024 * 1024)}"}`]));
  trackedFifo(join(workspace, 'audit', 'audit-2026-11-22.jsonl'));
});

after(() => {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const uriOf = (relative: string): string => pathToFileURL(join(workspace, relative)).href;

/** A plain artifact opened now still gets exactly its diagnostics, in time. */
async function assertAlive(client: LspTestClient, tag: string): Promise<void> {
  assert.equal(client.exited, false, 'the server is running');
  const uri = uriOf(`probe-${tag}.policy.yaml`);
  await client.open(uri, 'yaml', PROBE.replace('probe-agent', `probe-${tag}`));
  const diagnostics = await client.diagnostics(uri, 1, ROUND_TRIP_MS);
  assert.deepEqual(
    diagnostics.map((diagnostic) => diagnostic.code),
    ['policy-wildcard-allow'],
  );
  await client.close(uri);
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms (a hang?)`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('a hostile workspace over LSP', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ workspaceFolder: workspace });
  });
  after(async () => {
    await client.stop();
  });

  test('the index skips loops, dangling links, directories and FIFOs, and never leaves the workspace', async () => {
    const agents = await within(client.connection.sendRequest<AgentSummary[]>('prodgate/agents'), ROUND_TRIP_MS, 'prodgate/agents');
    assert.deepEqual(
      agents.map((agent) => [agent.agent, agent.link.uri, agent.duplicates.length]),
      [['ok-agent', uriOf('ok.policy.yaml'), 0]],
      'the loop sub/up → .. does not index ok.policy.yaml twice (a self-duplicate), and escape/ → outside is not followed',
    );
    await assertAlive(client, 'index');
  });

  test('watched-file events for FIFOs, loops, directories, dangling links and over-long names: no hang, the pool stays free', async () => {
    const started = performance.now();
    const paths = [
      ...fifos,
      join(workspace, 'a.yaml'),
      join(workspace, 'dangling.yaml'),
      join(workspace, 'x.policy.yaml'),
      join(workspace, `${'n'.repeat(300)}.policy.yaml`),
      join(workspace, 'ok.policy.yaml', 'not-a-dir.yaml'),
    ];
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: paths.map((path) => ({ uri: pathToFileURL(path).href, type: FileChangeType.Created })),
    });
    // Eight FIFO reads would hold every libuv pool thread: any later file read would then hang.
    await assertAlive(client, 'watched');
    const agents = await within(client.connection.sendRequest<AgentSummary[]>('prodgate/agents'), ROUND_TRIP_MS, 'prodgate/agents');
    assert.deepEqual(agents.map((agent) => agent.agent), ['ok-agent']);
    const certified = await within(client.connection.sendRequest<CertifyResult>('prodgate/certify', { bundleUri: uriOf('hostile-bundle/prodgate.bundle.yaml') }), ROUND_TRIP_MS, 'prodgate/certify after FIFO events');
    assert.equal(certified.status, 'done');
    console.log(`# watched-file events + certification of the hostile bundle: ${Math.round(performance.now() - started)} ms`);
  });

  test('certifying a bundle of hostile paths: a clear problem per input, nothing read from outside shown', async () => {
    const result = await within(
      client.connection.sendRequest<CertifyResult>('prodgate/certify', { bundleUri: uriOf('hostile-bundle/prodgate.bundle.yaml') }),
      ROUND_TRIP_MS,
      'prodgate/certify',
    );
    assert.equal(result.status, 'done', JSON.stringify(result).slice(0, 500));
    if (result.status !== 'done') return;
    const text = JSON.stringify(result);
    assert.doesNotMatch(text, /root:x:0:0/, 'the content of /etc/passwd is not in the report');
    const messages = result.report.checks.flatMap((check) => check.issues.map((issue) => issue.message)).join('\n');
    assert.match(messages, /not a regular file \(a FIFO, socket or device\)/);
    assert.match(messages, /is a directory, not a file/);
    assert.match(messages, /no such file/);
    assert.match(messages, /ELOOP|too many symbolic links/i);
    assert.match(messages, /ENAMETOOLONG|name too long/i);
    assert.match(messages, /must be a \.json, \.jsonc, \.yaml or \.yml file/);
    assert.notEqual(result.report.summary.readiness_level, 'deployment_ready');
    await assertAlive(client, 'hostile-bundle');
  });

  test(`certifying with a ${LOG_LINES.toLocaleString('en-US')}-line garbage shadow audit log: bad lines reported, capped, and the server stays responsive`, async () => {
    const started = performance.now();
    const pending = client.connection.sendRequest<CertifyResult>('prodgate/certify', { bundleUri: uriOf('cert/prodgate.bundle.yaml') });
    // While the log streams, a diagnostics round trip still answers.
    await assertAlive(client, 'during-certify');
    const result = await within(pending, 120_000, 'prodgate/certify of the 1M-line log');
    const ms = Math.round(performance.now() - started);
    console.log(`# certification with the ${LOG_LINES}-line log over LSP: ${ms} ms`);
    assert.equal(result.status, 'done', JSON.stringify(result).slice(0, 500));
    if (result.status !== 'done') return;
    const shadow = result.report.checks.find((check) => check.name === 'shadow_mode_evidence');
    assert.ok(shadow, result.report.checks.map((check) => check.name).join());
    assert.equal(shadow.status, 'fail');
    const issues = result.report.checks.flatMap((check) => check.issues).filter((issue) => issue.file?.endsWith('shadow-audit.jsonl'));
    assert.ok(issues.length > 0 && issues.length <= 250, `${issues.length} issues for the log: reported, but capped`);
    assert.ok(issues.some((issue) => /not UTF-8/.test(issue.message)), 'the invalid UTF-8 line is named');
    assert.ok(issues.some((issue) => issue.location && 'line' in issue.location && issue.location.line > 1), 'issues point at lines');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    await assertAlive(client, 'after-certify');
  });

  test('prodgate/verifyAudit: garbage after a valid chain, a 20 MB line and a FIFO each get a clear verdict', async () => {
    const uris = ['audit-2026-11-20.jsonl', 'audit-2026-11-21.jsonl', 'audit-2026-11-22.jsonl'].map((name) => uriOf(`audit/${name}`));
    const started = performance.now();
    const result = await within(client.connection.sendRequest<VerifyAuditResult>('prodgate/verifyAudit', { uris }), ROUND_TRIP_MS, 'prodgate/verifyAudit');
    console.log(`# verifyAudit of the three logs: ${Math.round(performance.now() - started)} ms`);
    const [garbage, long, fifo] = result.files;
    assert.deepEqual([garbage?.valid, garbage?.entries, garbage?.line, garbage?.reason], [false, 1_000, 1_001, 'invalid-json']);
    assert.deepEqual([long?.valid, long?.line, long?.reason], [false, 1, 'invalid-json']);
    assert.match(long?.message ?? '', /longer than/);
    assert.equal(fifo?.valid, false);
    assert.match(fifo?.message ?? '', /not a regular file/);
    await assertAlive(client, 'after-verify');
  });

  test('the whole workspace verifyAudit (no uris) skips the FIFO and finishes', async () => {
    const result = await within(client.connection.sendRequest<VerifyAuditResult>('prodgate/verifyAudit', {}), ROUND_TRIP_MS, 'prodgate/verifyAudit');
    assert.ok(result.files.every((file) => typeof file.valid === 'boolean'));
    assert.ok(!result.files.some((file) => file.uri.includes('prodgate-hostile-outside-')), 'nothing outside the workspace');
    await assertAlive(client, 'after-verify-all');
  });
});
