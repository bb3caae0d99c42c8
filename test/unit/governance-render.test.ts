// The Deployment Governance webview document: strict CSP, nonce'd tags, no inline handlers or remote
// loads, everything from the run escaped (rule conditions, reason codes, values, problems, files),
// one trace row per step, and open links carrying the positions the server returned.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderGovernance, pyRepr, type EvaluateGovernanceResult } from '../../client/src/report/governance-render.ts';
import type { RenderOptions } from '../../client/src/report/render.ts';
import { evaluateGovernance } from '../../server/src/engine/governance/evaluate.ts';

const OPTIONS: RenderOptions = {
  nonce: 'bm9uY2UtZm9yLXRlc3Rz',
  cspSource: 'vscode-webview-resource:',
  codiconsUri: 'vscode-webview-resource://ext/dist/codicons/codicon.css',
};

const HOSTILE = `<img src=x onerror="alert(1)">'&`;
const RULES_URI = 'file:///work/config/deployment_governance.yaml';

/** A run whose rule file's second rule decides, with hostile strings wherever the workspace supplies them. */
function hostileRun(): EvaluateGovernanceResult {
  const result = evaluateGovernance({
    scorecard: { raroi: 0.4, confidence: 0.9, alignment_status: 'pass', security_status: 'pass', note: HOSTILE },
    rules: [
      { decision: 'promote', condition: `raroi > 5 and "${HOSTILE}" == "<b>"`, reason_code: `<script>alert("code")</script>` },
      { decision: 'no_go', condition: 'raroi is not None and raroi < 0.5', reason_code: `poor_raroi<svg onload=alert(2)>` },
    ],
    overrides: [{ valid: false, reason: `bad signature <iframe src="javascript:alert(3)">` } as never],
  });
  // A value read that a hostile scorecard could carry (strings are condition values too).
  const decided = result.trace.find((entry) => entry.step === 'rule' && entry.status === 'matched')!;
  decided.variables = { ...decided.variables, alignment_status: `</code><script>alert(4)</script>` };
  result.trace.push({ step: 'rule', status: 'skipped', detail: 'skipped: <b>bold</b>', error: `TypeError: '<' not supported "x"` });
  return {
    run: {
      result,
      files: { scorecard: `scorecards/<evil>.scorecard.json`, rules: 'config/deployment_governance.yaml' },
      ruleLocations: [
        { file: 'config/deployment_governance.yaml', path: [0] },
        { file: 'config/deployment_governance.yaml', path: [1] },
      ],
      problems: [`overrides/x.json: override ignored: <marquee>${HOSTILE}</marquee>`],
    },
    links: {
      rule: { uri: RULES_URI, index: 1, range: { start: { line: 5, character: 2 }, end: { line: 7, character: 25 } } },
      inputs: [
        { name: 'scorecard', file: 'scorecards/<evil>.scorecard.json', uri: 'file:///work/scorecards/%3Cevil%3E.scorecard.json"onclick="x', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } } },
        { name: 'rules', file: 'config/deployment_governance.yaml', uri: RULES_URI, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } } },
      ],
    },
  };
}

/** The markup outside the (trusted, constant) inline script. */
function markup(html: string): string {
  return html.replace(/<script nonce="[^"]*">[\s\S]*?<\/script>/, '');
}

