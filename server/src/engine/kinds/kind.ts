// What every artifact kind provides: its identity, where it may appear, its schema, how its
// content is recognised, and the semantic rules beyond the schema.
import type { Finding } from '../findings.ts';
import type { Format } from '../parse.ts';
import type { JsonSchema } from '../schema.ts';
import { childOf, type LNode, type Span } from '../located.ts';

export interface LocatedSource {
  text: string;
  root: LNode;
}

export type KindId =
  | 'certification-policy'
  | 'deployment-manifest'
  | 'governance-policy'
  | 'evidence-registry'
  | 'observability-policy'
  | 'external-evidence'
  | 'shadow-audit-log'
  | 'agent-policy'
  | 'agent-audit-log'
  | 'agent-policy-tests'
  | 'governance-rules'
  | 'deployment-thresholds'
  | 'workflow-scorecard'
  | 'signed-override'
  | 'certification-bundle'
  | 'workspace-config';

export interface ArtifactKind {
  id: KindId;
  /** Lower-case noun phrase used in messages: "certification policy". */
  title: string;
  formats: readonly Format[];
  schema: JsonSchema;
  /** Keys that together mark this kind: a file too large (or too hostile) to parse that names them all is sniffed as this kind. */
  signatureKeys: readonly string[];
  /** File names that are this kind whatever their content (a kind with no signature keys). */
  fileNames?: readonly string[];
  /** True when a parsed document's value has this kind's signature. */
  matches(value: unknown): boolean;
  /**
   * Semantic rules; they run on schema-valid and schema-invalid values alike, so they guard types.
   * `source` is for rules that place findings inside a value (a column within a condition).
   */
  check(value: unknown, source?: LocatedSource): Finding[];
}

/**
 * The document span of a position inside a string value (a column within a condition): exact for
 * plain and quoted scalars without escapes before it; otherwise the whole value.
 */
export function spanWithin(source: LocatedSource, path: readonly (string | number)[], inner: Span): Span {
  let node: LNode | undefined = source.root;
  for (const segment of path) node = node && childOf(node, segment);
  if (!node) return { offset: 0, length: 0 };
  const raw = source.text.slice(node.offset, node.offset + node.length);
  const quoted = raw.startsWith('"') || raw.startsWith("'");
  const body = quoted ? raw.slice(1) : raw;
  if (body.slice(0, inner.offset).includes('\\') || raw.startsWith('|') || raw.startsWith('>')) return { offset: node.offset, length: node.length };
  // An unterminated string at the end of the text (`condition: "`) has no character to point at.
  const offset = Math.min(node.offset + (quoted ? 1 : 0) + inner.offset, source.text.length);
  return { offset, length: Math.min(Math.max(1, inner.length), source.text.length - offset) };
}
