// Fuzzes the built language server (dist/server.js) with mutated example documents: each case opens
// an example at its own path in a temporary copy of examples/ (so cross-file rules run), turns it
// into the mutant through a sequence of incremental didChange events, waits for the diagnostics of
// the final version and asks for hover, completion, code actions and more at random places.
// Properties: the server stays alive, writes no crash to stderr or its log, answers everything
// within 2 s, and every diagnostic has a code and a message and lies within the document.
// FUZZ_RUNS (total over the fuzz suites, default 500) sets the cases; FUZZ_SEED and FUZZ_PATH replay.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextDocumentContentChangeEvent, TextEdit } from 'vscode-languageserver-protocol';
import { Bounds } from './bounds.ts';
import { mutantArbitrary, mutate, type Mutant } from './mutations.ts';
import { EXAMPLES, loadSeeds, replayOptions, runsFor } from './seeds.ts';
import { FuzzServer, RESPONSE_LIMIT_MS, Timings } from './server.ts';

const RUNS = runsFor(0.7);
const EXTRA_REQUESTS = ['textDocument/definition', 'textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/codeLens'] as const;

const caseArbitrary = fc.record({
  mutant: mutantArbitrary(loadSeeds()),
  /** Each inserted text arrives in up to this many pieces, as if typed. */
  pieces: fc.integer({ min: 1, max: 3 }),
  /** Content changes per didChange notification. */
  batch: fc.integer({ min: 1, max: 3 }),
  hover: fc.nat(),
  completion: fc.nat(),
  codeAction: fc.nat(),
  extras: fc.subarray([...EXTRA_REQUESTS]),
  extraAt: fc.nat(),
  /** For an artifact of the example bundle: run the certification with the mutant open (its text is read). */
  certify: fc.nat({ max: 3 }).map((n) => n === 0),
  /** A hover sent between two didChange notifications, on a version about to be superseded. */
  midHover: fc.option(fc.record({ after: fc.nat(), at: fc.nat() }), { nil: undefined }),
});
type Case = typeof caseArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** The mutation as LSP content changes, computed on a mirror of the server's document. */
function contentChanges(mutant: Mutant, pieces: number): { changes: TextDocumentContentChangeEvent[]; text: string } {
  const mirror = TextDocument.create('file:///mirror', 'plaintext', 1, mutant.seed.text);
  const changes: TextDocumentContentChangeEvent[] = [];
  const apply = (offset: number, length: number, text: string) => {
    const change = { range: { start: mirror.positionAt(offset), end: mirror.positionAt(offset + length) }, text };
    changes.push(change);
    TextDocument.update(mirror, [change], mirror.version + 1);
  };
  for (const edit of mutate(mutant).edits) {
    const size = Math.ceil(edit.text.length / pieces) || 1;
    const parts = edit.text === '' ? [''] : Array.from({ length: Math.ceil(edit.text.length / size) }, (_, i) => edit.text.slice(i * size, (i + 1) * size));
    apply(edit.offset, edit.length, parts[0]);
    let inserted = parts[0].length;
    for (const part of parts.slice(1)) {
      apply(edit.offset + inserted, 0, part);
      inserted += part.length;
    }
  }
  return { changes, text: mirror.getText() };
}

function diagnosticProblems(diagnostics: Diagnostic[], bounds: Bounds): string[] {
  const problems: string[] = [];
  for (const diagnostic of diagnostics) {
    const where = bounds.rangeProblem(diagnostic.range);
    if (where) problems.push(`diagnostic ${String(diagnostic.code)} out of bounds: ${where}`);
    if (diagnostic.code === undefined || diagnostic.code === '') problems.push(`diagnostic without a code: ${JSON.stringify(diagnostic)}`);
    const message = typeof diagnostic.message === 'string' ? diagnostic.message : (diagnostic.message as { value: string }).value;
    if (!message) problems.push(`diagnostic without a message: ${JSON.stringify(diagnostic)}`);
  }
  return problems;
}

function editProblems(actions: CodeAction[] | null, uri: string, bounds: Bounds): string[] {
  const problems: string[] = [];
  for (const action of actions ?? []) {
    const edits: TextEdit[] = action.edit?.changes?.[uri] ?? [];
    for (const edit of edits) {
      const where = bounds.rangeProblem(edit.range);
      if (where) problems.push(`code action "${action.title}" edits out of bounds: ${where}`);
    }
  }
  return problems;
}

