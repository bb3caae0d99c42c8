// AANA's shadow_mode_evidence certification check (production_certification.py
// _shadow_mode_audit_report) over a JSON Lines audit log of any size: a ShadowAuditReader is fed
// one line at a time and keeps only counters, extremes and a bounded sample of line issues, and
// shadowModeEvidence turns its summary and the certification policy into AANA's issues.
//
// Per record it applies audit.validate_audit_record (every rule, AANA's messages and paths, the
// redaction walk included), flattens workflow_batch_check records like _flatten_records, parses the
// shadow records' created_at like _parse_timestamp (Python 3.11 datetime.fromisoformat), and
// accumulates the AIx part of audit.export_metrics over the raw records, which is what
// production.validate_aix_audit_metrics reads.
//
// Pure: no fs, no editor or LSP imports. Hot path per line: one JSON.parse, property reads, and
// one walk of the parsed record for the redaction rules with per-key and per-string caches (see
// RedactionScanner). Nothing per record is allocated beyond what JSON.parse makes, unless the
// record has something to report.
import {
  AUDIT_RECORD_VERSION,
  MIN_SHADOW_DURATION_DAYS,
  MIN_SHADOW_RECORDS,
  PROHIBITED_AUDIT_FIELDS,
  PYTHON_SPACE,
  SECRET_KEY_PATTERN,
  SECRET_VALUE_PATTERNS,
} from '../kinds/aana-requirements.ts';
import { hasText } from '../kinds/gates.ts';
import type { CertificationIssue } from './types.ts';

type Obj = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// AANA's audit constants (eval_pipeline/audit.py, production.py) that only this reader uses.

const AUDIT_EVENT_VERSION = 'aana.audit_safe_decision.v1';
const BATCH_RECORD_TYPE = 'workflow_batch_check';
// AUDIT_RECORD_TYPES, EXECUTION_MODES, SHADOW_ROUTES and the review priorities are compared
// inline in ShadowAuditReader.validate (faster than Set lookups of fresh strings).
/** production.DEFAULT_ALLOWED_AIX_DECISIONS and the AIx release thresholds' defaults. */
const DEFAULT_ALLOWED_AIX_DECISIONS = ['accept', 'revise'];
const DEFAULT_MIN_AIX_SCORE_AVERAGE = 0.85;
const DEFAULT_MIN_AIX_SCORE_MIN = 0.5;
const DEFAULT_MAX_AIX_HARD_BLOCKERS = 0;
/** audit._aix_score_distribution's buckets (lower bounds). */
const AIX_SCORE_BUCKETS = ['lt_0_50', 'gte_0_50_lt_0_70', 'gte_0_70_lt_0_85', 'gte_0_85_lt_0_95', 'gte_0_95'] as const;

/** Detailed line issues kept for the report; the rest are only counted. */
export const MAX_LINE_ISSUES = 100;
/** Python's json reader gives up (RecursionError) near this depth; the walk does too. */
const MAX_DEPTH = 1000;

const MSG_SECRET_KEY = 'Audit records must not store raw secrets, tokens, passwords, private account IDs, or full tool arguments.';
const MSG_RAW_FIELD = 'Raw sensitive field is not allowed in redacted audit records.';

/** All four at once, case-insensitive: a superset that spares the four searches most of the time. */
const ANY_SECRET_VALUE = new RegExp(SECRET_VALUE_PATTERNS.map(([, pattern]) => pattern.source).join('|'), 'iu');
/** Every value pattern needs "_", ":", "=" or whitespace, and at least 13 characters. */
const SECRET_VALUE_NEED = new RegExp(`[_:=${PYTHON_SPACE}]`, 'u');
const SECRET_VALUE_MIN_LENGTH = 13;

const PROHIBITED: ReadonlySet<string> = new Set(PROHIBITED_AUDIT_FIELDS);
const FINGERPRINTS = 'input_fingerprints';
const FINGERPRINT_MARK = '.input_fingerprints.';

const KEY_PROHIBITED = 1;
const KEY_SECRET = 2;
/** The key itself puts ".input_fingerprints." into its child's path (AANA's exemption test). */
const KEY_MARKS = 4;
/** A path ending in this key ends in ".input_fingerprints". */
const KEY_ENDS_MARK = 8;
const KEY_VIOLATION_COUNT = 16;
const CACHE_LIMIT = 8192;

/** What the scanner knows about a key, and the verdict on the last string value it held. */
interface KeyInfo {
  flags: number;
  last: string | undefined;
  lastSecret: boolean;
}

/**
 * Finds whether audit._audit_sensitive_findings (plus the top-level raw-field rule it implies)
 * has anything to say about a record, without building paths: one walk over the parsed record
 * with the key classes and the verdicts on strings cached (audit logs repeat their keys and most
 * of their values). Measured on AANA-shaped records this costs about a third of JSON.parse, where
 * a combined pre-filter regex over the raw line cost 60-70% of it (irregexp scans every key and
 * fingerprint character; the walk only looks at strings of 13+ characters, which no pattern can
 * match below, and mostly finds them in its caches).
 */
class RedactionScanner {
  /** Key → KeyInfo, a prototype-free dictionary (faster than a Map for internalized keys). */
  private keys: Record<string, KeyInfo> = Object.create(null) as Record<string, KeyInfo>;
  private keyCount = 0;
  /** Verdicts on short strings that hold "_" (codes, routes, ids: the values logs repeat). */
  private readonly values = new Map<string, boolean>();
  /** The last scan met a "violation_count" key below the top level (or stopped early). */
  nestedViolationCount = false;

  /** 0: nothing to report; 1: a finding (re-walk with paths); 2: nested deeper than MAX_DEPTH. */
  scan(record: Obj): number {
    this.nestedViolationCount = false;
    const found = this.object(record, false, false, 0);
    if (found !== 0) this.nestedViolationCount = true;
    return found;
  }

  private keyInfo(key: string): KeyInfo {
    let info = this.keys[key];
    if (info === undefined) {
      let flags = (PROHIBITED.has(key) ? KEY_PROHIBITED : 0) | (SECRET_KEY_PATTERN.test(key) ? KEY_SECRET : 0);
      if (key.startsWith(`${FINGERPRINTS}.`) || key.includes(FINGERPRINT_MARK)) flags |= KEY_MARKS;
      if (key === FINGERPRINTS || key.endsWith(`.${FINGERPRINTS}`)) flags |= KEY_ENDS_MARK;
      if (key === 'violation_count') flags |= KEY_VIOLATION_COUNT;
      if (this.keyCount++ >= CACHE_LIMIT) {
        this.keys = Object.create(null) as Record<string, KeyInfo>;
        this.keyCount = 1;
      }
      info = { flags, last: undefined, lastSecret: false };
      this.keys[key] = info;
    }
    return info;
  }

  private secretValue(value: string): boolean {
    if (value.length > 48) return SECRET_VALUE_NEED.test(value) && secretValueMatch(value);
    const known = this.values.get(value);
    if (known !== undefined) return known;
    const verdict = SECRET_VALUE_NEED.test(value) && secretValueMatch(value);
    if (value.indexOf('_') !== -1) {
      if (this.values.size >= CACHE_LIMIT) this.values.clear();
      this.values.set(value, verdict);
    }
    return verdict;
  }

  /**
   * `marked`: the object's path contains ".input_fingerprints."; `endsMarked`: it ends in
   * ".input_fingerprints". A child path P.K contains the mark exactly when one of those holds or
   * the key K brings it.
   */
  private object(value: Obj, marked: boolean, endsMarked: boolean, depth: number): number {
    if (depth > MAX_DEPTH) return 2;
    for (const key in value) {
      const info = this.keyInfo(key);
      const flags = info.flags;
      if (flags !== 0) {
        if ((flags & KEY_SECRET) !== 0) return 1;
        if ((flags & KEY_PROHIBITED) !== 0 && !(marked || endsMarked || (flags & KEY_MARKS) !== 0)) return 1;
        if ((flags & KEY_VIOLATION_COUNT) !== 0 && depth > 0) this.nestedViolationCount = true;
      }
      const child = value[key];
      if (typeof child === 'string') {
        if (child.length >= SECRET_VALUE_MIN_LENGTH) {
          // The same key often holds the same value record after record.
          if (child === info.last) {
            if (info.lastSecret) return 1;
          } else {
            const secret = this.secretValue(child);
            info.last = child;
            info.lastSecret = secret;
            if (secret) return 1;
          }
        }
      } else if (typeof child === 'object' && child !== null) {
        const childMarked = marked || endsMarked || (flags & KEY_MARKS) !== 0;
        const found = Array.isArray(child)
          ? this.array(child, childMarked, depth + 1)
          : this.object(child as Obj, childMarked, (flags & KEY_ENDS_MARK) !== 0, depth + 1);
        if (found !== 0) return found;
      }
    }
    return 0;
  }

