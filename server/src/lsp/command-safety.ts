// Production command safety in the editor: the environment of each workspace folder (its
// configuration file, then the prodgate.environment setting, else production), and the blocked
// commands of shell scripts, Markdown runbooks and agent policy allow lists while it is production.
import { resolve } from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { allowListCommandFindings, blockedCommandFindings } from '../engine/commands/command-findings.ts';
import { markdownCommands, shellScriptCommands } from '../engine/commands/command-sources.ts';
import { resolveEnvironment, type EnvironmentFileReading, type ResolvedEnvironment } from '../engine/commands/environment.ts';
import type { Finding } from '../engine/findings.ts';
import type { Validation } from '../engine/validate.ts';
import { DEFAULT_APPROVAL_LOG } from '../io/approval-log.ts';
import type { ServerSettings } from './settings.ts';

export class CommandSafety {
  constructor(
    private readonly settingsFor: (uri: string) => Promise<ServerSettings>,
    /** The workspace folders' URIs, as the client announced them. */
    private readonly folders: () => readonly string[],
  ) {}

  /** The document a request names, else the first workspace folder: whose environment and log apply. */
  scopeOf(uri: unknown): string | undefined {
    return typeof uri === 'string' && uri !== '' ? uri : this.folders()[0];
  }

  /** Without a document or folder (no workspace open), the default: production. */
  async environmentOf(uri: string | undefined): Promise<ResolvedEnvironment> {
    if (uri === undefined) return resolveEnvironment(undefined, undefined);
    const settings = await this.settingsFor(uri);
    return resolveEnvironment(environmentReading(settings), settings.environment);
  }

  /** Where approvals of exceptions are appended for this document's (or folder's) workspace folder. */
  async approvalLogOf(uri: string): Promise<string | undefined> {
    const settings = await this.settingsFor(uri);
    return settings.root && resolve(settings.root, settings.approvalLog ?? DEFAULT_APPROVAL_LOG);
  }

  /** Blocked commands in the document, when its environment is production. */
  async findings(document: TextDocument, validation: Validation): Promise<Finding[]> {
    const sites =
      document.languageId === 'shellscript' ? shellScriptCommands(document.getText()) : document.languageId === 'markdown' ? markdownCommands(document.getText()) : undefined;
    if (!sites && validation.kind !== 'agent-policy') return [];
    const environment = await this.environmentOf(document.uri);
    if (environment.environment !== 'production') return [];
    return sites ? blockedCommandFindings(sites, environment) : allowListCommandFindings(validation.value, environment);
  }
}

/** What the folder's configuration file says of the environment, for resolveEnvironment. */
function environmentReading(settings: ServerSettings): EnvironmentFileReading | undefined {
  const configFile = settings.configFile;
  if (!configFile) return undefined;
  return configFile.problem ? { file: configFile.file, problem: configFile.problem } : { file: configFile.file, value: configFile.config.environment };
}
