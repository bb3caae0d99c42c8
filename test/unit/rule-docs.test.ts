// docs/rules: one page per finding code, and nothing else. Each page has its sections and a
// Before/After example; where the example can be judged on its own, the engine judges it: the
// Before must produce the page's code and the After must not.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { AANA_CATALOG } from '../../server/src/engine/certification/catalog.ts';
import { ShadowAuditReader, shadowModeEvidence } from '../../server/src/engine/certification/shadow-audit.ts';
import { CODES } from '../../server/src/engine/codes.ts';
import { blockedCommandFindings } from '../../server/src/engine/commands/command-findings.ts';
import { markdownCommands, shellScriptCommands } from '../../server/src/engine/commands/command-sources.ts';
import { resolveEnvironment } from '../../server/src/engine/commands/environment.ts';
import { KINDS } from '../../server/src/engine/kinds/index.ts';
import type { KindId } from '../../server/src/engine/kinds/kind.ts';
import { validateDocument } from '../../server/src/engine/validate.ts';

const DOCS = resolve(__dirname, '../../docs/rules');
const CODE_NAMES = Object.keys(CODES);
const SECTIONS = ['## What it checks', '## Why it matters in production', '## How to fix', '## Example'];

/**
 * Pages whose example the engine cannot judge from the example alone (their fences say
 * `check=false`), each with the reason.
 */
const NOT_MECHANICALLY_CHECKED: Record<string, string> = {
  'nesting-too-deep': 'the Before needs more than 256 levels of nesting, too long to show',
  'yaml-alias-limit': 'the Before needs an alias expansion past 100,000 nodes; the page shows its shape, abbreviated',
  'invalid-encoding': 'the Before holds a NUL or a non-UTF-8 byte, which a Markdown page cannot show',
  'file-too-large': 'depends on the prodgate.maxFileSizeMB setting and a file of megabytes',
  'certification-input-missing': 'cross-file: a certification run without one of its inputs (bundle, CLI)',
  'certification-input-unusable': 'cross-file: a certification run whose input is unreadable or of another kind',
  'connector-sources-missing': 'cross-file: the registry is compared with the connector catalog and the certification policy',
  'connector-unknown': 'cross-file: the certification policy is compared with the connector catalog',
  'connectors-missing': 'cross-file: the external evidence is compared with the certification policy',
  'shadow-adapters-missing': 'cross-file: the audit log is compared with the certification policy\'s required_adapter_ids',
  'override-signature-invalid': 'needs the key file named by prodgate.governance.keyFile and an HMAC over the data',
  'policy-agent-duplicate': 'cross-file: two agent policy files of the workspace',
  'policy-test-failed': 'cross-file: the tests run against the workspace\'s agent policies',
  'policy-test-agent-unknown': 'cross-file: the tests run against the workspace\'s agent policies',
  'audit-chain-broken': 'the Before and After need real SHA-256 chain hashes, which a page abbreviates',
  'suppression-invalid': 'LSP/CLI only: suppression comments are read by the language server and `prodgate validate`, not by validateDocument',
  'suppression-unused': 'LSP/CLI only: whether a suppression suppresses anything is known only once all findings of the file are in',
  'config-rule-unknown': 'workspace configuration (.prodgate.yaml), read by the language server and the CLI',
  'config-path-missing': 'workspace configuration (.prodgate.yaml) naming files on disk',
};

/**
 * Backquoted kebab-case words in the pages that are not finding codes: directives, review topics,
 * and (allowed too) kind ids and the evidence source ids of AANA's connector catalog.
 */
const NOT_CODES = new Set(['prodgate-ignore', 'prodgate-ignore-next-line', 'prodgate-ignore-file', 'high-impact', 'low-confidence']);
const SOURCE_IDS = new Set(AANA_CATALOG.flatMap((integration) => integration.requiredSourceIds));
const KIND_IDS = new Set<string>(KINDS.map((kind) => kind.id));