  private array(value: unknown[], marked: boolean, depth: number): number {
    if (depth > MAX_DEPTH) return 2;
    for (let index = 0; index < value.length; index++) {
      const child = value[index];
      if (typeof child === 'string') {
        if (child.length >= SECRET_VALUE_MIN_LENGTH && this.secretValue(child)) return 1;
      } else if (typeof child === 'object' && child !== null) {
        const found = Array.isArray(child) ? this.array(child, marked, depth + 1) : this.object(child as Obj, marked, false, depth + 1);
        if (found !== 0) return found;
      }
    }
    return 0;
  }
}

function secretValueMatch(value: string): boolean {
  if (!ANY_SECRET_VALUE.test(value)) return false;
  for (const [, pattern] of SECRET_VALUE_PATTERNS) if (pattern.test(value)) return true;
  return false;
}

/** audit._audit_sensitive_findings, path strings and all (only run once the scanner found something). */
function sensitiveFindings(value: unknown, path: string, out: { path: string; message: string }[], depth = 0): void {
  if (depth > MAX_DEPTH) return;
  if (typeof value === 'string') {
    for (const [id, pattern] of SECRET_VALUE_PATTERNS) {
      if (pattern.test(value)) {
        out.push({ path, message: `Audit record contains a raw sensitive value matching ${id}; store a fingerprint or redacted source id instead.` });
      }
    }
  } else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) sensitiveFindings(value[index], `${path}[${index}]`, out, depth + 1);
  } else if (isObject(value)) {
    for (const key in value) {
      const childPath = `${path}.${key}`;
      if ((PROHIBITED.has(key) && !childPath.includes(FINGERPRINT_MARK)) || SECRET_KEY_PATTERN.test(key)) {
        out.push({ path: childPath, message: MSG_SECRET_KEY });
      }
      sensitiveFindings(value[key], childPath, out, depth + 1);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Python semantics helpers.

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(value: Obj, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

/** isinstance(value, (int, float)): booleans are ints in Python. */
function isNumeric(value: unknown): value is number | boolean {
  return typeof value === 'number' || typeof value === 'boolean';
}

/** Python truthiness of a JSON value. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') {
    for (const _ in value) return true;
    return false;
  }
  return true;
}

const PY_STRIP = new RegExp(`^[${PYTHON_SPACE}]+|[${PYTHON_SPACE}]+$`, 'gu');

/** not str.strip(): empty or only Python whitespace. */
function isBlank(text: string): boolean {
  return !hasText(text);
}

function isList(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

function allStrings(value: unknown[]): boolean {
  for (let index = 0; index < value.length; index++) if (typeof value[index] !== 'string') return false;
  return true;
}

/** Python code-point order (JS sorts UTF-16 code units). */
function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const difference = left[index].codePointAt(0)! - right[index].codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

/** Python str() of a JSON scalar as AANA would print it (an integral number prints as an int). */
function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : pyFloatRepr(value);
  return JSON.stringify(value);
}

/** repr() of a Python float (shortest round-trip digits, Python's exponent rules). */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const sign = value < 0 ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exponent < -4 || exponent >= 16) {
    const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${head}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent >= 0) {
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
  }
  return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
}

/** Python's round(value, 4): the exact binary value, halves to even. */
export function pyRound4(value: number): number {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) return value;
  const exact = Math.abs(value).toFixed(100);
  const dot = exact.indexOf('.');
  let kept = BigInt(exact.slice(0, dot) + exact.slice(dot + 1, dot + 5));
  const next = exact.charCodeAt(dot + 5) - 48;
  const rest = exact.slice(dot + 6);
  if (next > 5 || (next === 5 && /[1-9]/.test(rest)) || (next === 5 && kept % 2n === 1n)) kept += 1n;
  const text = `${kept / 10000n}.${(kept % 10000n).toString().padStart(4, '0')}`;
  return value < 0 || Object.is(value, -0) ? -Number(text) : Number(text);
}

// ---------------------------------------------------------------------------------------------
// Timestamps: production_certification._parse_timestamp = every "Z" → "+00:00", then Python 3.11's
// datetime.fromisoformat (its C implementation, ported byte for byte below), naive = UTC.

interface Instant {
  /** Seconds since 0001-01-01T00:00:00Z. */
  seconds: number;
  microseconds: number;
  naive: boolean;
}

/** 9999-12-31T24:00:00Z in seconds since 0001-01-01T00:00:00Z. */
const MAX_SECONDS = 3652059 * 86400;
const DAYS_BEFORE_MONTH = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month];
}

/** CPython's ymd_to_ord (proleptic Gregorian ordinal, 0001-01-01 = 1); C integer division. */
function ymdToOrdinal(year: number, month: number, day: number): number {
  const y = year - 1;
  return y * 365 + Math.trunc(y / 4) - Math.trunc(y / 100) + Math.trunc(y / 400) + DAYS_BEFORE_MONTH[month] + (month > 2 && isLeap(year) ? 1 : 0) + day;
}

/** CPython's ord_to_ymd. */
function ordinalToYmd(ordinal: number): [number, number, number] {
  let n = ordinal - 1;
  const n400 = Math.floor(n / 146097);
  n -= n400 * 146097;
  let year = n400 * 400 + 1;
  const n100 = Math.floor(n / 36524);
  n -= n100 * 36524;
  const n4 = Math.floor(n / 1461);
  n -= n4 * 1461;
  const n1 = Math.floor(n / 365);
  n -= n1 * 365;
  year += n100 * 100 + n4 * 4 + n1;
  if (n1 === 4 || n100 === 4) return [year - 1, 12, 31];
  const leap = n1 === 3 && (n4 !== 24 || n100 === 3);
  let month = (n + 50) >> 5;
  let preceding = DAYS_BEFORE_MONTH[month] + (month > 2 && leap ? 1 : 0);
  if (preceding > n) {
    month -= 1;
    preceding -= DAYS_IN_MONTH[month] + (month === 2 && leap ? 1 : 0);
  }
  return [year, month, n - preceding + 1];
}

/** CPython's iso_to_ymd; null when the week or day is out of range. */
function isoWeekToYmd(year: number, week: number, day: number): [number, number, number] | null {
  if (week <= 0 || week >= 53) {
    let outOfRange = true;
    if (week === 53) {
      const firstWeekday = ymdToOrdinal(year, 1, 1) % 7;
      if (firstWeekday === 4 || (firstWeekday === 3 && isLeap(year))) outOfRange = false;
    }
    if (outOfRange) return null;
  }
  if (day <= 0 || day >= 8) return null;
  const firstDay = ymdToOrdinal(year, 1, 1);
  const firstWeekday = (firstDay + 6) % 7;
  let week1Monday = firstDay - firstWeekday;
  if (firstWeekday > 3) week1Monday += 7;
  const ordinal = week1Monday + (week - 1) * 7 + day - 1;
  return ordinal < 1 ? null : ordinalToYmd(ordinal);
}

/** Fills `out` with the UTC instant of a local time and offset; false where Python raises. */
function instant(
  out: Instant,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  microsecond: number,
  offsetSeconds: number,
  offsetMicroseconds: number,
  naive: boolean,
): boolean {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (hour > 23 || minute > 59 || second > 59 || microsecond > 999999) return false;
  // timezone(): strictly between -24 h and 24 h.
  const offset = offsetSeconds * 1e6 + offsetMicroseconds;
  if (offset <= -86400e6 || offset >= 86400e6) return false;
  let seconds = (ymdToOrdinal(year, month, day) - 1) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  let microseconds = microsecond - offsetMicroseconds;
  while (microseconds < 0) {
    microseconds += 1e6;
    seconds -= 1;
  }
  while (microseconds >= 1e6) {
    microseconds -= 1e6;
    seconds += 1;
  }
  // astimezone(utc) overflows (an OverflowError in AANA) outside years 1..9999.
  if (seconds < 0 || seconds >= MAX_SECONDS) return false;
  out.seconds = seconds;
  out.microseconds = microseconds;
  out.naive = naive;
  return true;
}

/** The digit at `index`, or -1. */
function digitAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 48 && code <= 57 ? code - 48 : -1;
}

