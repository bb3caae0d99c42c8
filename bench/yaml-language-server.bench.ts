// Diagnostics latency of ProdGate's server against yaml-language-server (npm yaml-language-server,
// Red Hat's, the server behind the VS Code YAML extension), both over stdio with the same client
// (bench/support/lsp-session.ts), on the same YAML observability policies of about 100, 1,000 and
// 10,000 lines. yaml-language-server validates them against our JSON schema, associated through
// its `yaml.schemas` setting; ProdGate validates the schema and its semantic rules too. Measured:
// didOpen → publishDiagnostics (a fresh document each run) and didChange → publishDiagnostics (a
// one-character edit that makes, then mends, a wrongly typed threshold, so each publish is told
// apart by its diagnostics: yaml-language-server publishes without a version).
//
// yaml-language-server debounces: it validates 200 ms after a document's last open or change
// (SettingsState.validationDelayMs, which no setting changes). So it runs twice: as shipped, and
// through bench/support/yaml-language-server-undebounced.mjs with that delay at 0, which leaves the
// validation work alone. The three servers alternate run by run after a warm-up. Target: ours at
// most ⅓ of theirs at every size. Results go to bench/results/yaml-language-server.json and a
// Markdown table.
//
//   node scripts/build.mjs && node --import tsx bench/yaml-language-server.bench.ts
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocumentSyncKind, type Diagnostic } from 'vscode-languageserver-protocol';
import { LspSession } from './support/lsp-session.ts';
import { observabilityPolicy } from './support/observability-policy.ts';

const SIZES = [100, 1000, 10_000];
const WARMUP = 3;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TARGET_RATIO = 1 / 3;
const DEBOUNCE_MS = 200;
const SCHEMA = resolve(__dirname, '../schemas/observability-policy.schema.json');
const SUFFIX = '.observability-policy.yaml';
const YAML_SERVER_VERSION: string = require('yaml-language-server/package.json').version;

/** yaml-language-server's settings: our schema for our file names, validation on, no network catalogues. */
const YAML_SETTINGS = {
  validate: true,
  schemas: { [pathToFileURL(SCHEMA).href]: `*${SUFFIX}` },
  schemaStore: { enable: false },
  kubernetesCRDStore: { enable: false },
};

interface Figures {
  median_ms: number;
  p95_ms: number;
}

interface Contender {
  key: 'prodgate' | 'yaml_language_server' | 'yaml_language_server_undebounced';
  label: string;
  command: string[];
  configuration(section: string | undefined): unknown;
  /** Whether a diagnostic is the server's own validation: the schema's (yaml-language-server), ProdGate's. */
  validated(diagnostic: Diagnostic): boolean;
}

const yamlServer = (label: string, key: Contender['key'], script: string): Contender => ({
  key,
  label,
  command: [process.execPath, resolve(__dirname, script), '--stdio'],
  // It asks for yaml, http, [yaml] and editor; only yaml matters here.
  configuration: (section) => (section === 'yaml' ? YAML_SETTINGS : {}),
  validated: (diagnostic) => String(diagnostic.source).startsWith('yaml-schema'),
});

const CONTENDERS: Contender[] = [
  {
    key: 'prodgate',
    label: 'ProdGate',
    command: [process.execPath, resolve(__dirname, '../dist/server.js'), '--stdio'],
    configuration: (section) => (section === 'prodgate' ? {} : null),
    validated: (diagnostic) => diagnostic.source === 'prodgate',
  },
  yamlServer(`yaml-language-server ${YAML_SERVER_VERSION}`, 'yaml_language_server', '../node_modules/yaml-language-server/bin/yaml-language-server'),
  yamlServer(`yaml-language-server ${YAML_SERVER_VERSION}, no debounce`, 'yaml_language_server_undebounced', 'support/yaml-language-server-undebounced.mjs'),
];

