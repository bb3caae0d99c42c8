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

/** What a pattern grants beyond one action: `everything`, a description of the wildcard, or undefined. */
export function wildcardBreadth(pattern: string): string | undefined {
  if (/^\*+(:\*+)?$/.test(pattern)) return 'everything';
  const [verb, resource] = pattern.split(':', 2);
  if (resource !== undefined) {
    if (resource === '*' && verb && !verb.includes('*')) return `every "${verb}" action on any resource`;
    if (verb === '*' && resource && !resource.includes('*')) return `every action on "${resource}"`;
  }
  if (pattern.endsWith('*')) return `every action starting with "${pattern.slice(0, -1)}"`;
  if (pattern.startsWith('*')) return `every action ending with "${pattern.slice(1)}"`;
  return undefined;
}
