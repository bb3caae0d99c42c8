// Hover on artifacts: a key's schema description, with its type and the values it takes; on a
// value, what the gates make of it: which gate and which file require a metric, a connector's
// catalog entry and the policies that require it, and the minimum a threshold is held to and
// whether the value meets it.
import type { Hover } from 'vscode-languageserver';
import type { KindId } from '../../engine/kinds/index.ts';
import { nodeAtOffset, type JsonPath, type LNode, type Span } from '../../engine/located.ts';
import {
  connectorMarkdown,
  keyDocumentation,
  keyPathOf,
  metricMarkdown,
  roleAt,
  thresholdMarkdown,
  type WorkspaceArtifact,
} from '../../engine/schema-navigation.ts';
import type { Feature } from './feature.ts';

export const hover: Feature = {
  capabilities: { hoverProvider: true },
  register(connection, context) {
    connection.onHover(async ({ textDocument, position }): Promise<Hover | null> => {
      // Requirements come from the workspace's certification policies: wait for its first scan.
      await context.index.ready();
      const document = context.documents.get(textDocument.uri);
      if (!document) return null;
      const { kind, root } = context.analyses.of(document);
      if (!kind || !root) return null;
      const at = nodeAtOffset(root, document.offsetAt(position));
      if (!at || at.path.length === 0) return null;
      const policies = context.index.byKind('certification-policy');
      let span: Span | undefined;
      let markdown: string | undefined;
      if (at.on === 'key') {
        span = at.parent?.type === 'object' ? at.parent.properties.find((property) => property.value === at.node)?.keySpan : undefined;
        markdown = keyHover(kind, at.path, at.node, policies);
      } else if (at.node.type === 'scalar') {
        span = at.node;
        markdown = valueHover(kind, at.path, at.node, policies);
      }
      if (!span || !markdown) return null;
      return {
        contents: { kind: 'markdown', value: markdown },
        range: { start: document.positionAt(span.offset), end: document.positionAt(span.offset + span.length) },
      };
    });
  },
};

/** The key's description; for a threshold, also the minimum its value is held to. */
function keyHover(kind: KindId, path: JsonPath, value: LNode, policies: readonly WorkspaceArtifact[]): string | undefined {
  const documentation = keyDocumentation(kind, path);
  if (!documentation) return undefined;
  const parts = [`**${String(path[path.length - 1])}**`, documentation];
  const role = roleAt(kind, path);
  if (role?.role === 'threshold' && value.type === 'scalar' && typeof value.value === 'number') {
    parts.push(thresholdMarkdown(role, value.value, policies));
  }
  return parts.join('\n\n');
}

/** A metric or a connector explained; any other value gets its key's hover. */
function valueHover(kind: KindId, path: JsonPath, value: LNode & { type: 'scalar' }, policies: readonly WorkspaceArtifact[]): string | undefined {
  const role = roleAt(kind, path);
  if (typeof value.value === 'string') {
    if (role?.role === 'metric-list') return `**${value.value}** · metric\n\n${metricMarkdown(role, value.value, policies)}`;
    if (role?.role === 'connector') return `**${value.value}** · connector\n\n${connectorMarkdown(value.value, policies)}`;
  }
  const keyPath = keyPathOf(path);
  return keyPath.length > 0 ? keyHover(kind, keyPath, value, policies) : undefined;
}
