// Agent policy tests (`*.policy-tests.yaml`): expected decisions of the workspace's agent
// policies. Whether they pass depends on other files, so the language server runs them.
import schema from '../../../../schemas/agent-policy-tests.schema.json';
import { asArray, get, isObject, Report } from '../values.ts';
import type { ArtifactKind } from './kind.ts';
import { SIGNATURE_KEYS } from './signatures.ts';

export const agentPolicyTests: ArtifactKind = {
  id: 'agent-policy-tests',
  title: 'agent policy test file',
  formats: ['json', 'jsonc', 'yaml'],
  schema,
  signatureKeys: SIGNATURE_KEYS['agent-policy-tests'],
  matches: (value) =>
    isObject(value) && Array.isArray(get(value, 'tests')) && asArray(get(value, 'tests')).some((test) => isObject(test) && get(test, 'expect') !== undefined && get(test, 'agent') !== undefined),
  check(value) {
    const report = new Report();
    const seen = new Map<string, number>();
    asArray(get(value, 'tests')).forEach((test, index) => {
      const name = get(test, 'name');
      if (typeof name !== 'string' || name === '') return;
      const first = seen.get(name);
      if (first === undefined) seen.set(name, index);
      else report.warning('policy-test-duplicate-name', `Another test is already named "${name}" (tests[${first}]): give each test its own name so a failure is easy to find.`, ['tests', index, 'name']);
    });
    return report.findings;
  },
};
