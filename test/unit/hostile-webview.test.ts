// Issue 8: every string that reaches the two webview panels, made hostile. A real Boundary Report
// view (the example bundle, certified in-process, with a broken input so that issues and links
// exist) and a real governance run (the example scorecard and rules) have every string replaced by
// each payload, and every link position by hostile numbers; the rendered HTML must then hold no
// markup but the renderer's own: only known tags and attributes, no event handlers, one script
// carrying the nonce, a strict CSP without 'unsafe-inline', links that are href="#" with
// non-negative integer positions. webview-panel.ts is checked for its options (scripts on for the
// page's own script only, one local resource root).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { renderGovernance, type EvaluateGovernanceResult } from '../../client/src/report/governance-render.ts';
import { renderBoundaryReport, type BoundaryReportView, type RenderOptions } from '../../client/src/report/render.ts';
import { certify } from '../../server/src/engine/certification/certify.ts';
import { evaluateGovernance } from '../../server/src/engine/governance/evaluate.ts';
import { loadCertificationInputs, readBundle, type SourceText } from '../../server/src/io/certification-inputs.ts';
import { IssueLocator } from '../../server/src/io/locate.ts';
import { DEFAULT_SETTINGS } from '../../server/src/engine/validate.ts';
import { toReportView } from '../../server/src/report/view.ts';
import { parse as parseYaml } from 'yaml';

const ROOT = resolve(__dirname, '../..');
const OPTIONS: RenderOptions = { nonce: 'aG9zdGlsZS1ub25jZQ==', cspSource: 'https://webview.test', codiconsUri: 'https://webview.test/codicon.css' };

const PAYLOADS: Record<string, string> = {
  script: '<script>alert(1)</script>',
  attribute: '"><img src=x onerror=alert(1)>',
  single: "'><svg onload=alert(1)>",
  javascript: 'javascript:alert(document.cookie)',
  style: '</style><script>alert(1)</script><style>',
  comment: '--><script>alert(1)</script><!--',
  cdata: ']]><script>alert(1)</script>',
  entity: '&lt;script&gt;alert(1)&lt;/script&gt;',
  bidi: 'admin\u202Etxt.exe\u2066\u2069\u200F',
  nul: 'a\u0000<b>b',
  /** In every string at once (hundreds of them); the 1 MB case below puts 1 MB strings in single fields. */
  '64 KiB': `${'<'.repeat(32 * 1024)}${'x'.repeat(32 * 1024)}`,
};

/** Hostile positions a tampered view could carry: each must render as a non-negative integer. */
const HOSTILE_NUMBERS: unknown[] = [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e308, '3" onclick="alert(1)', null, { valueOf: () => 2 }];

/** Every string leaf (keys kept) replaced by `payload`; every number under a `range` by a hostile number. */
function poison(value: unknown, payload: string, inRange = false, counter = { n: 0 }): unknown {
  if (typeof value === 'string') return payload;
  if (typeof value === 'number' && inRange) return HOSTILE_NUMBERS[counter.n++ % HOSTILE_NUMBERS.length];
  if (Array.isArray(value)) return value.map((item) => poison(item, payload, inRange, counter));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, poison(child, payload, inRange || key === 'range' || key === 'start' || key === 'end', counter)]));
  }
  return value;
}

// ------------------------------------------------------------------ the HTML checks

const TAGS = new Set(['!DOCTYPE', 'html', 'head', 'meta', 'link', 'style', 'title', 'body', 'main', 'header', 'section', 'h1', 'h2', 'h3', 'p', 'span', 'strong', 'code', 'div', 'i', 'ul', 'li', 'a', 'button', 'details', 'summary', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'script', 'em', 'br', 'small', 'ol', 'caption', 'dl', 'dt', 'dd', 'nav', 'footer', 'abbr']);
const ATTRIBUTES = new Set(['lang', 'charset', 'http-equiv', 'content', 'name', 'rel', 'nonce', 'href', 'class', 'id', 'role', 'aria-label', 'aria-hidden', 'aria-labelledby', 'title', 'type', 'data-action', 'data-uri', 'data-line', 'data-character', 'data-end-line', 'data-end-character', 'data-format', 'data-step', 'data-status', 'scope', 'open', 'colspan', 'html']);
const POSITION_ATTRIBUTES = new Set(['data-line', 'data-character', 'data-end-line', 'data-end-character']);

