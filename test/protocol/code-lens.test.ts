// CodeLens through the server: "Run certification" above certification policies and bundles, with
// the readiness level once a prodgate/certify request has run; "Evaluate governance" above a scorecard.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { parse, stringify } from 'yaml';
import type { CertifyResult } from '../../server/src/lsp/protocol.ts';
import { LspTestClient } from '../support/lsp-client.ts';

const EXAMPLES = resolve(__dirname, '../../examples');
const workspaces: string[] = [];

/** A fresh copy of the example certification bundle. */
function workspace(): string {
  const directory = mkdtempSync(join(tmpdir(), 'prodgate-lens-'));
  workspaces.push(directory);
  cpSync(join(EXAMPLES, 'certification'), directory, { recursive: true });
  return directory;
}

after(() => {
  for (const directory of workspaces) rmSync(directory, { recursive: true, force: true });
});

async function open(client: LspTestClient, path: string, languageId: string): Promise<string> {
  const uri = pathToFileURL(path).href;
  await client.open(uri, languageId, readFileSync(path, 'utf8'));
  return uri;
}

async function lenses(client: LspTestClient, uri: string): Promise<CodeLens[] | null> {
  return client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
}

async function certify(client: LspTestClient, params: object = {}): Promise<CertifyResult> {
  return client.connection.sendRequest('prodgate/certify', params);
}

async function withClient(directory: string, run: (client: LspTestClient) => Promise<void>): Promise<void> {
  const client = await LspTestClient.start({ workspaceFolder: directory });
  try {
    await run(client);
  } finally {
    await client.stop();
  }
}

const AT_LINE = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });

describe('code lens', () => {
  test('a policy (JSON) and a bundle (YAML): "Run certification", then the level of the last run', async () => {
    const directory = workspace();
    await withClient(directory, async (client) => {
      const policy = await open(client, join(directory, 'production-certification.json'), 'json');
      const bundle = await open(client, join(directory, 'prodgate.bundle.yaml'), 'yaml');

      const [policyLens, ...otherPolicyLenses] = (await lenses(client, policy))!;
      assert.deepEqual(otherPolicyLenses, []);
      // On the policy's first key (line 1, after the opening brace).
      assert.deepEqual(policyLens, {
        range: { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } },
        command: { title: '$(shield) Run certification', command: 'prodgate.certify' },
      });
      // On the bundle's first key, below its comment.
      assert.deepEqual(await lenses(client, bundle), [
        { range: AT_LINE(3), command: { title: '$(shield) Run certification', command: 'prodgate.certify', arguments: [bundle] } },
      ]);

      const result = await certify(client, { bundleUri: bundle });
      assert.equal(result.status, 'done');
      assert.equal((await lenses(client, policy))![0].command!.title, '$(shield) Run certification — deployment ready');
      assert.deepEqual((await lenses(client, bundle))![0].command, {
        title: '$(shield) Run certification — deployment ready',
        command: 'prodgate.certify',
        arguments: [bundle],
      });
    });
  });

  test('a policy (YAML) and a bundle (JSON): the level follows the latest run', async () => {
    const directory = workspace();
    const external = join(directory, 'external-evidence.json');
    writeFileSync(external, readFileSync(external, 'utf8').replace('"external_deployment"', '"template"'));
    const policyYaml = join(directory, 'production-certification.yaml');
    writeFileSync(policyYaml, stringify(parse(readFileSync(join(directory, 'production-certification.json'), 'utf8'))));
    rmSync(join(directory, 'prodgate.bundle.yaml'));
    const bundleJson = join(directory, 'prodgate.bundle.json');
    writeFileSync(bundleJson, `${JSON.stringify({ certification_policy: 'production-certification.yaml', external_evidence: 'external-evidence.json' }, null, 2)}\n`);
    await withClient(directory, async (client) => {
      const policy = await open(client, policyYaml, 'yaml');
      const bundle = await open(client, bundleJson, 'json');
      assert.deepEqual((await lenses(client, policy))![0].range, AT_LINE(0));

      // The workspace's bundle is certified when no bundle is given.
      const result = await certify(client);
      assert.equal(result.status, 'done');
      if (result.status !== 'done') return;
      assert.equal(result.report.summary.readiness_level, 'repo_local_not_ready');
      assert.equal((await lenses(client, bundle))![0].command!.title, '$(shield) Run certification — repo-local not ready');
      assert.equal((await lenses(client, policy))![0].command!.title, '$(shield) Run certification — repo-local not ready');

      // A fuller bundle elsewhere: repo-local ready, but the evidence is a template.
      const full = join(directory, 'full.bundle.yaml');
      writeFileSync(full, readFileSync(join(EXAMPLES, 'certification/prodgate.bundle.yaml'), 'utf8'));
      const fullUri = pathToFileURL(full).href;
      const second = await certify(client, { bundleUri: fullUri });
      assert.equal(second.status, 'done');
      // The policy's lens re-runs the last certification (the command without a bundle), so it shows that one's level.
      assert.equal((await lenses(client, policy))![0].command!.title, '$(shield) Run certification — external evidence required');
      assert.equal((await lenses(client, bundle))![0].command!.title, '$(shield) Run certification — repo-local not ready');
    });
  });

  test('"Evaluate governance" above a scorecard; no lens above other artifacts or a document of no kind', async () => {
    const directory = workspace();
    cpSync(join(EXAMPLES, 'governance/scorecards/support-triage.scorecard.json'), join(directory, 'support-triage.scorecard.json'));
    writeFileSync(join(directory, 'package.json'), '{ "name": "not-an-artifact" }\n');
    await withClient(directory, async (client) => {
      assert.equal((await certify(client)).status, 'done');
      const scorecard = await open(client, join(directory, 'support-triage.scorecard.json'), 'json');
      assert.deepEqual(await lenses(client, scorecard), [
        {
          range: { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } },
          command: { title: '$(law) Evaluate governance', command: 'prodgate.evaluateGovernance', arguments: [scorecard] },
        },
      ]);
      for (const [file, languageId] of [
        ['deployment.yaml', 'yaml'],
        ['evidence-registry.json', 'json'],
        ['package.json', 'json'],
      ]) {
        assert.equal(await lenses(client, await open(client, join(directory, file), languageId)), null, file);
      }
    });
  });
});
