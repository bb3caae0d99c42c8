// ProdGate: Evaluate Deployment Governance, in the server: `prodgate/evaluateGovernance` evaluates a
// workflow scorecard with the rule and threshold files found for it (and the override and key files
// the settings name), and returns the run with links — to the file rule that decided and to each
// input file — for the client's panel to open. The request returns data; the client renders.
import { dirname, relative, resolve, sep } from 'node:path';
import { ErrorCodes, LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { findGovernanceFiles, GovernanceInputError, runGovernance, type GovernancePaths, type GovernanceRun } from '../../io/governance-inputs.ts';
import {
  EvaluateGovernanceRequest,
  GovernanceScorecardsRequest,
  type EvaluateGovernanceParams,
  type EvaluateGovernanceResult,
  type GovernanceInputName,
  type GovernanceLinks,
} from '../protocol.ts';
import { SourceLocator } from '../source-links.ts';
import { uriToPath, type WorkspaceIndex } from '../workspace-index.ts';
import type { Feature } from './feature.ts';
import { DEFAULT_DECISION_LOG } from '../../io/decision-log.ts';
import { GOVERNANCE_BUNDLE_KEYS } from '../../engine/kinds/certification-bundle.ts';

const INPUT_NAMES: readonly GovernanceInputName[] = ['scorecard', 'rules', 'thresholds', 'override'];

export const governance: Feature = {
  capabilities: {},
  register(connection, { documents, index }) {
    const openText = (path: string): string | undefined => documents.all().find((document) => uriToPath(document.uri) === path)?.getText();

    connection.onRequest(GovernanceScorecardsRequest, async (): Promise<string[]> => {
      await index.ready();
      return index.byKind('workflow-scorecard').map((artifact) => artifact.uri);
    });

    connection.onRequest(EvaluateGovernanceRequest, async (params: EvaluateGovernanceParams | undefined): Promise<EvaluateGovernanceResult> => {
      const scorecardUri = typeof params?.scorecardUri === 'string' ? params.scorecardUri : '';
      const scorecard = uriToPath(scorecardUri);
      if (!scorecard) throw new ResponseError(ErrorCodes.InvalidParams, `Only scorecards on disk can be evaluated (${scorecardUri || 'no scorecard given'}).`);
      await index.ready();
      const root = await folderOf(connection, scorecard);
      const settings = await governanceSettings(connection, scorecardUri);
      // Where the rules and thresholds come from, strongest first: settings, the workspace's
      // bundle, the locations the spec names.
      const paths: GovernancePaths = { scorecard, ...(await findGovernanceFiles(scorecard, root)), ...bundleGovernancePaths(index) };
      // Relative setting paths are read from the workspace folder (the scorecard's folder outside one).
      const base = root ?? dirname(scorecard);
      if (settings.rulesFile) paths.rules = resolve(base, settings.rulesFile);
      if (settings.thresholdsFile) paths.thresholds = resolve(base, settings.thresholdsFile);
      if (settings.overrideFile) paths.override = resolve(base, settings.overrideFile);
      if (settings.keyFile) paths.key = resolve(base, settings.keyFile);
      if (settings.decisionLog !== '') paths.log = resolve(base, settings.decisionLog);
      const displayPath = (path: string): string => (root ? relative(root, path) || path : path);
      let run: GovernanceRun;
      try {
        run = await runGovernance(paths, { displayPath, openText });
      } catch (error) {
        if (error instanceof GovernanceInputError) throw new ResponseError(LSPErrorCodes.RequestFailed, error.message);
        throw error;
      }
      return { run, links: await linksOf(run, root, openText) };
    });
  },
};

/** The workspace folder holding the file (the innermost one), when the client tells its folders. */
async function folderOf(connection: Connection, path: string): Promise<string | undefined> {
  let folders: string[] = [];
  try {
    folders = ((await connection.workspace.getWorkspaceFolders()) ?? []).flatMap((folder) => {
      const folderPath = uriToPath(folder.uri);
      return folderPath ? [folderPath] : [];
    });
  } catch {
    return undefined; // a client that does not answer: the files are looked for without a root
  }
  return folders
    .filter((folder) => path === folder || path.startsWith(folder.endsWith(sep) ? folder : `${folder}${sep}`))
    .sort((a, b) => b.length - a.length)[0];
}

/**
 * `prodgate.governance.overrideFile` / `keyFile`: non-empty strings, else unset. `decisionLog`:
 * where each evaluation is logged, '' for nowhere.
 */
async function governanceSettings(
  connection: Connection,
  scopeUri: string,
): Promise<{ overrideFile?: string; keyFile?: string; rulesFile?: string; thresholdsFile?: string; decisionLog: string }> {
  let raw: unknown;
  try {
    raw = await connection.workspace.getConfiguration({ scopeUri, section: 'prodgate' });
  } catch {
    return { decisionLog: DEFAULT_DECISION_LOG };
  }
  const section = isRecord(raw) && isRecord(raw.governance) ? raw.governance : {};
  const decisionLog = typeof section.decisionLog === 'string' ? section.decisionLog.trim() : DEFAULT_DECISION_LOG;
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  const files = {
    overrideFile: text(section.overrideFile),
    keyFile: text(section.keyFile),
    rulesFile: text(section.rulesFile),
    thresholdsFile: text(section.thresholdsFile),
  };
  return { ...Object.fromEntries(Object.entries(files).filter(([, value]) => value !== undefined)), decisionLog };
}

/** The rule and threshold files the workspace's bundle names, resolved against the bundle's folder. */
function bundleGovernancePaths(index: WorkspaceIndex): Pick<GovernancePaths, 'rules' | 'thresholds'> {
  const bundle = index.byKind('certification-bundle')[0];
  const value = bundle?.validation?.value;
  const pathOf = (key: (typeof GOVERNANCE_BUNDLE_KEYS)[number]): string | undefined => {
    const path = isRecord(value) ? value[key] : undefined;
    return bundle && typeof path === 'string' && path !== '' ? resolve(dirname(bundle.path), path) : undefined;
  };
  const rules = pathOf('governance_rules');
  const thresholds = pathOf('deployment_thresholds');
  return { ...(rules ? { rules } : {}), ...(thresholds ? { thresholds } : {}) };
}

/** Links to the file rule that decided and to each input file. */
async function linksOf(run: GovernanceRun, root: string | undefined, openText: (path: string) => string | undefined): Promise<GovernanceLinks> {
  const locator = new SourceLocator(root, openText);
  const links: GovernanceLinks = { inputs: [] };
  const decided = run.result.trace.find((entry) => entry.step === 'rule' && entry.status === 'matched');
  const rule = decided?.rule;
  const location = rule?.source === 'file' ? run.ruleLocations[rule.index] : undefined;
  if (rule && location) {
    const link = await locator.link(location.file, location.path);
    if (link) links.rule = { ...link, index: rule.index };
  }
  for (const name of INPUT_NAMES) {
    const file = run.files[name];
    if (typeof file !== 'string' || file === '') continue;
    const link = await locator.link(file, [], 'key');
    if (link) links.inputs.push({ name, file, ...link });
  }
  return links;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