/** Two digits at `index` as a number, or -1. */
function twoDigitsAt(text: string, index: number): number {
  const high = digitAt(text, index);
  const low = digitAt(text, index + 1);
  return high < 0 || low < 0 ? -1 : high * 10 + low;
}

const COMMON = 1;
const INVALID = 0;
const UNCOMMON = -1;

/**
 * The common shapes, without allocating: YYYY-MM-DD[T ]HH:MM:SS[.f{1,6}][Z|±HH:MM], with
 * fromisoformat's results. UNCOMMON sends anything else to the full port.
 */
function parseCommonTimestamp(text: string, out: Instant): number {
  const length = text.length;
  if (length < 19 || length > 32) return UNCOMMON;
  const separator = text.charCodeAt(10);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (separator !== 84 && separator !== 32)) return UNCOMMON;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return UNCOMMON;
  const century = twoDigitsAt(text, 0);
  const years = twoDigitsAt(text, 2);
  const month = twoDigitsAt(text, 5);
  const day = twoDigitsAt(text, 8);
  const hour = twoDigitsAt(text, 11);
  const minute = twoDigitsAt(text, 14);
  const second = twoDigitsAt(text, 17);
  if (century < 0 || years < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return UNCOMMON;
  let position = 19;
  let microsecond = 0;
  if (position < length && text.charCodeAt(position) === 46) {
    position++;
    let count = 0;
    for (let value = digitAt(text, position); value >= 0; value = digitAt(text, position)) {
      microsecond = microsecond * 10 + value;
      count++;
      position++;
    }
    if (count === 0 || count > 6) return UNCOMMON;
    for (let pad = count; pad < 6; pad++) microsecond *= 10;
  }
  let offset = 0;
  let naive = true;
  if (position < length) {
    const sign = text.charCodeAt(position);
    if (sign === 90 && position + 1 === length) {
      naive = false;
    } else if ((sign === 43 || sign === 45) && position + 6 === length && text.charCodeAt(position + 3) === 58) {
      const offsetHours = twoDigitsAt(text, position + 1);
      const offsetMinutes = twoDigitsAt(text, position + 4);
      if (offsetHours < 0 || offsetMinutes < 0) return UNCOMMON;
      offset = (sign === 45 ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
      naive = false;
    } else {
      return UNCOMMON;
    }
  }
  return instant(out, century * 100 + years, month, day, hour, minute, second, microsecond, offset, 0, naive) ? COMMON : INVALID;
}

/** _parse_timestamp into `out`; false when AANA drops the value. */
function readTimestamp(value: unknown, out: Instant): boolean {
  if (typeof value !== 'string' || isBlank(value)) return false;
  const common = parseCommonTimestamp(value, out);
  return common !== UNCOMMON ? common === COMMON : fromIsoFormat(value.replaceAll('Z', '+00:00'), out);
}

/** _parse_timestamp: the UTC instant AANA reads from a created_at value, or null when it drops it. */
export function parseAanaTimestamp(value: unknown): { iso: string; naive: boolean } | null {
  const out: Instant = { seconds: 0, microseconds: 0, naive: false };
  return readTimestamp(value, out) ? { iso: formatInstant(out.seconds, out.microseconds), naive: out.naive } : null;
}

const isSurrogate = (point: string): boolean => {
  const code = point.charCodeAt(0);
  return point.length === 1 && code >= 0xd800 && code <= 0xdfff;
};

/** CPython 3.11 datetime_fromisoformat (Modules/_datetimemodule.c), on the string's UTF-8 bytes. */
function fromIsoFormat(text: string, out: Instant): boolean {
  const points = Array.from(text);
  if (points.length < 7) return false;
  // _sanitize_isoformat_str: a surrogate separator (positions 7, 8 or 10) reads as "T".
  for (const position of [7, 8, 10]) {
    if (position > points.length) break;
    if (position < points.length && isSurrogate(points[position])) {
      points[position] = 'T';
      break;
    }
  }
  if (points.some(isSurrogate)) return false; // not encodable as UTF-8
  const bytes = new TextEncoder().encode(points.join(''));
  const length = bytes.length;
  // The C code reads a NUL terminator past the end.
  const at = (index: number): number => (index >= 0 && index < length ? bytes[index] : 0);
  const isDigit = (index: number): boolean => {
    const code = at(index);
    return code >= 48 && code <= 57;
  };
  const digits = (start: number, count: number): number => {
    let value = 0;
    for (let index = start; index < start + count; index++) {
      if (!isDigit(index)) return -1;
      value = value * 10 + at(index) - 48;
    }
    return value;
  };

  // _find_isoformat_datetime_separator
  let separator: number;
  if (length === 7) separator = 7;
  else if (at(4) === 45) {
    if (at(5) === 87) {
      if (length < 8) return false;
      if (length > 8 && at(8) === 45) {
        if (length === 9) return false;
        separator = length > 10 && isDigit(10) ? 8 : 10;
      } else separator = 8;
    } else separator = 10;
  } else if (at(4) === 87) {
    let index = 7;
    while (index < length && isDigit(index)) index++;
    separator = index < 9 ? index : index % 2 === 0 ? 7 : 8;
  } else separator = 8;

  // parse_isoformat_date
  const year = digits(0, 4);
  if (year < 0) return false;
  let position = 4;
  const dashed = at(position) === 45;
  if (dashed) position++;
  let month: number;
  let day: number;
  if (at(position) === 87) {
    position++;
    const week = digits(position, 2);
    if (week < 0) return false;
    position += 2;
    let weekday = 1;
    if (position < separator) {
      if (dashed && at(position++) !== 45) return false;
      weekday = digits(position, 1);
      if (weekday < 0) return false;
    }
    const ymd = isoWeekToYmd(year, week, weekday);
    if (!ymd) return false;
    [, month, day] = ymd;
    return finishIso(ymd[0], month, day, separator);
  }
  month = digits(position, 2);
  if (month < 0) return false;
  position += 2;
  if (dashed && at(position++) !== 45) return false;
  day = digits(position, 2);
  if (day < 0) return false;
  return finishIso(year, month, day, separator);

  function finishIso(y: number, m: number, d: number, sep: number): boolean {
    if (length <= sep) return instant(out, y, m, d, 0, 0, 0, 0, 0, 0, true);
    // Skip the separator, one UTF-8 character judged by its lead byte.
    const lead = at(sep);
    const start = sep + ((lead & 0x80) === 0 ? 1 : (lead & 0xf0) === 0xe0 ? 3 : (lead & 0xf0) === 0xf0 ? 4 : 2);
    const time = parseIsoTime(start, length);
    if (!time) return false;
    return instant(out, y, m, d, time.hour, time.minute, time.second, time.microsecond, time.offset, time.offsetMicroseconds, !time.aware);
  }

  interface Clock {
    hour: number;
    minute: number;
    second: number;
    microsecond: number;
    /** <0: error, 0: ended at the end of the string, 1: ended before it. */
    status: number;
  }

  // parse_hh_mm_ss_ff
  function clock(start: number, end: number): Clock {
    const values = [0, 0, 0];
    const result: Clock = { hour: 0, minute: 0, second: 0, microsecond: 0, status: 0 };
    let p = start;
    let separated = true;
    for (let index = 0; index < 3; index++) {
      const value = digits(p, 2);
      if (value < 0) return { ...result, status: -3 };
      values[index] = value;
      p += 2;
      const c = at(p++);
      if (index === 0) separated = c === 58;
      if (p >= end) {
        [result.hour, result.minute, result.second] = values;
        return { ...result, status: c !== 0 ? 1 : 0 };
      } else if (separated && c === 58) {
        continue;
      } else if (c === 46 || c === 44) {
        break;
      } else if (!separated) {
        p--;
      } else {
        return { ...result, status: -4 };
      }
    }
    [result.hour, result.minute, result.second] = values;
    // Fractional seconds: up to 6 digits count, more are skipped.
    const remaining = end - p;
    const count = remaining >= 6 ? 6 : remaining;
    const fraction = digits(p, count);
    if (fraction < 0) return { ...result, status: -3 };
    result.microsecond = count < 6 ? fraction * 10 ** (6 - count) : fraction;
    p += count;
    while (isDigit(p)) p++;
    result.status = at(p) !== 0 ? 1 : 0;
    return result;
  }

  // parse_isoformat_time
  function parseIsoTime(start: number, end: number) {
    let tz = start;
    do {
      const c = at(tz);
      if (c === 90 || c === 43 || c === 45) break;
    } while (++tz < end);
    const time = clock(start, tz);
    if (time.status < 0) return null;
    if (tz === end) {
      if (time.status === 1) return null;
      return { ...time, offset: 0, offsetMicroseconds: 0, aware: false };
    }
    if (at(tz) === 90) {
      if (at(tz + 1) !== 0) return null;
      return { ...time, offset: 0, offsetMicroseconds: 0, aware: true };
    }
    const sign = at(tz) === 45 ? -1 : 1;
    const zone = clock(tz + 1, end);
    if (zone.status !== 0) return null;
    return {
      ...time,
      offset: sign * (zone.hour * 3600 + zone.minute * 60 + zone.second),
      offsetMicroseconds: sign * zone.microsecond,
      aware: true,
    };
  }
}

/** A UTC instant as ISO 8601 text. */
function formatInstant(seconds: number, microseconds: number): string {
  const days = Math.floor(seconds / 86400);
  const [year, month, day] = ordinalToYmd(days + 1);
  const rest = seconds - days * 86400;
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const fraction = microseconds ? `.${pad(microseconds, 6)}` : '';
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}${fraction}Z`;
}

// ---------------------------------------------------------------------------------------------
// The reader.

/** What readLines knows about a line besides its text. */
export interface LineInfo {
  tooLong?: boolean;
  invalidUtf8?: boolean;
}

/** An adapter id as AANA compares them: strings by value, numbers and booleans by number. */
type AdapterValue = string | number | boolean;

export interface ShadowAuditSummary {
  /** Lines read, blank ones included. */
  lineCount: number;
  /** Records read (lines that parsed to JSON objects): AANA's len(records). */
  rawRecordCount: number;
  /** Records once workflow_batch_check records are replaced by their children: AANA's record_count. */
  recordCount: number;
  batchRecordCount: number;
  shadowRecordCount: number;
  /** Flattened records whose execution_mode is not "shadow" (they do not count). */
  nonShadowRecordCount: number;
  /** Shadow records whose created_at parsed. */
  timestampCount: number;
  firstTimestamp: string | null;
  lastTimestamp: string | null;
  /** Whole days between the first and the last shadow timestamp (floored). */
  durationDays: number;
  /** Distinct adapter ids of the shadow records (adapter, else adapter_id), in first-seen order. */
  adapters: AdapterValue[];
  /** The part of audit.export_metrics that validate_aix_audit_metrics reads, and a little more. */
  metrics: { record_count: number; metrics: Record<string, number>; unavailable_metrics: string[] };
  /** Lines with at least one error. */
  badLines: number;
  /** Error and warning issues found in the lines (all of them, listed or not). */
  errorCount: number;
  warningCount: number;
  /** Of the errors: raw fields, secrets and logged raw payloads. */
  redactionErrorCount: number;
  /** At most MAX_LINE_ISSUES of them (errors first), in line order, plus the summary warnings. */
  lineIssues: CertificationIssue[];
  /** Issues found but not listed. */
  omittedIssueCount: number;
}

interface StoredIssue {
  issue: CertificationIssue;
  line: number;
  order: number;
}

/**
 * Reads a shadow-mode audit log one line at a time, in memory that does not grow with the log:
 * counters, the earliest and latest shadow timestamps, the distinct adapters and AIx decisions,
 * and at most MAX_LINE_ISSUES detailed issues.
 */
export class ShadowAuditReader {
  private readonly scanner = new RedactionScanner();
  private readonly instant: Instant = { seconds: 0, microseconds: 0, naive: false };
  private lineCount = 0;
  private rawRecords = 0;
  private flattened = 0;
  private batches = 0;
  private shadow = 0;
  private nonShadow = 0;
  private firstNonShadowLine = 0;
  private rawShadow = 0;
  private timestamps = 0;
  private minSeconds = 0;
  private minMicros = 0;
  private maxSeconds = 0;
  private maxMicros = 0;
  private naiveCount = 0;
  private firstNaive: { line: number; path: string } | null = null;
  private readonly adapters = new Map<string | number, AdapterValue>();
  // AIx, as audit.summarize_records accumulates it over the raw records.
  private scoreCount = 0;
  private scoreSum = 0;
  private scoreMin = 0;
  private scoreMax = 0;
  private readonly buckets = [0, 0, 0, 0, 0];
  private readonly decisions = new Map<string | number, { label: string; count: number }>();
  private hardBlockers = 0;
  /** Hard blockers that strip to "": their metric key is the bare total's (see metricsExport). */
  private readonly blankBlockers = new Map<string, number>();
  // Issues.
  private errors = 0;
  private warnings = 0;
  private redactionErrors = 0;
  private badLines = 0;
  private order = 0;
  private readonly keptErrors: StoredIssue[] = [];
  private readonly keptWarnings: StoredIssue[] = [];
  // The line and record being read; issue paths are built only when there is an issue.
  private line = 0;
  private lineHasError = false;
  private index = 0;
  private child = -1;

  /**
   * Feeds one line (without its "\n"); `line` is its 1-based number in the file. `info` passes on
   * what readLines knows: a line over its length limit (text '') or bytes that are not UTF-8.
   */
  addLine(text: string, line: number, info?: LineInfo): void {
    this.lineCount++;
    this.line = line;
    this.lineHasError = false;
    if (info?.tooLong) {
      this.lineIssue('error', 'audit-record-invalid', '$', `Line ${line} is longer than the line length limit: it was skipped, not checked.`);
    } else if (info?.invalidUtf8) {
      this.lineIssue('error', 'invalid-encoding', '$', `Line ${line} holds bytes that are not UTF-8: AANA cannot read the audit log.`);
    } else if (!isBlank(text)) {
      this.record(text);
    }
    if (this.lineHasError) this.badLines++;
  }

  private record(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // Python strips Unicode whitespace around the line before json.loads; JSON.parse only JSON's.
      const stripped = text.replace(PY_STRIP, '');
      try {
        if (stripped === text) throw error;
        value = JSON.parse(stripped);
      } catch {
        this.lineIssue('error', 'syntax-error', '$', `Invalid JSONL audit record at line ${this.line}: ${describeJsonError(text, error)}`);
        return;
      }
    }
    if (!isObject(value)) {
      this.lineIssue('error', 'audit-record-invalid', '$', `Audit record at line ${this.line} must be a JSON object.`);
      return;
    }
    this.index = this.rawRecords++;
    this.child = -1;
    const found = this.scanner.scan(value);
    this.validate(value, text);
    if (found === 2) {
      this.lineIssue('error', 'audit-record-invalid', this.path(), `Audit record at line ${this.line} nests deeper than ${MAX_DEPTH} levels: AANA's JSON reader cannot load it.`);
    } else if (found === 1) {
      this.redaction(value);
    }
    this.metrics(value, text);
    // _flatten_records
    const records = value.record_type === BATCH_RECORD_TYPE ? value.records : undefined;
    if (isList(records)) {
      this.batches++;
      for (let child = 0; child < records.length; child++) {
        const item = records[child];
        if (isObject(item)) {
          this.child = child;
          this.count(item);
        }
      }
      this.child = -1;
    } else {
      this.count(value);
    }
  }

  /** `$[index]`, `$[index].records[child]`, with a field. */
  private path(field?: string): string {
    const base = this.child < 0 ? `$[${this.index}]` : `$[${this.index}].records[${this.child}]`;
    return field === undefined ? base : `${base}.${field}`;
  }

  private bad(field: string, message: string, code = 'audit-record-invalid'): void {
    this.lineIssue('error', code, this.path(field), message);
  }

  /** `field` must be a string or null when present. */
  private nullableString(value: unknown, field: string): void {
    if (value !== undefined && value !== null && typeof value !== 'string') this.bad(field, `${field} must be a string or null.`);
  }

  /** `field`, when present, must be an array of strings. */
  private stringList(value: unknown, field: string): void {
    if (value !== undefined && (!isList(value) || !allStrings(value))) this.bad(field, `${field} must be an array of strings.`);
  }

  /**
   * audit.validate_audit_record, in AANA's order with its messages. Fields are read by name (not
   * in loops over names) so that each read stays a fast, monomorphic property load.
   */
  private validate(record: Obj, text: string): void {
    if (record.audit_record_version !== AUDIT_RECORD_VERSION) this.bad('audit_record_version', `audit_record_version must be ${AUDIT_RECORD_VERSION}.`);
    const type = record.record_type;
    if (type !== 'agent_check' && type !== 'workflow_check' && type !== 'tool_precheck' && type !== BATCH_RECORD_TYPE) {
      this.bad('record_type', 'record_type must be a known AANA audit record type.');
    }
    const created = record.created_at;
    if (typeof created !== 'string' || isBlank(created)) this.bad('created_at', 'created_at must be a non-empty timestamp string.');
    this.nullableString(record.gate_decision, 'gate_decision');
    this.nullableString(record.recommended_action, 'recommended_action');
    this.nullableString(record.adapter_version, 'adapter_version');
    const latency = record.latency_ms;
    if (latency !== undefined && latency !== null && !isNumeric(latency)) this.bad('latency_ms', 'latency_ms must be numeric or null.');
    if (record.missing_evidence !== undefined && !isList(record.missing_evidence)) this.bad('missing_evidence', 'missing_evidence must be an array.');
    this.nullableString(record.authorization_state, 'authorization_state');
    const event = record.audit_safe_log_event;
    if (!isObject(event)) {
      this.bad('audit_safe_log_event', 'Audit record must include audit_safe_log_event.');
    } else {
      if (event.audit_event_version !== AUDIT_EVENT_VERSION) {
        this.bad('audit_safe_log_event.audit_event_version', `audit_safe_log_event must use ${AUDIT_EVENT_VERSION}.`);
      }
      const hardBlockers = event.hard_blockers;
      const missingEvidence = event.missing_evidence;
      const eventLatency = event.latency_ms;
      if (event.route === undefined) this.missingEventField('route');
      if (hardBlockers === undefined) this.missingEventField('hard_blockers');
      if (missingEvidence === undefined) this.missingEventField('missing_evidence');
      if (event.authorization_state === undefined) this.missingEventField('authorization_state');
      if (eventLatency === undefined) this.missingEventField('latency_ms');
      if (hardBlockers !== undefined && !isList(hardBlockers)) this.bad('audit_safe_log_event.hard_blockers', 'hard_blockers must be an array.');
      if (missingEvidence !== undefined && !isList(missingEvidence)) this.bad('audit_safe_log_event.missing_evidence', 'missing_evidence must be an array.');
      if (eventLatency !== undefined && eventLatency !== null && !isNumeric(eventLatency)) {
        this.bad('audit_safe_log_event.latency_ms', 'latency_ms must be numeric or null.');
      }
      if (event.raw_payload_logged !== false) {
        this.bad('audit_safe_log_event.raw_payload_logged', 'audit-safe decision events must not log raw payloads.', 'audit-raw-field');
      }
    }
    this.stringList(record.connector_failures, 'connector_failures');
    this.stringList(record.evidence_freshness_failures, 'evidence_freshness_failures');
    const mode = record.execution_mode;
    if (mode !== undefined && mode !== null && mode !== 'shadow' && mode !== 'enforce' && mode !== 'advisory') {
      this.bad('execution_mode', "execution_mode must be one of ['advisory', 'enforce', 'shadow'].");
    }
    if (mode === 'shadow') {
      const observation = record.shadow_observation;
      if (!isObject(observation)) {
        this.bad('shadow_observation', 'Shadow audit records must include shadow_observation.');
      } else {
        if (observation.enforcement !== 'observe_only') {
          this.bad('shadow_observation.enforcement', 'Shadow enforcement must be observe_only.', 'audit-shadow-enforcing');
        }
        const route = observation.would_route;
        if (route !== 'pass' && route !== 'revise' && route !== 'defer' && route !== 'refuse') {
          this.bad('shadow_observation.would_route', "would_route must be one of ['defer', 'pass', 'refuse', 'revise'].");
        }
      }
    }
    if (!isObject(record.input_fingerprints)) this.bad('input_fingerprints', 'Audit record must include input_fingerprints object.');
    const violations = record.violation_count;
    if (violations !== undefined && !isPythonInt(violations, text, this.scanner.nestedViolationCount)) this.bad('violation_count', 'violation_count must be an integer.');
    if (record.violation_codes !== undefined && !isList(record.violation_codes)) this.bad('violation_codes', 'violation_codes must be an array.');
    if (record.hard_blockers !== undefined && !isList(record.hard_blockers)) this.bad('hard_blockers', 'hard_blockers must be an array.');
    this.stringList(record.evidence_source_ids, 'evidence_source_ids');
    const route = record.human_review_route;
    if (route !== undefined) {
      if (!isObject(route)) {
        this.bad('human_review_route', 'human_review_route must be an object.');
      } else {
        if (typeof route.required !== 'boolean') this.bad('human_review_route.required', 'human_review_route.required must be boolean.');
        if (typeof route.route !== 'string' || route.route === '') this.bad('human_review_route.route', 'human_review_route.route must be a non-empty string.');
        const reason = route.reason;
        if (reason !== undefined && reason !== null && typeof reason !== 'string') {
          this.bad('human_review_route.reason', 'human_review_route.reason must be a string or null.');
        }
      }
    }
    const queue = record.human_review_queue;
    if (queue !== undefined) {
      if (!isObject(queue)) {
        this.bad('human_review_queue', 'human_review_queue must be an object.');
      } else {
        if (typeof queue.required !== 'boolean') this.bad('human_review_queue.required', 'human_review_queue.required must be boolean.');
        if (typeof queue.queue !== 'string' || queue.queue === '') this.bad('human_review_queue.queue', 'human_review_queue.queue must be a non-empty string.');
        const queueRoute = queue.route;
        if (queueRoute !== undefined && queueRoute !== null && typeof queueRoute !== 'string') {
          this.bad('human_review_queue.route', 'human_review_queue.route must be a string or null.');
        }
        const priority = queue.priority;
        if (priority !== undefined && priority !== 'none' && priority !== 'standard' && priority !== 'high' && priority !== 'critical') {
          this.bad('human_review_queue.priority', 'human_review_queue.priority must be none, standard, high, or critical.');
        }
        const triggers = queue.triggers;
        if (!isList(triggers) || !allStrings(triggers)) this.bad('human_review_queue.triggers', 'human_review_queue.triggers must be an array of strings.');
        const reason = queue.reason;
        if (reason !== undefined && reason !== null && typeof reason !== 'string') {
          this.bad('human_review_queue.reason', 'human_review_queue.reason must be a string or null.');
        }
      }
    }
    const aix = record.aix;
    if (aix !== undefined && aix !== null) {
      if (!isObject(aix)) {
        this.bad('aix', 'aix must be an object or null.');
      } else {
        const score = aix.score;
        if (score !== undefined && score !== null && !isNumeric(score)) this.bad('aix.score', 'aix.score must be numeric or null.');
        const decision = aix.decision;
        if (decision !== undefined && decision !== null && typeof decision !== 'string') this.bad('aix.decision', 'aix.decision must be a string or null.');
        if (aix.components !== undefined && !isObject(aix.components)) this.bad('aix.components', 'aix.components must be an object.');
        if (aix.hard_blockers !== undefined && !isList(aix.hard_blockers)) this.bad('aix.hard_blockers', 'aix.hard_blockers must be an array.');
      }
    }
  }

  private missingEventField(key: string): void {
    this.bad(`audit_safe_log_event.${key}`, 'Required audit-safe decision field is missing.');
  }

  /** The raw-field rule and _audit_sensitive_findings, once the scanner says there is something. */
  private redaction(record: Obj): void {
    const path = this.path();
    const fields = PROHIBITED_AUDIT_FIELDS.filter((field) => Object.prototype.hasOwnProperty.call(record, field)).sort();
    for (const field of fields) this.lineIssue('error', 'audit-raw-field', `${path}.${field}`, MSG_RAW_FIELD);
    const findings: { path: string; message: string }[] = [];
    sensitiveFindings(record, path, findings);
    for (const finding of findings) this.lineIssue('error', 'audit-raw-field', finding.path, finding.message);
  }

  /** The AIx part of audit.summarize_records, over the raw (unflattened) records. */
  private metrics(record: Obj, text: string): void {
    if ((record.execution_mode || 'enforce') === 'shadow') this.rawShadow++;
    const aix = record.aix;
    if (!isObject(aix)) return;
    const score = aix.score;
    if (isNumeric(score)) {
      const value = Number(score);
      if (this.scoreCount === 0 || value < this.scoreMin) this.scoreMin = value;
      if (this.scoreCount === 0 || value > this.scoreMax) this.scoreMax = value;
      this.scoreSum += value;
      this.scoreCount++;
      this.buckets[value < 0.5 ? 0 : value < 0.7 ? 1 : value < 0.85 ? 2 : value < 0.95 ? 3 : 4]++;
    }
    const decision = aix.decision;
    if (truthy(decision) && typeof decision !== 'object') {
      // Python dict keys: 1, 1.0 and True are one key, named by the first one seen.
      const key = typeof decision === 'string' ? decision : Number(decision);
      const entry = this.decisions.get(key);
      if (entry) entry.count++;
      else {
        const label = typeof decision === 'number' ? pyNumberLabel(decision, numberLiteralAt(text, ['aix', 'decision'])) : pyStr(decision);
        this.decisions.set(key, { label, count: 1 });
      }
    }
    const blockers = aix.hard_blockers;
    if (truthy(blockers)) {
      // Python iterates a list's items, a string's characters, an object's keys.
      const items = isList(blockers) ? blockers : typeof blockers === 'string' ? [...blockers] : isObject(blockers) ? Object.keys(blockers) : [];
      this.hardBlockers += items.length;
      for (let index = 0; index < items.length; index++) {
        const item = items[index];
        if (typeof item === 'string' && isBlank(item)) this.blankBlockers.set(item, (this.blankBlockers.get(item) ?? 0) + 1);
      }
    }
  }

  /** One flattened record: shadow counts, adapters and timestamps. */
  private count(record: Obj): void {
    this.flattened++;
    if (record.execution_mode !== 'shadow') {
      if (this.nonShadow++ === 0) this.firstNonShadowLine = this.line;
      return;
    }
    this.shadow++;
    let adapter = record.adapter;
    if (!truthy(adapter)) adapter = record.adapter_id;
    if (truthy(adapter) && typeof adapter !== 'object') {
      const key = typeof adapter === 'string' ? adapter : Number(adapter);
      if (!this.adapters.has(key)) this.adapters.set(key, adapter as AdapterValue);
    }
    const created = record.created_at;
    const parsed = this.instant;
    if (!readTimestamp(created, parsed)) {
      // A top-level record without a created_at string already has its validation error.
      if (this.child >= 0 || (typeof created === 'string' && !isBlank(created))) {
        this.lineIssue(
          'warning',
          'audit-timestamp-invalid',
          this.path('created_at'),
          'created_at is not an ISO 8601 timestamp: AANA drops it, so this shadow record does not count toward the shadow-mode duration.',
        );
      }
      return;
    }
    if (parsed.naive && this.naiveCount++ === 0) this.firstNaive = { line: this.line, path: this.path('created_at') };
    const { seconds, microseconds } = parsed;
    if (this.timestamps === 0 || seconds < this.minSeconds || (seconds === this.minSeconds && microseconds < this.minMicros)) {
      this.minSeconds = seconds;
      this.minMicros = microseconds;
    }
    if (this.timestamps === 0 || seconds > this.maxSeconds || (seconds === this.maxSeconds && microseconds > this.maxMicros)) {
      this.maxSeconds = seconds;
      this.maxMicros = microseconds;
    }
    this.timestamps++;
  }

  private lineIssue(level: 'error' | 'warning', code: string, path: string, message: string): void {
    const line = this.line;
    const stored: StoredIssue = { issue: { level, path, message, code, input: 'audit_log', location: { line } }, line, order: this.order++ };
    if (level === 'error') {
      this.errors++;
      this.lineHasError = true;
      if (code === 'audit-raw-field') this.redactionErrors++;
      if (this.keptErrors.length < MAX_LINE_ISSUES) this.keptErrors.push(stored);
    } else {
      this.warnings++;
      if (this.keptWarnings.length < MAX_LINE_ISSUES) this.keptWarnings.push(stored);
    }
  }

  summary(): ShadowAuditSummary {
    const kept = [...this.keptErrors, ...this.keptWarnings.slice(0, MAX_LINE_ISSUES - this.keptErrors.length)];
    const omitted = this.errors + this.warnings - kept.length;
    // Summary warnings, always listed, at the first line they concern.
    if (this.firstNaive) {
      const others = this.naiveCount - 1;
      kept.push({
        issue: {
          level: 'warning',
          path: this.firstNaive.path,
          message: `created_at has no time zone: AANA takes it as UTC${others > 0 ? ` (as in ${others} more shadow record${others === 1 ? '' : 's'})` : ''}.`,
          code: 'audit-timestamp-invalid',
          input: 'audit_log',
          location: { line: this.firstNaive.line },
        },
        line: this.firstNaive.line,
        order: -2,
      });
    }
    if (this.nonShadow > 0) {
      const one = this.nonShadow === 1;
      kept.push({
        issue: {
          level: 'warning',
          path: '$',
          message: `${this.nonShadow} audit record${one ? ' is' : 's are'} not in shadow mode (execution_mode is not "shadow"): ${one ? 'it does' : 'they do'} not count as shadow evidence.`,
          code: 'audit-not-shadow',
          input: 'audit_log',
          location: { line: this.firstNonShadowLine },
        },
        line: this.firstNonShadowLine,
        order: -1,
      });
    }
    kept.sort((a, b) => a.line - b.line || a.order - b.order);
    let durationDays = 0;
    if (this.timestamps >= 2) {
      // timedelta.days floors; microseconds only matter when they borrow a second.
      let seconds = this.maxSeconds - this.minSeconds;
      if (this.maxMicros < this.minMicros) seconds -= 1;
      durationDays = Math.floor(seconds / 86400);
    }
    return {
      lineCount: this.lineCount,
      rawRecordCount: this.rawRecords,
      recordCount: this.flattened,
      batchRecordCount: this.batches,
      shadowRecordCount: this.shadow,
      nonShadowRecordCount: this.nonShadow,
      timestampCount: this.timestamps,
      firstTimestamp: this.timestamps > 0 ? formatInstant(this.minSeconds, this.minMicros) : null,
      lastTimestamp: this.timestamps > 0 ? formatInstant(this.maxSeconds, this.maxMicros) : null,
      durationDays,
      adapters: [...this.adapters.values()],
      metrics: this.metricsExport(),
      badLines: this.badLines,
      errorCount: this.errors,
      warningCount: this.warnings + (this.firstNaive ? 1 : 0) + (this.nonShadow > 0 ? 1 : 0),
      redactionErrorCount: this.redactionErrors,
      lineIssues: kept.map((stored) => stored.issue),
      omittedIssueCount: omitted,
    };
  }

  /** audit.export_metrics' AIx metrics (and the record totals), as validate_aix_audit_metrics reads them. */
  private metricsExport(): ShadowAuditSummary['metrics'] {
    const metrics: Record<string, number> = {
      audit_records_total: this.rawRecords,
      shadow_records_total: this.rawShadow,
    };
    const unavailable: string[] = [];
    if (this.scoreCount > 0) {
      metrics.aix_score_average = pyRound4(this.scoreSum / this.scoreCount);
      metrics.aix_score_min = pyRound4(this.scoreMin);
      metrics.aix_score_max = pyRound4(this.scoreMax);
      let decisionTotal = 0;
      for (const entry of this.decisions.values()) decisionTotal += entry.count;
      metrics.aix_decision_count = decisionTotal;
      metrics.aix_hard_blocker_count = this.hardBlockers;
      AIX_SCORE_BUCKETS.forEach((bucket, index) => (metrics[`aix_score_bucket_count.${bucket}`] = this.buckets[index]));
      // _metric_key: str(value).strip() with " " and "/" as "_"; an empty result is the bare prefix
      // (which overwrites the total, as in AANA). A later decision wins a shared key.
      for (const { label, count } of this.decisions.values()) {
        const safe = label.replace(PY_STRIP, '').replaceAll(' ', '_').replaceAll('/', '_');
        metrics[safe ? `aix_decision_count.${safe}` : 'aix_decision_count'] = count;
      }
      // The same for hard blockers, which AANA orders by count (descending), then name.
      if (this.blankBlockers.size > 0) {
        const blank = [...this.blankBlockers].sort(([a, countA], [b, countB]) => countB - countA || compareCodePoints(a, b));
        metrics.aix_hard_blocker_count = blank[blank.length - 1][1];
      }
    } else {
      unavailable.push('aix_decision_count', 'aix_hard_blocker_count', 'aix_score_average');
    }
    const sorted: Record<string, number> = {};
    for (const key of Object.keys(metrics).sort(compareCodePoints)) sorted[key] = metrics[key];
    return { record_count: this.rawRecords, metrics: sorted, unavailable_metrics: unavailable };
  }
}