function assertLockedDown(html: string, what: string): void {
  const nonce = OPTIONS.nonce;
  // The CSP: present once, strict, nonce-based.
  const csp = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
  assert.equal(csp.length, 1, `${what}: one CSP meta`);
  const policy = csp[0]![1]!;
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, new RegExp(`script-src 'nonce-${nonce.replace(/[+=/]/g, '\\$&')}';`));
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|\*/, `${what}: ${policy}`);
  assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<body>'), 'the CSP comes before any content');

  // One script, the page's own, carrying the nonce; one style, carrying it too.
  const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)];
  assert.equal(scripts.length, 1, `${what}: exactly one <script>`);
  assert.equal(scripts[0]![1], ` nonce="${nonce}"`);
  assert.equal([...html.matchAll(/<\/script/gi)].length, 1, `${what}: one </script>`);
  assert.equal([...html.matchAll(/<\/style/gi)].length, 1, `${what}: one </style>`);

  // Outside the (constant) inline script and style, only known tags and attributes; no handlers.
  const markup = html.replace(/<script nonce="[^"]*">[\s\S]*?<\/script>/, '<script></script>').replace(/<style nonce="[^"]*">[\s\S]*?<\/style>/, '<style></style>');
  for (const tag of markup.matchAll(/<(\/?)([^\s>/]+)([^>]*)>/g)) {
    const name = tag[2]!;
    assert.ok(TAGS.has(name), `${what}: unexpected tag <${name.slice(0, 40)}>`);
    const attributes = tag[3]!;
    const rest = attributes.replace(/\s([a-zA-Z-]+)(?:="([^"<>]*)")?/g, (_, attribute: string, value: string | undefined) => {
      assert.ok(ATTRIBUTES.has(attribute), `${what}: unexpected attribute ${attribute} on <${name}>`);
      if (attribute === 'href' && name === 'a') assert.equal(value, '#', `${what}: links go nowhere by themselves`);
      if (attribute === 'href' && name === 'link') assert.equal(value, OPTIONS.codiconsUri);
      if (POSITION_ATTRIBUTES.has(attribute)) assert.match(value ?? '', /^\d+$/, `${what}: ${attribute}="${value}"`);
      return '';
    });
    assert.match(rest, /^\s*\/?$/, `${what}: <${name}> has text that is not an attribute: ${rest.slice(0, 80)}`);
  }
  // No payload survives unescaped.
  assert.doesNotMatch(markup, /<(img|svg|iframe|object|embed|base|form|input)\b/i, what);
}

// ------------------------------------------------------------------ a real report view and governance run

let directory: string;
let view: BoundaryReportView;
let governance: EvaluateGovernanceResult;

before(async () => {
  directory = mkdtempSync(join(tmpdir(), 'prodgate-hostile-webview-'));
  cpSync(resolve(ROOT, 'examples/certification'), directory, { recursive: true });
  // A broken manifest: issues with links into the file.
  writeFileSync(join(directory, 'deployment.yaml'), readFileSync(join(directory, 'deployment.yaml'), 'utf8').replace(/true/g, 'false'));
  const sources = new Map<string, SourceText>();
  const options = { settings: DEFAULT_SETTINGS, displayPath: (path: string) => relative(directory, path), sources };
  const bundle = await readBundle(join(directory, 'prodgate.bundle.yaml'), options);
  const report = certify(await loadCertificationInputs(bundle.paths, options));
  view = toReportView(report, new IssueLocator(sources), (file) => join(directory, file));
  assert.ok(view.checks.some((check) => check.issues.some((issue) => issue.link)), 'the view has issue links');

  const rules = parseYaml(readFileSync(resolve(ROOT, 'examples/governance/config/deployment_governance.yaml'), 'utf8'));
  const scorecard = JSON.parse(readFileSync(resolve(ROOT, 'examples/governance/scorecards/support-triage.scorecard.json'), 'utf8'));
  const result = evaluateGovernance({ scorecard, rules, overrides: [{ valid: false, reason: 'signature does not match' } as never] });
  const uri = 'file:///w/config/deployment_governance.yaml';
  governance = {
    run: { result, files: { scorecard: 'scorecards/support-triage.scorecard.json', rules: 'config/deployment_governance.yaml' }, ruleLocations: [], problems: ['a problem'] },
    links: {
      rule: { uri, index: 0, range: { start: { line: 1, character: 2 }, end: { line: 3, character: 4 } } },
      inputs: [{ name: 'rules', file: 'config/deployment_governance.yaml', uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }],
    },
  } as EvaluateGovernanceResult;
});

