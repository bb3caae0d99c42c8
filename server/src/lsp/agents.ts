// The workspace's agent policies, as OpenClaw would load them: what agent ids they govern, which
// ids more than one policy claims, and what policy test files expect of them. Read from the index,
// so open documents count with their unsaved text.
import { dirname, relative, resolve, sep } from 'node:path';
import type { CertificationIssue } from '../engine/certification/types.ts';
import type { Finding } from '../engine/findings.ts';
import { duplicateAgentFindings, policyTestFindings, runPolicyTests, type PolicySource, type PolicyTestResult } from '../engine/agents/policy-tests.ts';
import { asArray, get } from '../engine/values.ts';
import type { Validation } from '../engine/validate.ts';
import type { WorkspaceIndex } from './workspace-index.ts';

export class AgentPolicies {
  constructor(
    private readonly index: WorkspaceIndex,
    /** The workspace folder holding a path; policies are looked for within it. */
    readonly rootOf: (path: string) => string | undefined,
  ) {}

  /** Every agent policy of the workspace, in path order. */
  all(): PolicySource[] {
    return this.policiesWithin(undefined);
  }

  /** The agent policies of the folder `path` is in (every indexed policy outside any folder). */
  policiesNear(path: string): PolicySource[] {
    return this.policiesWithin(this.rootOf(path));
  }

  private policiesWithin(root: string | undefined): PolicySource[] {
    return this.index.byKind('agent-policy', root).flatMap((artifact) => {
      const agent = get(artifact.validation?.value, 'agent');
      return typeof agent === 'string' && agent !== '' ? [{ agent, file: artifact.path, value: artifact.validation!.value }] : [];
    });
  }

  /** The policies a test file runs against: its `policies` list, else its folder's. */
  policiesForTests(path: string, tests: unknown): PolicySource[] {
    const near = this.policiesNear(path);
    const listed = asArray(get(tests, 'policies')).filter((entry): entry is string => typeof entry === 'string' && entry !== '');
    if (listed.length === 0) return near;
    const scopes = listed.map((entry) => resolve(dirname(path), entry));
    return near.filter((policy) => scopes.some((scope) => policy.file === scope || policy.file.startsWith(scope.endsWith(sep) ? scope : `${scope}${sep}`)));
  }

  runTests(path: string, validation: Validation): PolicyTestResult[] {
    return runPolicyTests(validation.value, this.policiesForTests(path, validation.value));
  }

  /** Diagnostics that come from the other policies: duplicate agents, failing policy tests. */
  crossFileIssues(path: string, validation: Validation): CertificationIssue[] {
    const describe = (file: string) => this.describe(path, file);
    let findings: Finding[] = [];
    if (validation.kind === 'agent-policy') {
      const agent = get(validation.value, 'agent');
      if (typeof agent === 'string' && agent !== '') findings = duplicateAgentFindings({ agent, file: path, value: validation.value }, this.policiesNear(path), describe);
    } else if (validation.kind === 'agent-policy-tests') {
      findings = policyTestFindings(this.runTests(path, validation), describe);
    }
    return findings.map((finding) => ({
      level: finding.severity === 'error' ? 'error' : 'warning',
      path,
      message: finding.message,
      code: finding.code,
      file: path,
      location: { jsonPath: finding.path },
    }));
  }

  /** A file as the user knows it: relative to its workspace folder. */
  private describe(from: string, file: string): string {
    const root = this.rootOf(from);
    return root ? relative(root, file) : file;
  }
}
