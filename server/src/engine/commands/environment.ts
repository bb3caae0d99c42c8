// Which environment a workspace deploys to. The production read-only policy's rule: when the
// environment is uncertain, it is production.
export const ENVIRONMENTS = ['production', 'staging', 'development'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export interface ResolvedEnvironment {
  environment: Environment;
  /** Where it came from, for messages: the file, the setting, or the default. */
  source: string;
}

/** What the environment file says: its `environment` value (undefined when unset), or why it could not be read. */
export type EnvironmentFileReading = { file: string; value: unknown } | { file: string; problem: string };

/**
 * The workspace file's `environment` first, then the `prodgate.environment` setting; an absent or
 * unknown value at the level that sets it falls to production, never to a laxer environment.
 */
export function resolveEnvironment(fromFile: EnvironmentFileReading | undefined, fromSetting: unknown): ResolvedEnvironment {
  if (fromFile && 'problem' in fromFile) return { environment: 'production', source: `${fromFile.file} (${fromFile.problem}: treated as production)` };
  if (fromFile && fromFile.value !== undefined) {
    return isEnvironment(fromFile.value)
      ? { environment: fromFile.value, source: fromFile.file }
      : { environment: 'production', source: `${fromFile.file} (unknown environment ${JSON.stringify(fromFile.value)}: treated as production)` };
  }
  if (fromSetting !== undefined && fromSetting !== '') {
    return isEnvironment(fromSetting)
      ? { environment: fromSetting, source: 'the prodgate.environment setting' }
      : { environment: 'production', source: `the prodgate.environment setting (unknown environment ${JSON.stringify(fromSetting)}: treated as production)` };
  }
  return { environment: 'production', source: 'the default: an undetected environment is production' };
}

function isEnvironment(value: unknown): value is Environment {
  return typeof value === 'string' && (ENVIRONMENTS as readonly string[]).includes(value);
}
