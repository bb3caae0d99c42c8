// The Boundary Report webview document and its Markdown export: strict CSP, nonce'd tags, no inline
// handlers or remote loads, everything from the report escaped, links carrying their positions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeHtml } from '../../client/src/report/html.ts';
import { renderBoundaryReport, type BoundaryReportView, type RenderOptions } from '../../client/src/report/render.ts';
import { escapeMarkdown, reportMarkdown as renderBoundaryReportMarkdown } from '../../server/src/report/markdown.ts';
import { REPORT_SCRIPT } from '../../client/src/report/script.ts';
import { REPORT_STYLES } from '../../client/src/report/styles.ts';

const OPTIONS: RenderOptions = {
  nonce: 'bm9uY2UtZm9yLXRlc3Rz',
  cspSource: 'vscode-webview-resource:',
  codiconsUri: 'vscode-webview-resource://ext/node_modules/@vscode/codicons/dist/codicon.css',
};

const READINESS_BOUNDARY: BoundaryReportView['readiness_boundary'] = {
  demo: {
    purpose: 'Show the agent working on synthetic cases',
    data: 'Synthetic or public data only',
    side_effects: 'None',
    certification_line: 'Repo-local checks may pass',
  },
  pilot: {
    purpose: 'Shadow-mode trial with real traffic',
    data: 'Redacted production data',
    side_effects: 'Read-only; actions routed to humans',
    certification_line: 'Requires shadow-mode evidence',
  },
  production: {
    purpose: 'Live operation',
    data: 'Production data',
    side_effects: 'Irreversible actions behind gates',
    certification_line: 'Requires external production evidence; AANA never certifies production',
  },
};

const POSITIONING =
  'production_certified is always false: AANA checks the readiness boundary, it does not certify production use.';
const SCOPE = 'Repo-local artifacts plus attached external evidence; live systems were not inspected.';

const FAILING: BoundaryReportView = {
  repo_local_ready: false,
  deployment_ready: false,
  production_certified: false,
  summary: {
    status: 'fail',
    readiness_level: 'repo_local_not_ready',
    checks: 3,
    failures: 1,
    warnings: 1,
    repo_local_failures: 1,
    repo_local_warnings: 1,
    suppressed: 1,
  },
  production_positioning: POSITIONING,
  certification_scope: SCOPE,
  readiness_boundary: READINESS_BOUNDARY,
  checks: [
    { name: 'certification_policy', status: 'pass', message: 'Certification policy is valid.', issues: [] },
    {
      name: 'deployment_manifest',
      status: 'fail',
      message: 'Deployment manifest is missing required fields.',
      issues: [
        {
          level: 'error',
          path: '$.rollback.plan',
          message: 'rollback.plan is required before deployment.',
          code: 'deployment-rollback-missing',
          input: 'deployment_manifest',
          file: '/repo/ops/deployment-manifest.json',
          link: {
            uri: 'file:///repo/ops/deployment-manifest.json',
            range: { start: { line: 11, character: 4 }, end: { line: 11, character: 14 } },
          },
        },
        {
          level: 'warning',
          path: '$.owners',
          message: 'Only one owner | no backup on call.',
          input: 'deployment_manifest',
          file: '/repo/ops/deployment-manifest.json',
        },
      ],
    },
    {
      name: 'external_production_evidence',
      status: 'warn',
      message: 'External evidence is a template.',
      issues: [{ level: 'warning', path: '$.evidence_scope', message: 'evidence_scope is "template".' }],
    },
  ],
  inputs: [
    { name: 'certification_policy', file: '/repo/ops/certification-policy.json', uri: 'file:///repo/ops/certification-policy.json' },
    { name: 'deployment_manifest', file: '/repo/ops/deployment-manifest.json', uri: 'file:///repo/ops/deployment-manifest.json' },
    { name: 'external_evidence' },
  ],
  suppressed: [
    {
      file: 'ops/observability.yaml',
      line: 7,
      code: 'alerts-missing',
      message: 'The alerts lack queue depth.',
      reason: 'queue alerts live in the platform team\'s pager rules',
      by: 'comment',
      link: { uri: 'file:///repo/ops/observability.yaml', range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } } },
    },
  ],
};

