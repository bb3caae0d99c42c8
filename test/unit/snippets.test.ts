// The VS Code snippets in snippets/: each expands, with its placeholders' default text, to a
// document ProdGate recognises as its kind and that is complete for that kind.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateDocument, type LocatedFinding } from '../../server/src/engine/validate.ts';
import { formatJsonPath } from '../../server/src/engine/located.ts';
import { KINDS, type KindId } from '../../server/src/engine/kinds/index.ts';

const ROOT = resolve(__dirname, '../..');

// ------------------------------------------------------------------ snippet expansion

/** A parsed snippet: text, and tab stops / placeholders / choices (`index` 0 is the final tab stop). */
type SnippetNode =
  | { type: 'text'; value: string }
  | { type: 'tabstop'; index: number; children: SnippetNode[]; choices: string[] | undefined };

/**
 * Parses a snippet body by the VS Code snippet grammar: `$N`, `${N}`, `${N:default}` (defaults
 * nest), `${N|a,b|}`, and the escapes `\$`, `\}`, `\\` (and `\,` `\|` `\\` inside choices). A `$`
 * that starts nothing valid, or a `${…` that never closes, is literal text, as in VS Code.
 * Variables and transforms are rejected: these snippets must not use them, and an unescaped `$`
 * before a letter would silently become one.
 */