describe('renderGovernance', () => {
  test('a strict CSP with the nonce on every style, script and stylesheet link; no remote loads', () => {
    const html = renderGovernance(hostileRun(), OPTIONS);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.equal(
      csp,
      `default-src 'none'; style-src vscode-webview-resource: 'nonce-${OPTIONS.nonce}'; font-src vscode-webview-resource:; ` +
        `script-src 'nonce-${OPTIONS.nonce}'; img-src vscode-webview-resource: data:;`,
    );
    assert.equal((html.match(/<script\b/g) ?? []).length, 1);
    assert.equal((html.match(/<script nonce="bm9uY2UtZm9yLXRlc3Rz">/g) ?? []).length, 1);
    assert.equal((html.match(/<style\b/g) ?? []).length, 1);
    assert.match(html, /<style nonce="bm9uY2UtZm9yLXRlc3Rz">/);
    assert.match(html, /<link rel="stylesheet" nonce="bm9uY2UtZm9yLXRlc3Rz" href="vscode-webview-resource:\/\/ext\/dist\/codicons\/codicon.css">/);
    assert.match(html, /<title>Deployment Governance<\/title>/);
    assert.doesNotMatch(html, /https?:\/\//);
    assert.doesNotMatch(markup(html), /\son[a-z]+\s*=\s*"/i);
    assert.match(html, /var\(--vscode-foreground\)/);
  });

  test('a nonce or CSP source that tries to break out is escaped', () => {
    const html = renderGovernance(hostileRun(), { nonce: `"><script>alert(1)</script>`, cspSource: `x" onload="y`, codiconsUri: `"><b>` });
    assert.equal((html.match(/<script\b/g) ?? []).length, 1);
    assert.doesNotMatch(html, /<b>/);
    assert.doesNotMatch(html, /" onload="/);
  });

  test('hostile rule conditions, reason codes, values, problems and file names are escaped', () => {
    const html = renderGovernance(hostileRun(), OPTIONS);
    const body = markup(html);
    for (const tag of ['<img', '<svg', '<iframe', '<marquee', '<evil>', '<b>bold', '</code><script>']) assert.ok(!body.includes(tag), tag);
    assert.equal((html.match(/<script\b/g) ?? []).length, 1);
    assert.ok(body.includes('&lt;script&gt;alert(&quot;code&quot;)&lt;/script&gt;'));
    assert.ok(body.includes('poor_raroi&lt;svg onload=alert(2)&gt;'));
    assert.ok(body.includes(`&quot;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;&quot; == &quot;&lt;b&gt;&quot;`));
    assert.ok(body.includes('alignment_status = &#39;&lt;/code&gt;&lt;script&gt;alert(4)&lt;/script&gt;&#39;'));
    assert.ok(body.includes('bad signature &lt;iframe src=&quot;javascript:alert(3)&quot;&gt;'));
    assert.ok(body.includes('TypeError: &#39;&lt;&#39; not supported &quot;x&quot;'));
    assert.ok(body.includes('scorecards/&lt;evil&gt;.scorecard.json'));
    // An attribute value cannot be closed early.
    assert.ok(body.includes('data-uri="file:///work/scorecards/%3Cevil%3E.scorecard.json&quot;onclick=&quot;x"'));
  });

  test('the verdict headline, reason codes, applied and ignored overrides', () => {
    const html = renderGovernance(hostileRun(), OPTIONS);
    assert.match(html, /<h1 class="headline"><i class="codicon codicon-error status-fail" role="img" aria-label="no_go"><\/i><span class="verdict">no go<\/span>/);
    assert.match(html, /<h2 id="reasons-heading">Reason codes<\/h2><ul class="reasons"><li><code>poor_raroi&lt;svg onload=alert\(2\)&gt;<\/code><\/li><\/ul>/);
    assert.match(html, /No overrides applied\./);
    assert.match(html, /<h3>Ignored overrides<\/h3><ul class="problems"><li>override 1 ignored: bad signature &lt;iframe/);
    assert.match(html, /<h2 id="problems-heading">.*Problems<\/h2><ul class="problems"><li>overrides\/x\.json: override ignored: &lt;marquee&gt;/);

    const promoted = hostileRun();
    promoted.run.result = evaluateGovernance({ scorecard: { raroi: 2, confidence: 0.9 }, overrides: { verdict: 'promote', approved_by: 'Dana <ops>' } });
    promoted.links = { inputs: [] };
    const second = renderGovernance(promoted, OPTIONS);
    assert.match(second, /codicon-pass-filled status-pass" role="img" aria-label="promote"><\/i><span class="verdict">promote<\/span>/);
    assert.match(second, /<tr><th scope="row"><code>approved_by<\/code><\/th><td><code>&quot;Dana &lt;ops&gt;&quot;<\/code><\/td><\/tr>/);
    assert.match(second, /<h2 id="reasons-heading">Reason codes<\/h2><ul class="reasons"><li><code>manual_override<\/code>/);
    assert.match(second, /Decided by <code>forced_verdict<\/code>: override forces promote/);
  });

  test('one trace row per step, with its rule, status, values read and error; the deciding row marked', () => {
    const run = hostileRun();
    const html = renderGovernance(run, OPTIONS);
    const rows = html.match(/<tr class="trace-row[^"]*"[^>]*>/g) ?? [];
    assert.equal(rows.length, run.run.result.trace.length);
    assert.deepEqual(
      rows.map((row) => /data-step="([^"]*)" data-status="([^"]*)"/.exec(row)!.slice(1).join(' ')),
      run.run.result.trace.map((entry) => `${entry.step} ${entry.status}`),
    );
    assert.equal(rows.filter((row) => row.includes('trace-row decided')).length, 1);
    const decided = /<tr class="trace-row decided"[\s\S]*?<\/tr>/.exec(html)![0];
    assert.match(decided, /<code>rule<\/code>/);
    assert.match(decided, /<code class="condition">raroi is not None and raroi &lt; 0\.5<\/code>/);
    assert.match(decided, /<li><code>raroi = 0\.4<\/code><\/li>/);
    assert.match(decided, /matched<\/span>/);
    const errored = rows.findIndex((row) => row.includes('data-status="skipped"') && row.includes('data-step="rule"'));
    assert.ok(errored >= 0);
    assert.match(html, /<span class="error">TypeError: &#39;&lt;&#39; not supported &quot;x&quot;<\/span>/);
    assert.match(html, /<th scope="col">Step<\/th><th scope="col">Rule<\/th><th scope="col">Status<\/th><th scope="col">Values read<\/th><th scope="col">Error<\/th>/);
  });

  test('links to the deciding rule and the inputs carry data attributes with the server\'s positions', () => {
    const html = renderGovernance(hostileRun(), OPTIONS);
    const ruleLinks = html.match(/<a [^>]*data-uri="file:\/\/\/work\/config\/deployment_governance\.yaml"[^>]*>[^<]*<\/a>/g) ?? [];
    // The headline's "decided by", the deciding trace row, and the rules input.
    assert.equal(ruleLinks.length, 3);
    for (const link of ruleLinks.slice(0, 2)) {
      assert.match(link, /href="#" class="source-link" data-action="open"/);
      assert.match(link, /data-line="5" data-character="2" data-end-line="7" data-end-character="25"/);
    }
    assert.match(ruleLinks[2], /data-line="2" data-character="0" data-end-line="2" data-end-character="1"/);
    assert.match(html, /<p class="decided-by">Decided by <a [^>]*>rule 2<\/a>: <code>raroi is not None and raroi &lt; 0\.5<\/code><\/p>/);
    // Without a rule link (a default rule decided), no link is made up.
    const fallback = hostileRun();
    fallback.links = { inputs: [] };
    assert.doesNotMatch(renderGovernance(fallback, OPTIONS), /data-action="open"/);
  });

  test('Python reprs of the values read', () => {
    assert.equal(pyRepr(null), 'None');
    assert.equal(pyRepr(true), 'True');
    assert.equal(pyRepr(false), 'False');
    assert.equal(pyRepr(1.5), '1.5');
    assert.equal(pyRepr(`it's`), `'it\\'s'`);
  });
});
