// Reads a deployment-governance evaluation's inputs (scorecard, rule file, thresholds file, signed
// override and its key) from disk or from the editor's open documents, evaluates them and, when
// asked, appends the decision to the log. Problems with the optional inputs become clear sentences
// in `problems` (the input is then ignored); only an unreadable scorecard or decision log throws.
import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import {
  evaluateGovernance,
  FORCEABLE_VERDICTS,
  type GovernanceInput,
  type GovernanceResult,
  type GovernanceRule,
  type GovernanceThresholds,
  type Scorecard,
} from '../engine/governance/evaluate.ts';
import { verifyOverride, type OverrideVerification } from '../engine/governance/override.ts';
import type { KindId } from '../engine/kinds/kind.ts';
import { kindById } from '../engine/kinds/index.ts';
import { formatOf, validateDocument, DEFAULT_SETTINGS } from '../engine/validate.ts';
import { appendDecision, decisionRecord } from './decision-log.ts';
import { readRegularFile } from './regular-file.ts';

export interface GovernancePaths {
  scorecard: string;
  rules?: string;
  thresholds?: string;
  override?: string;
  key?: string;
  log?: string;
}

export interface GovernanceRun {
  result: GovernanceResult;
  /** Display names of the files used. */
  files: { scorecard: string; rules?: string; thresholds?: string; override?: string };
  /** Where each file rule is: index in the rule file → its JSON path there (for links to the rule that decided). */
  ruleLocations: { file: string; path: (string | number)[] }[];
  /** Problems with the inputs (unreadable, wrong kind, invalid override, unknown verdict...): each a clear sentence. */
  problems: string[];
}

export interface GovernanceOptions {
  /** How files are named in the run (e.g. relative to the workspace). */
  displayPath?: (path: string) => string;
  /** The text of a file as the editor has it, when it is open there. */
  openText?: (path: string) => string | undefined;
  /** The decision log's timestamp (default: now). */
  now?: Date;
}

/** Thrown when the evaluation cannot run at all (unreadable scorecard) or its decision cannot be logged. */
export class GovernanceInputError extends Error {
  override name = 'GovernanceInputError';
}

const RULE_FILES = ['deployment_governance.yaml', 'deployment_governance.json'];
const THRESHOLD_FILES = ['deployment_policy.yaml', 'deployment_policy.json'];

const NUMERIC_THRESHOLDS = [
  'raroi_threshold',
  'confidence_threshold',
  'scenario_score_min',
  'sandbox_roi_low',
  'adapter_roi_high',
  'sandbox_low',
  'adapter_high',
  'max_variance',
  'roi_forecast_min',
  'foresight_confidence_min',
] as const;
const BOOLEAN_THRESHOLDS = ['allow_negative_dag', 'borderline'] as const;
const SECTIONS = ['promote', 'demote', 'micro_pilot'];

const decoder = new TextDecoder('utf-8');
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function inside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..' && !/^[a-zA-Z]:/.test(rel));
}

/**
 * The rule and threshold files the spec names (config/deployment_governance.yaml|json,
 * config/deployment_policy.yaml|json), searched from the scorecard's folder up to `root`
 * (inclusive; the file system root when absent). The nearest folder with a file wins, `.yaml`
 * before `.json`; each of the two is searched on its own. A scorecard outside `root` is searched
 * only from its own folder.
 */
