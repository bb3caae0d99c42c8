// Small readers over plain values, for rules that must not trust a value's type.
import { finding, type Finding, type Severity } from './findings.ts';
import type { JsonPath } from './located.ts';

export type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function has(value: Obj, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

/** The own property `key` of `value`, or undefined (never an inherited one such as `constructor`). */
export function get(value: unknown, key: string): unknown {
  return isObject(value) && has(value, key) ? value[key] : undefined;
}

export function asObject(value: unknown): Obj {
  return isObject(value) ? value : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asStrings(value: unknown): string[] {
  return asArray(value).filter((item): item is string => typeof item === 'string');
}

/** A finite number, or undefined: booleans and numeric strings are not numbers here. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Collects findings for one document. */
export class Report {
  readonly findings: Finding[] = [];

  add(code: string, severity: Severity, message: string, path: JsonPath, target: 'key' | 'value' = 'value'): void {
    this.findings.push(finding(code, severity, message, path, target));
  }

  error(code: string, message: string, path: JsonPath, target: 'key' | 'value' = 'value'): void {
    this.add(code, 'error', message, path, target);
  }

  warning(code: string, message: string, path: JsonPath, target: 'key' | 'value' = 'value'): void {
    this.add(code, 'warning', message, path, target);
  }
}