const VIOLATION_COUNT_KEY = '"violation_count"';

/**
 * isinstance(violation_count, int): a boolean, or a number written without "." or an exponent
 * (JSON.parse reads 4.0 as 4; Python as a float). Reads the literal in the line: the last
 * "violation_count" is the top-level one (JSON.parse keeps the last duplicate) unless nested
 * objects hold the key too; then a scan by path finds it.
 */
function isPythonInt(value: unknown, text: string, nested: boolean): boolean {
  if (typeof value === 'boolean') return true;
  if (typeof value !== 'number') return false;
  let kind: number;
  if (!nested) {
    // Writers that sort keys put it near the end: look there first.
    const tail = Math.max(0, text.length - 300);
    let last = text.indexOf(VIOLATION_COUNT_KEY, tail);
    if (last === -1) last = text.lastIndexOf(VIOLATION_COUNT_KEY, tail + VIOLATION_COUNT_KEY.length);
    else for (let next = text.indexOf(VIOLATION_COUNT_KEY, last + 1); next !== -1; next = text.indexOf(VIOLATION_COUNT_KEY, next + 1)) last = next;
    if (last === -1) return Number.isInteger(value); // the key is written with escapes
    kind = numberLiteralKind(text, last + VIOLATION_COUNT_KEY.length);
  } else {
    const literal = numberLiteralAt(text, ['violation_count']);
    kind = literal === undefined ? -1 : /[.eE]/.test(literal) ? 1 : 0;
  }
  return kind < 0 ? Number.isInteger(value) : kind === 0;
}