/** The edit: an `x` before a threshold's number (a string where the schema wants a number), and back. */
function thresholdEdit(text: string) {
  const lines = text.split('\n');
  const thresholds = lines.flatMap((line, index) => (/^\s+threshold: \d/.test(line) ? [index] : []));
  const line = thresholds[Math.floor(thresholds.length / 2)]!;
  const character = lines[line]!.indexOf(':') + 2;
  const broken = [...lines.slice(0, line), `${lines[line]!.slice(0, character)}x${lines[line]!.slice(character)}`, ...lines.slice(line + 1)].join('\n');
  return { line, character, broken };
}

const isClean = (diagnostics: Diagnostic[]) => diagnostics.length === 0;
const reportsLine = (line: number) => (diagnostics: Diagnostic[]) => diagnostics.some((diagnostic) => diagnostic.range.start.line === line);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(values.length * 0.95) - 1)]!;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'prodgate-yls-bench-'));
  const uri = (name: string) => pathToFileURL(join(folder, `${name}${SUFFIX}`)).href;
  const sessions = await Promise.all(CONTENDERS.map((contender) => LspSession.start(contender.command, { folderUri: pathToFileURL(folder).href, configuration: contender.configuration })));
  const results = [];
  const verification = [];
  try {
    for (const lines of SIZES) {
      const text = observabilityPolicy('yaml', lines);
      const edit = thresholdEdit(text);

      // Before timing: the document is clean for every server, and every server reports the
      // wrongly typed threshold, yaml-language-server from the schema (so the schema is associated).
      const checked: Record<string, string> = {};
      for (const [index, session] of sessions.entries()) {
        const contender = CONTENDERS[index]!;
        await session.open(uri(`clean-${lines}`), 'yaml', text);
        await session.publishAfter(uri(`clean-${lines}`), 0, isClean);
        await session.close(uri(`clean-${lines}`));
        await session.open(uri(`broken-${lines}`), 'yaml', edit.broken);
        const { diagnostics } = await session.publishAfter(uri(`broken-${lines}`), 0, reportsLine(edit.line));
        const found = diagnostics.find((diagnostic) => diagnostic.range.start.line === edit.line && contender.validated(diagnostic));
        if (!found) throw new Error(`${contender.label} did not report the wrong type itself: ${JSON.stringify(diagnostics)}`);
        checked[contender.key] = `${found.source}: ${typeof found.message === 'string' ? found.message : found.message.value}`;
        await session.close(uri(`broken-${lines}`));
        await session.open(uri(`main-${lines}`), 'yaml', text);
        await session.publishAfter(uri(`main-${lines}`), 0, isClean);
      }
      verification.push({ lines, wrong_type_reported: checked });

      const open: number[][] = CONTENDERS.map(() => []);
      const change: number[][] = CONTENDERS.map(() => []);
      const versions = CONTENDERS.map(() => 1);
      for (let run = 0; run < WARMUP + RUNS; run++) {
        const name = `open-${lines}-${run}`;
        // A fresh text per run, the same for every server, so that no cache keyed by text helps.
        const fresh = observabilityPolicy('yaml', lines, `Northwind Support Agent Observability ${run}`);
        const breaking = run % 2 === 0;
        for (let turn = 0; turn < CONTENDERS.length; turn++) {
          const index = (run + turn) % CONTENDERS.length;
          const session = sessions[index]!;
          let started = performance.now();
          await session.open(uri(name), 'yaml', fresh);
          const opened = await session.publishAfter(uri(name), 0, isClean);
          if (run >= WARMUP) open[index]!.push(opened.at - started);
          await session.close(uri(name));

          const main = uri(`main-${lines}`);
          const seen = session.count(main);
          const range = breaking
            ? { start: { line: edit.line, character: edit.character }, end: { line: edit.line, character: edit.character } }
            : { start: { line: edit.line, character: edit.character }, end: { line: edit.line, character: edit.character + 1 } };
          started = performance.now();
          await session.change(main, ++versions[index]!, { range, text: breaking ? 'x' : '' }, breaking ? edit.broken : text);
          const changed = await session.publishAfter(main, seen, breaking ? reportsLine(edit.line) : isClean);
          if (run >= WARMUP) change[index]!.push(changed.at - started);
        }
      }
      for (const [event, samples] of [['didOpen', open], ['didChange', change]] as const) {
        const figures = Object.fromEntries(CONTENDERS.map((contender, index) => [contender.key, { median_ms: round(median(samples[index]!)), p95_ms: round(p95(samples[index]!)) }])) as Record<Contender['key'], Figures>;
        const ours = figures.prodgate.median_ms;
        const ratio = ours / figures.yaml_language_server.median_ms;
        const ratioUndebounced = ours / figures.yaml_language_server_undebounced.median_ms;
        results.push({
          event,
          lines: text.split('\n').length,
          bytes: Buffer.byteLength(text),
          ...figures,
          ratio: round(ratio, 3),
          ratio_without_debounce: round(ratioUndebounced, 3),
          target_ratio: round(TARGET_RATIO, 3),
          target_met: ratio <= TARGET_RATIO,
          target_met_without_debounce: ratioUndebounced <= TARGET_RATIO,
        });
      }
    }
  } finally {
    await Promise.all(sessions.map((session) => session.stop()));
    rmSync(folder, { recursive: true, force: true });
  }

  const report = {
    benchmark: `didOpen / didChange → publishDiagnostics: ProdGate vs yaml-language-server ${YAML_SERVER_VERSION} (stdio, same YAML observability policies)`,
    node: process.version,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    date: new Date().toISOString(),
    runs: RUNS,
    warm_up: WARMUP,
    schema: 'schemas/observability-policy.schema.json',
    yaml_settings: { ...YAML_SETTINGS, schemas: { 'file URL of schemas/observability-policy.schema.json': `*${SUFFIX}` } },
    sync: Object.fromEntries(CONTENDERS.map((contender, index) => [contender.key, sessions[index]!.sync === TextDocumentSyncKind.Incremental ? 'incremental' : 'full'])),
    note:
      `yaml-language-server debounces validation: each open or change (re)starts a ${DEBOUNCE_MS} ms timer per document (SettingsState.validationDelayMs, fixed, no setting) and validates when it fires, ` +
      'so its latency as shipped includes those 200 ms. yaml_language_server_undebounced is the same server with the delay set to 0 ' +
      '(bench/support/yaml-language-server-undebounced.mjs): its validation work alone. ProdGate does not debounce: it validates two macrotasks after the last edit. ' +
      'ratio = ProdGate median / yaml-language-server median (as shipped); ratio_without_debounce against the undebounced server. ' +
      'ProdGate also runs its semantic rules; yaml-language-server only the schema. Each change is one character, sent as an incremental range to both. ' +
      'Runs alternate between the three servers; p95 over few runs is close to their maximum; the machine is shared, so figures are noisy.',
    verification,
    results,
  };
  const directory = resolve(__dirname, 'results');
  mkdirSync(directory, { recursive: true });
  writeFileSync(resolve(directory, 'yaml-language-server.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log('| Event | Lines | ProdGate median (p95) ms | yaml-language-server median (p95) ms | Ratio (target ≤ 0.333) | Without its 200 ms debounce: median (p95) ms | Ratio |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const result of results) {
    const cell = (figures: Figures) => `${figures.median_ms} (${figures.p95_ms})`;
    const mark = (met: boolean) => (met ? '' : ' ✗');
    console.log(
      `| ${result.event} | ${result.lines} | ${cell(result.prodgate)} | ${cell(result.yaml_language_server)} | ${result.ratio}${mark(result.target_met)} | ${cell(result.yaml_language_server_undebounced)} | ${result.ratio_without_debounce}${mark(result.target_met_without_debounce)} |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
