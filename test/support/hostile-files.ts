// Hostile files for the hostile-workspace tests (LSP and CLI): FIFOs, a bundle whose every input
// is hostile, and large logs written in constant memory.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { chainedLines } from './audit-chain.ts';

export function mkfifo(path: string): void {
  const result = spawnSync('mkfifo', [path]);
  assert.equal(result.status, 0, `mkfifo ${path}: ${result.stderr}`);
}

/**
 * `hostile-bundle/prodgate.bundle.yaml` in `workspace`: its inputs are FIFOs, a directory, a
 * symbolic-link loop, a dangling link, a name too long and a path out of the workspace (the caller
 * makes fifos/p.json, fifos/u.jsonl, the directory x.policy.yaml, a.yaml and dangling.yaml).
 */
export function writeHostileBundle(workspace: string): void {
  mkdirSync(join(workspace, 'hostile-bundle'));
  writeFileSync(
    join(workspace, 'hostile-bundle', 'prodgate.bundle.yaml'),
    [
      'certification_policy: ../fifos/p.json',
      'deployment_manifest: ../x.policy.yaml',
      'governance_policy: ../a.yaml',
      'evidence_registry: ../dangling.yaml',
      `observability_policy: ${'n'.repeat(300)}.yaml`,
      'audit_log: ../fifos/u.jsonl',
      'external_evidence: ../../../../../../../../../../etc/passwd',
      '',
    ].join('\n'),
  );
}

/** Writes `lines` (one Buffer a line) to `path` in 1 MB chunks. */
export function writeLines(path: string, lines: Iterable<Buffer>): void {
  const fd = openSync(path, 'w');
  try {
    let chunk: Buffer[] = [];
    let size = 0;
    for (const line of lines) {
      chunk.push(line, Buffer.from('\n'));
      size += line.length + 1;
      if (size > 1 << 20) {
        writeSync(fd, Buffer.concat(chunk, size));
        chunk = [];
        size = 0;
      }
    }
    if (size > 0) writeSync(fd, Buffer.concat(chunk, size));
  } finally {
    closeSync(fd);
  }
}

/** The given shadow records, then garbage of every sort, `total` lines in all. */
export function* garbageShadowLog(records: readonly string[], total: number): Generator<Buffer> {
  const garbage = [
    Buffer.from('garbage, not JSON'),
    Buffer.from('{'),
    Buffer.from('{"audit_record_version": "0.1"'),
    Buffer.from('a\u0000b'),
    Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    Buffer.from(`${'['.repeat(2_000)}${']'.repeat(2_000)}`),
    Buffer.from('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
    Buffer.from(''),
    Buffer.from('<script>alert(1)</script>'),
    Buffer.from('null'),
  ];
  for (const record of records) yield Buffer.from(record);
  for (let i = records.length; i < total; i++) yield garbage[i % garbage.length]!;
}

/** `valid` chained OpenClaw entries, one a second from 2026-11-20, then the `tail` lines as they are. */
export function* openClawLog(valid: number, tail: readonly string[]): Generator<Buffer> {
  const entries = Array.from({ length: valid }, (_, i) => ({
    type: 'permission_check',
    timestamp: new Date(Date.UTC(2026, 10, 20, 0, 0, i)).toISOString(),
    agentId: 'a',
    action: 'read:x',
    decision: 'allow',
  }));
  for (const line of [...chainedLines(entries), ...tail]) yield Buffer.from(line);
}
