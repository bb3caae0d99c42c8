// Production command safety over LSP: blocked commands in shell scripts, Markdown runbooks and agent
// allow lists are warnings only while the workspace's environment is production (its environment
// file, then the prodgate.environment setting, else production), and the requests behind
// ProdGate: Check Command (prodgate/checkCommand, prodgate/requestException).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, Range } from 'vscode-languageserver-protocol/node';
import type { CheckCommandResult, RequestExceptionResult } from '../../server/src/lsp/protocol.ts';
import { LspTestClient, messageOf, waitFor } from '../support/lsp-client.ts';

const CODE = 'command-blocked-production';
const PHRASE = 'Yes, I understand the risks and want to proceed in production';
const DEFAULT_SOURCE = 'the default: an undetected environment is production';
const SETTING_SOURCE = 'the prodgate.environment setting';

let directory: string;
let client: LspTestClient;
const uriOf = (name: string) => pathToFileURL(join(directory, name)).href;

const SCRIPT = [
  '#!/usr/bin/env bash',
  'set -euo pipefail',
  '# rm -rf /srv/app/cache   (a comment: not a command)',
  'echo "deploying release $RELEASE"',
  'grep "rm -rf" notes.txt',
  'echo systemctl stop x',
  'sudo systemctl restart nginx',
  'docker compose \\',
  '  -f prod.yml down',
  'cat <<EOF > /tmp/notes',
  'rm -rf /',
  'EOF',
  'rm -rf /var/www/releases/old',
  'ls -la /var/www',
  '',
].join('\n');

const RUNBOOK = [
  '# Restarting the web tier',
  '',
  'Check the service first:',
  '',
  '```bash',
  'systemctl status nginx',
  '$ systemctl restart nginx',
  '```',
  '',
  '```console',
  '$ kubectl delete pod web-0',
  'pod "web-0" deleted',
  '```',
  '',
  '```sh',
  'docker rm -f web-old',
  '```',
  '',
  '```python',
  'import subprocess',
  'subprocess.run(["systemctl", "restart", "nginx"])',
  'systemctl restart nginx',
  '```',
  '',
  '```',
  'systemctl restart nginx',
  '```',
  '',
  'Never run `systemctl stop nginx` by hand.',
  '',
].join('\n');

const POLICY = [
  'agent: northwind-ops-agent',
  '',
  'metadata:',
  '  name: Northwind Ops Agent',
  '  description: Watches the web tier and restarts it when told',
  '  version: "1.0"',
  '  owner: platform-operations',
  '',
  'permissions:',
  '  allow:',
  '    - read:service_status',
  '    - exec:systemctl restart nginx',
  '    - exec:echo systemctl stop x',
  '  deny:',
  '    - delete:*',
  '  escalate:',
  '    - exec:deploy',
  '',
  'audit:',
  '  level: full',
  '  retention: 2555',
  '  sensitive_fields:',
  '    - password',
  '',
].join('\n');

const POLICY_JSON = `${JSON.stringify(
  {
    agent: 'northwind-cluster-agent',
    metadata: { name: 'Northwind Cluster Agent', description: 'Cleans up finished jobs', version: '1.0', owner: 'platform-operations' },
    permissions: { allow: ['read:pods', 'exec:kubectl delete job nightly-report'], deny: ['delete:*'], escalate: ['exec:scale'] },
    audit: { level: 'full', retention: 2555, sensitive_fields: ['password'] },
  },
  null,
  2,
)}\n`;

const FILES = { script: 'deploy.sh', runbook: 'RUNBOOK.md', policy: 'ops-agent.policy.yaml', policyJson: 'cluster-agent.policy.json' } as const;

before(async () => {
  directory = mkdtempSync(join(tmpdir(), 'prodgate-command-safety-'));
  client = await LspTestClient.start({ workspaceFolder: directory, settings: {} });
});
after(async () => {
  await client.stop();
  rmSync(directory, { recursive: true, force: true });
});

const diagnosticsWhen = (uri: string, match: (diagnostics: Diagnostic[]) => boolean) => client.diagnosticsWhen(uri, match);

const blocked = (diagnostics: Diagnostic[]) => diagnostics.filter((item) => item.code === CODE);

/** The range of the first occurrence of `needle` in `text` (it may span lines). */
function rangeOf(text: string, needle: string): Range {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, `test bug: ${JSON.stringify(needle)} is not in the text`);
  const position = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before.at(-1)!.length };
  };
  return { start: position(start), end: position(start + needle.length) };
}