after(() => rmSync(directory, { recursive: true, force: true }));

describe('hostile strings in the Boundary Report', () => {
  test('the unpoisoned report passes the same checks (the checks are not vacuous)', () => {
    assertLockedDown(renderBoundaryReport(view, OPTIONS), 'clean report');
    assert.match(renderBoundaryReport(view, OPTIONS), /data-action="open"/);
  });
  for (const [name, payload] of Object.entries(PAYLOADS)) {
    test(`every string = ${name}: escaped, locked down, links sanitised`, () => {
      const poisoned = poison(view, payload) as BoundaryReportView;
      const started = performance.now();
      const html = renderBoundaryReport(poisoned, OPTIONS);
      assert.ok(performance.now() - started < 5_000, 'rendered in bounded time');
      assertLockedDown(html, `report/${name}`);
      assert.match(html, /data-action="open"/, 'the links are still there');
      if (name !== '64 KiB') assert.ok(html.includes(payload.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')), 'the payload is shown, escaped');
    });
  }
});

describe('1 MB strings', () => {
  const MEGABYTE = `<script>${'<&"\''.repeat(256 * 1024)}</script>`;
  test('a 1 MB issue message, check message and file name in the Boundary Report: escaped whole, in bounded time', () => {
    const poisoned = structuredClone(view);
    const check = poisoned.checks.find((item) => item.issues.length > 0)!;
    check.message = MEGABYTE;
    check.issues[0]!.message = MEGABYTE;
    poisoned.inputs[0]!.file = MEGABYTE;
    const started = performance.now();
    const html = renderBoundaryReport(poisoned, OPTIONS);
    assert.ok(performance.now() - started < 5_000, 'rendered in bounded time');
    assertLockedDown(html, 'report/1 MB');
    assert.ok(html.includes(`&lt;script&gt;${'&lt;&amp;&quot;&#39;'.repeat(256 * 1024)}&lt;/script&gt;`));
  });
  test('a 1 MB condition, problem and trace detail in the governance panel: escaped whole, in bounded time', () => {
    const poisoned = structuredClone(governance);
    poisoned.run.problems = [MEGABYTE];
    for (const entry of poisoned.run.result.trace) entry.detail = MEGABYTE;
    const started = performance.now();
    const html = renderGovernance(poisoned, OPTIONS);
    assert.ok(performance.now() - started < 5_000, 'rendered in bounded time');
    assertLockedDown(html, 'governance/1 MB');
  });
});

describe('hostile strings in the governance panel', () => {
  test('the unpoisoned run passes the same checks', () => {
    assertLockedDown(renderGovernance(governance, OPTIONS), 'clean governance');
  });
  for (const [name, payload] of Object.entries(PAYLOADS)) {
    test(`every string = ${name}: escaped, locked down, links sanitised`, () => {
      const poisoned = poison(governance, payload) as EvaluateGovernanceResult;
      const started = performance.now();
      const html = renderGovernance(poisoned, OPTIONS);
      assert.ok(performance.now() - started < 5_000, 'rendered in bounded time');
      assertLockedDown(html, `governance/${name}`);
    });
  }
});

describe('the render options and the panel host', () => {
  test('hostile render options (nonce, cspSource, codicons URI) cannot break out of their attributes', () => {
    const options = { nonce: '"><script>alert(1)</script>', cspSource: "x' 'unsafe-inline", codiconsUri: 'javascript:alert(1)"><b>' };
    for (const html of [renderBoundaryReport(view, options), renderGovernance(governance, options)]) {
      assert.doesNotMatch(html, /<script>alert/);
      assert.doesNotMatch(html, /<b>/);
      assert.equal([...html.matchAll(/<script\b/g)].length, 1);
    }
  });

  test('webview-panel.ts: scripts only under the nonce, the codicons folder as the only local resource root, a fresh nonce per render', () => {
    const source = readFileSync(resolve(ROOT, 'client/src/report/webview-panel.ts'), 'utf8');
    assert.match(source, /enableScripts: true/);
    assert.match(source, /localResourceRoots: \[vscode\.Uri\.joinPath\(this\.extensionUri, 'dist', 'codicons'\)\]/);
    assert.match(source, /nonce: randomBytes\(16\)\.toString\('base64'\)/);
    assert.doesNotMatch(source, /enableCommandUris|enableForms/);
  });
});
