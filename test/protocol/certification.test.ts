// Certification through the server: the prodgate/certify request, choosing among candidates, and
// cross-file gates published as diagnostics in the file that must change.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import type { CertifyResult } from '../../server/src/lsp/protocol.ts';
import { LspTestClient, waitFor } from '../support/lsp-client.ts';

const EXAMPLES = resolve(__dirname, '../../examples/certification');
const workspaces: string[] = [];

/** A fresh copy of the example bundle (or of some of its files) to change freely. */
function workspace(files?: string[]): string {
  const directory = mkdtempSync(join(tmpdir(), 'prodgate-cert-'));
  workspaces.push(directory);
  if (files) for (const file of files) cpSync(join(EXAMPLES, file), join(directory, file));
  else cpSync(EXAMPLES, directory, { recursive: true });
  return directory;
}

after(() => {
  for (const directory of workspaces) rmSync(directory, { recursive: true, force: true });
});

async function certify(client: LspTestClient, params: object = {}): Promise<CertifyResult> {
  return client.connection.sendRequest('prodgate/certify', params);
}

describe('prodgate/certify', () => {
  test('the example bundle is deployment ready; every check passes; production_certified stays false', async () => {
    const client = await LspTestClient.start({ workspaceFolder: workspace() });
    try {
      const result = await certify(client);
      assert.equal(result.status, 'done');
      if (result.status !== 'done') return;
      assert.equal(result.report.summary.readiness_level, 'deployment_ready');
      assert.equal(result.report.production_certified, false);
      assert.deepEqual(
        result.report.checks.map((check) => [check.name, check.status]),
        [
          ['certification_policy', 'pass'],
          ['readiness_boundary', 'pass'],
          ['deployment_manifest', 'pass'],
          ['governance_policy', 'pass'],
          ['required_metrics', 'pass'],
          ['connector_evidence', 'pass'],
          ['human_review_routing', 'pass'],
          ['audit_retention', 'pass'],
          ['shadow_mode_evidence', 'pass'],
          ['external_production_evidence', 'pass'],
        ],
      );
      assert.ok(result.view.inputs.every((input) => input.uri?.startsWith('file://')));
    } finally {
      await client.stop();
    }
  });

  test('issues link to their file and range', async () => {
    const directory = workspace();
    const external = join(directory, 'external-evidence.json');
    writeFileSync(external, readFileSync(external, 'utf8').replace('"external_deployment"', '"template"'));
    const client = await LspTestClient.start({ workspaceFolder: directory });
    try {
      const result = await certify(client);
      assert.equal(result.status, 'done');
      if (result.status !== 'done') return;
      assert.equal(result.report.summary.readiness_level, 'external_evidence_required');
      const check = result.view.checks.find((item) => item.name === 'external_production_evidence')!;
      assert.equal(check.status, 'fail');
      const scope = check.issues.find((issue) => issue.code === 'evidence-template-scope')!;
      assert.equal(scope.link?.uri, pathToFileURL(external).href);
      const line = readFileSync(external, 'utf8').split('\n')[scope.link!.range.start.line];
      assert.equal(line.slice(scope.link!.range.start.character, scope.link!.range.end.character), '"template"');
    } finally {
      await client.stop();
    }
  });

  test('several candidates of a kind: the server asks, then uses the pick', async () => {
    const directory = workspace(['production-certification.json', 'observability.yaml', 'evidence-registry.json']);
    cpSync(join(directory, 'evidence-registry.json'), join(directory, 'other-registry.json'));
    const client = await LspTestClient.start({ workspaceFolder: directory });
    try {
      const first = await certify(client);
      assert.equal(first.status, 'choose');
      if (first.status !== 'choose') return;
      assert.deepEqual(Object.keys(first.candidates), ['evidence_registry']);
      assert.equal(first.candidates.evidence_registry!.length, 2);
      const picked = pathToFileURL(join(directory, 'other-registry.json')).href;
      const second = await certify(client, { selection: { evidence_registry: picked } });
      assert.equal(second.status, 'done');
      if (second.status !== 'done') return;
      assert.equal(second.report.inputs.find((input) => input.name === 'evidence_registry')?.file, 'other-registry.json');
      assert.equal(second.report.summary.readiness_level, 'repo_local_not_ready');
    } finally {
      await client.stop();
    }
  });

  test('a bundle naming a missing file and a file of the wrong kind: clear failures, never a pass', async () => {
    const directory = workspace(['production-certification.json', 'governance.yaml']);
    writeFileSync(
      join(directory, 'prodgate.bundle.yaml'),
      'certification_policy: production-certification.json\ndeployment_manifest: governance.yaml\nobservability_policy: missing.yaml\n',
    );
    const client = await LspTestClient.start({ workspaceFolder: directory });
    try {
      const result = await certify(client);
      assert.equal(result.status, 'done');
      if (result.status !== 'done') return;
      const byName = new Map(result.report.checks.map((check) => [check.name, check]));
      assert.equal(byName.get('deployment_manifest')!.status, 'fail');
      assert.match(byName.get('deployment_manifest')!.issues[0].message, /governance\.yaml is a human-governance policy, not a deployment manifest/);
      assert.equal(byName.get('required_metrics')!.status, 'fail');
      assert.match(byName.get('required_metrics')!.issues[0].message, /missing\.yaml: cannot read .*no such file/);
      assert.equal(result.report.summary.readiness_level, 'repo_local_not_ready');
    } finally {
      await client.stop();
    }
  });
});