/** After a key: 0 for an int literal, 1 for a float literal, -1 for no number. */
function numberLiteralKind(text: string, from: number): number {
  let index = from;
  let code = text.charCodeAt(index);
  while (code === 32 || code === 9 || code === 10 || code === 13) code = text.charCodeAt(++index);
  if (code !== 58) return -1;
  code = text.charCodeAt(++index);
  while (code === 32 || code === 9 || code === 10 || code === 13) code = text.charCodeAt(++index);
  if (code === 45) code = text.charCodeAt(++index);
  if (!(code >= 48 && code <= 57)) return -1;
  let kind = 0;
  for (; (code >= 48 && code <= 57) || code === 46 || code === 101 || code === 69 || code === 43 || code === 45; code = text.charCodeAt(++index)) {
    if (code === 46 || code === 101 || code === 69) kind = 1;
  }
  return kind;
}

/**
 * The source text of the number at `path` (object keys from the record's root), the last one as
 * JSON.parse keeps; undefined when there is none. A plain scan of the line, for the rare records
 * where JSON.parse's numbers are not enough.
 */
export function numberLiteralAt(text: string, path: readonly string[]): string | undefined {
  const keys: (string | null)[] = [null];
  const objects: boolean[] = [false];
  let found: string | undefined;
  let index = 0;
  const skipSpace = (from: number) => {
    let at = from;
    for (let code = text.charCodeAt(at); code === 32 || code === 9 || code === 10 || code === 13; code = text.charCodeAt(++at));
    return at;
  };
  while (index < text.length) {
    const code = text.charCodeAt(index);
    const depth = keys.length - 1;
    if (code === 34) {
      const start = index;
      for (index++; index < text.length && text.charCodeAt(index) !== 34; index++) if (text.charCodeAt(index) === 92) index++;
      index++;
      const after = skipSpace(index);
      if (objects[depth] && text.charCodeAt(after) === 58) {
        try {
          keys[depth] = JSON.parse(text.slice(start, index)) as string;
        } catch {
          return undefined;
        }
        index = after + 1;
      }
    } else if (code === 123 || code === 91) {
      keys.push(null);
      objects.push(code === 123);
      index++;
    } else if (code === 125 || code === 93) {
      keys.pop();
      objects.pop();
      index++;
    } else if (code === 45 || (code >= 48 && code <= 57)) {
      const start = index;
      for (let next = code; (next >= 48 && next <= 57) || next === 45 || next === 43 || next === 46 || next === 101 || next === 69; next = text.charCodeAt(++index));
      if (depth === path.length && path.every((key, level) => objects[level + 1] && keys[level + 1] === key)) found = text.slice(start, index);
    } else {
      index++;
    }
  }
  return found;
}

