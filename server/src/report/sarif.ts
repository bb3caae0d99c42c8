// SARIF 2.1.0 logs for code scanning, from located results (validation findings or certification issues).
import { CODES } from '../engine/codes.ts';

export interface SarifResult {
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  message: string;
  /** The file, relative to where the log is read (forward slashes). */
  uri?: string;
  /** 1-based positions. */
  region?: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  /** A JSON path or a check name that names the place logically. */
  logicalName?: string;
  /** The finding's identity across commits (the baseline's fingerprint), for code scanning to track it. */
  fingerprint?: string;
  /** Set when a suppression comment (`inSource`) or the configuration (`external`) silenced it. */
  suppression?: { kind: 'inSource' | 'external'; justification: string };
  properties?: Record<string, unknown>;
}

/** The partialFingerprints key: its version changes whenever the fingerprint's recipe does. */
const FINGERPRINT_KEY = 'prodgateFinding/v1';

export function sarifLog(results: readonly SarifResult[], version: string): Record<string, unknown> {
  const used = [...new Set(results.map((result) => result.ruleId))].sort();
  const rules = used.map((id) => ({
    id,
    name: id,
    shortDescription: { text: (CODES as Record<string, string>)[id] ?? `ProdGate certification check ${id}.` },
  }));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ProdGate', version, rules } },
        results: results.map((result) => ({
          ruleId: result.ruleId,
          ruleIndex: ruleIndex.get(result.ruleId),
          level: result.level,
          message: { text: result.message },
          locations: result.uri
            ? [
                {
                  physicalLocation: {
                    artifactLocation: { uri: result.uri.replace(/\\/g, '/') },
                    ...(result.region ? { region: result.region } : {}),
                  },
                  ...(result.logicalName ? { logicalLocations: [{ fullyQualifiedName: result.logicalName }] } : {}),
                },
              ]
            : [],
          ...(result.fingerprint ? { partialFingerprints: { [FINGERPRINT_KEY]: result.fingerprint } } : {}),
          ...(result.suppression ? { suppressions: [{ ...result.suppression, status: 'accepted' }] } : {}),
          ...(result.properties ? { properties: result.properties } : {}),
        })),
      },
    ],
  };
}
