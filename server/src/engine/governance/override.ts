// menace signed overrides: Python-compatible canonical JSON and HMAC-SHA256 verification.
//
// The signature is HMAC-SHA256 over `json.dumps(data, sort_keys=True, separators=(",", ":"))`
// (ensure_ascii on) encoded as UTF-8, keyed with the key file's bytes stripped of surrounding
// whitespace, compared as lowercase hex. Pure apart from node:crypto.
//
// Numbers: Python keeps the int/float distinction (`1` vs `1.0`) and JavaScript does not. From a
// JavaScript value, an integral number prints as a Python int (`1`), anything else as a Python
// float repr (`0.5`, `1e-05`, `1.5e+16`). To reproduce a float such as `1.0` exactly, pass the raw
// JSON text instead: `canonicalJsonFromText(text)`, or `verifyOverride(text, key)` with the file's
// text; its number literals are then typed the way Python's json module types them.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Finding } from '../findings.ts';

/** A number literal from raw JSON text: `int` when it has no fraction or exponent (as in Python). */
class PyNumber {
  constructor(
    readonly kind: 'int' | 'float',
    readonly lexeme: string,
  ) {}
}

/** Python's `json.dumps(value, sort_keys=True, separators=(",", ":"))` of a JavaScript value. */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out, new Set());
  return out.join('');
}

/** Python's canonical JSON of the value in `text`, keeping each number literal's int/float type. */
export function canonicalJsonFromText(text: string): string {
  return canonicalJson(parseRawJson(text));
}