/** Python's str() of a JSON number, from its source text when there is one. */
function pyNumberLabel(value: number, literal: string | undefined): string {
  if (literal === undefined) return pyStr(value);
  if (/[.eE]/.test(literal)) return pyFloatRepr(value);
  return BigInt(literal).toString(); // exact, even past 2^53
}

function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Never echo the line: it may hold the very secrets the log must not.
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)) return 'the line holds binary data (control characters), not a JSON record.';
  if (text.charCodeAt(0) === 0xfeff) return "the line starts with a byte order mark (U+FEFF), which AANA's JSON reader rejects.";
  if (/Unexpected end of JSON input|Unterminated string/.test(message)) return 'the record is truncated: the line ends before the JSON does.';
  const position = /position (\d+)/.exec(message);
  if (position) return `the line is not valid JSON (at column ${Number(position[1]) + 1}).`;
  // V8 quotes the line around the token; only the token itself is repeated.
  const token = /Unexpected token '(.)'/u.exec(message);
  return `the line is not valid JSON${token ? ` (unexpected "${token[1]}")` : ''}.`;
}

// ---------------------------------------------------------------------------------------------
// The certification check.

export interface ShadowModeEvidence {
  passed: boolean;
  issues: CertificationIssue[];
  details: Record<string, unknown>;
}

