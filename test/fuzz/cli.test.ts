// Fuzzes the CLI with mutated example documents: `prodgate validate` in-process (main() with a
// capturing Io) and now and then as a real `node dist/cli.js`, and `prodgate certify` on a copy of
// the example bundle with one of its files mutated. Properties: nothing throws (no "internal
// error"), the exit code is 0, 1 or 2, JSON and SARIF output parse, and every position (and every
// finding's span in the engine) lies within its file.
// FUZZ_RUNS (total over the fuzz suites, default 500) sets the cases; FUZZ_SEED and FUZZ_PATH replay.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { main, type Io } from '../../server/src/cli.ts';
import { validateDocument } from '../../server/src/engine/validate.ts';
import { Bounds } from './bounds.ts';
import { mutantArbitrary, mutate, type Mutant } from './mutations.ts';
import { EXAMPLES, loadSeeds, replayOptions, runsFor } from './seeds.ts';
import { Timings } from './server.ts';

const CLI = resolve(__dirname, '../../dist/cli.js');
const SEEDS = loadSeeds();
const BUNDLE_SEEDS = SEEDS.filter((seed) => seed.path.startsWith('certification/'));
const VALIDATE_RUNS = runsFor(0.2);
const CERTIFY_RUNS = runsFor(0.1);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

async function inProcess(args: string[], cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd };
  const started = performance.now();
  let code: number;
  try {
    code = await main(args, io);
  } catch (error) {
    // What dist/cli.js reports as "prodgate: internal error".
    throw new Error(`prodgate ${args.join(' ')} threw (an internal error): ${(error as Error).stack ?? String(error)}`);
  }
  return { code, stdout, stderr, ms: performance.now() - started };
}

function spawned(args: string[], cwd: string): Run {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, ms: performance.now() - started };
}

function runProblems(run: Run, args: string[]): string[] {
  const problems: string[] = [];
  if (![0, 1, 2].includes(run.code)) problems.push(`exit code ${run.code} of prodgate ${args.join(' ')}`);
  if (/internal error|Unhandled|\n\s+at .+[:(]\d+:\d+/.test(run.stderr)) problems.push(`stderr of prodgate ${args.join(' ')}: ${run.stderr.slice(0, 4000)}`);
  return problems;
}

/** The engine's own spans (what the CLI turns into lines and columns) within the text. */
function spanProblems(text: string, path: string): string[] {
  const problems: string[] = [];
  for (const finding of validateDocument({ text, path }).findings) {
    const { offset, length } = finding.span;
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > text.length) {
      problems.push(`finding ${finding.code} has span ${JSON.stringify(finding.span)} in a text of ${text.length} characters`);
    }
    if (!finding.code || !finding.message) problems.push(`finding without a code or message: ${JSON.stringify(finding)}`);
  }
  return problems;
}

interface JsonReport {
  files: Array<{ path: string; findings: Array<{ code: string; message: string; line: number; column: number; endLine: number; endColumn: number }> }>;
}

interface SarifLog {
  runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }> }> }>;
}

function sarifProblems(log: SarifLog, textOf: (uri: string) => string | undefined): string[] {
  const problems: string[] = [];
  for (const result of log.runs[0].results) {
    for (const location of result.locations) {
      const { region, artifactLocation } = location.physicalLocation;
      const text = textOf(artifactLocation.uri);
      if (!region || text === undefined) continue;
      const where = new Bounds(text).positionsProblem({ line: region.startLine, column: region.startColumn }, { line: region.endLine, column: region.endColumn });
      if (where) problems.push(`SARIF region in ${artifactLocation.uri} out of bounds: ${where}`);
    }
  }
  return problems;
}

const validateCase = fc.record({
  mutant: mutantArbitrary(SEEDS),
  format: fc.constantFrom('json', 'json', 'sarif', 'text'),
  /** One case in ten runs the built CLI in a process of its own. */
  spawn: fc.nat({ max: 9 }).map((n) => n === 0),
});

const certifyCase = fc.record({
  mutant: mutantArbitrary(BUNDLE_SEEDS),
  json: fc.boolean(),
  spawn: fc.nat({ max: 9 }).map((n) => n === 0),
});

