// Production command safety in the editor: the environment of each workspace folder (its
// environment file, then the prodgate.environment setting, else production), and the blocked
// commands of shell scripts, Markdown runbooks and agent policy allow lists while it is production.
import { basename, dirname, resolve } from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { allowListCommandFindings, blockedCommandFindings } from '../engine/commands/command-findings.ts';
import { markdownCommands, shellScriptCommands } from '../engine/commands/command-sources.ts';
import { resolveEnvironment, type ResolvedEnvironment } from '../engine/commands/environment.ts';
import type { Finding } from '../engine/findings.ts';
import type { Validation } from '../engine/validate.ts';
import { DEFAULT_APPROVAL_LOG } from '../io/approval-log.ts';
import { ENVIRONMENT_FILES, readEnvironmentFile } from '../io/workspace-environment.ts';
import type { ServerSettings } from './settings.ts';
import { uriToPath } from './workspace-index.ts';

export class CommandSafety {
  private readonly files = new Map<string, ReturnType<typeof readEnvironmentFile>>();

  constructor(
    private readonly rootOf: (path: string) => string | undefined,
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
    const root = this.folderOf(uri);
    let file = root ? this.files.get(root) : undefined;
    if (root && !file) {
      file = readEnvironmentFile(root);
      this.files.set(root, file);
    }
    return resolveEnvironment(await file, (await this.settingsFor(uri)).environment);
  }

  /** Where approvals of exceptions are appended for this document's (or folder's) workspace folder. */
  async approvalLogOf(uri: string): Promise<string | undefined> {
    const root = this.folderOf(uri);
    return root && resolve(root, (await this.settingsFor(uri)).approvalLog ?? DEFAULT_APPROVAL_LOG);
  }

  /** The workspace folder of a document or folder URI; a file outside every folder uses its own folder. */
  private folderOf(uri: string): string | undefined {
    const path = uriToPath(uri);
    return path && (this.rootOf(path) ?? dirname(path));
  }

  /** True when the path is an environment file (its cached reading is dropped). */
  forgetIfEnvironmentFile(path: string): boolean {
    if (!(ENVIRONMENT_FILES as readonly string[]).includes(basename(path))) return false;
    this.files.delete(dirname(path));
    return true;
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
