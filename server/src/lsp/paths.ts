// Turns document URIs into the workspace-relative paths that `prodgate.files` globs match.
import { fileURLToPath } from 'node:url';

export function documentPath(uri: string, workspaceFolders: readonly string[]): string {
  const absolute = uriPath(uri);
  let best: string | undefined;
  for (const folder of workspaceFolders) {
    const root = uriPath(folder).replace(/\/+$/, '');
    if (absolute.startsWith(`${root}/`) && (!best || root.length > best.length)) best = root;
  }
  return best ? absolute.slice(best.length + 1) : absolute;
}

function uriPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri).replace(/\\/g, '/');
    } catch {
      // fall through: a malformed file URI is still a path-like string
    }
  }
  const colon = uri.indexOf(':');
  return decodeURIComponent(colon === -1 ? uri : uri.slice(colon + 1).replace(/^\/\/[^/]*/, ''));
}