function parseSnippet(body: string): SnippetNode[] {
  let pos = 0;

  function sequence(inPlaceholder: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text !== '') nodes.push({ type: 'text', value: text });
      text = '';
    };
    while (pos < body.length) {
      const char = body[pos];
      if (char === '\\') {
        const next = body[pos + 1];
        if (next === '$' || next === '}' || next === '\\') {
          text += next;
          pos += 2;
        } else {
          text += '\\';
          pos += 1;
        }
        continue;
      }
      if (char === '}' && inPlaceholder) break;
      if (char === '$') {
        const node = dollar();
        if (node) {
          flush();
          nodes.push(node);
          continue;
        }
      }
      text += char;
      pos += 1;
    }
    flush();
    return nodes;
  }

  /** At a `$`: the tab stop it starts (advancing past it), or undefined with `pos` unchanged. */
  function dollar(): SnippetNode | undefined {
    const start = pos;
    const rest = body.slice(pos + 1);
    const simple = /^\d+/.exec(rest);
    if (simple) {
      pos += 1 + simple[0].length;
      return { type: 'tabstop', index: Number(simple[0]), children: [], choices: undefined };
    }
    const variable = /^\{?([_a-zA-Z][_a-zA-Z0-9]*)/.exec(rest);
    if (variable) throw new Error(`Snippet variable "${variable[1]}" at offset ${start}: escape a literal $ as \\$.`);
    const complex = /^\{(\d+)/.exec(rest);
    if (!complex) return undefined;
    const index = Number(complex[1]);
    pos += 1 + complex[0].length;
    const marker = body[pos];
    if (marker === '}') {
      pos += 1;
      return { type: 'tabstop', index, children: [], choices: undefined };
    }
    if (marker === ':') {
      pos += 1;
      const children = sequence(true);
      if (body[pos] === '}') {
        pos += 1;
        return { type: 'tabstop', index, children, choices: undefined };
      }
    } else if (marker === '|') {
      pos += 1;
      const choices = choiceElements();
      if (choices) return { type: 'tabstop', index, children: [], choices };
    } else if (marker === '/') {
      throw new Error(`Snippet transform at offset ${start}: not supported here.`);
    }
    pos = start;
    return undefined;
  }

  /** After `${N|`: the options up to `|}`, or undefined when the choice is malformed. */
  function choiceElements(): string[] | undefined {
    const choices: string[] = [];
    let current = '';
    while (pos < body.length) {
      const char = body[pos];
      if (char === '\\' && [',', '|', '\\'].includes(body[pos + 1])) {
        current += body[pos + 1];
        pos += 2;
      } else if (char === ',') {
        if (current === '') return undefined;
        choices.push(current);
        current = '';
        pos += 1;
      } else if (char === '|') {
        if (current === '' || body[pos + 1] !== '}') return undefined;
        choices.push(current);
        pos += 2;
        return choices;
      } else {
        current += char;
        pos += 1;
      }
    }
    return undefined;
  }

  return sequence(false);
}

/**
 * The text a snippet inserts when every placeholder keeps its default text and every choice its
 * first option. As in VS Code, the first tab stop of an index that has a default (or a choice)
 * defines the text of every tab stop with that index (mirrors). `fill` may replace the text of an
 * index, given its default text.
 */
function expandSnippet(body: string, fill?: (index: number, text: string) => string | undefined): string {
  const nodes = parseSnippet(body);
  const defining = new Map<number, SnippetNode & { type: 'tabstop' }>();
  const walk = (list: SnippetNode[]): void => {
    for (const node of list) {
      if (node.type !== 'tabstop') continue;
      if (node.index !== 0 && !defining.has(node.index) && (node.children.length > 0 || node.choices)) defining.set(node.index, node);
      walk(node.children);
    }
  };
  walk(nodes);

  const rendered = new Map<number, string>();
  const render = (list: SnippetNode[], depth: number): string => {
    if (depth > 64) throw new Error('Snippet placeholders nest too deeply (or refer to themselves).');
    return list
      .map((node) => {
        if (node.type === 'text') return node.value;
        if (node.index === 0) return render(node.children, depth + 1);
        const cached = rendered.get(node.index);
        if (cached !== undefined) return cached;
        const source = defining.get(node.index);
        const text = !source ? '' : source.choices ? source.choices[0] : render(source.children, depth + 1);
        const value = fill?.(node.index, text) ?? text;
        rendered.set(node.index, value);
        return value;
      })
      .join('');
  };
  return render(nodes, 0);
}

describe('snippet expansion (the VS Code snippet grammar)', () => {
  test('tab stops, placeholders, choices and the final tab stop', () => {
    assert.equal(expandSnippet('a$1b${2}c$0d'), 'abcd');
    assert.equal(expandSnippet('${1:one} ${2|x,y,z|} ${0}'), 'one x ');
    assert.equal(expandSnippet('${1:outer ${2:inner} end}'), 'outer inner end');
    assert.equal(expandSnippet('${10:ten}$1'), 'ten');
  });

  test('mirrors take the text of the first tab stop of their index that has one', () => {
    assert.equal(expandSnippet('$1-${1:x}-${1}-${1:ignored}'), 'x-x-x-x');
    assert.equal(expandSnippet('${3|a,b|} and $3'), 'a and a');
    assert.equal(expandSnippet('${1:${2:n}} $2'), 'n n');
  });

  test('escapes', () => {
    assert.equal(expandSnippet('\\$1 costs \\$500'), '$1 costs $500');
    assert.equal(expandSnippet('${1:a\\}b} \\\\ \\x'), 'a}b \\ \\x');
    assert.equal(expandSnippet('${1|a\\,b,c\\|d|}'), 'a,b');
    assert.equal(expandSnippet('{ "a": 1 }'), '{ "a": 1 }');
  });

  test('a $ that starts nothing, and an unclosed ${, are text', () => {
    assert.equal(expandSnippet('$ ${ ${ x US$'), '$ ${ ${ x US$');
    assert.equal(expandSnippet('${1:open'), '${1:open');
    assert.equal(expandSnippet('${1|a,b'), '${1|a,b');
  });

  test('variables are rejected (an unescaped $ before a name)', () => {
    assert.throws(() => expandSnippet('costs $TM_FILENAME'), /variable/);
    assert.throws(() => expandSnippet('${CURRENT_YEAR}'), /variable/);
  });

  test('fill replaces the text of an index everywhere', () => {
    assert.equal(expandSnippet('${1:a} ${2:b} $1', (index) => (index === 1 ? 'X' : undefined)), 'X b X');
  });
});

// ------------------------------------------------------------------ the snippet files

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

interface Contribution {
  language: string;
  path: string;
}

const SNIPPET_FILES = { json: 'snippets/json.code-snippets', yaml: 'snippets/yaml.code-snippets' } as const;
type SnippetFormat = keyof typeof SNIPPET_FILES;

function loadSnippets(file: string): Record<string, Snippet> {
  // Strict JSON: VS Code would accept comments here, but these files stay plain JSON.
  const parsed: unknown = JSON.parse(readFileSync(resolve(ROOT, file), 'utf8'));
  assert.ok(parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed), `${file} must hold an object of snippets`);
  return parsed as Record<string, Snippet>;
}