const PASSING: BoundaryReportView = {
  ...FAILING,
  repo_local_ready: true,
  deployment_ready: true,
  summary: {
    status: 'pass',
    readiness_level: 'deployment_ready',
    checks: 2,
    failures: 0,
    warnings: 0,
    repo_local_failures: 0,
    repo_local_warnings: 0,
    suppressed: 0,
  },
  checks: [
    { name: 'certification_policy', status: 'pass', message: 'Certification policy is valid.', issues: [] },
    { name: 'audit_retention', status: 'pass', message: 'Audit retention meets policy.', issues: [] },
  ],
  inputs: [{ name: 'certification_policy', file: '/repo/ops/certification-policy.json', uri: 'file:///repo/ops/certification-policy.json' }],
  suppressed: [],
};

const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='x"];

function hostileReport(): BoundaryReportView {
  const [a, b, c] = HOSTILE;
  return {
    ...FAILING,
    production_positioning: a,
    certification_scope: b,
    readiness_boundary: { ...READINESS_BOUNDARY, pilot: { purpose: a, data: b, side_effects: c, certification_line: a } },
    checks: [
      {
        name: c,
        status: 'fail',
        message: a,
        issues: HOSTILE.map((text, i) => ({
          level: 'error' as const,
          path: `$.${text}`,
          message: text,
          code: text,
          input: text,
          file: `/repo/${text}/${text}`,
          link: { uri: `file:///repo/${text}`, range: { start: { line: i, character: 1 }, end: { line: i, character: 2 } } },
        })),
      },
    ],
    inputs: HOSTILE.map((text) => ({ name: text, file: `/repo/${text}`, uri: `file:///${text}` })),
  };
}