describe('fuzz: the CLI', () => {
  let directory: string;
  const timings = new Timings();
  let counter = 0;

  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'prodgate-fuzz-cli-'));
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  function failure(error: unknown, mutant: Mutant, text: string): Error {
    const file = join(tmpdir(), `prodgate-fuzz-cli-failure-${mutant.seed.path.replace(/\//g, '_')}`);
    writeFileSync(file, text);
    return new Error(`${(error as Error).message}\n  mutant of ${mutant.seed.path} written to ${file}`);
  }

  test(`validate: ${VALIDATE_RUNS} mutated examples, exit 0/1/2, parseable output, positions within the file`, async (t) => {
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(validateCase, async ({ mutant, format, spawn }) => {
        const { text } = mutate(mutant);
        // Its own folder, under the example's path: file names decide some kinds.
        const cwd = join(directory, `validate-${counter++}`);
        const file = join(cwd, mutant.seed.path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, text);
        try {
          // In-process, the absolute path: expandInputs() stats a plain path against process.cwd(), not io.cwd.
          const args = ['validate', spawn ? mutant.seed.path : file, '--format', format];
          const run = spawn ? spawned(args, cwd) : await inProcess(args, cwd);
          timings.add(run.ms, () => describeCase(mutant, spawn));
          const problems = [...runProblems(run, args), ...spanProblems(text, mutant.seed.path)];
          const bounds = new Bounds(text);
          if (run.code === 2) {
            // A usage or configuration error prints no report, but must say what is wrong.
            if (!/^prodgate: /m.test(run.stderr)) problems.push(`exit 2 without a message: ${JSON.stringify(run.stderr)}`);
          } else if (format === 'json') {
            const report = JSON.parse(run.stdout) as JsonReport;
            for (const finding of report.files.flatMap((entry) => entry.findings)) {
              const where = bounds.positionsProblem({ line: finding.line, column: finding.column }, { line: finding.endLine, column: finding.endColumn });
              if (where) problems.push(`finding ${finding.code} out of bounds: ${where}`);
            }
          } else if (format === 'sarif') {
            problems.push(...sarifProblems(JSON.parse(run.stdout) as SarifLog, () => text));
          } else {
            assert.match(run.stdout, /\d+ artifacts? in \d+ files?: /);
          }
          assert.deepEqual(problems, []);
        } catch (error) {
          throw failure(error, mutant, text);
        } finally {
          rmSync(cwd, { recursive: true, force: true });
        }
      }),
      { numRuns: VALIDATE_RUNS, ...replayOptions() },
    );
    report(t, 'cli validate', VALIDATE_RUNS, started, timings);
  });

  test(`certify: ${CERTIFY_RUNS} example bundles with a mutated artifact, exit 0/1/2, parseable output, positions within the files`, async (t) => {
    const started = performance.now();
    const certifyTimings = new Timings();
    await fc.assert(
      fc.asyncProperty(certifyCase, async ({ mutant, json, spawn }) => {
        const { text } = mutate(mutant);
        const cwd = join(directory, `certify-${counter++}`);
        cpSync(join(EXAMPLES, 'certification'), cwd, { recursive: true });
        writeFileSync(join(cwd, mutant.seed.path.slice('certification/'.length)), text);
        try {
          const args = ['certify', '--bundle', 'prodgate.bundle.yaml', '--sarif', 'out.sarif', '--markdown', 'out.md', ...(json ? ['--json'] : [])];
          const run = spawn ? spawned(args, cwd) : await inProcess(args, cwd);
          certifyTimings.add(run.ms, () => describeCase(mutant, spawn));
          const problems = runProblems(run, args);
          // Exit 2 is a bundle that names no readable files: no report then.
          if (json && run.code !== 2) JSON.parse(run.stdout);
          if (run.code !== 2 || existsSync(join(cwd, 'out.sarif'))) {
            const textOf = (uri: string) => {
              const path = join(cwd, uri);
              return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
            };
            if (existsSync(join(cwd, 'out.sarif'))) problems.push(...sarifProblems(JSON.parse(readFileSync(join(cwd, 'out.sarif'), 'utf8')) as SarifLog, textOf));
            else if (run.code !== 2) problems.push('no SARIF written');
          }
          assert.deepEqual(problems, []);
        } catch (error) {
          throw failure(error, mutant, text);
        } finally {
          rmSync(cwd, { recursive: true, force: true });
        }
      }),
      { numRuns: CERTIFY_RUNS, ...replayOptions() },
    );
    report(t, 'cli certify', CERTIFY_RUNS, started, certifyTimings);
  });
});

function describeCase(mutant: Mutant, spawn: boolean): string {
  return `${spawn ? 'spawned ' : ''}${mutant.seed.path} ${JSON.stringify(mutant.ops)}`;
}

function report(t: { diagnostic: (message: string) => void }, suite: string, cases: number, started: number, timings: Timings): void {
  const seconds = (performance.now() - started) / 1000;
  const { max, p99, p50 } = timings.summary();
  const summary = { suite, cases, seconds: Number(seconds.toFixed(1)), casesPerSecond: Number((cases / seconds).toFixed(1)), maxMs: Math.round(max), p99Ms: Math.round(p99), p50Ms: Math.round(p50) };
  t.diagnostic(JSON.stringify(summary));
  t.diagnostic(`slowest: ${JSON.stringify(timings.slowest)}`);
  if (process.env.FUZZ_STATS_FILE) appendFileSync(process.env.FUZZ_STATS_FILE, `${JSON.stringify(summary)}\n`);
}