/** [range, start of message] of each blocked-command diagnostic. */
const summary = (diagnostics: Diagnostic[]) => blocked(diagnostics).map((item) => ({ range: item.range, rule: /^Blocked in production \(([^)]*)\)/.exec(messageOf(item))?.[1] }));

/** Every open document's blocked-command diagnostics satisfy `match`. */
async function allDocuments(match: (diagnostics: Diagnostic[]) => boolean): Promise<void> {
  for (const name of Object.values(FILES)) await diagnosticsWhen(uriOf(name), match);
}

/** The environment source every blocked-command message names, once all of them name it. */
const namesSource = (source: string) => (diagnostics: Diagnostic[]) =>
  blocked(diagnostics).length > 0 && blocked(diagnostics).every((item) => messageOf(item).includes(`The environment is production (${source});`));
const none = (diagnostics: Diagnostic[]) => blocked(diagnostics).length === 0;

async function writeEnvironmentFile(name: string, text: string | undefined): Promise<void> {
  const path = join(directory, name);
  const existed = existsSync(path);
  if (text === undefined) rmSync(path);
  else writeFileSync(path, text);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [{ uri: uriOf(name), type: text === undefined ? 3 : existed ? 2 : 1 }],
  });
}

describe('blocked commands in documents (environment: production by default)', () => {
  test('a shell script: each blocked command is a warning on its whole command, harmless lines are not', async () => {
    const uri = uriOf(FILES.script);
    await client.open(uri, 'shellscript', SCRIPT);
    const diagnostics = await diagnosticsWhen(uri, (items) => items.length > 0);
    assert.deepEqual(summary(diagnostics), [
      { range: rangeOf(SCRIPT, 'sudo systemctl restart nginx'), rule: 'systemctl restart' },
      { range: rangeOf(SCRIPT, 'docker compose \\\n  -f prod.yml down'), rule: 'docker-compose down' },
      { range: rangeOf(SCRIPT, 'rm -rf /var/www/releases/old'), rule: 'rm -rf' },
    ]);
    assert.equal(diagnostics.length, 3, 'nothing else is reported on a shell script');
    const [restart] = diagnostics;
    assert.equal(restart.severity, 2);
    assert.equal(restart.source, 'prodgate');
    assert.equal(
      messageOf(restart),
      `Blocked in production (systemctl restart): Restarting a service interrupts the requests it is serving and can fail to come back up. The environment is production (${DEFAULT_SOURCE}); run it only with an approved exception.`,
    );
    // The continued command covers both physical lines.
    assert.deepEqual(diagnostics[1].range, { start: { line: 7, character: 0 }, end: { line: 8, character: '  -f prod.yml down'.length } });
  });

  test('editing the script moves and removes the warnings with the text', async () => {
    const uri = uriOf(FILES.script);
    const text = SCRIPT.replace('sudo systemctl restart nginx', 'sudo systemctl status nginx').replace('rm -rf /var/www/releases/old', '  rm -rf /var/www/releases/old && chmod 777 /srv/app');
    await client.change(uri, [{ text }]);
    const diagnostics = await diagnosticsWhen(uri, (items) => items.length !== 3 || items[0].range.start.line !== 6);
    const chained = rangeOf(text, 'rm -rf /var/www/releases/old && chmod 777 /srv/app');
    assert.deepEqual(summary(diagnostics), [
      { range: rangeOf(text, 'docker compose \\\n  -f prod.yml down'), rule: 'docker-compose down' },
      { range: chained, rule: 'rm -rf' },
      { range: chained, rule: 'chmod 777' },
    ]);
    assert.equal(chained.start.character, 2, 'the leading indentation is not part of the command');
    await client.change(uri, [{ text: SCRIPT }]);
    await diagnosticsWhen(uri, (items) => items.length === 3);
  });

  test('a Markdown runbook: only bash, sh and console fences count; python and plain fences and inline code do not', async () => {
    const uri = uriOf(FILES.runbook);
    await client.open(uri, 'markdown', RUNBOOK);
    const diagnostics = await diagnosticsWhen(uri, (items) => items.length > 0);
    const prompted = rangeOf(RUNBOOK, '$ systemctl restart nginx');
    assert.deepEqual(summary(diagnostics), [
      // The `$ ` prompt is not part of the command.
      { range: { start: { ...prompted.start, character: 2 }, end: prompted.end }, rule: 'systemctl restart' },
      { range: rangeOf(RUNBOOK, 'kubectl delete pod web-0'), rule: 'kubectl delete' },
      { range: rangeOf(RUNBOOK, 'docker rm -f web-old'), rule: 'docker rm' },
    ]);
    assert.equal(diagnostics.length, 3);
    assert.deepEqual(diagnostics[0].range, { start: { line: 6, character: 2 }, end: { line: 6, character: 25 } });
    assert.deepEqual(diagnostics[1].range.start, { line: 10, character: 2 });
  });

  test('the same commands in a python fence alone are not flagged', async () => {
    const uri = uriOf(FILES.runbook);
    const text = '# Notes\n\n```python\nsystemctl restart nginx\nkubectl delete pod web-0\n```\n';
    await client.change(uri, [{ text }]);
    await diagnosticsWhen(uri, (items) => items.length === 0);
    // Renaming the fence to bash flags both lines.
    const bash = text.replace('```python', '```bash');
    await client.change(uri, [{ text: bash }]);
    const diagnostics = await diagnosticsWhen(uri, (items) => items.length > 0);
    assert.deepEqual(summary(diagnostics), [
      { range: rangeOf(bash, 'systemctl restart nginx'), rule: 'systemctl restart' },
      { range: rangeOf(bash, 'kubectl delete pod web-0'), rule: 'kubectl delete' },
    ]);
    await client.change(uri, [{ text: RUNBOOK }]);
    await diagnosticsWhen(uri, (items) => items.length === 3);
  });

  test('an agent policy (YAML): an allow entry that runs a blocked command is a warning on the entry', async () => {
    const uri = uriOf(FILES.policy);
    await client.open(uri, 'yaml', POLICY);
    const diagnostics = await diagnosticsWhen(uri, (items) => blocked(items).length > 0);
    const [entry, ...rest] = blocked(diagnostics);
    assert.deepEqual(rest, [], 'read:service_status and exec:echo systemctl stop x are harmless');
    assert.deepEqual(entry.range, rangeOf(POLICY, 'exec:systemctl restart nginx'));
    assert.equal(entry.severity, 2);
    assert.equal(
      messageOf(entry),
      `This allow entry lets the agent run a command blocked in production. Blocked in production (systemctl restart): Restarting a service interrupts the requests it is serving and can fail to come back up. The environment is production (${DEFAULT_SOURCE}); run it only with an approved exception.`,
    );
  });

  test('an agent policy (JSON): the allow entry is flagged too', async () => {
    const uri = uriOf(FILES.policyJson);
    await client.open(uri, 'json', POLICY_JSON);
    const diagnostics = await diagnosticsWhen(uri, (items) => blocked(items).length > 0);
    assert.equal(blocked(diagnostics).length, 1);
    assert.deepEqual(blocked(diagnostics)[0].range, rangeOf(POLICY_JSON, '"exec:kubectl delete job nightly-report"'));
    assert.match(messageOf(blocked(diagnostics)[0]), /^This allow entry lets the agent run a command blocked in production\. Blocked in production \(kubectl delete\)/);
  });

  test('the blocklist is not applied to other YAML files', async () => {
    const uri = uriOf('notes.yaml');
    await client.open(uri, 'yaml', 'steps:\n  - systemctl restart nginx\nallow:\n  - exec:rm -rf /srv\n');
    assert.deepEqual(await diagnosticsWhen(uri, () => true), []);
    await client.close(uri);
  });
});