const SNIPPETS: Record<SnippetFormat, Record<string, Snippet>> = {
  json: loadSnippets(SNIPPET_FILES.json),
  yaml: loadSnippets(SNIPPET_FILES.yaml),
};

// The artifact kinds a snippet starts from nothing. (A certification bundle, which only lists the
// paths of the other artifacts, has no snippet.)
const KIND_IDS: readonly KindId[] = [
  'certification-policy',
  'deployment-manifest',
  'governance-policy',
  'evidence-registry',
  'observability-policy',
  'external-evidence',
  'shadow-audit-log',
  'agent-policy',
  'governance-rules',
  'deployment-thresholds',
  'workflow-scorecard',
  'signed-override',
];
const SNIPPET_KINDS = KINDS.filter((kind) => KIND_IDS.includes(kind.id));
const JSON_LINES_KINDS = new Set<KindId>(SNIPPET_KINDS.filter((kind) => !kind.formats.includes('json')).map((kind) => kind.id));

function prefixes(snippet: Snippet): string[] {
  return Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix];
}

/** The kind a snippet starts, from its prefix `prodgate-<kind>`. */
function kindOf(snippet: Snippet): KindId {
  const id = prefixes(snippet)[0].replace(/^prodgate-/, '');
  assert.ok((KIND_IDS as readonly string[]).includes(id), `prefix ${prefixes(snippet)[0]} does not name a kind`);
  return id as KindId;
}

function bodyText(snippet: Snippet): string {
  return Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
}

/** The file names a snippet's expansion is validated under: every language its file is contributed for. */
function pathsFor(format: SnippetFormat, kind: KindId): string[] {
  if (format === 'yaml') return ['snippet.yaml'];
  return JSON_LINES_KINDS.has(kind) ? ['snippet.jsonl'] : ['snippet.json', 'snippet.jsonc'];
}

// Findings a snippet may produce besides value-placeholder and value-empty, because the kind
// inherently needs real data that no default can supply. Each must actually occur, so this list
// stays true.
const INHERENT: Partial<Record<KindId, { code: string; path: string }[]>> = {
  // A signed override's signature is the HMAC-SHA256 of the canonical JSON of `data` under the
  // team's key: no default text can be a valid signature, and the placeholder text
  // ("replace-with-hmac-…") breaks the schema's 64-lower-case-hex-digit pattern.
  'signed-override': [{ code: 'schema-violation', path: '$.signature' }],
};

const PLACEHOLDER_CODES = new Set(['value-placeholder', 'value-empty']);

// The kinds whose rules flag "replace" text (deployment, governance and observability artifacts, as
// AANA does): their snippets must show the user value-placeholder errors until names are filled in.
const PLACEHOLDERS_ARE_ERRORS = new Set<KindId>(['deployment-manifest', 'governance-policy', 'observability-policy']);

interface Row {
  code: string;
  severity: string;
  path: string;
}

const rows = (findings: LocatedFinding[]): Row[] =>
  findings.map((finding) => ({ code: finding.code, severity: finding.severity, path: formatJsonPath(finding.path) }));

function inherentRows(kind: KindId): Row[] {
  return (INHERENT[kind] ?? []).map(({ code, path }) => ({ code, severity: 'error', path }));
}

/** Fills every placeholder whose default text is a "replace" placeholder with a concrete value. */
const fillNames = (index: number, text: string): string | undefined => (/replace/i.test(text) ? `concrete-value-${index}` : undefined);

