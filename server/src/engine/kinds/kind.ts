// What every artifact kind provides: its identity, where it may appear, its schema, how its
// content is recognised, and the semantic rules beyond the schema.
import type { Finding } from '../findings.ts';
import type { Format } from '../parse.ts';
import type { JsonSchema } from '../schema.ts';
import type { LNode } from '../located.ts';

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
  | 'governance-rules'
  | 'deployment-thresholds'
  | 'workflow-scorecard'
  | 'signed-override'
  | 'certification-bundle';

export interface ArtifactKind {
  id: KindId;
  /** Lower-case noun phrase used in messages: "certification policy". */
  title: string;
  formats: readonly Format[];
  schema: JsonSchema;
  /** Keys that together mark this kind: a file too large (or too hostile) to parse that names them all is sniffed as this kind. */
  signatureKeys: readonly string[];
  /** True when a parsed document's value has this kind's signature. */
  matches(value: unknown): boolean;
  /**
   * Semantic rules; they run on schema-valid and schema-invalid values alike, so they guard types.
   * `source` is for rules that place findings inside a value (a column within a condition).
   */
  check(value: unknown, source?: LocatedSource): Finding[];
}