describe('the environment decides', () => {
  test('prodgate.environment staging: no warnings; back to unset: they return', async () => {
    await client.changeSettings({ environment: 'staging' });
    await allDocuments(none);
    await client.changeSettings({});
    await allDocuments(namesSource(DEFAULT_SOURCE));
    assert.equal(blocked(client.publishes(uriOf(FILES.script)).at(-1)!.diagnostics).length, 3);
  });

  test('development is not production; production set explicitly is named as the setting', async () => {
    await client.changeSettings({ environment: 'development' });
    await allDocuments(none);
    await client.changeSettings({ environment: 'production' });
    await allDocuments(namesSource(SETTING_SOURCE));
  });

  test('an unknown environment in the setting is production', async () => {
    await client.changeSettings({ environment: 'qa' });
    await allDocuments(namesSource(`${SETTING_SOURCE} (unknown environment "qa": treated as production)`));
    await client.changeSettings({ environment: 'Staging' });
    await allDocuments(namesSource(`${SETTING_SOURCE} (unknown environment "Staging": treated as production)`));
  });

  test('.prodgate.yaml overrides the setting, and its changes apply once the file watcher reports them', async () => {
    await client.changeSettings({ environment: 'staging' });
    await allDocuments(none);
    await writeEnvironmentFile('.prodgate.yaml', '# Where this repository deploys.\nenvironment: production\n');
    await allDocuments(namesSource('.prodgate.yaml'));

    await writeEnvironmentFile('.prodgate.yaml', 'environment: development\n');
    await allDocuments(none);

    await writeEnvironmentFile('.prodgate.yaml', 'environment: prod\n');
    await allDocuments(namesSource('.prodgate.yaml (unknown environment "prod": treated as production)'));

    // A file that does not parse falls to production, not to the laxer setting.
    await writeEnvironmentFile('.prodgate.yaml', 'environment: [staging\n');
    await allDocuments(namesSource('.prodgate.yaml (it does not parse: treated as production)'));

    // A file without an environment key leaves it to the setting.
    await writeEnvironmentFile('.prodgate.yaml', 'owner: platform-operations\n');
    await allDocuments(none);

    await writeEnvironmentFile('.prodgate.yaml', 'environment: production\n');
    await allDocuments(namesSource('.prodgate.yaml'));
    await writeEnvironmentFile('.prodgate.yaml', undefined);
    await allDocuments(none);
  });

  test('.prodgate.json works the same way', async () => {
    await client.changeSettings({ environment: 'production' });
    await allDocuments(namesSource(SETTING_SOURCE));
    await writeEnvironmentFile('.prodgate.json', '{ "environment": "staging" }\n');
    await allDocuments(none);
    await writeEnvironmentFile('.prodgate.json', '{ "environment": "staging", }\n{');
    await allDocuments(namesSource('.prodgate.json (it does not parse: treated as production)'));
    await writeEnvironmentFile('.prodgate.json', undefined);
    await allDocuments(namesSource(SETTING_SOURCE));
    await client.changeSettings({});
    await allDocuments(namesSource(DEFAULT_SOURCE));
  });

  test('a watched-file change of some other file does not drop the environment', async () => {
    writeFileSync(join(directory, '.prodgate.yaml'), 'environment: staging\n');
    // Not reported yet: the cached reading (no file) still applies.
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('other.txt'), type: 1 }] });
    const uri = uriOf(FILES.script);
    const count = client.publishes(uri).length;
    await waitFor(() => client.publishes(uri).length > count);
    assert.equal(blocked(client.publishes(uri).at(-1)!.diagnostics).length, 3);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.prodgate.yaml'), type: 1 }] });
    await allDocuments(none);
    await writeEnvironmentFile('.prodgate.yaml', undefined);
    await allDocuments(namesSource(DEFAULT_SOURCE));
  });
});