interface Fence {
  info: string;
  body: string;
}

interface Page {
  code: string;
  text: string;
  /** The text outside fenced blocks. */
  prose: string;
  before?: Fence;
  after?: Fence;
}

/** Fenced blocks, with what follows "Before:"/"After:" lines picked out; prose is the rest. */
function parsePage(code: string, text: string): Page {
  const lines = text.split('\n');
  const prose: string[] = [];
  const page: Page = { code, text, prose: '' };
  let label: 'before' | 'after' | undefined;
  let inExample = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const opening = /^(`{3,}|~{3,})(.*)$/.exec(line);
    if (opening) {
      const [, fence, info] = opening as unknown as [string, string, string];
      const body: string[] = [];
      index++;
      while (index < lines.length && !new RegExp(`^${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(lines[index]!)) body.push(lines[index++]!);
      if (inExample && label && !page[label]) page[label] = { info: info.trim(), body: body.join('\n') + '\n' };
      label = undefined;
      continue;
    }
    prose.push(line);
    if (line.startsWith('## ')) inExample = line === '## Example';
    if (/^Before\b.*:\s*$/.test(line)) label = 'before';
    else if (/^After\b.*:\s*$/.test(line)) label = 'after';
    else if (line.trim() !== '' && label) label = undefined;
  }
  page.prose = prose.join('\n');
  return page;
}

function pageFiles(): string[] {
  return readdirSync(DOCS).filter((name) => name.endsWith('.md') && name !== 'README.md');
}

const PAGES: Page[] = pageFiles().map((name) => parsePage(name.slice(0, -3), readFileSync(resolve(DOCS, name), 'utf8')));

/** `lang file=x.policy.yaml kind=agent-policy check=commands`: the language, then key=value options. */
function fenceOptions(info: string): { lang: string; options: Record<string, string> } {
  const [lang = '', ...rest] = info.split(/\s+/);
  const options: Record<string, string> = {};
  for (const token of rest) {
    const eq = token.indexOf('=');
    if (eq > 0) options[token.slice(0, eq)] = token.slice(eq + 1);
  }
  return { lang, options };
}

/** The codes the engine reports for an example block, by the check its fence asks for. */
function codesOf(fence: Fence): string[] {
  const { lang, options } = fenceOptions(fence.info);
  const check = options.check ?? 'validate';
  switch (check) {
    case 'validate': {
      assert.ok(options.file, `a checked example needs file=<name> in its fence info ("${fence.info}")`);
      const validation = validateDocument({ text: fence.body, path: options.file, ...(options.kind ? { kind: options.kind as KindId } : {}) });
      assert.ok(validation.kind, `the engine does not see an artifact in the example "${fence.info}"`);
      if (options.kind) assert.equal(validation.kind, options.kind);
      return validation.findings.map((finding) => finding.code);
    }
    case 'commands': {
      const sites = lang === 'markdown' || lang === 'md' ? markdownCommands(fence.body) : shellScriptCommands(fence.body);
      return blockedCommandFindings(sites, resolveEnvironment(undefined, undefined)).map((finding) => finding.code);
    }
    case 'shadow-audit': {
      const reader = new ShadowAuditReader();
      fence.body.replace(/\n$/, '').split('\n').forEach((line, index) => reader.addLine(line, index + 1));
      return shadowModeEvidence(reader.summary(), {}).issues.flatMap((item) => (item.code ? [item.code] : []));
    }
    default:
      assert.fail(`unknown check=${check} in "${fence.info}"`);
  }
}

test('every code has a page whose title is the code', () => {
  const pages = new Set(pageFiles().map((name) => name.slice(0, -3)));
  assert.deepEqual(CODE_NAMES.filter((code) => !pages.has(code)), [], 'codes without a page');
  for (const page of PAGES) {
    if (!(page.code in CODES)) continue;
    assert.equal(page.text.split('\n')[0], `# ${page.code}`, `${page.code}.md: its H1 must be the code`);
  }
});

