// The language server starts lazily: when a document that may be one of ours is open (a cheap look
// at its text, without loading the engine), when files are mapped to kinds by settings, or when a
// command first asks the server something (the language client starts itself on a first request).
import { mayBeArtifact } from '../../server/src/engine/kinds/signatures.ts';

const RUNBOOK_FENCE = /^ {0,3}(?:`{3,}|~{3,})[ \t]*(?:bash|sh|shell|zsh|console|shellsession)\b/im;
/** The server's own content detection reads no further than this. */
const HEAD = 64 * 1024;

/** The workspace configuration is ProdGate's whatever it holds. */
const CONFIG_FILE = /(^|[\\/])\.prodgate\.(ya?ml|json)$/;

export function mayNeedServer(languageId: string, text: string, path = ''): boolean {
  if (CONFIG_FILE.test(path)) return true;
  switch (languageId) {
    case 'shellscript':
      return true;
    case 'markdown':
      return RUNBOOK_FENCE.test(text);
    case 'json':
    case 'jsonc':
    case 'jsonl':
    case 'yaml':
      return mayBeArtifact(text.slice(0, HEAD));
    default:
      return false;
  }
}
