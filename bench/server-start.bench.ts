// Server start → first diagnostics: spawn the built server (dist/server.js --stdio) fresh each run,
// initialize it on examples/certification, didOpen the example observability policy and wait for
// its first publishDiagnostics, timed from the spawn. What a user waits for when the first artifact
// of a session opens (activation itself is bench/activation.bench.ts). Results go to
// bench/results/server-start.json and a Markdown table.
//
//   node scripts/build.mjs && node --import tsx bench/server-start.bench.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspSession } from './support/lsp-session.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP = 2; // the first runs warm the disk cache
const FOLDER = resolve(__dirname, '../examples/certification');
const DOCUMENT = resolve(FOLDER, 'observability.yaml');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(values.length * 0.95) - 1)]!;
const round = (value: number) => Number(value.toFixed(1));

async function startOnce() {
  const uri = pathToFileURL(DOCUMENT).href;
  const text = readFileSync(DOCUMENT, 'utf8');
  const spawned = performance.now();
  const session = await LspSession.start([process.execPath, resolve(__dirname, '../dist/server.js'), '--stdio'], {
    folderUri: pathToFileURL(FOLDER).href,
    configuration: (section) => (section === 'prodgate' ? {} : null),
  });
  const initialized = performance.now();
  try {
    await session.open(uri, 'yaml', text);
    const first = await session.publishAfter(uri, 0, () => true);
    return { initialize: initialized - spawned, diagnostics: first.at - spawned };
  } finally {
    await session.stop();
  }
}

async function main(): Promise<void> {
  const runs = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const measured = await startOnce();
    if (run >= WARMUP) runs.push(measured);
  }
  const initialize = runs.map((run) => run.initialize);
  const diagnostics = runs.map((run) => run.diagnostics);
  const report = {
    benchmark: 'server start → first diagnostics: spawn dist/server.js, initialize, didOpen examples/certification/observability.yaml, first publishDiagnostics',
    node: process.version,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    date: new Date().toISOString(),
    runs: RUNS,
    warm_up: WARMUP,
    spawn_to_initialized_ms: { median: round(median(initialize)), p95: round(p95(initialize)) },
    spawn_to_first_diagnostics_ms: { median: round(median(diagnostics)), p95: round(p95(diagnostics)) },
    note: 'each run is a fresh process; the machine is shared, so figures are noisy',
  };
  mkdirSync(resolve(__dirname, 'results'), { recursive: true });
  writeFileSync(resolve(__dirname, 'results/server-start.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log('| Step (from spawn) | Median (ms) | p95 (ms) |\n|---|---:|---:|');
  console.log(`| initialize answered | ${report.spawn_to_initialized_ms.median} | ${report.spawn_to_initialized_ms.p95} |`);
  console.log(`| first diagnostics of observability.yaml | ${report.spawn_to_first_diagnostics_ms.median} | ${report.spawn_to_first_diagnostics_ms.p95} |`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
