// Agent permission policies in OpenClaw's format.
import schema from '../../../../schemas/agent-policy.schema.json';
import { asArray, get, isObject, Report } from '../values.ts';
import type { ArtifactKind } from './kind.ts';

export const agentPolicy: ArtifactKind = {
  id: 'agent-policy',
  title: 'agent permission policy',
  formats: ['json', 'jsonc', 'yaml'],
  schema,
  signatureKeys: ['agent', 'permissions'],
  matches: (value) => typeof get(value, 'agent') === 'string' && isObject(get(value, 'permissions')),
  check(value) {
    const report = new Report();
    asArray(get(get(value, 'permissions'), 'allow')).forEach((entry, index) => {
      if (typeof entry !== 'string') return;
      const breadth = wildcardBreadth(entry);
      const path = ['permissions', 'allow', index];
      if (breadth === 'everything') {
        report.error('policy-wildcard-allow', `Allow entry "${entry}" grants every action: list the actions this agent needs.`, path);
      } else if (breadth) {
        report.warning('policy-wildcard-allow', `Allow entry "${entry}" grants ${breadth}: list the concrete actions, or deny the dangerous ones.`, path);
      }
    });
    return report.findings;
  },
};

/**
 * What a pattern grants beyond one action: `everything`, a description of the wildcard, or
 * undefined. As OpenClaw matches: `*` alone, a trailing `*` (prefix) or a leading `*` (suffix); a
 * `*` anywhere else is a literal character.
 */
export function wildcardBreadth(pattern: string): string | undefined {
  if (/^\*+$/.test(pattern) || pattern === '*:*') return 'everything';
  if (pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    const verb = prefix.slice(0, -1);
    if (prefix.endsWith(':') && verb !== '' && !verb.includes(':')) return `every "${verb}" action on any resource`;
    return `every action starting with "${prefix}"`;
  }
  if (pattern.startsWith('*')) {
    const suffix = pattern.slice(1);
    if (suffix.startsWith(':') && suffix.length > 1) return `every action on "${suffix.slice(1)}"`;
    return `every action ending with "${suffix}"`;
  }
  return undefined;
}
