import type { JsonPath, Span } from './located.ts';

export type Severity = 'error' | 'warning' | 'info';

/**
 * One problem in one document. Rules report a JSON path; problems that have no node (a syntax
 * error, an encoding error) carry their span instead.
 */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  path: JsonPath;
  /** `key` puts the finding on the key naming the node at `path`; the default is its value. */
  target?: 'key' | 'value';
  span?: Span;
}

export function finding(
  code: string,
  severity: Severity,
  message: string,
  path: JsonPath,
  target: 'key' | 'value' = 'value',
): Finding {
  return target === 'key' ? { code, severity, message, path, target } : { code, severity, message, path };
}