/**
 * AANA's shadow_mode_evidence check (production_certification._shadow_mode_audit_report) on a
 * read audit log: issues in AANA's order and paths, each AANA summary issue followed by the line
 * issues behind it. `file` is the audit log's path, for the issues about it.
 */
export function shadowModeEvidence(summary: ShadowAuditSummary, certificationPolicy: unknown, file?: string): ShadowModeEvidence {
  const issues: CertificationIssue[] = [];
  const logIssue = (issue: CertificationIssue): CertificationIssue => ({ ...issue, input: 'audit_log', ...(file !== undefined ? { file } : {}) });
  const policyIssue = (level: 'error' | 'warning', path: string, message: string, code: string): CertificationIssue => ({
    level,
    path,
    message,
    code,
    input: 'certification_policy',
  });

  const policy = isObject(certificationPolicy) ? certificationPolicy : {};
  const shadowPolicy = asObject(own(policy, 'shadow_mode'));
  const metricsPolicy = asObject(own(policy, 'metrics'));
  const setting = (section: Obj, key: string, fallback: unknown): unknown =>
    Object.prototype.hasOwnProperty.call(section, key) ? section[key] : fallback;

  if (summary.errorCount > 0) {
    issues.push(logIssue({ level: 'error', path: '$.audit_log', message: 'Shadow audit log schema validation failed.', code: 'audit-record-invalid' }));
    issues.push(
      logIssue({
        level: 'error',
        path: '$.audit_log',
        message: 'Shadow audit log redaction validation failed.',
        code: summary.redactionErrorCount > 0 ? 'audit-raw-field' : 'audit-record-invalid',
      }),
    );
  }
  for (const issue of summary.lineIssues) issues.push(logIssue(issue));
  if (summary.omittedIssueCount > 0) {
    issues.push(
      logIssue({
        level: 'warning',
        path: '$.audit_log',
        message: `${summary.omittedIssueCount} more audit log issue${summary.omittedIssueCount === 1 ? ' is' : 's are'} not listed (only the first ${MAX_LINE_ISSUES} are).`,
        code: 'audit-record-invalid',
      }),
    );
  }

  // The shadow-mode gates, compared as Python compares (a non-number threshold makes AANA fail).
  const minRecords = setting(shadowPolicy, 'minimum_records', MIN_SHADOW_RECORDS);
  const recordsPath = '$.shadow_mode.minimum_records';
  if (!isNumeric(minRecords)) {
    issues.push(policyIssue('error', recordsPath, `shadow_mode.minimum_records must be a number: AANA cannot compare ${JSON.stringify(minRecords)} with the shadow record count.`, 'shadow-records-too-few'));
  } else if (summary.shadowRecordCount < Number(minRecords)) {
    issues.push(
      policyIssue('error', recordsPath, `Shadow audit log has ${summary.shadowRecordCount} shadow records; ${pyStr(minRecords)} required.`, 'shadow-records-too-few'),
    );
  }
  const minDuration = setting(shadowPolicy, 'minimum_duration_days', MIN_SHADOW_DURATION_DAYS);
  const durationPath = '$.shadow_mode.minimum_duration_days';
  if (!isNumeric(minDuration)) {
    issues.push(
      policyIssue('error', durationPath, `shadow_mode.minimum_duration_days must be a number: AANA cannot compare ${JSON.stringify(minDuration)} with the shadow-mode duration.`, 'shadow-duration-too-short'),
    );
  } else if (summary.durationDays < Number(minDuration)) {
    issues.push(policyIssue('error', durationPath, `Shadow audit log spans ${summary.durationDays} day(s); ${pyStr(minDuration)} required.`, 'shadow-duration-too-short'));
  }
  // set(required_adapter_ids) − observed, with Python's equality (1 == 1.0 == True); ids that
  // cannot be in a set (objects, arrays: a TypeError in AANA) are left out.
  const adapterKey = (id: unknown): unknown => (typeof id === 'string' || id === null ? id : isNumeric(id) ? Number(id) : undefined);
  const observed = new Set(summary.adapters.map(adapterKey));
  const required = new Map<unknown, unknown>();
  const requiredIds = own(shadowPolicy, 'required_adapter_ids');
  for (const id of isList(requiredIds) ? requiredIds : []) {
    const key = adapterKey(id);
    if (key !== undefined && !required.has(key)) required.set(key, id);
  }
  const missing = [...required].filter(([key]) => !observed.has(key)).map(([, id]) => id);
  if (missing.length > 0) {
    const names = missing.map(pyStr).sort(compareCodePoints);
    issues.push(policyIssue('error', '$.shadow_mode.required_adapter_ids', `Shadow audit log is missing required adapter coverage: ${names.join(', ')}`, 'shadow-adapters-missing'));
  }

  // production.validate_aix_audit_metrics on the metrics export.
  const thresholds = {
    min_average_score: setting(metricsPolicy, 'minimum_aix_score_average', DEFAULT_MIN_AIX_SCORE_AVERAGE),
    min_min_score: setting(metricsPolicy, 'minimum_aix_score_min', DEFAULT_MIN_AIX_SCORE_MIN),
    max_hard_blockers: setting(metricsPolicy, 'maximum_aix_hard_blockers', DEFAULT_MAX_AIX_HARD_BLOCKERS),
  };
  const allowed = allowedDecisions(own(metricsPolicy, 'allowed_aix_decisions'));
  const aixIssues = aixAuditIssues(summary.metrics, thresholds, allowed);
  for (const issue of aixIssues) issues.push(issue.input === 'certification_policy' ? issue : logIssue(issue));

  const passed = !issues.some((issue) => issue.level === 'error');
  const observedAdapters = summary.adapters.map(pyStr).sort(compareCodePoints);
  return {
    passed,
    issues,
    details: {
      ...(file !== undefined ? { audit_log: file } : {}),
      record_count: summary.recordCount,
      raw_record_count: summary.rawRecordCount,
      batch_record_count: summary.batchRecordCount,
      shadow_record_count: summary.shadowRecordCount,
      non_shadow_record_count: summary.nonShadowRecordCount,
      duration_days: summary.durationDays,
      required: { minimum_records: minRecords, minimum_duration_days: minDuration, required_adapter_ids: [...required.values()] },
      first_timestamp: summary.firstTimestamp,
      last_timestamp: summary.lastTimestamp,
      timestamp_count: summary.timestampCount,
      observed_adapters: observedAdapters,
      missing_adapters: missing.map(pyStr).sort(compareCodePoints),
      line_count: summary.lineCount,
      bad_lines: summary.badLines,
      issue_counts: {
        errors: summary.errorCount,
        warnings: summary.warningCount,
        redaction_errors: summary.redactionErrorCount,
        listed: summary.lineIssues.length,
        omitted: summary.omittedIssueCount,
      },
      validation: { valid: summary.errorCount === 0, errors: summary.errorCount },
      redaction: { valid: summary.errorCount === 0, errors: summary.errorCount },
      metrics: summary.metrics,
      aix_audit: {
        valid: !aixIssues.some((issue) => issue.level === 'error'),
        record_count: summary.metrics.record_count,
        thresholds: { ...thresholds, allowed_decisions: [...allowed].sort(compareCodePoints) },
      },
    },
  };
}

