// What every parser in the engine returns, and the limits they all enforce.
import type { Finding } from './findings.ts';
import type { LProperty, LNode, Span } from './located.ts';

export type Format = 'json' | 'jsonc' | 'yaml' | 'jsonl';

export interface ParsedDocument {
  format: Format;
  /** Undefined when nothing usable parsed (an empty file, or a limit was hit). */
  root: LNode | undefined;
  problems: Finding[];
  /** False when a limit (depth, alias expansion) stopped parsing: the tree must not be judged. */
  complete: boolean;
  /**
   * YAML only: true when each block entry means the same parsed on its own (no anchors, aliases,
   * merge keys or directives), so that an edit re-parses only the entry it touched.
   */
  independentEntries?: boolean;
}

/** The text before an edit and its parse, for parseDocument to re-parse only what the edit touched. */
export interface PreviousParse {
  text: string;
  parsed: ParsedDocument;
}

/** No artifact nests this deep; past it a document is rejected instead of risking the stack. */
export const MAX_DEPTH = 256;
/** Nodes that YAML aliases may add to a document: far above any real file, far below a bomb. */
export const MAX_ALIAS_NODES = 100_000;

export class LimitExceeded extends Error {
  constructor(
    readonly code: 'nesting-too-deep' | 'yaml-alias-limit',
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

export function tooDeep(span: Span): LimitExceeded {
  return new LimitExceeded(
    'nesting-too-deep',
    `The document nests deeper than ${MAX_DEPTH} levels; it is not checked.`,
    { offset: span.offset, length: Math.min(span.length, 1) },
  );
}

export function reportDuplicateKeys(properties: LProperty[], problems: Finding[]): void {
  if (properties.length < 2) return;
  const seen = new Set<string>();
  for (const property of properties) {
    if (seen.has(property.key)) {
      problems.push({
        code: 'duplicate-key',
        severity: 'error',
        message: `Duplicate key "${property.key}": readers keep only the last value, so earlier ones are silently lost.`,
        path: [],
        span: property.keySpan,
      });
    }
    seen.add(property.key);
  }
}
