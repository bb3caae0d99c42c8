// Gate checks shared by the AANA artifact kinds. A gate reports a missing key as `key-missing` (on
// the path of the missing key, which the shell places on the enclosing key) and a bad value with a
// code of its own. Values of the wrong JSON type are left to the schema, so nothing is reported twice.
import type { Severity } from '../findings.ts';
import type { JsonPath } from '../located.ts';
import { get, has, isObject, Report, type Obj } from '../values.ts';
import { PYTHON_SPACE, REQUIRED_HUMAN_REVIEW_TOPICS } from './aana-requirements.ts';

/** AANA's only placeholder rule: the text contains "replace", in any case. */
export function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && value.toLowerCase().includes('replace');
}

/** Blank as Python's str.strip() sees it (it keeps U+FEFF, which JS trim() drops). */
const PYTHON_BLANK = new RegExp(`^[${PYTHON_SPACE}]*$`, 'u');

export function hasText(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  // Fast path for the common case (the audit reader calls this for every line): a printable ASCII start.
  const first = value.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return true;
  return !PYTHON_BLANK.test(value);
}

/** A whole number (AANA compares integers only after an integer check). */
export function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

export interface TextOptions {
  /** How a placeholder counts: AANA rejects it in deployment, governance and observability artifacts only. */
  placeholder: Severity | 'ignored';
  /** How an empty or absent value counts (default error). */
  severity?: Severity;
}

/** Checks on one object of a document, at `path`. */
export class Gates {
  constructor(
    readonly report: Report,
    readonly value: Obj,
    readonly path: JsonPath,
    /** "deployment", "governance", …: names what kind of field a missing key is. */
    readonly noun: string,
  ) {}

  static of(report: Report, value: unknown, noun: string): Gates | undefined {
    return isObject(value) ? new Gates(report, value, [], noun) : undefined;
  }

  at(key: string): JsonPath {
    return [...this.path, key];
  }

  /** Reports the key when absent; true when present. */
  present(key: string, severity: Severity = 'error', why?: string): boolean {
    if (has(this.value, key)) return true;
    const where = this.path.length === 0 ? '' : ` in "${this.path[this.path.length - 1]}"`;
    this.report.add('key-missing', severity, `Required ${this.noun} field "${key}" is missing${where}.${why ? ` ${why}` : ''}`, this.at(key));
    return false;
  }

  /** The sub-object at `key`: reported when absent, undefined when absent or not an object. */
  section(key: string, noun = this.noun): Gates | undefined {
    if (!this.present(key)) return undefined;
    const child = get(this.value, key);
    return isObject(child) ? new Gates(this.report, child, this.at(key), noun) : undefined;
  }

  /** Text that must be concrete: present, not blank, and (per `options`) not a placeholder. */
  text(key: string, label: string, options: TextOptions): void {
    const severity = options.severity ?? 'error';
    if (!this.present(key, severity)) return;
    const value = get(this.value, key);
    if (typeof value !== 'string') return;
    if (!hasText(value)) {
      this.report.add('value-empty', severity, `${label} must not be empty.`, this.at(key));
    } else if (options.placeholder !== 'ignored' && isPlaceholder(value)) {
      this.report.add(
        'value-placeholder',
        options.placeholder,
        `${label} must be concrete: "${value}" is a placeholder (it contains "replace").`,
        this.at(key),
      );
    }
  }

  /** A switch that production requires on. */
  flag(key: string, message: string, code = 'flag-not-true'): void {
    if (!this.present(key)) return;
    const value = get(this.value, key);
    if (value !== true && typeof value === 'boolean') this.report.error(code, `${message} Set "${key}" to true.`, this.at(key));
  }

  /** An integer at least `minimum` (1 by default: "a positive integer"). */
  integer(key: string, message: string, minimum = 1, code = 'value-too-small'): void {
    if (!this.present(key)) return;
    const value = get(this.value, key);
    if (isInteger(value) && value < minimum) this.report.error(code, `${message} (found ${value}).`, this.at(key));
  }

  /** A value that must be exactly `expected`. */
  equals(key: string, expected: string, message: string, code = 'value-unexpected'): void {
    if (!this.present(key)) return;
    const value = get(this.value, key);
    if (typeof value === typeof expected && value !== expected) {
      this.report.error(code, `${message} (found ${JSON.stringify(value)}).`, this.at(key));
    }
  }

  /** A list that must have at least one item; returns it when it does. */
  list(key: string, message: string): unknown[] | undefined {
    if (!this.present(key)) return undefined;
    const value = get(this.value, key);
    if (!Array.isArray(value)) return undefined;
    if (value.length === 0) {
      this.report.error('list-empty', message, this.at(key));
      return undefined;
    }
    return value;
  }

  /** Each object item of the list at `key`, as gates. */
  items(key: string, noun = this.noun): Gates[] {
    const value = get(this.value, key);
    if (!Array.isArray(value)) return [];
    return value.flatMap((item, index) =>
      isObject(item) ? [new Gates(this.report, item, [...this.path, key, index], noun)] : [],
    );
  }
}

/** Names in `required` that `present` lacks, sorted. */
export function missingNames(required: Iterable<string>, present: unknown): string[] {
  const have = new Set(Array.isArray(present) ? present.filter((item): item is string => typeof item === 'string') : []);
  return [...required].filter((name) => !have.has(name)).sort();
}

/** Topics of `required` that no item of `list` mentions (case-insensitive substring, as AANA matches). */
export function missingTopics(list: unknown, topics: readonly string[] = REQUIRED_HUMAN_REVIEW_TOPICS): string[] {
  const text = (Array.isArray(list) ? list : []).map((item) => String(item).toLowerCase()).join(' ');
  return topics.filter((topic) => !text.includes(topic));
}