describe('snippet files', () => {
  test('every package.json snippets contribution points to an existing file', () => {
    const manifest = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { contributes?: { snippets?: Contribution[] } };
    const contributions = manifest.contributes?.snippets;
    assert.ok(Array.isArray(contributions) && contributions.length > 0, 'package.json contributes no snippets');
    for (const { language, path } of contributions) {
      assert.ok(existsSync(resolve(ROOT, path)), `snippets for ${language}: ${path} does not exist`);
    }
    const byLanguage = Object.fromEntries(contributions.map(({ language, path }) => [language, path.replace(/^\.\//, '')]));
    assert.deepEqual(byLanguage, {
      json: SNIPPET_FILES.json,
      jsonc: SNIPPET_FILES.json,
      jsonl: SNIPPET_FILES.json,
      yaml: SNIPPET_FILES.yaml,
    });
  });

  test('every kind has exactly one snippet in each format (the shadow-mode audit log has none in YAML)', () => {
    assert.deepEqual(SNIPPET_KINDS.map((kind) => kind.id).sort(), [...KIND_IDS].sort(), 'every snippet kind is an engine kind');
    for (const format of ['json', 'yaml'] as const) {
      const kinds = Object.values(SNIPPETS[format]).map(kindOf).sort();
      const expected = KIND_IDS.filter((kind) => format === 'json' || !JSON_LINES_KINDS.has(kind)).sort();
      assert.deepEqual(kinds, expected, `${SNIPPET_FILES[format]}`);
    }
    assert.deepEqual([...JSON_LINES_KINDS], ['shadow-audit-log']);
  });

  test('every snippet has the prefix prodgate-<kind> and a description', () => {
    for (const format of ['json', 'yaml'] as const) {
      for (const [name, snippet] of Object.entries(SNIPPETS[format])) {
        assert.deepEqual(prefixes(snippet), [`prodgate-${kindOf(snippet)}`], name);
        assert.ok(typeof snippet.description === 'string' && snippet.description.length > 20, `${name}: description`);
        assert.ok(typeof snippet.body === 'string' || (Array.isArray(snippet.body) && snippet.body.every((line) => typeof line === 'string')), `${name}: body`);
      }
    }
  });
});

for (const format of ['json', 'yaml'] as const) {
  describe(`${SNIPPET_FILES[format]}`, () => {
    for (const [name, snippet] of Object.entries(SNIPPETS[format])) {
      const kind = kindOf(snippet);
      const body = bodyText(snippet);

      for (const path of pathsFor(format, kind)) {
        test(`${name} → ${path}: a ${kind} with only placeholder findings`, () => {
          const text = expandSnippet(body);
          assert.match(text, /replace/, 'placeholders for real values say "replace"');
          const result = validateDocument({ text, path });
          assert.equal(result.kind, kind, 'detected kind');
          assert.equal(result.kindSource, 'content', 'recognised by content');
          const found = rows(result.findings);
          const other = found.filter((row) => !PLACEHOLDER_CODES.has(row.code));
          assert.deepEqual(other, inherentRows(kind), `findings other than placeholders:\n${text}`);
          if (PLACEHOLDERS_ARE_ERRORS.has(kind)) {
            assert.ok(found.some((row) => row.code === 'value-placeholder' && row.severity === 'error'), 'the placeholders are flagged');
          }
        });

        test(`${name} → ${path}: with the names filled in, it passes every gate`, () => {
          const text = expandSnippet(body, fillNames);
          assert.doesNotMatch(text, /replace/i);
          const result = validateDocument({ text, path });
          assert.equal(result.kind, kind);
          assert.deepEqual(rows(result.findings), inherentRows(kind), `findings:\n${text}`);
        });
      }

      if (JSON_LINES_KINDS.has(kind)) {
        test(`${name}: one record per line, so records can be appended`, () => {
          const record = expandSnippet(body);
          assert.ok(!record.includes('\n'), 'the record is a single line');
          const log = `${record}\n${expandSnippet(body, fillNames)}\n`;
          const result = validateDocument({ text: log, path: 'shadow-audit.jsonl' });
          assert.equal(result.kind, kind);
          assert.deepEqual(rows(result.findings), []);
        });
      }
    }
  });
}