function write(value: unknown, out: string[], seen: Set<object>): void {
  if (value === null || value === undefined) {
    out.push('null');
  } else if (value === true) {
    out.push('true');
  } else if (value === false) {
    out.push('false');
  } else if (typeof value === 'string') {
    out.push(pyString(value));
  } else if (typeof value === 'number') {
    out.push(Number.isInteger(value) ? BigInt(value).toString() : pyFloat(value));
  } else if (typeof value === 'bigint') {
    out.push(value.toString());
  } else if (value instanceof PyNumber) {
    out.push(value.kind === 'int' ? BigInt(value.lexeme).toString() : pyFloat(Number(value.lexeme)));
  } else if (typeof value === 'object') {
    if (seen.has(value)) throw new TypeError('canonicalJson: circular reference');
    seen.add(value);
    if (Array.isArray(value)) {
      out.push('[');
      value.forEach((item, index) => {
        if (index > 0) out.push(',');
        write(item, out, seen);
      });
      out.push(']');
    } else {
      const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
      entries.sort(([a], [b]) => compareCodePoints(a, b));
      out.push('{');
      entries.forEach(([key, item], index) => {
        if (index > 0) out.push(',');
        out.push(pyString(key), ':');
        write(item, out, seen);
      });
      out.push('}');
    }
    seen.delete(value);
  } else {
    throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

/** Python sorts str keys by code point; JavaScript's default sort compares UTF-16 code units. */
function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const difference = left[index]!.codePointAt(0)! - right[index]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** ensure_ascii: everything outside ' '..'~' is escaped; astral characters become surrogate pairs. */
function pyString(text: string): string {
  let result = '"';
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    const code = text.charCodeAt(index);
    const short = SHORT_ESCAPES[char];
    if (short !== undefined) result += short;
    else if (code >= 0x20 && code <= 0x7e) result += char;
    else result += '\\u' + code.toString(16).padStart(4, '0');
  }
  return result + '"';
}

/** Python's float repr: shortest round-trip digits, exponent form when the exponent is < -4 or >= 16. */
function pyFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  // toExponential() with no argument gives the shortest round-trip digits, like Python's repr.
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const power = Math.abs(exponent).toString().padStart(2, '0');
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${power}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const integer = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${integer}.${fraction === '' ? '0' : fraction}`;
}

/** Strict JSON (RFC 8259) whose numbers stay `PyNumber`s. Duplicate keys: the last one wins, as in Python. */
function parseRawJson(text: string): unknown {
  let position = 0;
  const fail = (message: string): never => {
    throw new SyntaxError(`${message} at offset ${position}`);
  };
  const skip = (): void => {
    while (position < text.length && ' \t\n\r'.includes(text[position]!)) position++;
  };
  const value = (): unknown => {
    skip();
    const char = text[position];
    if (char === '{') {
      position++;
      const object: Record<string, unknown> = {};
      skip();
      if (text[position] === '}') {
        position++;
        return object;
      }
      for (;;) {
        skip();
        if (text[position] !== '"') fail('expected a string key');
        const key = string();
        skip();
        if (text[position] !== ':') fail("expected ':'");
        position++;
        Object.defineProperty(object, key, { value: value(), enumerable: true, writable: true, configurable: true });
        skip();
        if (text[position] === ',') position++;
        else if (text[position] === '}') {
          position++;
          return object;
        } else fail("expected ',' or '}'");
      }
    }
    if (char === '[') {
      position++;
      const array: unknown[] = [];
      skip();
      if (text[position] === ']') {
        position++;
        return array;
      }
      for (;;) {
        array.push(value());
        skip();
        if (text[position] === ',') position++;
        else if (text[position] === ']') {
          position++;
          return array;
        } else fail("expected ',' or ']'");
      }
    }
    if (char === '"') return string();
    for (const [word, result] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, position)) {
        position += word.length;
        return result;
      }
    }
    const match = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(position, position + 1100));
    if (match === null) return fail('unexpected character');
    position += match[0].length;
    return new PyNumber(match[1] !== undefined || match[2] !== undefined ? 'float' : 'int', match[0]);
  };
  const string = (): string => {
    const match = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(position));
    if (match === null) return fail('invalid string');
    position += match[0].length;
    return JSON.parse(match[0]) as string;
  };
  const result = value();
  skip();
  if (position !== text.length) fail('unexpected text after the JSON value');
  return result;
}

/** Turns PyNumbers back into plain numbers (for the data handed back to callers). */
function plain(value: unknown): unknown {
  if (value instanceof PyNumber) return Number(value.lexeme);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(result, key, { value: plain(item), enumerable: true, writable: true, configurable: true });
    }
    return result;
  }
  return value;
}

export interface OverrideFile {
  data: Record<string, unknown>;
  signature: string;
  used?: boolean;
}

export type OverrideVerification = { valid: true; data: Record<string, unknown> } | { valid: false; reason: string };

/** Python truthiness of a JSON value. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (value instanceof PyNumber) return Number(value.lexeme) !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof PyNumber);

/** The key file's bytes with leading and trailing ASCII whitespace removed (Python `bytes.strip()`). */
function stripKey(key: Uint8Array | string): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  const space = (byte: number): boolean => byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
  let start = 0;
  let end = bytes.length;
  while (start < end && space(bytes[start]!)) start++;
  while (end > start && space(bytes[end - 1]!)) end--;
  return bytes.subarray(start, end);
}

/** HMAC-SHA256 hex of canonicalJson(data): what the menace override generator writes as `signature`. */
export function signOverride(data: unknown, key: Uint8Array | string): string {
  return createHmac('sha256', stripKey(key)).update(canonicalJson(data), 'utf8').digest('hex');
}

/**
 * Checks a signed override: `file` is the parsed `{data, signature, used?}` object, or the file's
 * raw JSON text (preferred: float literals such as `1.0` are then signed exactly as Python does).
 * An invalid, unsigned, tampered, wrongly keyed or already used (`used`) override is rejected
 * with the reason; the caller must then ignore it.
 */
export function verifyOverride(file: OverrideFile | string | unknown, key: Uint8Array | string): OverrideVerification {
  let content: unknown = file;
  if (typeof file === 'string') {
    try {
      content = parseRawJson(file);
    } catch (error) {
      return { valid: false, reason: `the override is not valid JSON: ${(error as Error).message}` };
    }
  }
  if (!isRecord(content)) return { valid: false, reason: 'the override is not a JSON object' };
  const { data, signature, used } = content;
  if (!isRecord(data)) return { valid: false, reason: 'the override has no "data" object' };
  if (signature === undefined || signature === null || signature === '') return { valid: false, reason: 'the override is unsigned (no "signature")' };
  if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/.test(signature)) {
    return { valid: false, reason: '"signature" is not a lowercase hex HMAC-SHA256 (64 characters)' };
  }
  if (truthy(used)) return { valid: false, reason: 'the override was already used ("used": true): replay rejected' };
  const secret = stripKey(key);
  if (secret.length === 0) return { valid: false, reason: 'the key is empty' };
  const expected = createHmac('sha256', secret).update(canonicalJson(data), 'utf8').digest('hex');
  if (!timingSafeEqual(Buffer.from(expected, 'ascii'), Buffer.from(signature, 'ascii'))) {
    return { valid: false, reason: 'the signature does not match the data under this key (tampered data or wrong key)' };
  }
  return { valid: true, data: plain(data) as Record<string, unknown> };
}

/**
 * The editor's view of a signature check: a finding when a well-formed signature does not verify
 * under `key` (an unsigned or malformed one is the schema's to report, a used one the kind's).
 */
export function signatureFinding(text: string, value: unknown, key: Uint8Array | string): Finding | undefined {
  // JSON is verified from its text, so that floats such as 1.0 keep the form they were signed in.
  const verification = verifyOverride(text.trimStart().startsWith('{') ? text : value, key);
  if (verification.valid || !/does not match/.test(verification.reason)) return undefined;
  return {
    code: 'override-signature-invalid',
    severity: 'error',
    message: `The signature does not verify under the configured key: ${verification.reason}. Governance will ignore this override.`,
    path: ['signature'],
  };
}