/** Every start tag's attribute names, found by a small tokenizer over the tags (not the text). */
function attributeNames(html: string): string[] {
  const names: string[] = [];
  for (const tag of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*\/?>/g)) {
    for (const attribute of tag[2].matchAll(/\s+([^\s=>/"']+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?/g)) names.push(attribute[1]);
  }
  return names;
}

/** The start tags of one element, e.g. every `<a …>`. */
function startTags(html: string, element: string): string[] {
  return Array.from(html.matchAll(new RegExp(`<${element}\\b[^>]*>`, 'g')), (match) => match[0]);
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

describe('escapeHtml', () => {
  test('escapes & < > " \'', () => {
    assert.equal(escapeHtml(`&<>"'x`), '&amp;&lt;&gt;&quot;&#39;x');
    assert.equal(escapeHtml(undefined), '');
    assert.equal(escapeHtml(12), '12');
  });
});

describe('renderBoundaryReport', () => {
  const failing = renderBoundaryReport(FAILING, OPTIONS);
  const passing = renderBoundaryReport(PASSING, OPTIONS);

  test('a complete document with the exact CSP', () => {
    const csp =
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${OPTIONS.cspSource} 'nonce-${OPTIONS.nonce}'; ` +
      `font-src ${OPTIONS.cspSource}; script-src 'nonce-${OPTIONS.nonce}'; img-src ${OPTIONS.cspSource} data:;">`;
    for (const html of [failing, passing]) {
      assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
      assert.ok(html.includes(csp), 'CSP meta present and exact');
      assert.equal(startTags(html, 'meta').filter((tag) => tag.includes('Content-Security-Policy')).length, 1);
      assert.ok(html.trimEnd().endsWith('</html>'));
    }
  });

  test('every <script>, <style> and <link> carries the nonce; the codicons are linked', () => {
    for (const html of [failing, passing]) {
      const tags = [...startTags(html, 'script'), ...startTags(html, 'style'), ...startTags(html, 'link')];
      assert.equal(startTags(html, 'script').length, 1);
      assert.equal(startTags(html, 'style').length, 1);
      for (const tag of tags) assert.equal(attribute(tag, 'nonce'), OPTIONS.nonce, tag);
      assert.ok(html.includes(`<link rel="stylesheet" nonce="${OPTIONS.nonce}" href="${OPTIONS.codiconsUri}">`));
      assert.ok(html.includes(REPORT_SCRIPT) && html.includes(REPORT_STYLES));
    }
  });

  test('no inline event handlers, inline styles or remote loads', () => {
    for (const html of [failing, passing]) {
      assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
      assert.doesNotMatch(html, /https?:\/\//i);
      assert.doesNotMatch(html, /\sstyle\s*=/i, 'inline style attributes would be blocked by the CSP');
      assert.doesNotMatch(html, /javascript:/i);
    }
  });

  test('with real VS Code options the only URLs are the ones VS Code supplied', () => {
    const options = {
      nonce: 'abc123',
      cspSource: 'https://*.vscode-cdn.net',
      codiconsUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/codicon.css',
    };
    const html = renderBoundaryReport(FAILING, options);
    const urls = Array.from(html.matchAll(/https?:\/\/[^\s"'<>;]+/g), (match) => match[0]);
    assert.ok(urls.length > 0);
    for (const url of urls) assert.ok(url === options.cspSource || url === options.codiconsUri, url);
  });

  test('styles use only VS Code theme variables and no colour literals', () => {
    const variables = Array.from(REPORT_STYLES.matchAll(/var\(\s*(--[a-zA-Z0-9-]+)/g), (match) => match[1]);
    assert.ok(variables.length > 0);
    for (const variable of variables) assert.match(variable, /^--vscode-/);
    assert.doesNotMatch(REPORT_STYLES, /#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(/i);
    assert.ok(!REPORT_STYLES.includes('</style') && !REPORT_SCRIPT.includes('</script'));
  });

  test('boundaries as badges, readiness level as the headline, the standing line', () => {
    assert.match(failing, /<h1 class="headline">.*Repo-local not ready.*repo_local_not_ready.*<\/h1>/);
    assert.match(passing, /<h1 class="headline">.*Deployment ready.*<\/h1>/);
    assert.ok(failing.includes('<code>repo_local_ready: false</code>'));
    assert.ok(failing.includes('<code>deployment_ready: false</code>'));
    assert.ok(passing.includes('<code>repo_local_ready: true</code>'));
    assert.ok(passing.includes('<code>deployment_ready: true</code>'));
    assert.equal((failing.match(/<span class="badge status-fail">/g) ?? []).length, 2);
    assert.equal((passing.match(/<span class="badge status-pass">/g) ?? []).length, 2);
    for (const html of [failing, passing]) {
      assert.ok(html.includes('<code>production_certified: false</code>'));
      assert.ok(html.includes(escapeHtml(POSITIONING)) && html.includes(escapeHtml(SCOPE)));
    }
    assert.ok(failing.includes('3 checks · 1 failure · 1 warning (repo-local: 1 failure, 1 warning)'));
  });

  test('the demo / pilot / production table', () => {
    for (const stage of ['demo', 'pilot', 'production']) assert.ok(failing.includes(`<th scope="row">${stage}</th>`), stage);
    assert.ok(failing.includes(escapeHtml(READINESS_BOUNDARY.production.certification_line)));
  });

  test('export and re-run buttons are delegated by data attributes', () => {
    const buttons = startTags(failing, 'button');
    assert.deepEqual(
      buttons.map((tag) => [attribute(tag, 'data-action'), attribute(tag, 'data-format')]),
      [
        ['rerun', undefined],
        ['export', 'json'],
        ['export', 'markdown'],
        ['export', 'sarif'],
      ],
    );
    for (const tag of buttons) assert.equal(attribute(tag, 'type'), 'button');
    assert.match(REPORT_SCRIPT, /acquireVsCodeApi\(\)/);
    for (const posted of ["type: 'open'", "type: 'export'", "type: 'rerun'"]) assert.ok(REPORT_SCRIPT.includes(posted), posted);
    assert.match(REPORT_SCRIPT, /'keydown'/);
  });

  test('checks: status icons with labels; failed checks expanded', () => {
    assert.match(failing, /<details class="check check-fail" id="check-1" open><summary><i class="codicon codicon-error status-fail" role="img" aria-label="failed"><\/i><h3 id="check-1-name">deployment_manifest<\/h3>/);
    assert.match(failing, /<details class="check check-pass" id="check-0"><summary><i class="codicon codicon-pass-filled status-pass" role="img" aria-label="passed"><\/i>/);
    assert.match(failing, /<details class="check check-warn" id="check-2"><summary><i class="codicon codicon-warning status-warn" role="img" aria-label="warning"><\/i>/);
    assert.ok(!passing.includes('<details class="check check-pass" id="check-0" open'));
    assert.ok(failing.includes('<code class="code" title="Finding code">deployment-rollback-missing</code>'));
    assert.ok(failing.includes('<code class="path json-path" title="JSON path">$.rollback.plan</code>'));
    // A file without a link: basename shown, full path in the title.
    assert.ok(failing.includes('<span class="path file" title="/repo/ops/deployment-manifest.json">deployment-manifest.json</span>'));
    // Every role="img" icon has an aria-label; decorative icons are hidden.
    for (const tag of startTags(failing, 'i')) assert.ok(/aria-label="[^"]+"/.test(tag) || tag.includes('aria-hidden="true"'), tag);
  });

  test('an issue with a link is a focusable link with its position in data attributes', () => {
    const links = startTags(failing, 'a').filter((tag) => attribute(tag, 'data-uri') === 'file:///repo/ops/deployment-manifest.json' && attribute(tag, 'data-line') !== '0');
    assert.equal(links.length, 1);
    const [link] = links;
    assert.equal(attribute(link, 'href'), '#');
    assert.equal(attribute(link, 'data-action'), 'open');
    assert.equal(attribute(link, 'data-line'), '11');
    assert.equal(attribute(link, 'data-character'), '4');
    assert.equal(attribute(link, 'data-end-line'), '11');
    assert.equal(attribute(link, 'data-end-character'), '14');
    assert.equal(attribute(link, 'title'), '/repo/ops/deployment-manifest.json:12');
    assert.equal(attribute(link, 'aria-label'), 'Open deployment-manifest.json at line 12');
    assert.ok(failing.includes('>deployment-manifest.json:12</a>'));
  });

  test('inputs at the bottom; missing ones shown as missing', () => {
    const inputs = failing.slice(failing.indexOf('<h2 id="inputs-heading">'));
    assert.ok(failing.indexOf('<h2 id="inputs-heading">') > failing.indexOf('<h2 id="checks-heading">'));
    assert.match(inputs, /<li class="input input-missing"><i class="codicon codicon-warning status-warn" role="img" aria-label="missing"><\/i><code>external_evidence<\/code><span class="missing">missing<\/span><\/li>/);
    assert.ok(inputs.includes('data-uri="file:///repo/ops/certification-policy.json"'));
    assert.ok(inputs.includes('>certification-policy.json</a>'));
  });

  test('suppressed findings: their own section after the checks, linked, with the reason; counted in the summary', () => {
    const section = failing.slice(failing.indexOf('<h2 id="suppressed-heading">'), failing.indexOf('<h2 id="inputs-heading">'));
    assert.ok(failing.indexOf('<h2 id="suppressed-heading">') > failing.indexOf('<h2 id="checks-heading">'));
    assert.ok(section.startsWith('<h2 id="suppressed-heading">Suppressed (1)</h2>'));
    assert.ok(section.includes('<code class="code" title="Finding code">alerts-missing</code>'));
    assert.ok(section.includes('data-uri="file:///repo/ops/observability.yaml"') && section.includes('data-line="6"'));
    assert.ok(section.includes('>observability.yaml:7</a>'));
    assert.ok(section.includes(`suppression comment: ${escapeHtml("queue alerts live in the platform team's pager rules")}`));
    assert.match(failing, /1 warning\) · 1 suppressed<\/p>/);
    const passing = renderBoundaryReport(PASSING, OPTIONS);
    assert.ok(!passing.includes('suppressed-heading') && !passing.includes('suppressed</p>'));
  });

  test('hostile suppression reasons and codes are escaped', () => {
    const [a, b] = HOSTILE;
    const html = renderBoundaryReport({ ...FAILING, suppressed: [{ ...FAILING.suppressed[0]!, reason: a!, code: b!, by: a as 'comment' }] }, OPTIONS);
    assert.ok(!html.includes(a!) && !html.includes(b!));
    assert.equal(startTags(html, 'script').length, 1);
  });

  test('hostile strings from the report appear only escaped, in text and in attributes', () => {
    const html = renderBoundaryReport(hostileReport(), OPTIONS);
    for (const text of HOSTILE) {
      assert.ok(!html.includes(text), `raw: ${text}`);
      assert.ok(html.includes(escapeHtml(text)), `escaped: ${text}`);
    }
    assert.ok(!html.includes('<img'));
    assert.equal(startTags(html, 'script').length, 1);
    // No attribute the renderer did not write: none is an event handler, all are known names.
    const names = new Set(attributeNames(html));
    for (const name of names) assert.ok(!/^on/i.test(name), name);
    const allowed = new Set([
      'lang', 'charset', 'http-equiv', 'content', 'name', 'rel', 'nonce', 'href', 'class', 'role', 'aria-label', 'aria-hidden',
      'aria-labelledby', 'id', 'open', 'title', 'scope', 'type', 'data-action', 'data-format', 'data-uri', 'data-line',
      'data-character', 'data-end-line', 'data-end-character',
    ]);
    for (const name of names) assert.ok(allowed.has(name), `unexpected attribute ${name}`);
    // The attribute carrying a hostile URI still holds it, escaped.
    assert.ok(html.includes(`data-uri="${escapeHtml(`file:///repo/${HOSTILE[1]}`)}"`));
    assert.ok(html.includes(`title="${escapeHtml(`/repo/${HOSTILE[2]}/${HOSTILE[2]}:3`)}"`));
  });

  test('hostile render options are escaped too', () => {
    const html = renderBoundaryReport(PASSING, { nonce: '"><script>x</script>', cspSource: "'x", codiconsUri: '"><script>y</script>' });
    assert.equal(startTags(html, 'script').length, 1);
    assert.ok(!html.includes('<script>x') && !html.includes('<script>y'));
  });
});

describe('renderBoundaryReportMarkdown', () => {
  const markdown = renderBoundaryReportMarkdown(FAILING);

  test('the boundaries, readiness level and production_certified line', () => {
    assert.match(markdown, /^# ProdGate Boundary Report\n/);
    assert.ok(markdown.includes('**Readiness level:** Repo-local not ready (`repo_local_not_ready`)'));
    assert.ok(markdown.includes('| `repo_local_ready` | ❌ false |'));
    assert.ok(markdown.includes('| `deployment_ready` | ❌ false |'));
    assert.ok(markdown.includes(`**production_certified: false** — ${POSITIONING}`));
    assert.ok(renderBoundaryReportMarkdown(PASSING).includes('**production_certified: false**'));
    assert.ok(markdown.includes('| production | Live operation | Production data |'));
  });

  test('a table of checks with their status', () => {
    assert.ok(markdown.includes('| Check | Status | Issues | Message |\n|---|---|---|---|'));
    assert.ok(markdown.includes('| `certification_policy` | ✅ pass | 0 | Certification policy is valid. |'));
    assert.ok(markdown.includes('| `deployment_manifest` | ❌ fail | 2 | Deployment manifest is missing required fields. |'));
    assert.ok(markdown.includes('| `external_production_evidence` | ⚠️ warn | 1 | External evidence is a template. |'));
  });

  test('issues per failing check, with file:line (1-based) when linked', () => {
    assert.ok(markdown.includes('### ❌ fail: `deployment_manifest`'));
    assert.ok(
      markdown.includes(
        '- **error** `deployment-rollback-missing` rollback.plan is required before deployment. — `/repo/ops/deployment-manifest.json:12` at `$.rollback.plan`',
      ),
    );
    assert.ok(markdown.includes('- **warning** Only one owner \\| no backup on call. — `/repo/ops/deployment-manifest.json` at `$.owners`'));
    assert.ok(markdown.includes('| `external_evidence` | _missing_ |'));
  });

  test('a Suppressed table with file, line, code and reason', () => {
    assert.ok(markdown.includes('## Suppressed\n\nThe checks above count these findings'));
    assert.ok(markdown.includes("| `ops/observability.yaml` | 7 | `alerts-missing` | queue alerts live in the platform team's pager rules |"));
    assert.ok(markdown.includes('· 1 suppressed'));
    assert.ok(!renderBoundaryReportMarkdown(PASSING).includes('## Suppressed'));
  });

  test('pipes and newlines in table cells are escaped', () => {
    const report: BoundaryReportView = {
      ...FAILING,
      checks: [{ name: 'a|b', status: 'fail', message: 'x | y\nz <b>', issues: [] }],
    };
    const text = renderBoundaryReportMarkdown(report);
    assert.ok(text.includes('| `a\\|b` | ❌ fail | 0 | x \\| y z \\<b\\> |'));
    assert.equal(escapeMarkdown('production_certified is _not_ *set* [x](y)'), 'production_certified is \\_not\\_ \\*set\\* \\[x\\](y)');
    // Each table row keeps its column count: no unescaped pipe inside a cell.
    for (const line of text.split('\n').filter((row) => row.startsWith('| `a'))) {
      assert.equal(line.split(/(?<!\\)\|/).length - 2, 4);
    }
  });
});

describe('the webview script', () => {
  /** Runs REPORT_SCRIPT against a stub document and returns a way to fire events and the posted messages. */
  function load() {
    const posted: unknown[] = [];
    const handlers = new Map<string, (event: unknown) => void>();
    const document = { addEventListener: (type: string, handler: (event: unknown) => void) => handlers.set(type, handler) };
    new Function('acquireVsCodeApi', 'document', REPORT_SCRIPT)(() => ({ postMessage: (message: unknown) => posted.push(message) }), document);
    function element(tagName: string, attributes: Record<string, string>) {
      const self = {
        tagName,
        getAttribute: (name: string) => (Object.hasOwn(attributes, name) ? attributes[name] : null),
        hasAttribute: (name: string) => Object.hasOwn(attributes, name),
        closest: (selector: string) => (selector === '[data-action]' && 'data-action' in attributes ? self : null),
      };
      return self;
    }
    function fire(type: string, target: unknown, key?: string) {
      let prevented = false;
      handlers.get(type)?.({ type, key, target, preventDefault: () => (prevented = true) });
      return prevented;
    }
    return { posted, element, fire };
  }

  test('links post open with their range on click, Enter and Space', () => {
    const { posted, element, fire } = load();
    const link = element('A', {
      'data-action': 'open',
      'data-uri': 'file:///repo/ops/deployment-manifest.json',
      'data-line': '11',
      'data-character': '4',
      'data-end-line': '11',
      'data-end-character': '14',
    });
    const open = { type: 'open', uri: 'file:///repo/ops/deployment-manifest.json', range: { start: { line: 11, character: 4 }, end: { line: 11, character: 14 } } };
    assert.equal(fire('click', link), true);
    assert.equal(fire('keydown', link, 'Enter'), true);
    assert.equal(fire('keydown', link, ' '), true);
    assert.equal(fire('keydown', link, 'a'), false);
    assert.deepEqual(posted, [open, open, open]);
  });

  test('buttons post export and rerun; keys on buttons are left to the browser', () => {
    const { posted, element, fire } = load();
    for (const format of ['json', 'markdown', 'sarif', 'exe']) fire('click', element('BUTTON', { 'data-action': 'export', 'data-format': format }));
    fire('click', element('BUTTON', { 'data-action': 'rerun' }));
    fire('keydown', element('BUTTON', { 'data-action': 'rerun' }), 'Enter');
    fire('click', element('DIV', {}));
    assert.deepEqual(posted, [
      { type: 'export', format: 'json' },
      { type: 'export', format: 'markdown' },
      { type: 'export', format: 'sarif' },
      { type: 'rerun' },
    ]);
  });

  test('malformed positions become 0 and a missing uri posts nothing', () => {
    const { posted, element, fire } = load();
    fire('click', element('A', { 'data-action': 'open', 'data-uri': 'file:///x', 'data-line': 'NaN', 'data-character': '-3' }));
    fire('click', element('A', { 'data-action': 'open', 'data-line': '1' }));
    assert.deepEqual(posted, [{ type: 'open', uri: 'file:///x', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
  });
});
