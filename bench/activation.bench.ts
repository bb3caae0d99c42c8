// Extension activation: require() of the packaged client (dist/client.js, built with --production)
// plus activate(), each in a fresh Node process against a stand-in `vscode` module, with no
// artifact open, so the language server stays unstarted as it does in VS Code. Target: under 50 ms.
// Results go to bench/results/activation.json and a Markdown table.
//
//   node scripts/build.mjs --production && node --import tsx bench/activation.bench.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const CLIENT = resolve(__dirname, '../dist/client.js');
const STAND_IN = resolve(__dirname, 'support/vscode-stand-in.cjs');

const PROBE = `
const start = process.hrtime.bigint();
const extension = require(${JSON.stringify(CLIENT)});
const required = process.hrtime.bigint();
const context = { subscriptions: [], asAbsolutePath: (p) => p, extension: { packageJSON: { version: '0' } }, extensionUri: {}, workspaceState: { get: () => undefined, update: async () => {} } };
Promise.resolve(extension.activate(context)).then(() => {
  const activated = process.hrtime.bigint();
  process.stdout.write(JSON.stringify({ require: Number(required - start) / 1e6, activate: Number(activated - required) / 1e6 }));
});`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(values.length * 0.95) - 1)]!;

const runs: { require: number; activate: number }[] = [];
for (let i = 0; i < RUNS + 2; i++) {
  const output = execFileSync(process.execPath, ['--require', STAND_IN, '-e', PROBE], { encoding: 'utf8' });
  if (i >= 2) runs.push(JSON.parse(output)); // the first two warm the disk cache
}
const total = runs.map((run) => run.require + run.activate);
const result = {
  format: 1,
  node: process.version,
  cpus: cpus().length,
  runs: RUNS,
  require_ms: { median: median(runs.map((run) => run.require)), p95: p95(runs.map((run) => run.require)) },
  activate_ms: { median: median(runs.map((run) => run.activate)), p95: p95(runs.map((run) => run.activate)) },
  total_ms: { median: median(total), p95: p95(total) },
  target_ms: 50,
};
mkdirSync(resolve(__dirname, 'results'), { recursive: true });
writeFileSync(resolve(__dirname, 'results/activation.json'), `${JSON.stringify(result, null, 2)}\n`);
const f = (n: number) => n.toFixed(1);
console.log('| Step | Median (ms) | p95 (ms) |\n|---|---:|---:|');
console.log(`| require(dist/client.js) | ${f(result.require_ms.median)} | ${f(result.require_ms.p95)} |`);
console.log(`| activate() | ${f(result.activate_ms.median)} | ${f(result.activate_ms.p95)} |`);
console.log(`| total (target < 50) | ${f(result.total_ms.median)} | ${f(result.total_ms.p95)} |`);
