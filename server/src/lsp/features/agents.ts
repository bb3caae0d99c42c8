// Agent policies for the client: the agents to pick from, ProdGate: Check Agent Action's decision
// with the rule that decided, a policy test file's outcomes, and ProdGate: Verify Audit Chain.
// Requests return data with links; the client renders.
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { decideAction } from '../../engine/agents/decide.ts';
import { verifyAuditFiles } from '../../io/audit-chain-files.ts';
import { isObject } from '../../engine/values.ts';
import {
  AgentsRequest,
  CheckActionRequest,
  PolicyTestsRequest,
  VerifyAuditRequest,
  type AgentSummary,
  type CheckActionParams,
  type CheckActionResult,
  type PolicyTestsParams,
  type PolicyTestsResult,
  type VerifyAuditParams,
  type VerifyAuditResult,
} from '../protocol.ts';
import { SourceLocator } from '../source-links.ts';
import { uriToPath } from '../workspace-index.ts';
import type { Feature } from './feature.ts';

export const agents: Feature = {
  capabilities: {},
  register(connection, { documents, index, agents: policies, analyses }) {
    const openText = (path: string): string | undefined => documents.all().find((document) => uriToPath(document.uri) === path)?.getText();
    const locator = (path: string) => new SourceLocator(policies.rootOf(path), openText);

    connection.onRequest(AgentsRequest, async (): Promise<AgentSummary[]> => {
      await index.ready();
      const seen = new Map<string, AgentSummary>();
      for (const policy of policies.all()) {
        const link = await locator(policy.file).link(policy.file, ['agent']);
        if (!link) continue;
        const key = `${policies.rootOf(policy.file) ?? ''}\0${policy.agent}`;
        const first = seen.get(key);
        if (first) first.duplicates.push(link);
        else seen.set(key, { agent: policy.agent, link, duplicates: [] });
      }
      return [...seen.values()].sort((a, b) => a.agent.localeCompare(b.agent));
    });

    connection.onRequest(CheckActionRequest, async (params: CheckActionParams | undefined): Promise<CheckActionResult> => {
      const agent = typeof params?.agent === 'string' ? params.agent : '';
      const action = typeof params?.action === 'string' ? params.action : '';
      if (agent === '' || action === '') throw new ResponseError(ErrorCodes.InvalidParams, 'Give an agent and an action to check.');
      if (params?.context !== undefined && !isObject(params.context)) throw new ResponseError(ErrorCodes.InvalidParams, 'The context must be a JSON object, e.g. {"amount": 900}.');
      await index.ready();
      // The picked policy file when the client names one (several folders may each govern the agent).
      const chosen = typeof params?.policyUri === 'string' ? uriToPath(params.policyUri) : undefined;
      const candidates = policies.all().filter((policy) => policy.agent === agent);
      const policy = candidates.find((candidate) => candidate.file === chosen) ?? candidates[0];
      const result = decideAction(new Map(policy ? [[agent, policy.value]] : []), agent, action, params?.context ?? {});
      if (!policy) return { decision: result.decision, reason: result.reason };
      const links = locator(policy.file);
      const policyLink = await links.link(policy.file, ['agent']);
      const ruleLink = result.rule && (await links.link(policy.file, ['permissions', result.rule.list, result.rule.index]));
      return {
        decision: result.decision,
        reason: result.reason,
        ...(result.rule && ruleLink ? { rule: { ...result.rule, link: ruleLink } } : {}),
        ...(policyLink ? { policy: policyLink } : {}),
      };
    });

    connection.onRequest(PolicyTestsRequest, async (params: PolicyTestsParams | undefined): Promise<PolicyTestsResult> => {
      const uri = typeof params?.uri === 'string' ? params.uri : '';
      const path = uriToPath(uri);
      const document = documents.get(uri);
      if (!path) throw new ResponseError(ErrorCodes.InvalidParams, `Only policy test files on disk can be run (${uri || 'no file given'}).`);
      await index.ready();
      const validation = document ? analyses.of(document) : index.get(path)?.validation;
      if (validation?.kind !== 'agent-policy-tests') throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not an agent policy test file.`);
      const links = locator(path);
      const results = [];
      for (const test of policies.runTests(path, validation)) {
        const link = await links.link(path, ['tests', test.index]);
        const rule = test.policy && test.result.rule && (await links.link(test.policy.file, ['permissions', test.result.rule.list, test.result.rule.index]));
        results.push({
          name: test.name,
          agent: test.agent,
          action: test.action,
          expect: test.expect,
          decision: test.result.decision,
          reason: test.result.reason,
          passed: test.passed,
          link: link ?? { uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
          ...(rule ? { rule } : {}),
        });
      }
      return { results };
    });

    connection.onRequest(VerifyAuditRequest, async (params: VerifyAuditParams | undefined): Promise<VerifyAuditResult> => {
      const given = Array.isArray(params?.uris) ? params.uris.filter((uri): uri is string => typeof uri === 'string') : undefined;
      let paths: string[];
      if (given && given.length > 0) {
        paths = given.map((uri) => {
          const path = uriToPath(uri);
          if (!path) throw new ResponseError(ErrorCodes.InvalidParams, `Only audit logs on disk can be verified (${uri}).`);
          return path;
        });
      } else {
        await index.ready();
        paths = index.byKind('agent-audit-log').map((artifact) => artifact.path);
      }
      // The files on disk are what an auditor verifies: unsaved edits do not count.
      const results = await verifyAuditFiles(paths);
      return {
        files: results.map((result) => ({
          uri: pathToFileURL(result.file).href,
          valid: result.valid,
          entries: result.entries,
          ...(result.valid ? {} : { ...('line' in result ? { line: result.line } : {}), reason: result.reason, message: result.message }),
        })),
      };
    });
  },
};