test('every page is a code the engine can emit', () => {
  assert.deepEqual(PAGES.map((page) => page.code).filter((code) => !(code in CODES)), []);
});

describe('every page has its sections and a Before/After example', () => {
  for (const page of PAGES) {
    test(page.code, () => {
      const headings = page.prose.split('\n').filter((line) => line.startsWith('## '));
      const positions = SECTIONS.map((section) => headings.indexOf(section));
      assert.ok(positions.every((position) => position >= 0), `${page.code}.md lacks ${SECTIONS.filter((_, i) => positions[i] === -1).join(', ')}`);
      assert.deepEqual([...positions].sort((a, b) => a - b), positions, `${page.code}.md: sections out of order`);
      const summary = page.prose.split('\n## ')[0]!.split('\n').slice(1).join('\n');
      assert.match(summary, /everity/, `${page.code}.md: the summary paragraph states the severity`);
      assert.ok(page.before, `${page.code}.md: "Before:" followed by a fenced block`);
      assert.ok(page.after, `${page.code}.md: "After:" followed by a fenced block`);
      assert.notEqual(page.before.body.trim(), page.after.body.trim(), `${page.code}.md: Before and After differ`);
    });
  }
});

test('pages link and name only codes the engine can emit', () => {
  const problems: string[] = [];
  for (const page of PAGES) {
    for (const match of page.prose.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      const target = match[1]!;
      if (/^[a-z]+:/.test(target)) continue; // an external link
      const name = /^([A-Za-z0-9-]+)\.md$/.exec(target)?.[1];
      if (!name || (!(name in CODES) && name !== 'README')) problems.push(`${page.code}.md links to ${target}`);
    }
    for (const match of page.prose.matchAll(/`([^`\n]+)`/g)) {
      const word = match[1]!;
      if (!/^[a-z]+(?:-[a-z0-9]+)+$/.test(word) || word in CODES || KIND_IDS.has(word) || SOURCE_IDS.has(word) || NOT_CODES.has(word)) continue;
      problems.push(`${page.code}.md names \`${word}\`, which is not a code`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the index lists every code with its summary', () => {
  const index = readFileSync(resolve(DOCS, 'README.md'), 'utf8');
  for (const [code, summary] of Object.entries(CODES)) {
    const row = index.split('\n').find((line) => line.startsWith(`| [\`${code}\`](${code}.md) |`));
    assert.ok(row, `README.md row for ${code}`);
    assert.ok(row.includes(summary.replace(/\|/g, '\\|')), `README.md row for ${code} carries the summary from codes.ts`);
  }
});

describe('examples: the Before produces the code, the After does not', () => {
  test('pages skipped by design are exactly those whose examples say check=false', () => {
    const unchecked = PAGES.filter((page) => page.before && fenceOptions(page.before.info).options.check === 'false').map((page) => page.code);
    assert.deepEqual(unchecked.sort(), Object.keys(NOT_MECHANICALLY_CHECKED).sort());
    for (const page of PAGES) {
      const before = page.before && fenceOptions(page.before.info).options.check === 'false';
      const after = page.after && fenceOptions(page.after.info).options.check === 'false';
      assert.equal(before, after, `${page.code}.md: Before and After are both checked or both not`);
    }
  });
  for (const page of PAGES) {
    if (page.code in NOT_MECHANICALLY_CHECKED || !page.before || !page.after) continue;
    test(page.code, () => {
      assert.ok(codesOf(page.before!).includes(page.code), `${page.code}.md: the Before does not produce ${page.code} (it produces ${codesOf(page.before!).join(', ') || 'nothing'})`);
      assert.ok(!codesOf(page.after!).includes(page.code), `${page.code}.md: the After still produces ${page.code}`);
    });
  }
});
