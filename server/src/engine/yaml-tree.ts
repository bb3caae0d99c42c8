// YAML to the located tree, through the `yaml` package (its parser, composer and error recovery).
// A whole document, or a run of block entries cut from one (yaml-reparse.ts), whose spans are then
// placed at `base` and whose nesting starts at `depth`.
import * as YAML from 'yaml';
import type { Finding } from './findings.ts';
import type { LNode, LProperty, Span } from './located.ts';
import { LimitExceeded, MAX_ALIAS_NODES, MAX_DEPTH, reportDuplicateKeys, tooDeep } from './parsed-document.ts';

export interface YamlTree {
  root: LNode | undefined;
  /** No anchors, aliases, merge keys or directives: see ParsedDocument.independentEntries. */
  independentEntries: boolean;
}

/** Throws LimitExceeded (or the library's RangeError) when a limit stops the conversion. */
export function parseYaml(text: string, problems: Finding[], base = 0, depth = 0): YamlTree {
  const document = YAML.parseDocument(text, {
    uniqueKeys: false, // duplicates are reported uniformly, for JSON and YAML alike
    merge: true,
    prettyErrors: false,
    keepSourceTokens: false,
  });
  const reported = new Set<string>();
  const report = (problem: Finding) => {
    // An unclosed flow collection 250 levels deep is one error 250 times over: report it once.
    const key = `${problem.severity} ${problem.span!.offset} ${problem.span!.length} ${problem.message}`;
    if (reported.has(key)) return;
    reported.add(key);
    problems.push(problem);
  };
  for (const error of document.errors) {
    // The library reports its own stack overflow; the depth limit reports it better.
    if (!error.message.includes('Maximum call stack')) report(yamlProblem(error, 'error', text.length, base));
  }
  for (const warning of document.warnings) report(yamlProblem(warning, 'warning', text.length, base));
  const directives = document.directives;
  const plainDirectives = directives.yaml.version === '1.2' && Object.keys(directives.tags).length === 1;
  if (!document.contents) return { root: undefined, independentEntries: plainDirectives };
  const converter = new YamlConverter(document, problems, base);
  const root = converter.convert(document.contents, depth, false);
  return { root, independentEntries: plainDirectives && !converter.entriesDependent };
}

function yamlProblem(error: YAML.YAMLError, severity: 'error' | 'warning', textLength: number, base: number): Finding {
  // At the end of the input the library points one character past it: keep the span in the text.
  const start = Math.min(error.pos[0], textLength);
  const end = Math.min(error.pos[1], textLength);
  const message = error.code === 'MULTIPLE_DOCS'
    ? 'An artifact is one YAML document: this file holds more than one (`---`).'
    : error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return {
    code: 'syntax-error',
    severity,
    message: message.endsWith('.') ? message : `${message}.`,
    path: [],
    span: { offset: base + start, length: Math.max(0, end - start) },
  };
}

class YamlConverter {
  private aliasNodes = 0;
  /**
   * An alias or a merge key (entries of this document depend on one another), or a value the
   * library gives no node, so no place of its own (pairs of a `!!omap`), was met.
   */
  entriesDependent = false;

  constructor(
    private readonly document: YAML.Document.Parsed,
    private readonly problems: Finding[],
    private readonly base: number,
  ) {}

  convert(node: unknown, depth: number, viaAlias: boolean): LNode {
    if (YAML.isAlias(node)) return this.convertAlias(node, depth);
    if (!YAML.isNode(node)) {
      this.entriesDependent = true;
      return { type: 'scalar', value: null, offset: this.base, length: 0 };
    }
    const span = this.spanOf(node.range);
    const { offset, length } = span;
    if (depth > MAX_DEPTH) throw tooDeep(span);
    if (viaAlias && ++this.aliasNodes > MAX_ALIAS_NODES) {
      throw new LimitExceeded(
        'yaml-alias-limit',
        `YAML aliases expand to more than ${MAX_ALIAS_NODES.toLocaleString('en-US')} nodes (an alias bomb?); the document is not checked.`,
        span,
      );
    }
    if (YAML.isScalar(node)) return { type: 'scalar', value: scalarValue(node.value), offset, length };
    if (YAML.isMap(node)) return { type: 'object', properties: this.convertPairs(node, depth, viaAlias), offset, length };
    if (YAML.isSeq(node)) {
      const items: LNode[] = new Array(node.items.length);
      for (let i = 0; i < items.length; i++) items[i] = this.convert(node.items[i], depth + 1, viaAlias);
      return { type: 'array', items, offset, length };
    }
    return { type: 'scalar', value: null, offset, length };
  }

  private spanOf(range: YAML.Range | null | undefined): Span {
    return range ? { offset: this.base + range[0], length: range[1] - range[0] } : { offset: this.base, length: 0 };
  }

  private convertAlias(alias: YAML.Alias, depth: number): LNode {
    this.entriesDependent = true;
    const target = alias.resolve(this.document);
    if (!target) return { type: 'scalar', value: null, ...this.spanOf(alias.range) };
    return this.convert(target, depth, true);
  }

  private convertPairs(map: YAML.YAMLMap, depth: number, viaAlias: boolean): LProperty[] {
    let merged: LProperty[] | undefined;
    const own: LProperty[] = [];
    for (const pair of map.items) {
      if (isMergeKey(pair.key)) {
        this.entriesDependent = true;
        merged ??= [];
        for (const source of mergeSources(pair.value)) {
          const value = this.convert(source, depth + 1, viaAlias);
          if (value.type === 'object') merged.push(...value.properties);
        }
        continue;
      }
      const key = this.keyOf(pair.key);
      if (!key) continue;
      own.push({ key: key.text, keySpan: key.span, value: this.valueOf(pair.value, key.span, depth, viaAlias) });
    }
    if (!viaAlias) reportDuplicateKeys(own, this.problems);
    // Merged keys come first so that the map's own keys, later, win.
    return merged ? [...merged, ...own] : own;
  }

  private valueOf(value: unknown, keySpan: Span, depth: number, viaAlias: boolean): LNode {
    if (value === null || value === undefined) {
      return { type: 'scalar', value: null, offset: keySpan.offset + keySpan.length, length: 0 };
    }
    return this.convert(value, depth + 1, viaAlias);
  }

  private keyOf(key: unknown): { text: string; span: Span } | undefined {
    if (YAML.isScalar(key)) return { text: String(key.value), span: this.spanOf(key.range) };
    if (YAML.isNode(key)) {
      this.problems.push({
        code: 'syntax-error',
        severity: 'error',
        message: 'Only plain scalar keys are supported in artifacts; this complex key is ignored.',
        path: [],
        span: this.spanOf(key.range),
      });
    }
    return undefined;
  }
}

function isMergeKey(key: unknown): boolean {
  return YAML.isScalar(key) && (key.value === '<<' || String(key.value) === 'Symbol(<<)' || key.tag === 'tag:yaml.org,2002:merge');
}

function mergeSources(value: unknown): unknown[] {
  return YAML.isSeq(value) ? value.items : [value];
}

function scalarValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
