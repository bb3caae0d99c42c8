// The artifacts of the workspace by kind: what certification and cross-file gates read. Files are
// scanned once, then kept current from open documents and file-watcher events.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { glob } from 'tinyglobby';
import { ARTIFACT_GLOB } from '../cli/files.ts';
import type { KindId } from '../engine/kinds/kind.ts';
import { mayBeArtifact } from '../engine/kinds/signatures.ts';
import { formatOf, validateDocument, type Validation, type ValidationSettings } from '../engine/validate.ts';
import { readRegularFile } from '../io/regular-file.ts';

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
      // Symbolic links to directories are not followed: one to `/` or to a parent would walk the
      // whole disk, or the workspace again and again, and index files from outside it.
      const files = await glob(ARTIFACT_GLOB, { cwd: root, ignore: IGNORED, absolute: true, dot: true, followSymbolicLinks: false });
      for (const file of files) await this.refreshFromDisk(file);
    }
  }

  /**
   * Re-reads a file from disk (it changed, or appeared); a file that is gone, or that is not a
   * regular file (a directory, a FIFO, a device), leaves the index. Files over
   * prodgate.maxFileSizeMB are not read whole: their head tells their kind.
   */
  async refreshFromDisk(path: string): Promise<void> {
    try {
      const format = formatOf(path);
      const settings = await this.settingsFor(pathToFileURL(path).href);
      if (format === 'jsonl') {
        // Audit logs can be gigabytes: their first record is enough to know the kind.
        const { bytes } = await readRegularFile(path, HEAD_BYTES);
        const firstLine = decoder.decode(bytes).split('\n', 1)[0];
        this.update(path, firstLine, settings, false);
        return;
      }
      const limit = settings.maxFileSizeMB * 1024 * 1024;
      const { bytes, size } = await readRegularFile(path, Math.max(HEAD_BYTES, Math.floor(limit) + 1));
      if (size > limit && size > bytes.length) {
        this.record(path, tooLarge(path, decoder.decode(bytes.subarray(0, HEAD_BYTES)), settings));
        return;
      }
      this.update(path, decoder.decode(bytes), settings);
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

/**
 * The validation of a file too large to read: what validateDocument says of an oversized text (the
 * kind from the settings or from the head, a file-too-large note), without reading the rest.
 */
function tooLarge(path: string, head: string, settings: ValidationSettings): Validation | undefined {
  const sniffed = mayBeArtifact(head) ? validateDocument({ text: head, path }, { ...settings, maxFileSizeMB: 0 }) : undefined;
  if (!sniffed?.kind) return undefined;
  const message = `This file is larger than prodgate.maxFileSizeMB (${settings.maxFileSizeMB} MB); it is not validated.`;
  return { ...sniffed, findings: sniffed.findings.map((finding) => (finding.code === 'file-too-large' ? { ...finding, message } : finding)) };
}