describe('prodgate/checkCommand', () => {
  const check = (params: Record<string, unknown>) => client.connection.sendRequest('prodgate/checkCommand', params) as Promise<CheckCommandResult>;

  test('a blocked command in production: the rule, why, and the offending simple command', async () => {
    const result = await check({ command: 'cd /srv/app && sudo systemctl restart nginx', uri: uriOf(FILES.script) });
    assert.deepEqual(result, {
      environment: 'production',
      environmentSource: DEFAULT_SOURCE,
      breaksPolicy: true,
      blocked: true,
      matches: [
        {
          id: 'systemctl-restart',
          blocks: 'systemctl restart',
          reason: 'Restarting a service interrupts the requests it is serving and can fail to come back up.',
          command: 'sudo systemctl restart nginx',
        },
      ],
    });
  });

  test('several rules at once, and a harmless command', async () => {
    const result = await check({ command: 'rm -rf / ; git push origin main', uri: uriOf(FILES.script) });
    assert.deepEqual(result.matches.map((match) => [match.id, match.command]), [
      ['rm-rf', 'rm -rf /'],
      ['rm-f-root', 'rm -rf /'],
      ['git-push-main', 'git push origin main'],
    ]);
    const harmless = await check({ command: 'grep "rm -rf" notes.txt', uri: uriOf(FILES.script) });
    assert.deepEqual(harmless, { environment: 'production', environmentSource: DEFAULT_SOURCE, breaksPolicy: false, blocked: false, matches: [] });
  });

  test('in staging a blocked command breaks the policy but is not blocked', async () => {
    await client.changeSettings({ environment: 'staging' });
    const result = await check({ command: 'kubectl delete pod web-0', uri: uriOf(FILES.script) });
    assert.deepEqual([result.environment, result.environmentSource, result.breaksPolicy, result.blocked], ['staging', SETTING_SOURCE, true, false]);
    assert.deepEqual(result.matches.map((match) => match.id), ['kubectl-delete']);
    // Without a uri the first workspace folder's environment applies.
    const folder = await check({ command: 'kubectl delete pod web-0' });
    assert.deepEqual([folder.environment, folder.environmentSource, folder.blocked], ['staging', SETTING_SOURCE, false]);
    await client.changeSettings({});
    await allDocuments(namesSource(DEFAULT_SOURCE));
  });

  test('the environment file applies to the request too', async () => {
    await writeEnvironmentFile('.prodgate.yml', 'environment: development\n');
    await waitFor(async () => (await check({ command: 'docker stop web', uri: uriOf(FILES.runbook) })).environment === 'development');
    const result = await check({ command: 'docker stop web', uri: uriOf(FILES.runbook) });
    assert.deepEqual([result.environmentSource, result.breaksPolicy, result.blocked], ['.prodgate.yml', true, false]);
    await writeEnvironmentFile('.prodgate.yml', undefined);
    await allDocuments(namesSource(DEFAULT_SOURCE));
    assert.equal((await check({ command: 'docker stop web', uri: uriOf(FILES.runbook) })).blocked, true);
  });

  test('a blank or missing command is an error', async () => {
    await assert.rejects(check({ command: '' }), /Give a command to check/);
    await assert.rejects(check({ command: '  \n\t' }), /Give a command to check/);
    await assert.rejects(check({ uri: uriOf(FILES.script) }), /Give a command to check/);
    await assert.rejects(check({ command: 42 }), /Give a command to check/);
  });
});

