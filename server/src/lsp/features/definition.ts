// Go to definition across artifacts: from a connector id to the evidence-registry sources the
// connector requires, from a shadow log's retention_policy_ref to the retention policy, and from a
// bundle's path to the file.
import { readFile, stat } from 'node:fs/promises';
import { dirname, parse, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Location, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AANA_CATALOG } from '../../engine/certification/catalog.ts';
import { BUNDLE_KEYS } from '../../engine/kinds/certification-bundle.ts';
import { KINDS } from '../../engine/kinds/index.ts';
import { childOf, formatJsonPath, nodeAtOffset, propertyOf, type LNode } from '../../engine/located.ts';
import type { Validation } from '../../engine/validate.ts';
import { get } from '../../engine/values.ts';
import { uriToPath, type IndexedArtifact } from '../workspace-index.ts';
import type { Feature, FeatureContext } from './feature.ts';
import { rangeOf } from './symbols.ts';

/** The document a reference is written in. */
interface Referrer {
  document: TextDocument;
  validation: Validation;
}

type Resolve = (reference: string, referrer: Referrer, context: FeatureContext) => Promise<Location[]>;

const FILE_START = Range.create(0, 0, 0, 0);

/** Where references are written: kind and JSON path (list indexes as `[]`) → what they point to. */
const REFERENCES = new Map<string, Resolve>([
  ['certification-policy $.connector_evidence.required_connectors[]', connectorSources],
  ['external-evidence $.connector_manifests[].connector_id', connectorSources],
  ['external-evidence $.shadow_mode_logs.retention_policy_ref', retentionPolicies],
  ...BUNDLE_KEYS.map((key): [string, Resolve] => [`certification-bundle $.${key}`, bundleFile]),
]);

export const definition: Feature = {
  capabilities: { definitionProvider: true },
  register(connection, context) {
    connection.onDefinition(async ({ textDocument, position }) => {
      const document = context.documents.get(textDocument.uri);
      if (!document) return null;
      const validation = context.analyses.of(document);
      if (!validation.kind || !validation.root) return null;
      const at = nodeAtOffset(validation.root, document.offsetAt(position));
      if (!at || at.on !== 'value' || at.node.type !== 'scalar' || typeof at.node.value !== 'string' || at.node.value.trim() === '') return null;
      const resolveReference = REFERENCES.get(`${validation.kind} ${formatJsonPath(at.path).replace(/\[\d+\]/g, '[]')}`);
      return resolveReference ? resolveReference(at.node.value.trim(), { document, validation }, context) : null;
    });
  },
};

/** The registry sources a connector of the catalog requires, in every evidence registry of the workspace. */
async function connectorSources(connectorId: string, _referrer: Referrer, context: FeatureContext): Promise<Location[]> {
  const required = new Set(AANA_CATALOG.find((integration) => integration.id === connectorId)?.requiredSourceIds);
  if (required.size === 0) return [];
  await context.index.ready();
  const locations: Location[] = [];
  for (const registry of context.index.byKind('evidence-registry')) {
    const located = await locatedText(registry, context);
    const sources = located && childOf(located.root, 'sources');
    if (!located || sources?.type !== 'array') continue;
    for (const source of sources.items) {
      const id = source.type === 'object' ? propertyOf(source, 'source_id')?.value : undefined;
      if (id?.type === 'scalar' && typeof id.value === 'string' && required.has(id.value)) {
        locations.push(Location.create(located.document.uri, rangeOf(located.document, source.offset, source)));
      }
    }
  }
  return locations;
}

/**
 * The retention policy a shadow log refers to: the manifest's own audit_retention_policy section,
 * and the workspace artifacts named by the reference (their file name, or their policy_name).
 */
async function retentionPolicies(reference: string, { document, validation }: Referrer, context: FeatureContext): Promise<Location[]> {
  const locations: Location[] = [];
  const section = validation.root?.type === 'object' ? propertyOf(validation.root, 'audit_retention_policy') : undefined;
  if (section) locations.push(Location.create(document.uri, rangeOf(document, section.keySpan.offset, section.value)));
  const ownPath = uriToPath(document.uri);
  await context.index.ready();
  for (const artifact of KINDS.flatMap((kind) => context.index.byKind(kind.id))) {
    if (artifact.path === ownPath) continue;
    const policyName = get(artifact.validation?.value, 'policy_name');
    const byPolicyName = typeof policyName === 'string' && policyName.trim().toLowerCase() === reference.toLowerCase();
    if (byPolicyName || namesFile(reference, artifact.path)) locations.push(Location.create(artifact.uri, FILE_START));
  }
  return locations;
}

/** Whether a reference (a name, a path or a URI) names the file, with or without its extension. */
function namesFile(reference: string, path: string): boolean {
  const named = reference.split(/[/\\]/).at(-1)!.toLowerCase();
  const file = parse(path);
  return named === file.base.toLowerCase() || named === file.name.toLowerCase();
}

/** The file a bundle path names, relative to the bundle's directory (when it exists). */
async function bundleFile(relativePath: string, { document }: Referrer): Promise<Location[]> {
  const bundlePath = uriToPath(document.uri);
  if (!bundlePath) return [];
  const target = resolve(dirname(bundlePath), relativePath);
  const isFile = await stat(target).then((stats) => stats.isFile(), () => false);
  return isFile ? [Location.create(pathToFileURL(target).href, FILE_START)] : [];
}

/**
 * An indexed artifact's located tree with the text its offsets refer to: the editor's text when
 * the file is open there, else the file on disk (which the index's tree was made from).
 */
async function locatedText(artifact: IndexedArtifact, { documents, analyses }: FeatureContext): Promise<{ document: TextDocument; root: LNode } | undefined> {
  const open = documents.all().find((document) => uriToPath(document.uri) === artifact.path);
  if (open) {
    const root = analyses.of(open).root;
    return root && { document: open, root };
  }
  const root = artifact.validation?.root;
  if (!root) return undefined;
  const text = await readFile(artifact.path, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : { document: TextDocument.create(artifact.uri, 'plaintext', 0, text), root };
}
