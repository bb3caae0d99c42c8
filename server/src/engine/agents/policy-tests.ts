// The findings that depend on several agent policies at once: policy tests run against the
// workspace's policies, and agent ids that more than one policy claims.
import type { Finding } from '../findings.ts';
import { asArray, get, isObject } from '../values.ts';
import { decideAction, type Decision, type DecisionResult } from './decide.ts';

/** An agent policy of the workspace: where it is and what it says. */
export interface PolicySource {
  agent: string;
  /** A path or URI; only compared and shown. */
  file: string;
  value: unknown;
}

export interface PolicyTestResult {
  index: number;
  name: string;
  agent: string;
  action: string;
  expect: Decision;
  result: DecisionResult;
  /** The policy that decided; absent when no policy governs the agent. */
  policy?: PolicySource;
  passed: boolean;
}

const DECISIONS: readonly unknown[] = ['allow', 'deny', 'escalate'];

/**
 * Runs every well-formed test (agent, action and expect of the right types; the schema reports the
 * others) against the policies, the first policy of each agent deciding as OpenClaw's map would.
 */
export function runPolicyTests(tests: unknown, policies: readonly PolicySource[]): PolicyTestResult[] {
  const byAgent = new Map<string, PolicySource>();
  for (const policy of policies) if (!byAgent.has(policy.agent)) byAgent.set(policy.agent, policy);
  const values = new Map([...byAgent].map(([agent, policy]) => [agent, policy.value]));
  const results: PolicyTestResult[] = [];
  asArray(get(tests, 'tests')).forEach((test, index) => {
    const agent = get(test, 'agent');
    const action = get(test, 'action');
    const expect = get(test, 'expect');
    const context = get(test, 'context') ?? {};
    if (typeof agent !== 'string' || typeof action !== 'string' || !DECISIONS.includes(expect) || !isObject(context)) return;
    const result = decideAction(values, agent, action, context);
    const name = get(test, 'name');
    const policy = byAgent.get(agent);
    results.push({
      index,
      name: typeof name === 'string' && name !== '' ? name : `${agent} ${action} → ${String(expect)}`,
      agent,
      action,
      expect: expect as Decision,
      result,
      ...(policy ? { policy } : {}),
      passed: result.decision === expect,
    });
  });
  return results;
}

/** A failing expectation on its `expect`; an unknown agent on its `agent`. */
export function policyTestFindings(results: readonly PolicyTestResult[], describeFile: (file: string) => string): Finding[] {
  const findings: Finding[] = [];
  for (const test of results) {
    if (!test.policy) {
      findings.push({
        code: 'policy-test-agent-unknown',
        severity: 'warning',
        message: `No agent policy governs "${test.agent}": OpenClaw denies every action of an agent without a policy.`,
        path: ['tests', test.index, 'agent'],
      });
    }
    if (test.passed) continue;
    const where = test.result.rule && test.policy ? ` (${describeFile(test.policy.file)}, permissions.${test.result.rule.list}[${test.result.rule.index}])` : '';
    findings.push({
      code: 'policy-test-failed',
      severity: 'error',
      message: `Expected ${test.expect}, but the policy decides ${test.result.decision} for "${test.action}": ${test.result.reason}${where}.`,
      path: ['tests', test.index, 'expect'],
    });
  }
  return findings;
}

/** `policy-agent-duplicate` on this policy's `agent` when another policy claims the same id. */
export function duplicateAgentFindings(self: PolicySource, policies: readonly PolicySource[], describeFile: (file: string) => string): Finding[] {
  const others = policies.filter((policy) => policy.agent === self.agent && policy.file !== self.file);
  if (others.length === 0) return [];
  const names = others.map((policy) => describeFile(policy.file)).join(', ');
  return [
    {
      code: 'policy-agent-duplicate',
      severity: 'error',
      message: `Agent "${self.agent}" is also governed by ${names}. OpenClaw keeps whichever policy it loads last, so which rules apply is an accident of file order: give each agent one policy.`,
      path: ['agent'],
    },
  ];
}