export async function findGovernanceFiles(scorecardPath: string, root?: string): Promise<Pick<GovernancePaths, 'rules' | 'thresholds'>> {
  const found: Pick<GovernancePaths, 'rules' | 'thresholds'> = {};
  const top = root === undefined ? undefined : resolve(root);
  let folder = dirname(resolve(scorecardPath));
  const climb = top === undefined || inside(folder, top);
  for (;;) {
    for (const [key, names] of [['rules', RULE_FILES], ['thresholds', THRESHOLD_FILES]] as const) {
      if (found[key] !== undefined) continue;
      for (const name of names) {
        const candidate = join(folder, 'config', name);
        if (await isFile(candidate)) {
          found[key] = candidate;
          break;
        }
      }
    }
    if ((found.rules !== undefined && found.thresholds !== undefined) || !climb || folder === top) break;
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return found;
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EFTYPE') return 'not a regular file (a FIFO, socket or device)';
  return (error as Error).message;
}

interface Loaded {
  file: string;
  text?: string;
  value?: unknown;
  /** Set when the input cannot be used. */
  problem?: string;
  /** Error findings of a usable input. */
  errors: string[];
}

/** Reads and validates one input as `kind`: `array` for the rule file (a list), an object otherwise. */
async function load(path: string, kind: KindId, shape: 'object' | 'array', options: GovernanceOptions): Promise<Loaded> {
  const file = options.displayPath?.(path) ?? path;
  const expected = kindById(kind)!;
  let text: string;
  try {
    text = options.openText?.(path) ?? decoder.decode((await readRegularFile(path)).bytes);
  } catch (error) {
    return { file, problem: `${file}: cannot read the ${expected.title}: ${describeError(error)}.`, errors: [] };
  }
  const format = formatOf(path);
  if (!format || format === 'jsonl') return { file, text, problem: `${file}: a ${expected.title} must be a .json, .jsonc, .yaml or .yml file.`, errors: [] };
  const validation = validateDocument({ text, path, kind }, DEFAULT_SETTINGS);
  if (validation.detectedKind) {
    return { file, text, problem: `${file} is a ${kindById(validation.detectedKind)!.title}, not a ${expected.title}.`, errors: [] };
  }
  const errors = validation.findings.filter((finding) => finding.severity === 'error');
  const fits = shape === 'array' ? Array.isArray(validation.value) : isRecord(validation.value);
  if (!fits) {
    const syntax = errors.find((finding) => ['syntax-error', 'nesting-too-deep', 'yaml-alias-limit', 'file-too-large', 'document-empty'].includes(finding.code));
    const why = syntax ? syntax.message : shape === 'array' ? 'it is not a list of rules.' : 'it is not a JSON object.';
    return { file, text, problem: `${file}: cannot use this ${expected.title}: ${why}`, errors: [] };
  }
  return { file, text, value: validation.value, errors: errors.map((finding) => `${file}: ${finding.message}`) };
}

function readRules(loaded: Loaded, problems: string[]): { rules: GovernanceRule[]; locations: GovernanceRun['ruleLocations'] } {
  const rules: GovernanceRule[] = [];
  const locations: GovernanceRun['ruleLocations'] = [];
  (loaded.value as unknown[]).forEach((item, index) => {
    const where = `${loaded.file}: rule ${index + 1}`;
    if (!isRecord(item)) {
      problems.push(`${where} is not an object: ignored.`);
      return;
    }
    if (typeof item.condition !== 'string') {
      problems.push(`${where} has no condition string: it is skipped.`);
    }
    const decision = item.decision;
    if (typeof decision !== 'string' || !(FORCEABLE_VERDICTS as readonly string[]).includes(decision)) {
      problems.push(`${where}: decision ${JSON.stringify(decision ?? null)} is not one of ${FORCEABLE_VERDICTS.join(', ')}; if the rule fires it becomes the verdict as is.`);
    }
    rules.push(item as unknown as GovernanceRule);
    locations.push({ file: loaded.file, path: [index] });
  });
  return { rules, locations };
}

function readThresholds(loaded: Loaded, problems: string[]): GovernanceThresholds {
  const value = loaded.value as Record<string, unknown>;
  const thresholds: Record<string, unknown> = {};
  for (const key of NUMERIC_THRESHOLDS) {
    if (!Object.hasOwn(value, key)) continue;
    const item = value[key];
    if (item === null || isNumber(item)) thresholds[key] = item;
    else problems.push(`${loaded.file}: ${key} is ${JSON.stringify(item)}, not a number: the default is used.`);
  }
  for (const key of BOOLEAN_THRESHOLDS) {
    if (!Object.hasOwn(value, key)) continue;
    if (typeof value[key] === 'boolean') thresholds[key] = value[key];
    else problems.push(`${loaded.file}: ${key} is ${JSON.stringify(value[key])}, not true or false: ignored.`);
  }
  if (Object.hasOwn(value, 'scenario_thresholds')) {
    const scenarios = value.scenario_thresholds;
    if (isRecord(scenarios)) {
      const kept: Record<string, number> = {};
      for (const [name, minimum] of Object.entries(scenarios)) {
        if (isNumber(minimum)) kept[name] = minimum;
        else problems.push(`${loaded.file}: scenario_thresholds.${name} is ${JSON.stringify(minimum)}, not a number: ignored.`);
      }
      thresholds.scenario_thresholds = kept;
    } else problems.push(`${loaded.file}: scenario_thresholds is not a mapping of scenario names to minimum scores: ignored.`);
  }
  const sections = SECTIONS.filter((key) => Object.hasOwn(value, key));
  if (sections.length > 0) {
    problems.push(`${loaded.file}: the ${sections.join(', ')} section${sections.length > 1 ? 's are' : ' is'} read only by menace's module-level evaluate(), not by the workflow evaluation: ignored.`);
  }
  return thresholds as GovernanceThresholds;
}

async function readOverride(paths: GovernancePaths, options: GovernanceOptions, problems: string[]): Promise<{ file: string; verification: OverrideVerification } | undefined> {
  if (paths.override === undefined) return undefined;
  const loaded = await load(paths.override, 'signed-override', 'object', options);
  const ignored = (reason: string) => {
    problems.push(`${loaded.file}: override ignored: ${reason}`);
    return { file: loaded.file, verification: { valid: false, reason } as OverrideVerification };
  };
  if (loaded.problem !== undefined) {
    problems.push(`${loaded.problem} The override is ignored.`);
    return { file: loaded.file, verification: { valid: false, reason: loaded.problem } };
  }
  if (paths.key === undefined) return ignored('no key file to verify its signature.');
  const keyFile = options.displayPath?.(paths.key) ?? paths.key;
  let key: Uint8Array;
  try {
    key = (await readRegularFile(paths.key)).bytes;
  } catch (error) {
    return ignored(`cannot read the key ${keyFile}: ${describeError(error)}.`);
  }
  // The raw text keeps float literals (1.0) as Python signs them; YAML overrides are checked as parsed.
  const format = formatOf(paths.override);
  const verification = verifyOverride(format === 'json' && loaded.text !== undefined ? loaded.text : loaded.value, key);
  if (!verification.valid) return ignored(`${verification.reason}.`);
  const forced = verification.data.verdict ?? verification.data.forced_verdict;
  if (forced !== undefined && forced !== null && forced !== '' && !(typeof forced === 'string' && (FORCEABLE_VERDICTS as readonly string[]).includes(forced))) {
    problems.push(`${loaded.file}: the forced verdict ${JSON.stringify(forced)} is not one of ${FORCEABLE_VERDICTS.join(', ')}: it is ignored.`);
  }
  return { file: loaded.file, verification };
}

/** Loads the inputs, evaluates the scorecard and, with `paths.log`, appends the decision. */
export async function runGovernance(paths: GovernancePaths, options: GovernanceOptions = {}): Promise<GovernanceRun> {
  const problems: string[] = [];
  const scorecardFile = options.displayPath?.(paths.scorecard) ?? paths.scorecard;
  const loadedScorecard = await load(paths.scorecard, 'workflow-scorecard', 'object', options);
  if (loadedScorecard.value === undefined && loadedScorecard.text === undefined) throw new GovernanceInputError(loadedScorecard.problem!);
  if (loadedScorecard.problem !== undefined) problems.push(`${loadedScorecard.problem} It is evaluated as an empty scorecard.`);
  problems.push(...loadedScorecard.errors);
  const scorecard = (isRecord(loadedScorecard.value) ? loadedScorecard.value : {}) as Scorecard;

  const files: GovernanceRun['files'] = { scorecard: scorecardFile };
  const input: GovernanceInput = { scorecard };
  let ruleLocations: GovernanceRun['ruleLocations'] = [];
  const overrideProblems: string[] = [];

  const [rules, thresholds, override] = await Promise.all([
    paths.rules === undefined ? undefined : load(paths.rules, 'governance-rules', 'array', options),
    paths.thresholds === undefined ? undefined : load(paths.thresholds, 'deployment-thresholds', 'object', options),
    readOverride(paths, options, overrideProblems),
  ]);
  if (rules !== undefined) {
    files.rules = rules.file;
    if (rules.problem !== undefined) problems.push(`${rules.problem} The built-in rules are used.`);
    else {
      problems.push(...rules.errors);
      const read = readRules(rules, problems);
      input.rules = read.rules;
      ruleLocations = read.locations;
    }
  }
  if (thresholds !== undefined) {
    files.thresholds = thresholds.file;
    if (thresholds.problem !== undefined) problems.push(`${thresholds.problem} The default thresholds are used.`);
    else {
      problems.push(...thresholds.errors);
      input.thresholds = readThresholds(thresholds, problems);
    }
  }
  if (override !== undefined) {
    problems.push(...overrideProblems);
    files.override = override.file;
    input.overrides = [override.verification];
  }

  const result = evaluateGovernance(input);
  if (paths.log !== undefined) {
    const id = scorecard.workflow_id;
    const workflowId = typeof id === 'string' && id !== '' ? id : basename(paths.scorecard, extname(paths.scorecard)).replace(/\.scorecard$/, '');
    try {
      await appendDecision(paths.log, decisionRecord({ workflowId, input, result, ...(options.now ? { now: options.now } : {}) }));
    } catch (error) {
      const file = options.displayPath?.(paths.log) ?? paths.log;
      throw new GovernanceInputError(`${file}: cannot append to the decision log: ${describeError(error)}.`);
    }
  }
  return { result, files, ruleLocations, problems };
}
