// The artifacts of the workspace by kind: what certification and cross-file gates read. Files are
// scanned once, then kept current from open documents and file-watcher events.
import { open, readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { glob } from 'tinyglobby';
import { ARTIFACT_GLOB } from '../cli/files.ts';
import type { KindId } from '../engine/kinds/kind.ts';
import { mayBeArtifact } from '../engine/kinds/signatures.ts';
import { formatOf, validateDocument, type Validation, type ValidationSettings } from '../engine/validate.ts';

export interface IndexedArtifact {
  path: string;
  uri: string;
  kind: KindId;
  /** Absent for audit logs, which are only ever streamed. */
  validation?: Validation;
}

const IGNORED = ['**/node_modules/**', '**/.git/**', '**/.vscode-test/**', '**/dist/**'];
const HEAD_BYTES = 64 * 1024;
const decoder = new TextDecoder('utf-8');

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export class WorkspaceIndex {
  private readonly artifacts = new Map<string, IndexedArtifact>();
  private scanning: Promise<void> = Promise.resolve();

  constructor(private readonly settingsFor: (uri: string) => Promise<ValidationSettings>) {}

  /** Indexes every artifact under the folders (file URIs). */
  scan(folders: readonly string[]): Promise<void> {
    this.scanning = this.scanFolders(folders);
    return this.scanning;
  }

  /** Settles once the last scan has (requests that need the whole workspace wait for it). */
  ready(): Promise<void> {
    return this.scanning.catch(() => undefined);
  }

  private async scanFolders(folders: readonly string[]): Promise<void> {
    for (const folder of folders) {
      const root = uriToPath(folder);
      if (!root) continue;
      const files = await glob(ARTIFACT_GLOB, { cwd: root, ignore: IGNORED, absolute: true, dot: true });
      for (const file of files) await this.refreshFromDisk(file);
    }
  }

  /** Re-reads a file from disk (it changed, or appeared); a file that is gone leaves the index. */
  async refreshFromDisk(path: string): Promise<void> {
    try {
      const format = formatOf(path);
      if (format === 'jsonl') {
        // Audit logs can be gigabytes: their first record is enough to know the kind.
        const handle = await open(path, 'r');
        try {
          const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
          const firstLine = decoder.decode(buffer.subarray(0, bytesRead)).split('\n', 1)[0];
          this.update(path, firstLine, await this.settingsFor(pathToFileURL(path).href), false);
        } finally {
          await handle.close();
        }
        return;
      }
      this.update(path, decoder.decode(await readFile(path)), await this.settingsFor(pathToFileURL(path).href));
    } catch {
      this.artifacts.delete(path);
    }
  }

  /** Records a document's current text (from the editor or the disk); returns its validation. */
  update(path: string, text: string, settings: ValidationSettings, keepValidation = true): Validation | undefined {
    const validation = mayBeArtifact(text) ? validateDocument({ text, path }, settings) : undefined;
    this.record(path, validation, keepValidation);
    return validation;
  }

  /** Records a validation the caller already made. */
  record(path: string, validation: Validation | undefined, keepValidation = true): void {
    if (!validation?.kind) {
      this.artifacts.delete(path);
      return;
    }
    this.artifacts.set(path, {
      path,
      uri: pathToFileURL(path).href,
      kind: validation.kind,
      ...(keepValidation ? { validation } : {}),
    });
  }

  remove(path: string): void {
    this.artifacts.delete(path);
  }

  get(path: string): IndexedArtifact | undefined {
    return this.artifacts.get(path);
  }

  byKind(kind: KindId, within?: string): IndexedArtifact[] {
    return [...this.artifacts.values()]
      .filter((artifact) => artifact.kind === kind && (!within || artifact.path.startsWith(`${within}/`)))
      .sort((a, b) => a.path.localeCompare(b.path));
  }
}