describe('prodgate/requestException', () => {
  const request = (params: Record<string, unknown>) => client.connection.sendRequest('prodgate/requestException', params) as Promise<RequestExceptionResult>;
  const LOG = () => join(directory, '.prodgate', 'production-approvals.jsonl');
  const valid = {
    command: 'sudo systemctl restart nginx',
    requestedBy: 'dana.whitfield@northwind.example',
    justification: 'nginx holds a stale TLS certificate after the renewal; a reload did not pick it up (INC-4821).',
    rollbackPlan: 'Restore /etc/nginx from the 06:00 snapshot and restart; traffic fails over to eu-west-2 meanwhile.',
    confirmation: PHRASE,
  };

  test('a wrong confirmation phrase is refused, and nothing is written', async () => {
    const result = await request({ ...valid, uri: uriOf(FILES.script), confirmation: 'yes, I understand the risks and want to proceed in production' });
    assert.deepEqual(result, { approved: false, reasons: [`the confirmation does not match: type exactly "${PHRASE}"`] });
    const near = await request({ ...valid, uri: uriOf(FILES.script), confirmation: `${PHRASE}.` });
    assert.equal(near.approved, false);
    assert.equal(existsSync(LOG()), false);
    assert.equal(existsSync(join(directory, '.prodgate')), false);
  });

  test('blank fields are refused with every reason, and nothing is written', async () => {
    const result = await request({ uri: uriOf(FILES.script), command: ' ', requestedBy: '', justification: '\t', rollbackPlan: '', confirmation: '' });
    assert.deepEqual(result, {
      approved: false,
      reasons: [
        'the action (the command to run) is blank',
        'the requester is blank: say who asks for the exception',
        'the justification is blank: say why the command must run in production',
        'the rollback plan is blank: say how to undo the command if it goes wrong',
        `the confirmation does not match: type exactly "${PHRASE}"`,
      ],
    });
    const missing = await request({ ...valid, uri: uriOf(FILES.script), rollbackPlan: undefined });
    assert.deepEqual(missing, { approved: false, reasons: ['the rollback plan is blank: say how to undo the command if it goes wrong'] });
    assert.equal(existsSync(LOG()), false);
  });

  test('an approval returns the record and the log, and appends exactly one JSON line', async () => {
    const before = Date.now();
    const result = await request({ ...valid, uri: uriOf(FILES.script), confirmation: `  ${PHRASE}\n` });
    const after = Date.now();
    assert.equal(result.approved, true);
    if (!result.approved) return;
    assert.equal(result.log, pathToFileURL(LOG()).href);
    const { record } = result;
    assert.deepEqual(Object.keys(record), ['action', 'requested_by', 'timestamp', 'justification', 'rollback_plan', 'environment', 'blocked_by']);
    assert.equal(record.action, valid.command);
    assert.equal(record.requested_by, valid.requestedBy);
    assert.equal(record.justification, valid.justification);
    assert.equal(record.rollback_plan, valid.rollbackPlan);
    assert.equal(record.environment, 'production');
    assert.deepEqual(record.blocked_by, ['systemctl-restart']);
    assert.match(record.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.equal(new Date(record.timestamp).toISOString(), record.timestamp);
    assert.ok(Date.parse(record.timestamp) >= before - 1000 && Date.parse(record.timestamp) <= after + 1000);
    assert.equal(readFileSync(LOG(), 'utf8'), `${JSON.stringify(record)}\n`);
  });

  test('a second approval (without a uri: the first folder) appends a second line; the first is untouched', async () => {
    const first = readFileSync(LOG(), 'utf8');
    await client.changeSettings({ environment: 'staging' });
    const result = await request({ ...valid, command: 'rm -rf /var/www/releases/old && chmod 777 /srv/app', requestedBy: 'ops-bot' });
    assert.equal(result.approved, true);
    if (!result.approved) return;
    assert.equal(result.log, pathToFileURL(LOG()).href);
    assert.equal(result.record.environment, 'staging');
    assert.deepEqual(result.record.blocked_by, ['rm-rf', 'chmod-777']);
    const text = readFileSync(LOG(), 'utf8');
    assert.equal(text, `${first}${JSON.stringify(result.record)}\n`);
    assert.equal(text.split('\n').length, 3);
    await client.changeSettings({});
  });

  test('a refusal after approvals leaves the log as it was', async () => {
    const text = readFileSync(LOG(), 'utf8');
    const result = await request({ ...valid, uri: uriOf(FILES.script), justification: '' });
    assert.equal(result.approved, false);
    assert.equal(readFileSync(LOG(), 'utf8'), text);
  });

  test('the approvalLog setting moves the log (relative to the workspace folder)', async () => {
    await client.changeSettings({ approvalLog: 'ops/audit/approvals.jsonl' });
    const result = await request({ ...valid, uri: uriOf(FILES.runbook), command: 'docker stop web' });
    assert.equal(result.approved, true);
    if (!result.approved) return;
    const log = join(directory, 'ops', 'audit', 'approvals.jsonl');
    assert.equal(result.log, pathToFileURL(log).href);
    assert.deepEqual(result.record.blocked_by, ['docker-stop']);
    assert.equal(readFileSync(log, 'utf8'), `${JSON.stringify(result.record)}\n`);
    assert.equal(readFileSync(LOG(), 'utf8').split('\n').length, 3, 'the default log did not grow');
    await client.changeSettings({});
  });

  test('an approval for a harmless command is recorded with no rules', async () => {
    const result = await request({ ...valid, uri: uriOf(FILES.script), command: 'ls -la /var/www' });
    assert.equal(result.approved, true);
    if (result.approved) assert.deepEqual(result.record.blocked_by, []);
  });
});

describe('afterwards', () => {
  test('the server still answers and still validates', async () => {
    assert.equal(client.exited, false);
    const result = (await client.connection.sendRequest('prodgate/checkCommand', { command: 'service nginx stop' })) as CheckCommandResult;
    assert.deepEqual([result.environment, result.blocked, result.matches.map((match) => match.id)], ['production', true, ['service-stop']]);
    const uri = uriOf(FILES.script);
    const text = `${SCRIPT}mv /etc/nginx /tmp/nginx-old\n`;
    await client.change(uri, [{ text }]);
    const diagnostics = await diagnosticsWhen(uri, (items) => items.length === 4);
    assert.deepEqual(summary(diagnostics).at(-1), { range: rangeOf(text, 'mv /etc/nginx /tmp/nginx-old'), rule: 'mv /etc' });
  });
});