function asObject(value: unknown): Obj {
  return isObject(value) ? value : {};
}

/** set(allowed_decisions or DEFAULT): the strings a decision can equal. */
function allowedDecisions(value: unknown): Set<string> {
  if (!truthy(value)) return new Set(DEFAULT_ALLOWED_AIX_DECISIONS);
  if (typeof value === 'string') return new Set([...value]); // set() of a string: its characters
  if (isList(value)) return new Set(value.filter((item): item is string => typeof item === 'string'));
  if (isObject(value)) return new Set(Object.keys(value));
  return new Set(DEFAULT_ALLOWED_AIX_DECISIONS); // AANA fails (TypeError) on a number
}

function aixAuditIssues(
  exported: ShadowAuditSummary['metrics'],
  thresholds: { min_average_score: unknown; min_min_score: unknown; max_hard_blockers: unknown },
  allowed: Set<string>,
): CertificationIssue[] {
  const issues: CertificationIssue[] = [];
  const fail = (path: string, message: string) => issues.push({ level: 'error', path, message, code: 'aix-threshold-failed', input: 'audit_log' });
  const unusable = (key: string, what: string, threshold: unknown) =>
    issues.push({
      level: 'error',
      path: `$.metrics.${key}`,
      message: `metrics.${key} must be a number: AANA cannot compare ${JSON.stringify(threshold) ?? 'it'} with the AIx ${what}.`,
      code: 'aix-threshold-failed',
      input: 'certification_policy',
    });
  const { metrics } = exported;
  if (exported.record_count <= 0) fail('$.record_count', 'Release audit log must contain at least one record.');

  const average = metrics.aix_score_average;
  if (average === undefined) fail('$.metrics.aix_score_average', 'AIx average score is missing from audit metrics.');
  else if (!isNumeric(thresholds.min_average_score)) unusable('minimum_aix_score_average', 'average score', thresholds.min_average_score);
  else if (average < Number(thresholds.min_average_score)) {
    fail('$.metrics.aix_score_average', `AIx average score ${pyFloatRepr(average)} is below release threshold ${pyStr(thresholds.min_average_score)}.`);
  }
  const minimum = metrics.aix_score_min;
  if (minimum === undefined) fail('$.metrics.aix_score_min', 'AIx minimum score is missing from audit metrics.');
  else if (!isNumeric(thresholds.min_min_score)) unusable('minimum_aix_score_min', 'minimum score', thresholds.min_min_score);
  else if (minimum < Number(thresholds.min_min_score)) {
    fail('$.metrics.aix_score_min', `AIx minimum score ${pyFloatRepr(minimum)} is below release threshold ${pyStr(thresholds.min_min_score)}.`);
  }
  const blockers = metrics.aix_hard_blocker_count;
  if (blockers === undefined) fail('$.metrics.aix_hard_blocker_count', 'AIx hard-blocker count is missing from audit metrics.');
  else if (!isNumeric(thresholds.max_hard_blockers)) unusable('maximum_aix_hard_blockers', 'hard-blocker count', thresholds.max_hard_blockers);
  else if (blockers > Number(thresholds.max_hard_blockers)) {
    fail('$.metrics.aix_hard_blocker_count', `AIx hard-blocker count ${blockers} exceeds release threshold ${pyStr(thresholds.max_hard_blockers)}.`);
  }
  const decisions = metrics.aix_decision_count;
  if (decisions === undefined) fail('$.metrics.aix_decision_count', 'AIx decision count is missing from audit metrics.');
  else if (decisions <= 0) fail('$.metrics.aix_decision_count', 'Release audit log must include at least one AIx decision.');
  const disallowed: [string, number][] = [];
  for (const key of Object.keys(metrics)) {
    if (!key.startsWith('aix_decision_count.') || !(metrics[key] > 0)) continue;
    const decision = key.slice('aix_decision_count.'.length);
    if (!allowed.has(decision)) disallowed.push([decision, metrics[key]]);
  }
  if (disallowed.length > 0) {
    disallowed.sort(([a], [b]) => compareCodePoints(a, b));
    fail('$.metrics.aix_decision_count', `AIx decision drift includes disallowed release decisions: ${disallowed.map(([decision, count]) => `${decision}=${count}`).join(', ')}.`);
  }
  return issues;
}
