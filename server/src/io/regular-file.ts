// Opens workspace files for reading only when they are regular files. A workspace is untrusted: a
// FIFO named `x.policy.yaml` would block a plain open() or readFile() until some writer appears
// (forever, holding one of libuv's four pool threads), and a character device such as a link to
// /dev/zero would never end. O_NONBLOCK makes the open of a FIFO return at once; the fstat of the
// open handle (not of the path, so nothing can be swapped in between) then rejects it. On regular
// files O_NONBLOCK changes nothing.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** Thrown for a path that is not a regular file; `code` is EISDIR for a directory, EFTYPE otherwise. */
export class NotRegularFileError extends Error {
  constructor(
    readonly code: 'EISDIR' | 'EFTYPE',
    path: string,
  ) {
    super(code === 'EISDIR' ? `EISDIR: is a directory, not a file: ${path}` : `not a regular file (a FIFO, socket or device): ${path}`);
  }
}

const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The open handle of a regular file (the caller closes it); fs errors and NotRegularFileError otherwise. */
export async function openRegularFile(path: string): Promise<FileHandle> {
  const handle = await open(path, FLAGS);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new NotRegularFileError(info.isDirectory() ? 'EISDIR' : 'EFTYPE', path);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

export interface RegularFileContent {
  bytes: Buffer;
  /** The file's size: more than `bytes.length` when only the first `maxBytes` were read. */
  size: number;
}

/** The bytes of a regular file, or only its first `maxBytes` when given and the file is larger. */
export async function readRegularFile(path: string, maxBytes?: number): Promise<RegularFileContent> {
  const handle = await openRegularFile(path);
  try {
    const { size } = await handle.stat();
    if (maxBytes === undefined || size <= maxBytes) {
      const bytes = await handle.readFile();
      return { bytes, size: Math.max(size, bytes.length) };
    }
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
    return { bytes: buffer.subarray(0, bytesRead), size };
  } finally {
    await handle.close();
  }
}
