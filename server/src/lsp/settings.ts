// The settings of each document's scope: its workspace folder's configuration file
// (.prodgate.yaml|yml|json) over the `prodgate.*` settings of the client, cached until either changes.
import { dirname } from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, type ValidationSettings } from '../engine/validate.ts';
import { readWorkspaceConfig, type IgnoreEntry, type RuleSetting } from '../engine/workspace-config.ts';
import { readConfigFile, type ConfigReading } from '../io/workspace-config.ts';
import { uriToPath } from './workspace-index.ts';

export interface ServerSettings extends ValidationSettings {
  enable: boolean;
  /** prodgate.governance.keyFile as written (relative to the workspace folder), if set. */
  overrideKeyFile?: string;
  /** prodgate.environment as written; checked where it is used (unknown values mean production). */
  environment?: unknown;
  /** prodgate.approvalLog as written (relative to the workspace folder); absent: the default log. */
  approvalLog?: string;
  rules: Record<string, RuleSetting>;
  ignore: IgnoreEntry[];
  /** Relative to the workspace folder, as written. */
  bundle?: string;
  connectorCatalog?: string;
  /** The workspace folder whose configuration applies (a file outside every folder: its own folder). */
  root?: string;
  /** The folder's configuration file, when it has one. */
  configFile?: ConfigReading;
}

interface RawSettings {
  files?: unknown;
  maxFileSizeMB?: unknown;
  validate?: { enable?: unknown };
  governance?: { keyFile?: unknown };
  environment?: unknown;
  approvalLog?: unknown;
  rules?: unknown;
  ignore?: unknown;
  bundle?: unknown;
  connectorCatalog?: unknown;
}

export class SettingsStore {
  private readonly cache = new Map<string, Promise<ServerSettings>>();
  private readonly configFiles = new Map<string, Promise<ConfigReading | undefined>>();

  constructor(
    private readonly connection: Connection,
    private readonly clientSupportsConfiguration: () => boolean,
    /** The workspace folder holding a path, if any. */
    private readonly rootOf: (path: string) => string | undefined,
    /** The editor's text of an open file. */
    private readonly openText: (path: string) => string | undefined,
  ) {}

  forDocument(uri: string): Promise<ServerSettings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      const raw: Promise<RawSettings | undefined> = this.clientSupportsConfiguration()
        ? this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'prodgate' }).then(
            (value: RawSettings | null) => value ?? undefined,
            () => undefined,
          )
        : Promise.resolve(undefined);
      const root = this.folderOf(uri);
      settings = Promise.all([raw, root ? this.configFileOf(root) : undefined]).then(([value, configFile]) => merge(normalize(value), root, configFile));
      this.cache.set(uri, settings);
    }
    return settings;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** Settings or a configuration file changed: everything is read again. */
  clear(): void {
    this.cache.clear();
    this.configFiles.clear();
  }

  private configFileOf(root: string): Promise<ConfigReading | undefined> {
    let reading = this.configFiles.get(root);
    if (!reading) {
      reading = readConfigFile(root, this.openText);
      this.configFiles.set(root, reading);
    }
    return reading;
  }

  /** A document's workspace folder; a folder URI is its own; a file outside every folder uses its directory. */
  private folderOf(uri: string): string | undefined {
    const path = uriToPath(uri);
    return path && (this.rootOf(path) ?? dirname(path));
  }
}

/** The configuration file's keys take precedence; in rules and files, entry by entry. */
function merge(settings: ServerSettings, root: string | undefined, configFile: ConfigReading | undefined): ServerSettings {
  if (!configFile) return { ...settings, ...(root ? { root } : {}) };
  const { config } = configFile;
  return {
    ...settings,
    files: { ...settings.files, ...config.files },
    rules: { ...settings.rules, ...config.rules },
    ignore: config.ignore ?? settings.ignore,
    ...(config.bundle ?? settings.bundle ? { bundle: config.bundle ?? settings.bundle } : {}),
    ...(config.connectorCatalog ?? settings.connectorCatalog ? { connectorCatalog: config.connectorCatalog ?? settings.connectorCatalog } : {}),
    ...(root ? { root } : {}),
    configFile,
  };
}

/** Settings arrive from users' JSON: anything of the wrong shape falls back to the default. */
function normalize(raw: RawSettings | undefined): ServerSettings {
  // The settings share the configuration file's shapes, so one reader checks both.
  const shared = readWorkspaceConfig({ files: raw?.files, rules: raw?.rules, ignore: raw?.ignore, bundle: raw?.bundle, connectorCatalog: raw?.connectorCatalog });
  const maxFileSizeMB =
    typeof raw?.maxFileSizeMB === 'number' && raw.maxFileSizeMB >= 0 ? raw.maxFileSizeMB : DEFAULT_SETTINGS.maxFileSizeMB;
  const enable = typeof raw?.validate?.enable === 'boolean' ? raw.validate.enable : true;
  const keyFile = raw?.governance?.keyFile;
  return {
    files: shared.files ?? {},
    maxFileSizeMB,
    enable,
    rules: shared.rules ?? {},
    ignore: shared.ignore ?? [],
    ...(shared.bundle ? { bundle: shared.bundle } : {}),
    ...(shared.connectorCatalog ? { connectorCatalog: shared.connectorCatalog } : {}),
    ...(typeof keyFile === 'string' && keyFile.trim() !== '' ? { overrideKeyFile: keyFile.trim() } : {}),
    ...(raw?.environment !== undefined ? { environment: raw.environment } : {}),
    ...(typeof raw?.approvalLog === 'string' && raw.approvalLog.trim() !== '' ? { approvalLog: raw.approvalLog.trim() } : {}),
  };
}
