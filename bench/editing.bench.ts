// Completion and hover latency of the built server over stdio (request → response), on
// observability policies of about 5,000 lines in JSON and YAML: 100 requests each, at positions
// spread from the top to the bottom of the document, alternating keys and values. Two situations:
// the document as last analysed (the editor asks again without typing), and right after a
// keystroke, when the request pays for analysing the new text. Keystrokes come at typing pace: the
// server has published the previous version's diagnostics (untimed) before the next one. Results
// go to bench/results/editing.json and a Markdown table on stdout.
//
//   node scripts/build.mjs && node --import tsx bench/editing.bench.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Position } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../test/support/lsp-client.ts';
import { observabilityPolicy } from './support/observability-policy.ts';

const LINES = 5000;
const WARMUP = 10;
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const TARGET_P95_MS = 20;

type Format = 'json' | 'yaml';
type Request = 'completion' | 'hover';
type Situation = 'analysed' | 'after an edit';

/** Keys whose values completion has something to offer for (free text has nothing, and is not measured). */
const VALUE_KEYS = new Set(['metric', 'condition', 'severity']);

/**
 * `count` positions from the top of the document to its bottom, alternating the middle of a key
 * (its completion lists keys) and the start of a value that has known values.
 */
function positions(text: string, count: number): Position[] {
  const keys: Position[] = [];
  const values: Position[] = [];
  text.split('\n').forEach((line, index) => {
    const entry = /^(\s*(?:- )?"?)(\w+)"?:\s*(\S)?/.exec(line);
    if (!entry?.[3]) return;
    keys.push({ line: index, character: entry[1].length + Math.floor(entry[2].length / 2) });
    if (VALUE_KEYS.has(entry[2])) values.push({ line: index, character: entry[0].length - 1 });
  });
  const spread = (list: Position[], index: number) => list[Math.round((index * (list.length - 1)) / (count - 1))];
  return Array.from({ length: count }, (_, index) => (index % 2 === 0 ? spread(keys, index) : spread(values, index)));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(client: LspTestClient, format: Format, request: Request, situation: Situation) {
  const text = observabilityPolicy(format, LINES);
  const uri = client.uri(`bench/observability-${request}-${situation.replace(/ /g, '-')}.${format}`);
  await client.open(uri, format, text);
  await client.diagnostics(uri); // analysed and indexed before the first request
  const lines = text.split('\n');
  const editLine = lines.findIndex((line) => line.includes('Owner-A'));
  const editColumn = lines[editLine].indexOf('Owner-A');
  const method = request === 'completion' ? 'textDocument/completion' : 'textDocument/hover';
  const targets = positions(text, RUNS);
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    let version: number | undefined;
    if (situation === 'after an edit') {
      const replacement = i % 2 === 0 ? 'Owner-B' : 'Owner-A';
      version = await client.change(uri, [{ range: { start: { line: editLine, character: editColumn }, end: { line: editLine, character: editColumn + 7 } }, text: replacement }]);
    }
    const position = targets[i % RUNS];
    const started = process.hrtime.bigint();
    const result = await client.connection.sendRequest(method, { textDocument: { uri }, position });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (!result) throw new Error(`no ${request} at ${position.line}:${position.character} of the ${format} document`);
    if (i >= WARMUP) samples.push(elapsed);
    if (version !== undefined) await client.diagnostics(uri, version);
  }
  await client.close(uri);
  samples.sort((a, b) => a - b);
  return {
    request,
    format,
    situation,
    lines: lines.length,
    runs: RUNS,
    p50_ms: +percentile(samples, 50).toFixed(2),
    p95_ms: +percentile(samples, 95).toFixed(2),
    target_p95_ms: TARGET_P95_MS,
  };
}

async function main(): Promise<void> {
  const client = await LspTestClient.start();
  const results = [];
  try {
    for (const situation of ['analysed', 'after an edit'] as const) {
      for (const request of ['completion', 'hover'] as const) {
        for (const format of ['json', 'yaml'] as const) results.push(await measure(client, format, request, situation));
      }
    }
  } finally {
    await client.stop();
  }
  const directory = resolve(__dirname, 'results');
  mkdirSync(directory, { recursive: true });
  const report = { benchmark: 'completion and hover: request → response (stdio)', node: process.version, date: new Date().toISOString(), results };
  writeFileSync(resolve(directory, 'editing.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log('| Request | Document | Lines | Situation | p50 (ms) | p95 (ms) | Target p95 (ms) |');
  console.log('|---|---|---:|---|---:|---:|---:|');
  for (const result of results) {
    const verdict = result.p95_ms <= result.target_p95_ms ? '' : ' ✗';
    console.log(`| ${result.request} | ${result.format.toUpperCase()} | ${result.lines} | ${result.situation} | ${result.p50_ms} | ${result.p95_ms}${verdict} | ${result.target_p95_ms} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
