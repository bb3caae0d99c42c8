// The `prodgate.*` settings of each document's scope, read from the client and cached until they change.
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, type ValidationSettings } from '../engine/validate.ts';

export interface ServerSettings extends ValidationSettings {
  enable: boolean;
  /** prodgate.governance.keyFile as written (relative to the workspace folder), if set. */
  overrideKeyFile?: string;
  /** prodgate.environment as written; checked where it is used (unknown values mean production). */
  environment?: unknown;
  /** prodgate.approvalLog as written (relative to the workspace folder); absent: the default log. */
  approvalLog?: string;
}

interface RawSettings {
  files?: unknown;
  maxFileSizeMB?: unknown;
  validate?: { enable?: unknown };
  governance?: { keyFile?: unknown };
  environment?: unknown;
  approvalLog?: unknown;
}

export class SettingsStore {
  private readonly cache = new Map<string, Promise<ServerSettings>>();

  constructor(
    private readonly connection: Connection,
    private readonly clientSupportsConfiguration: () => boolean,
  ) {}

  forDocument(uri: string): Promise<ServerSettings> {
    if (!this.clientSupportsConfiguration()) return Promise.resolve(normalize(undefined));
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'prodgate' })
        .then((raw: RawSettings | null) => normalize(raw ?? undefined), () => normalize(undefined));
      this.cache.set(uri, settings);
    }
    return settings;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }
}

/** Settings arrive from users' JSON: anything of the wrong shape falls back to the default. */
function normalize(raw: RawSettings | undefined): ServerSettings {
  const files: Record<string, string> = {};
  if (raw?.files && typeof raw.files === 'object' && !Array.isArray(raw.files)) {
    for (const [glob, kind] of Object.entries(raw.files)) if (typeof kind === 'string') files[glob] = kind;
  }
  const maxFileSizeMB =
    typeof raw?.maxFileSizeMB === 'number' && raw.maxFileSizeMB >= 0 ? raw.maxFileSizeMB : DEFAULT_SETTINGS.maxFileSizeMB;
  const enable = typeof raw?.validate?.enable === 'boolean' ? raw.validate.enable : true;
  const keyFile = raw?.governance?.keyFile;
  return {
    files,
    maxFileSizeMB,
    enable,
    ...(typeof keyFile === 'string' && keyFile.trim() !== '' ? { overrideKeyFile: keyFile.trim() } : {}),
    ...(raw?.environment !== undefined ? { environment: raw.environment } : {}),
    ...(typeof raw?.approvalLog === 'string' && raw.approvalLog.trim() !== '' ? { approvalLog: raw.approvalLog.trim() } : {}),
  };
}
