// Reads every bench/results/*.json and writes bench/results/summary.md: one Markdown table per
// benchmark with its figures, its targets and whether they are met. The last step of `npm run bench`.
//
//   node --import tsx bench/summary.ts
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';

// The result files' shapes are the benchmarks' own; `any` keeps this reader short.
type Results = any;

const DIRECTORY = resolve(__dirname, 'results');

const verdict = (met: boolean) => (met ? 'met' : '**not met**');
const number = (value: number) => value.toLocaleString('en-US');
const table = (header: string[], rows: (string | number)[][]) =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

/** Each benchmark's title and table, by result file name. */
const SECTIONS: Record<string, (results: Results) => [string, string]> = {
  'yaml-language-server': (r) => [
    'Diagnostics latency vs yaml-language-server (median, p95 in brackets, ms; target: ProdGate ≤ ⅓ of theirs)',
    `${table(
      ['Event', 'Lines', 'ProdGate', 'yaml-language-server', 'Ratio', 'Target', 'yaml-language-server without its 200 ms debounce', 'Ratio', 'Target'],
      r.results.map((x: Results) => [
        x.event,
        number(x.lines),
        `${x.prodgate.median_ms} (${x.prodgate.p95_ms})`,
        `${x.yaml_language_server.median_ms} (${x.yaml_language_server.p95_ms})`,
        x.ratio,
        verdict(x.target_met),
        `${x.yaml_language_server_undebounced.median_ms} (${x.yaml_language_server_undebounced.p95_ms})`,
        x.ratio_without_debounce,
        verdict(x.target_met_without_debounce),
      ]),
    )}\n\n${r.note}`,
  ],
  diagnostics: (r) => [
    'Diagnostics: didChange → publishDiagnostics (ms)',
    table(
      ['Document', 'Lines', 'p50', 'p95', 'Target p50', 'Target'],
      r.results.map((x: Results) => [x.format.toUpperCase(), number(x.lines), x.p50_ms, x.p95_ms, `< ${x.target_p50_ms}`, verdict(x.p50_ms <= x.target_p50_ms)]),
    ),
  ],
  editing: (r) => [
    'Completion and hover: request → response (ms)',
    table(
      ['Request', 'Document', 'Situation', 'Lines', 'p50', 'p95', 'Target p95', 'Target'],
      r.results.map((x: Results) => [x.request, x.format.toUpperCase(), x.situation, number(x.lines), x.p50_ms, x.p95_ms, `< ${x.target_p95_ms}`, verdict(x.p95_ms <= x.target_p95_ms)]),
    ),
  ],
  certify: (r) => [
    'Certification vs the floor (readline + JSON.parse)',
    `${table(
      ['Records', 'Log (MB)', 'Floor median (ms)', 'Certify median (ms)', 'Ratio', 'Target ≤ 1.5', 'Peak RSS (MB)', 'Target < 100 MB', 'AANA median (ms)', 'AANA peak RSS (MB)', 'AANA / ProdGate'],
      r.results.map((x: Results) => [
        number(x.records),
        number(x.file_mb),
        number(x.floor_median_ms),
        number(x.check_median_ms),
        x.ratio,
        verdict(x.ratio <= x.target_ratio),
        x.peak_rss_mb,
        verdict(x.peak_rss_mb < x.target_rss_mb),
        x.aana ? number(x.aana.median_ms) : '–',
        x.aana ? number(x.aana.peak_rss_mb) : '–',
        x.aana ? `${x.aana.ratio_to_prodgate}×` : '–',
      ]),
    )}\n\nPeak RSS flat in log size (grows ≤ ${r.flat_tolerance_mb} MB from the smallest log to the largest): ${verdict(r.peak_rss_flat)} (${r.peak_rss_growth_mb} MB). AANA: ${typeof r.aana === 'string' ? r.aana : `${r.aana.command}; ${r.aana.note}`}.`,
  ],
  governance: (r) => [
    `Governance: ${number(r.scorecards)} scorecards × ${r.rules} rules`,
    table(['Evaluations/s (median run)', 'p50 (µs)', 'p95 (µs)', 'p99 (µs)'], [[number(r.median_per_second), r.p50_us, r.p95_us, r.p99_us]]),
  ],
  agents: (r) => [
    'Agents: action checks and audit-chain verification',
    `${table(
      ['Action checks', 'Checks/s (median run)', 'p50 (µs)', 'p99 (µs)', 'Budget (µs)', 'Target: p99 under budget'],
      [[number(r.decisions.actions), number(r.decisions.median_per_second), r.decisions.p50_us, r.decisions.p99_us, number(r.decisions.budget_us), verdict(r.decisions.p99_us < r.decisions.budget_us)]],
    )}\n\n${table(
      ['Audit entries', 'Log (MB)', 'Wall (ms)', 'Entries/s', 'Peak RSS (MB)'],
      r.audit_verify.logs.map((x: Results) => [number(x.entries), x.file_mb, number(x.wall_ms), number(x.entries_per_second), x.peak_rss_mb]),
    )}`,
  ],
  activation: (r) => [
    'Extension activation (ms)',
    table(
      ['Step', 'Median', 'p95', 'Target', ''],
      [
        ['require(dist/client.js)', r.require_ms.median.toFixed(1), r.require_ms.p95.toFixed(1), '', ''],
        ['activate()', r.activate_ms.median.toFixed(1), r.activate_ms.p95.toFixed(1), '', ''],
        ['total', r.total_ms.median.toFixed(1), r.total_ms.p95.toFixed(1), `< ${r.target_ms}`, verdict(r.total_ms.median < r.target_ms)],
      ],
    ),
  ],
  'server-start': (r) => [
    'Server start → first diagnostics (ms from spawn)',
    table(
      ['Step', 'Median', 'p95'],
      [
        ['initialize answered', r.spawn_to_initialized_ms.median, r.spawn_to_initialized_ms.p95],
        ['first diagnostics of examples/certification/observability.yaml', r.spawn_to_first_diagnostics_ms.median, r.spawn_to_first_diagnostics_ms.p95],
      ],
    ),
  ],
};

const files = readdirSync(DIRECTORY).filter((file) => file.endsWith('.json'));
const order = Object.keys(SECTIONS);
const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
const sections = files
  .map((file) => basename(file, '.json'))
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
  .map((name) => {
    const results = JSON.parse(readFileSync(resolve(DIRECTORY, `${name}.json`), 'utf8'));
    const section = SECTIONS[name];
    const when = `${name}.json, ${results.date ?? 'undated'}, Node ${results.node}`;
    if (!section) return `## ${name}\n\nNo summary for ${name}.json yet: add it to bench/summary.ts.`;
    const [title, body] = section(results);
    return `## ${title}\n\n${body}\n\n<sub>${when}</sub>`;
  });
const summary = `# Benchmark summary\n\nWritten by \`npm run bench\` (bench/summary.ts) from bench/results/*.json. The machine is shared: figures are noisy.\n\n${sections.join('\n\n')}\n`;
writeFileSync(resolve(DIRECTORY, 'summary.md'), summary);
console.log(`wrote ${resolve(DIRECTORY, 'summary.md')} (${sections.length} benchmarks)`);
