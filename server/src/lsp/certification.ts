// Certification in the server: which artifacts make up the workspace's bundle, the
// `prodgate/certify` request behind the Boundary Report, and the cross-file gates that become
// diagnostics in the file that must change.
import { dirname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { certify, type ArtifactInput, type CertificationInputs, type ReadinessLevel } from '../engine/certification/certify.ts';
import { INPUT_KINDS, type CertificationIssue, type InputName } from '../engine/certification/types.ts';
import { BUNDLE_KEYS } from '../engine/kinds/certification-bundle.ts';
import { suppressedIssues, withSuppressed } from '../engine/certification/suppressed.ts';
import { ignoreEntriesFor } from '../engine/suppressions.ts';
import { get, isObject } from '../engine/values.ts';
import { loadCertificationInputs, readBundle, type InputPaths, type SourceText } from '../io/certification-inputs.ts';
import { IssueLocator } from '../io/locate.ts';
import { toReportView } from '../report/view.ts';
import type { CertifyParams, CertifyResult } from './protocol.ts';
import type { ServerSettings } from './settings.ts';
import { uriToPath, type WorkspaceIndex } from './workspace-index.ts';

const INPUT_NAMES = Object.keys(INPUT_KINDS) as InputName[];

export class CertificationService {
  private selection: Partial<Record<InputName, string>> = {};
  /** The level each certification ended at, by bundle path ('' without a bundle), the latest last. */
  private readonly readiness = new Map<string, ReadinessLevel>();

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly workspaceFolders: () => readonly string[],
    private readonly openText: (path: string) => string | undefined,
    private readonly settingsFor: (uri: string) => Promise<ServerSettings>,
  ) {}

  remember(selection: Partial<Record<InputName, string>> | undefined): void {
    if (selection) this.selection = { ...this.selection, ...selection };
  }

  async certify(params: CertifyParams): Promise<CertifyResult> {
    this.remember(params.selection);
    await this.index.ready();
    const root = this.folderPath();
    let paths: InputPaths;
    let bundleUri = params.bundleUri;
    const display = (path: string) => (root ? relative(root, path) || path : path);
    const sources = new Map<string, SourceText>();
    const settings = await this.settingsFor(bundleUri ?? this.workspaceFolders()[0] ?? '');
    const options = { settings, displayPath: display, openText: this.openText, sources };
    bundleUri ??= this.configuredBundle(settings) ?? this.index.byKind('certification-bundle')[0]?.uri;
    if (bundleUri) {
      const bundlePath = uriToPath(bundleUri);
      if (!bundlePath) return { status: 'error', message: `Only bundles on disk can be certified (${bundleUri}).` };
      const bundle = await readBundle(bundlePath, options);
      if (bundle.problems.length > 0) return { status: 'error', message: bundle.problems.join(' ') };
      paths = bundle.paths;
    } else {
      const resolved = this.resolveByKind();
      if ('candidates' in resolved) return { status: 'choose', candidates: resolved.candidates };
      paths = resolved.paths;
    }
    if (!paths.connector_catalog && settings.connectorCatalog && settings.root) paths = { ...paths, connector_catalog: resolve(settings.root, settings.connectorCatalog) };
    const inputs = await loadCertificationInputs(paths, options);
    const configurationFor = (file: string) => ({
      rules: settings.rules,
      ignore: ignoreEntriesFor(settings.root ? relative(settings.root, sources.get(file)?.path ?? file) : file, settings.ignore),
    });
    const checked = certify(inputs);
    const report = withSuppressed(checked, suppressedIssues(inputs, checked, (file) => sources.get(file), configurationFor));
    const view = toReportView(report, new IssueLocator(sources), (file) => (root ? `${root}/${file}` : file));
    const readinessKey = bundleUri ? (uriToPath(bundleUri) ?? bundleUri) : '';
    this.readiness.delete(readinessKey); // re-inserted, so that it moves to the end
    this.readiness.set(readinessKey, report.summary.readiness_level);
    return { status: 'done', report, view, ...(bundleUri ? { bundleUri } : {}) };
  }

  /** The bundle the folder's configuration (or the prodgate.bundle setting) names, as a URI. */
  private configuredBundle(settings: ServerSettings): string | undefined {
    return settings.bundle && settings.root ? pathToFileURL(resolve(settings.root, settings.bundle)).href : undefined;
  }

  /** The readiness level of the last certification of a bundle, or without one, of the last certification. */
  lastReadiness(bundleUri?: string): ReadinessLevel | undefined {
    if (bundleUri === undefined) return [...this.readiness.values()].at(-1);
    return this.readiness.get(uriToPath(bundleUri) ?? bundleUri);
  }

  /**
   * Cross-file gate issues that belong in `path`: what the certification reports about this file
   * because of another one. Runs on the index (no audit log), so it is cheap enough for every edit.
   */
  crossFileIssues(path: string, settings?: ServerSettings): CertificationIssue[] {
    const artifact = this.index.get(path);
    if (!artifact || !(INPUT_NAMES as string[]).some((name) => INPUT_KINDS[name as InputName] === artifact.kind)) return [];
    const inputs = this.indexedInputs(settings);
    if (!inputs.certification_policy) return [];
    const file = path;
    return certify(inputs)
      .checks.flatMap((check) => check.issues)
      .filter((item) => item.file === file && item.location && 'jsonPath' in item.location && !repeatsOwnFinding(item));
  }

  /** The artifacts of the workspace's certification context, from the index. */
  private indexedInputs(settings: ServerSettings | undefined): CertificationInputs {
    const inputs: CertificationInputs = {};
    const paths = this.contextPaths(settings);
    for (const name of INPUT_NAMES) {
      if (name === 'audit_log') continue;
      const path = paths[name];
      const validation = path ? this.index.get(path)?.validation : undefined;
      if (path && validation) (inputs as Record<string, ArtifactInput>)[name] = { file: path, value: validation.value, findings: [] };
    }
    return inputs;
  }

  /** The configured bundle's paths, else the workspace bundle's when there is one, else one file per kind. */
  private contextPaths(settings: ServerSettings | undefined): InputPaths {
    const configured = settings?.bundle && settings.root ? resolve(settings.root, settings.bundle) : undefined;
    const bundle = (configured && this.index.get(configured)) || this.index.byKind('certification-bundle')[0];
    const value = bundle?.validation?.value;
    if (!bundle || !isObject(value)) {
      const resolved = this.resolveByKind(true);
      return 'paths' in resolved ? resolved.paths : {};
    }
    const paths: InputPaths = {};
    for (const key of BUNDLE_KEYS) {
      const relativePath = get(value, key);
      if (typeof relativePath === 'string') paths[key] = resolve(dirname(bundle.path), relativePath);
    }
    return paths;
  }

  /**
   * One file per input kind: the only candidate, or the one the user picked. With `lenient`, an
   * ambiguous kind is left out instead of asking.
   */
  private resolveByKind(lenient = false): { paths: InputPaths } | { candidates: Partial<Record<InputName, string[]>> } {
    const paths: InputPaths = {};
    const candidates: Partial<Record<InputName, string[]>> = {};
    for (const name of INPUT_NAMES) {
      const found = this.index.byKind(INPUT_KINDS[name]);
      const picked = this.selection[name];
      const chosen = picked ? found.find((artifact) => artifact.uri === picked) : found.length === 1 ? found[0] : undefined;
      if (chosen) paths[name] = chosen.path;
      else if (found.length > 1) candidates[name] = found.map((artifact) => artifact.uri);
    }
    if (!lenient && Object.keys(candidates).length > 0) return { candidates };
    return { paths };
  }

  private folderPath(): string | undefined {
    const folder = this.workspaceFolders()[0];
    return folder ? uriToPath(folder) : undefined;
  }
}

/** Cross-file issues that repeat what the file's own validation already reports there. */
function repeatsOwnFinding(issue: CertificationIssue): boolean {
  return issue.code === 'flag-not-true' || (issue.code === 'human-review-topic-missing' && issue.input === 'certification_policy');
}