describe('cross-file gates as diagnostics', () => {
  test('an observability policy not tracking a metric the certification policy requires; fixed from either file', async () => {
    const directory = workspace(['production-certification.json', 'observability.yaml']);
    const client = await LspTestClient.start({ workspaceFolder: directory });
    try {
      const observabilityPath = join(directory, 'observability.yaml');
      const observability = readFileSync(observabilityPath, 'utf8');
      assert.match(observability, /- false_block_rate\n/);
      const withoutMetric = observability.replace(/ *- false_block_rate\n/, '');
      const observabilityUri = pathToFileURL(observabilityPath).href;
      await client.open(observabilityUri, 'yaml', withoutMetric);
      // The index is built in the background: wait for the cross-file diagnostic to appear.
      const missing = await waitForDiagnostic(client, observabilityUri, (message) => /false_block_rate/.test(message));
      assert.equal(missing.code, 'metrics-missing');
      // On the list, as metrics-missing always is: the block sequence starts at its first item.
      const lines = withoutMetric.split('\n');
      assert.ok(missing.range.start.line > lines.findIndex((line) => line.startsWith('tracked_metrics:')));
      assert.equal(lines[missing.range.start.line].slice(missing.range.start.character), '- aix_decision_count');

      // Changing the other file clears it here.
      const policyPath = join(directory, 'production-certification.json');
      const policyUri = pathToFileURL(policyPath).href;
      const policy = readFileSync(policyPath, 'utf8');
      await client.open(policyUri, 'json', policy);
      await client.diagnostics(policyUri);
      await client.change(policyUri, [{ text: policy.replace(/"false_block_rate",?\s*/, '') }]);
      await waitFor(() => {
        const last = client.publishes(observabilityUri).at(-1);
        return last !== undefined && !last.diagnostics.some((diagnostic) => /false_block_rate/.test(String(diagnostic.message)));
      });
    } finally {
      await client.stop();
    }
  });
});

describe('every cross-file gate lands in the file that must change', () => {
  type Change = (value: Record<string, any>) => void;
  const gates: [string, string, Change, string, RegExp][] = [
    [
      'a registry missing a required connector\'s sources',
      'evidence-registry.json',
      (registry) => void (registry.sources = registry.sources.filter((source: { source_id: string }) => source.source_id !== 'order-system')),
      'connector-sources-missing',
      /order_history needs evidence sources this registry lacks: order-system/,
    ],
    [
      'a deployment manifest missing a human-review topic',
      'deployment.yaml',
      (deployment) => void (deployment.human_review.required_for = deployment.human_review.required_for.filter((topic: string) => !/irreversible/i.test(topic))),
      'human-review-topic-missing',
      /irreversible/,
    ],
    [
      'a governance policy missing a human-review topic',
      'governance.yaml',
      (governance) =>
        void (governance.escalation_classes = governance.escalation_classes.filter(
          (item: Record<string, string>) => !/low-confidence/i.test(`${item.name} ${item.trigger} ${item.route}`),
        )),
      'human-review-topic-missing',
      /low-confidence/,
    ],
    [
      'external evidence missing a required connector',
      'external-evidence.json',
      (external) => void (external.connector_manifests = external.connector_manifests.slice(1)),
      'connectors-missing',
      /missing connectors the certification policy requires/,
    ],
    ['deployment retention below the policy\'s minimum', 'deployment.yaml', (deployment) => void (deployment.audit.retention_days = 200), 'audit-retention-too-short', /at least 365 days/],
  ];

  for (const [name, file, change, code, message] of gates) {
    test(name, async () => {
      const directory = workspace();
      const path = join(directory, file);
      const value = parse(readFileSync(path, 'utf8'));
      change(value);
      const text = file.endsWith('.json') ? JSON.stringify(value, null, 2) : stringify(value);
      writeFileSync(path, text);
      const client = await LspTestClient.start({ workspaceFolder: directory });
      try {
        const uri = pathToFileURL(path).href;
        await client.open(uri, file.endsWith('.json') ? 'json' : 'yaml', text);
        const diagnostic = await waitForDiagnostic(client, uri, (text) => message.test(text));
        assert.equal(diagnostic.code, code);
        assert.equal(diagnostic.source, 'prodgate');
      } finally {
        await client.stop();
      }
    });
  }
});

async function waitForDiagnostic(client: LspTestClient, uri: string, match: (message: string) => boolean) {
  let found: Awaited<ReturnType<LspTestClient['diagnostics']>>[number] | undefined;
  await waitFor(() => {
    found = client.publishes(uri).at(-1)?.diagnostics.find((diagnostic) => match(String(diagnostic.message)));
    return found !== undefined;
  });
  return found!;
}

