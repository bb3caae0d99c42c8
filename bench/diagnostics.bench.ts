// didChange → publishDiagnostics latency of the built server over stdio, with incremental edits,
// on evidence registries of 500 and 5,000 lines in JSON and YAML. Results go to
// bench/results/diagnostics.json and a Markdown table on stdout.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { LspTestClient } from '../test/support/lsp-client.ts';

const WARMUP = 10;
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const TARGET_P50_MS: Record<number, number> = { 500: 10, 5000: 50 };

interface Case {
  format: 'json' | 'yaml';
  lines: number;
}

/** A registry document of about `lines` lines; every source has an owner line the edits change. */
function registry(format: 'json' | 'yaml', lines: number): string {
  const perSource = format === 'json' ? 12 : 8;
  const sources = Array.from({ length: Math.max(1, Math.round((lines - 3) / perSource)) }, (_, index) => ({
    source_id: `source-${index}`,
    owner: 'Owner-A',
    enabled: true,
    allowed_trust_tiers: ['verified'],
    allowed_redaction_statuses: ['redacted'],
    max_age_hours: 24,
  }));
  const document = { registry_version: '0.1', sources };
  return format === 'json' ? JSON.stringify(document, null, 2) : stringify(document, { lineWidth: 0, flowCollectionPadding: false });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(client: LspTestClient, { format, lines }: Case) {
  const text = registry(format, lines);
  const uri = client.uri(`bench/registry-${lines}.${format}`);
  await client.open(uri, format, text);
  const initial = await client.diagnostics(uri);
  if (initial.length > 0) throw new Error(`benchmark document is not clean: ${JSON.stringify(initial[0])}`);
  const lineIndex = text.split('\n').findIndex((line) => line.includes('Owner-A'));
  const column = text.split('\n')[lineIndex].indexOf('Owner-A');
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const replacement = i % 2 === 0 ? 'Owner-B' : 'Owner-A';
    const started = process.hrtime.bigint();
    const version = await client.change(uri, [
      { range: { start: { line: lineIndex, character: column }, end: { line: lineIndex, character: column + 7 } }, text: replacement },
    ]);
    await client.diagnostics(uri, version);
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (i >= WARMUP) samples.push(elapsed);
  }
  await client.close(uri);
  samples.sort((a, b) => a - b);
  return {
    format,
    lines: text.split('\n').length,
    runs: RUNS,
    p50_ms: +percentile(samples, 50).toFixed(2),
    p95_ms: +percentile(samples, 95).toFixed(2),
    target_p50_ms: TARGET_P50_MS[lines],
  };
}

async function main(): Promise<void> {
  const client = await LspTestClient.start();
  const results = [];
  try {
    for (const lines of [500, 5000]) {
      for (const format of ['json', 'yaml'] as const) results.push(await measure(client, { format, lines }));
    }
  } finally {
    await client.stop();
  }
  const directory = resolve(__dirname, 'results');
  mkdirSync(directory, { recursive: true });
  const report = { benchmark: 'didChange → publishDiagnostics (stdio, incremental sync)', node: process.version, date: new Date().toISOString(), results };
  writeFileSync(resolve(directory, 'diagnostics.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log('| Document | Lines | p50 (ms) | p95 (ms) | Target p50 (ms) |');
  console.log('|---|---:|---:|---:|---:|');
  for (const result of results) {
    const verdict = result.p50_ms <= result.target_p50_ms ? '' : ' ✗';
    console.log(`| ${result.format.toUpperCase()} | ${result.lines} | ${result.p50_ms}${verdict} | ${result.p95_ms} | ${result.target_p50_ms} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