function overlaps(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  const before = (x: Diagnostic['range']['start'], y: Diagnostic['range']['start']) => x.line < y.line || (x.line === y.line && x.character <= y.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

describe('fuzz: the language server', () => {
  let workspace: string;
  let server: FuzzServer;
  let deaths = 0;
  const timings = new Timings();
  let cases = 0;
  /** Diagnostic codes seen: that the mutants reach the kinds' rules, not only the parser. */
  const codes = new Map<string, number>();

  async function startServer(): Promise<FuzzServer> {
    const started = await FuzzServer.start(workspace);
    // Warm up: the first validation waits for the workspace index and loads every module.
    const uri = pathToFileURL(join(workspace, 'warmup.yaml')).href;
    await started.open(uri, 'yaml', 'agent: warmup\npermissions:\n  allow: [read:x]\n  deny: [delete:*]\n');
    await started.diagnostics(uri, 1, 30_000);
    await started.close(uri);
    started.takeProblems();
    return started;
  }

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'prodgate-fuzz-lsp-'));
    cpSync(EXAMPLES, workspace, { recursive: true });
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  async function runCase(fuzz: Case): Promise<void> {
    if (server.exited) {
      // The case that killed it has failed already: a fresh server for the next one.
      deaths++;
      await server.stop();
      server = await startServer();
    }
    cases++;
    const { mutant } = fuzz;
    const uri = pathToFileURL(join(workspace, mutant.seed.path)).href;
    const { changes, text } = contentChanges(mutant, fuzz.pieces);
    const bounds = new Bounds(text);
    const final = TextDocument.create(uri, mutant.seed.languageId, 0, text);
    const positionOf = (n: number) => final.positionAt(n % (text.length + 1));
    const what = (method: string) => () => `${method} on ${mutant.seed.path} ${JSON.stringify(mutant.ops)}`;
    const textDocument = { uri };
    let opened = false;
    try {
      await server.open(uri, mutant.seed.languageId, mutant.seed.text);
      opened = true;
      let version = 1;
      const notifications = Math.ceil(changes.length / fuzz.batch);
      for (let i = 0; i < notifications; i++) {
        await server.change(uri, ++version, changes.slice(i * fuzz.batch, (i + 1) * fuzz.batch));
        if (fuzz.midHover && fuzz.midHover.after % notifications === i && i < notifications - 1) {
          // The server's document is at `version`: any position of it will do, even a stale one.
          const { ms } = await server.request('textDocument/hover', { textDocument, position: positionOf(fuzz.midHover.at) });
          timings.add(ms, what('textDocument/hover (mid-edit)'));
        }
      }
      const { params, ms } = await server.diagnostics(uri, version);
      timings.add(ms, what('publishDiagnostics'));
      assert.equal(params.version, version, 'diagnostics are published for the final version');
      const problems = diagnosticProblems(params.diagnostics, bounds);
      for (const diagnostic of params.diagnostics) codes.set(String(diagnostic.code), (codes.get(String(diagnostic.code)) ?? 0) + 1);

      const hover = await server.request('textDocument/hover', { textDocument, position: positionOf(fuzz.hover) });
      timings.add(hover.ms, what('textDocument/hover'));
      const completion = await server.request('textDocument/completion', { textDocument, position: positionOf(fuzz.completion) });
      timings.add(completion.ms, what('textDocument/completion'));

      const target = params.diagnostics.length > 0 ? params.diagnostics[fuzz.codeAction % params.diagnostics.length].range : { start: positionOf(fuzz.codeAction), end: positionOf(fuzz.codeAction) };
      const actions = await server.request<CodeAction[] | null>('textDocument/codeAction', {
        textDocument,
        range: target,
        context: { diagnostics: params.diagnostics.filter((diagnostic) => overlaps(diagnostic.range, target)), triggerKind: 1 },
      });
      timings.add(actions.ms, what('textDocument/codeAction'));
      problems.push(...editProblems(actions.result, uri, bounds));

      for (const method of fuzz.extras) {
        const extra = await server.request(method, method === 'textDocument/definition' ? { textDocument, position: positionOf(fuzz.extraAt) } : { textDocument });
        timings.add(extra.ms, what(method));
      }
      if (fuzz.certify && mutant.seed.path.startsWith('certification/')) {
        const bundleUri = pathToFileURL(join(workspace, 'certification/prodgate.bundle.yaml')).href;
        const certified = await server.request<{ status: string }>('prodgate/certify', { bundleUri });
        timings.add(certified.ms, what('prodgate/certify'));
        assert.ok(['done', 'error', 'choose'].includes(certified.result.status), `certify status ${certified.result.status}`);
      }
      await server.close(uri);
      opened = false;
      // A round trip after the close: whatever the case set off has been handled before the checks.
      timings.add((await server.request('textDocument/foldingRange', { textDocument })).ms, what('textDocument/foldingRange (after close)'));
      problems.push(...server.takeProblems());
      if (server.exited) problems.push(`the server exited: ${JSON.stringify(server.exited)}`);
      assert.deepEqual(problems, []);
    } catch (error) {
      if (opened && !server.exited) await server.close(uri).catch(() => undefined);
      const crash = server.takeProblems();
      const file = join(tmpdir(), `prodgate-fuzz-lsp-failure-${mutant.seed.path.replace(/\//g, '_')}`);
      writeFileSync(file, text);
      throw new Error(`${(error as Error).message}\n  mutant of ${mutant.seed.path} written to ${file}${crash.length > 0 ? `\n  server output: ${crash.join('\n')}` : ''}`);
    }
  }

  test(`${RUNS} mutated examples through didChange sequences: alive, answered within ${RESPONSE_LIMIT_MS} ms, diagnostics within the document`, async (t) => {
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(caseArbitrary, (fuzz) => runCase(fuzz)),
      { numRuns: RUNS, ...replayOptions() },
    );
    const seconds = (performance.now() - started) / 1000;
    const summary = { suite: 'lsp', cases, seconds: Number(seconds.toFixed(1)), casesPerSecond: Number((cases / seconds).toFixed(1)), ...roundedTimings(timings), deaths };
    t.diagnostic(JSON.stringify(summary));
    t.diagnostic(`slowest: ${JSON.stringify(timings.slowest)}`);
    t.diagnostic(`${codes.size} diagnostic codes: ${[...codes].sort((a, b) => b[1] - a[1]).map(([code, count]) => `${code} ${count}`).join(', ')}`);
    if (process.env.FUZZ_STATS_FILE) appendFileSync(process.env.FUZZ_STATS_FILE, `${JSON.stringify(summary)}\n`);
    assert.equal(deaths, 0, 'the server never died');
  });
});

function roundedTimings(timings: Timings) {
  const { count, max, p99, p50 } = timings.summary();
  return { responses: count, maxMs: Math.round(max), p99Ms: Math.round(p99), p50Ms: Math.round(p50) };
}
