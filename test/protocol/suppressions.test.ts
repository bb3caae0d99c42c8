// Rule severities, suppressions and the workspace configuration over LSP: .prodgate.yaml over the
// prodgate.* settings (entry by entry, per workspace folder, live), prodgate-ignore comments in
// YAML and JSONC, their own problems, the Suppress/Explain quick fixes, the configuration file's
// own diagnostics, and what prodgate/certify reports about suppressed findings.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  createProtocolConnection,
  InitializedNotification,
  InitializeRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Diagnostic,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { CertifyResult } from '../../server/src/lsp/protocol.ts';
import { applyTextEdits, LspTestClient, messageOf, SERVER, type ClientOptions } from '../support/lsp-client.ts';

const EXAMPLES = resolve(__dirname, '../../examples');
const WILDCARD = 'policy-wildcard-allow';
const DEAD = 'policy-dead-allow';
const ERROR = 1;
const WARNING = 2;
const INFO = 3;

const directories: string[] = [];
after(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** A fresh folder with these files (paths relative to it). */
function folder(files: Record<string, string> = {}): string {
  const directory = mkdtempSync(join(tmpdir(), 'prodgate-suppressions-'));
  directories.push(directory);
  for (const [name, text] of Object.entries(files)) write(directory, name, text);
  return directory;
}

function write(directory: string, name: string, text: string): void {
  mkdirSync(dirname(join(directory, name)), { recursive: true });
  writeFileSync(join(directory, name), text);
}

const uriIn = (directory: string, name: string) => pathToFileURL(join(directory, name)).href;

/**
 * An agent policy with three findings: "*" (policy-wildcard-allow, error, line 3), "read:*"
 * (policy-wildcard-allow, warning, line 4) and "delete:logs" (policy-dead-allow, warning, line 5).
 */
const policy = (agent: string) => `agent: ${agent}
permissions:
  allow:
    - "*"
    - read:*
    - delete:logs
  deny:
    - delete:*
  escalate:
    - refund_requests
`;

/** An agent policy with one finding: "*" (policy-wildcard-allow, error, line 3). */
const onePolicy = (agent: string) => `agent: ${agent}
permissions:
  allow:
    - "*"
    - read:orders
  deny:
    - delete:*
  escalate:
    - refund_requests
`;

/** [code, severity, 0-based line] of each diagnostic, in order. */
const brief = (diagnostics: Diagnostic[]) => diagnostics.map((item) => [item.code, item.severity, item.range.start.line]);

/** Waits until the latest diagnostics of `uri`, in brief, are `expected`. */
async function expectBrief(client: LspTestClient, uri: string, expected: unknown[]): Promise<Diagnostic[]> {
  try {
    return await client.diagnosticsWhen(uri, (diagnostics) => JSON.stringify(brief(diagnostics)) === JSON.stringify(expected));
  } catch (error) {
    const latest = client.publishes(uri).at(-1)?.diagnostics ?? [];
    assert.deepEqual(brief(latest), expected, `diagnostics of ${uri}: ${(error as Error).message}`);
    throw error;
  }
}

async function watched(client: LspTestClient, directory: string, name: string, text: string | undefined): Promise<void> {
  const path = join(directory, name);
  const existed = existsSync(path);
  if (text === undefined) rmSync(path);
  else write(directory, name, text);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [{ uri: uriIn(directory, name), type: text === undefined ? 3 : existed ? 2 : 1 }],
  });
}

async function codeActions(client: LspTestClient, uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
  const actions: CodeAction[] | null = await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostics[0].range,
    context: { diagnostics, only: ['quickfix'] },
  });
  // The fixes of the findings themselves are tested in code-actions.test.ts.
  return (actions ?? []).filter((action) => /^(Suppress|Explain) "/.test(action.title));
}

/**
 * A client for a multi-root workspace: the harness's client started on several folders, with the
 * prodgate settings answered per scopeUri (the harness answers one set for every scope).
 */
async function startMultiRoot(folders: string[], settingsFor: (scopeUri: string | undefined) => Record<string, unknown>): Promise<LspTestClient> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  // The harness's constructor is private to keep tests on start(); this one needs its own initialize.
  const Client = LspTestClient as unknown as new (process: ChildProcess, connection: ProtocolConnection, options: ClientOptions) => LspTestClient;
  const client = new Client(child, connection, {});
  connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) =>
    params.items.map((item) => (item.section === 'prodgate' ? settingsFor(item.scopeUri) : null)),
  );
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(folders[0]).href,
    workspaceFolders: folders.map((path, index) => ({ uri: pathToFileURL(path).href, name: `folder-${index}` })),
    capabilities: { workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } } },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return client;
}

describe('rule severities: .prodgate.yaml over the prodgate.rules setting', () => {
  let directory: string;
  let client: LspTestClient;
  let uri: string;
  before(async () => {
    directory = folder();
    client = await LspTestClient.start({ workspaceFolder: directory, settings: {} });
    uri = uriIn(directory, 'ops.policy.yaml');
    await client.open(uri, 'yaml', policy('ops-rules'));
  });
  after(async () => {
    await client.stop();
  });

  test('without configuration: each finding with its own severity', async () => {
    await expectBrief(client, uri, [
      [WILDCARD, ERROR, 3],
      [WILDCARD, WARNING, 4],
      [DEAD, WARNING, 5],
    ]);
  });

  test('each severity override, from .prodgate.yaml changed on disk (workspace/didChangeWatchedFiles)', async () => {
    await watched(client, directory, '.prodgate.yaml', `rules:\n  ${WILDCARD}: off\n`);
    await expectBrief(client, uri, [[DEAD, WARNING, 5]]);
    await watched(client, directory, '.prodgate.yaml', `rules:\n  ${WILDCARD}: info\n`);
    await expectBrief(client, uri, [
      [WILDCARD, INFO, 3],
      [WILDCARD, INFO, 4],
      [DEAD, WARNING, 5],
    ]);
    await watched(client, directory, '.prodgate.yaml', `rules:\n  ${WILDCARD}: warning\n  ${DEAD}: error\n`);
    await expectBrief(client, uri, [
      [WILDCARD, WARNING, 3],
      [WILDCARD, WARNING, 4],
      [DEAD, ERROR, 5],
    ]);
    await watched(client, directory, '.prodgate.yaml', `rules:\n  ${WILDCARD}: error\n`);
    await expectBrief(client, uri, [
      [WILDCARD, ERROR, 3],
      [WILDCARD, ERROR, 4],
      [DEAD, WARNING, 5],
    ]);
  });

  test('the file beats the setting for the same code; the setting applies where the file sets nothing', async () => {
    // The file (still on disk) says error for the wildcard; the settings say info for it and off for dead allows.
    await client.changeSettings({ rules: { [WILDCARD]: 'info', [DEAD]: 'off' } });
    await expectBrief(client, uri, [
      [WILDCARD, ERROR, 3],
      [WILDCARD, ERROR, 4],
    ]);
    // Without a file the settings decide.
    await watched(client, directory, '.prodgate.yaml', undefined);
    await expectBrief(client, uri, [
      [WILDCARD, INFO, 3],
      [WILDCARD, INFO, 4],
    ]);
    // A .prodgate.yml works the same, entry by entry.
    await watched(client, directory, '.prodgate.yml', `rules:\n  ${DEAD}: warning\n`);
    await expectBrief(client, uri, [
      [WILDCARD, INFO, 3],
      [WILDCARD, INFO, 4],
      [DEAD, WARNING, 5],
    ]);
    // .prodgate.yaml comes first: the .yml is not read while it exists.
    await watched(client, directory, '.prodgate.yaml', `rules:\n  ${WILDCARD}: error\n`);
    await expectBrief(client, uri, [
      [WILDCARD, ERROR, 3],
      [WILDCARD, ERROR, 4],
    ]);
    await watched(client, directory, '.prodgate.yaml', undefined);
    await watched(client, directory, '.prodgate.yml', undefined);
    await client.changeSettings({});
    await expectBrief(client, uri, [
      [WILDCARD, ERROR, 3],
      [WILDCARD, WARNING, 4],
      [DEAD, WARNING, 5],
    ]);
  });

  test('an open .prodgate.yaml applies as it is typed; closing it falls back to the file on disk', async () => {
    const configUri = uriIn(directory, '.prodgate.yaml');
    await client.open(configUri, 'yaml', `rules:\n  ${WILDCARD}: off\n`);
    await expectBrief(client, uri, [[DEAD, WARNING, 5]]);
    assert.deepEqual(await client.diagnostics(configUri), [], 'a valid configuration has no diagnostics of its own');
    await client.change(configUri, [{ text: `rules:\n  ${WILDCARD}: error\n  ${DEAD}: info\n` }]);
    await expectBrief(client, uri, [
      [WILDCARD, ERROR, 3],
      [WILDCARD, ERROR, 4],
      [DEAD, INFO, 5],
    ]);
    // An unsaved edit that does not parse sets nothing: the defaults apply until it does.
    await client.change(configUri, [{ text: `rules:\n  ${WILDCARD}: [error\n` }]);
    await expectBrief(client, uri, [
      [WILDCARD, ERROR, 3],
      [WILDCARD, WARNING, 4],
      [DEAD, WARNING, 5],
    ]);
    await client.change(configUri, [{ text: `rules:\n  ${DEAD}: off\n` }]);
    await expectBrief(client, uri, [
      [WILDCARD, ERROR, 3],
      [WILDCARD, WARNING, 4],
    ]);
    // Closed, the file on disk (there is none) applies again.
    await client.close(configUri);
    await expectBrief(client, uri, [
      [WILDCARD, ERROR, 3],
      [WILDCARD, WARNING, 4],
      [DEAD, WARNING, 5],
    ]);
  });
});

describe('a multi-root workspace: each folder its own configuration file and settings', () => {
  let first: string;
  let second: string;
  let client: LspTestClient;
  before(async () => {
    first = folder({ '.prodgate.yaml': `rules:\n  ${WILDCARD}: warning\n` });
    second = folder();
    client = await startMultiRoot([first, second], (scopeUri) =>
      scopeUri?.startsWith(`${pathToFileURL(second).href}/`) ? { rules: { [WILDCARD]: 'info', [DEAD]: 'off' } } : { rules: { [DEAD]: 'error' } },
    );
  });
  after(async () => {
    await client.stop();
  });

  test("a folder's file and settings apply to its documents only", async () => {
    const inFirst = uriIn(first, 'ops.policy.yaml');
    const inSecond = uriIn(second, 'ops.policy.yaml');
    await client.open(inFirst, 'yaml', policy('ops-first'));
    await client.open(inSecond, 'yaml', policy('ops-second'));
    // First folder: its file's wildcard entry, the first folder's setting for dead allows.
    await expectBrief(client, inFirst, [
      [WILDCARD, WARNING, 3],
      [WILDCARD, WARNING, 4],
      [DEAD, ERROR, 5],
    ]);
    // Second folder: no file, its own settings.
    await expectBrief(client, inSecond, [
      [WILDCARD, INFO, 3],
      [WILDCARD, INFO, 4],
    ]);
  });

  test("a configuration file added to one folder changes that folder's documents only", async () => {
    const inFirst = uriIn(first, 'ops.policy.yaml');
    const inSecond = uriIn(second, 'ops.policy.yaml');
    await watched(client, second, '.prodgate.yaml', `rules:\n  ${WILDCARD}: off\n  ${DEAD}: warning\n`);
    await expectBrief(client, inSecond, [[DEAD, WARNING, 5]]);
    await expectBrief(client, inFirst, [
      [WILDCARD, WARNING, 3],
      [WILDCARD, WARNING, 4],
      [DEAD, ERROR, 5],
    ]);
  });
});

describe('suppression comments', () => {
  let directory: string;
  let client: LspTestClient;
  before(async () => {
    directory = folder();
    client = await LspTestClient.start({ workspaceFolder: directory, settings: {} });
  });
  after(async () => {
    await client.stop();
  });

  /** Opens a document and waits for its diagnostics, in brief, to be `expected`. */
  async function opened(name: string, languageId: string, text: string, expected: unknown[]): Promise<Diagnostic[]> {
    const uri = uriIn(directory, name);
    await client.open(uri, languageId, text);
    return expectBrief(client, uri, expected);
  }

  test('YAML: next line with one code, next line with two codes, the whole file', async () => {
    await opened('one-code.policy.yaml', 'yaml', policy('ops-one-code').replace('    - "*"\n', '    # prodgate-ignore-next-line policy-wildcard-allow -- the sandbox agent may do anything\n    - "*"\n'), [
      [WILDCARD, WARNING, 5],
      [DEAD, WARNING, 6],
    ]);
    const twoCodes = `agent: ops-two-codes
permissions:
  # prodgate-ignore-next-line policy-wildcard-allow,policy-dead-allow -- reviewed with security (SEC-12)
  allow: ["*", delete:logs]
  deny: [delete:*]
  escalate: [refund_requests]
`;
    await opened('two-codes.policy.yaml', 'yaml', twoCodes, []);
    // Comma and space separated alike; the comment only covers the next line.
    await opened('two-codes-spaced.policy.yaml', 'yaml', `${twoCodes.replace('allow,policy', 'allow, policy').replace('ops-two-codes', 'ops-spaced')}`, []);
    await opened('file-scope.policy.yaml', 'yaml', `# prodgate-ignore-file policy-wildcard-allow -- a sandbox agent\n${policy('ops-file-scope')}`, [[DEAD, WARNING, 6]]);
  });

  test('JSONC: the same with //; strict JSON has no comments', async () => {
    const jsonc = `{
  "agent": "ops-jsonc",
  "permissions": {
    // prodgate-ignore-next-line policy-wildcard-allow, policy-dead-allow -- sandbox only
    "allow": ["*", "delete:logs"],
    "deny": ["delete:*"],
    "escalate": ["refund_requests"]
  }
}
`;
    await opened('ops.policy.jsonc', 'jsonc', jsonc, []);
    const fileScope = jsonc
      .replace('ops-jsonc', 'ops-jsonc-file')
      .replace('{\n', '{\n  // prodgate-ignore-file policy-dead-allow -- kept for the audit trail\n')
      .replace('policy-wildcard-allow, policy-dead-allow', 'policy-wildcard-allow');
    await opened('file-scope.policy.jsonc', 'jsonc', fileScope, []);
    // A # comment is no directive in JSONC (nor valid JSONC): the finding stays.
    const hash = jsonc.replace('ops-jsonc', 'ops-jsonc-hash').replace('// prodgate', '# prodgate');
    const hashUri = uriIn(directory, 'hash.policy.jsonc');
    await client.open(hashUri, 'jsonc', hash);
    await client.diagnosticsWhen(hashUri, (items) => items.some((item) => item.code === WILDCARD) && items.some((item) => item.code === DEAD));
    // A JSON document (languageId json): no directives, so no suppression quick fixes either.
    const jsonUri = uriIn(directory, 'ops.policy.json');
    const json = `{\n  "agent": "ops-json",\n  "permissions": {\n    "allow": ["*"],\n    "deny": ["delete:*"],\n    "escalate": ["x"]\n  }\n}\n`;
    const [wildcard] = await opened('ops.policy.json', 'json', json, [[WILDCARD, ERROR, 3]]);
    assert.deepEqual((await codeActions(client, jsonUri, [wildcard])).map((action) => action.title), [`Explain "${WILDCARD}"`]);
  });

  test('invalid: no reason, TODO, unknown code (did you mean), malformed; reasonless ones still suppress', async () => {
    const text = `agent: ops-invalid
permissions:
  allow:
    # prodgate-ignore-next-line policy-wildcard-allow
    - "*"
    # prodgate-ignore-next-line policy-wildcard-allow -- TODO: reason
    - read:*
    # prodgate-ignore-next-line policy-dead-alow -- a typo
    - delete:logs
  deny:
    # prodgate-ignore policy-wildcard-allow -- no scope
    - delete:*
    # prodgate-ignore-next-line -- no codes
    - drop:*
  escalate:
    # prodgate-ignore-nextline policy-wildcard-allow -- misspelt scope
    - refund_requests
`;
    const uri = uriIn(directory, 'invalid.policy.yaml');
    const diagnostics = await opened('invalid.policy.yaml', 'yaml', text, [
      ['suppression-invalid', ERROR, 3],
      ['suppression-invalid', ERROR, 5],
      ['suppression-invalid', ERROR, 7],
      [DEAD, WARNING, 8],
      ['suppression-invalid', ERROR, 10],
      ['suppression-invalid', ERROR, 12],
      ['suppression-invalid', ERROR, 15],
    ]);
    const messages = diagnostics.map(messageOf);
    assert.match(messages[0], /needs a reason after " -- " \(it gives no reason\)/);
    assert.match(messages[1], /needs a reason after " -- " \(its reason is still the placeholder "TODO"\)/);
    assert.equal(messages[2], '"policy-dead-alow" is not a ProdGate finding code, so it suppresses nothing. Did you mean "policy-dead-allow"?');
    const lines = text.split('\n');
    const typo = diagnostics[2];
    assert.equal(lines[typo.range.start.line].slice(typo.range.start.character, typo.range.end.character), 'policy-dead-alow', 'the unknown code is underlined');
    assert.match(messages[4], /^This is not a ProdGate suppression/);
    assert.match(messages[5], /^A suppression names the codes it silences/);
    assert.match(messages[6], /^This is not a ProdGate suppression/);
    // No Suppress quick fix for a suppression's own problem.
    const titles = (await codeActions(client, uri, [diagnostics[0]])).map((action) => action.title);
    assert.deepEqual(titles, ['Explain "suppression-invalid"']);
  });

  test('unused: a code with no finding on the next line, or anywhere in the file', async () => {
    const text = `# prodgate-ignore-file policy-no-escalation -- none here
${onePolicy('ops-unused').replace('    - read:orders\n', '    - read:orders\n    # prodgate-ignore-next-line policy-wildcard-allow -- nothing on the next line\n')}`;
    const diagnostics = await opened('unused.policy.yaml', 'yaml', text, [
      ['suppression-unused', WARNING, 0],
      [WILDCARD, ERROR, 4],
      ['suppression-unused', WARNING, 6],
    ]);
    assert.match(messageOf(diagnostics[0]), /No "policy-no-escalation" finding is in this file/);
    assert.match(messageOf(diagnostics[2]), /No "policy-wildcard-allow" finding is on the next line/);
    const line0 = text.split('\n')[0];
    assert.equal(line0.slice(diagnostics[0].range.start.character, diagnostics[0].range.end.character), 'policy-no-escalation');
  });

  test('diagnostics link to their rule page, a file that exists', async () => {
    const diagnostics = await opened('linked.policy.yaml', 'yaml', policy('ops-linked'), [
      [WILDCARD, ERROR, 3],
      [WILDCARD, WARNING, 4],
      [DEAD, WARNING, 5],
    ]);
    for (const diagnostic of diagnostics) {
      const href = diagnostic.codeDescription?.href ?? '';
      assert.ok(href.startsWith('file://'), `${diagnostic.code}: a file URL`);
      const path = fileURLToPath(href);
      assert.ok(path.endsWith(join('docs', 'rules', `${diagnostic.code}.md`)), path);
      assert.ok(existsSync(path), `${path} exists`);
    }
  });
});

describe('quick fixes: Suppress and Explain', () => {
  let directory: string;
  let client: LspTestClient;
  before(async () => {
    directory = folder();
    client = await LspTestClient.start({ workspaceFolder: directory, settings: {} });
  });
  after(async () => {
    await client.stop();
  });

  test('Suppress on this line: the finding goes, the TODO is flagged at the comment, a reason clears it', async () => {
    const uri = uriIn(directory, 'fix.policy.yaml');
    const text = onePolicy('ops-fix');
    await client.open(uri, 'yaml', text);
    const [wildcard] = await expectBrief(client, uri, [[WILDCARD, ERROR, 3]]);
    const actions = await codeActions(client, uri, [wildcard]);
    assert.deepEqual(
      actions.map((action) => action.title),
      [`Suppress "${WILDCARD}" on this line`, `Suppress "${WILDCARD}" in this file`, `Explain "${WILDCARD}"`],
    );
    for (const action of actions) {
      assert.equal(action.kind, 'quickfix');
      assert.deepEqual(action.diagnostics, [wildcard]);
    }
    assert.deepEqual(actions[2].command, { title: `Explain "${WILDCARD}"`, command: 'prodgate.explainRule', arguments: [WILDCARD] });
    assert.deepEqual(actions[1].edit?.changes?.[uri], [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `# prodgate-ignore-file ${WILDCARD} -- TODO: reason\n` },
    ]);

    const suppressed = applyTextEdits(text, actions[0].edit!.changes![uri]);
    assert.equal(suppressed, text.replace('    - "*"\n', `    # prodgate-ignore-next-line ${WILDCARD} -- TODO: reason\n    - "*"\n`));
    await client.change(uri, [{ text: suppressed }]);
    const [todo] = await expectBrief(client, uri, [['suppression-invalid', ERROR, 3]]);
    assert.match(messageOf(todo), /placeholder "TODO"/);
    assert.deepEqual((await codeActions(client, uri, [todo])).map((action) => action.title), ['Explain "suppression-invalid"']);

    await client.change(uri, [{ text: suppressed.replace('TODO: reason', 'the sandbox agent may do anything') }]);
    await expectBrief(client, uri, []);
  });

  test('Suppress on this line adds the code to a directive already above the line', async () => {
    const uri = uriIn(directory, 'append.policy.yaml');
    const text = `agent: ops-append
permissions:
  # prodgate-ignore-next-line ${DEAD} -- kept for the audit trail
  allow: ["*", delete:logs]
  deny: [delete:*]
  escalate: [refund_requests]
`;
    await client.open(uri, 'yaml', text);
    const [wildcard] = await expectBrief(client, uri, [[WILDCARD, ERROR, 3]]);
    const onLine = (await codeActions(client, uri, [wildcard])).find((action) => action.title === `Suppress "${WILDCARD}" on this line`);
    assert.ok(onLine);
    const fixed = applyTextEdits(text, onLine.edit!.changes![uri]);
    assert.equal(fixed, text.replace(`${DEAD} --`, `${DEAD}, ${WILDCARD} --`));
    await client.change(uri, [{ text: fixed }]);
    await expectBrief(client, uri, []);
  });

  test('Suppress in this file, JSONC: a // comment at the top', async () => {
    const uri = uriIn(directory, 'fix.policy.jsonc');
    const text = `{\n  "agent": "ops-fix-jsonc",\n  "permissions": {\n    "allow": ["*", "read:*"],\n    "deny": ["delete:*"],\n    "escalate": ["x"]\n  }\n}\n`;
    await client.open(uri, 'jsonc', text);
    const diagnostics = await expectBrief(client, uri, [
      [WILDCARD, ERROR, 3],
      [WILDCARD, WARNING, 3],
    ]);
    // Both findings share one line and one code: one action of each kind for the two.
    const actions = await codeActions(client, uri, diagnostics);
    assert.deepEqual(
      actions.map((action) => [action.title, action.diagnostics?.length]),
      [
        [`Suppress "${WILDCARD}" on this line`, 2],
        [`Suppress "${WILDCARD}" in this file`, 2],
        [`Explain "${WILDCARD}"`, 2],
      ],
    );
    const fixed = applyTextEdits(text, actions[1].edit!.changes![uri]);
    assert.equal(fixed, `// prodgate-ignore-file ${WILDCARD} -- TODO: reason\n${text}`);
    await client.change(uri, [{ text: fixed.replace('TODO: reason', 'a sandbox agent') }]);
    await expectBrief(client, uri, []);
  });
});

describe('the configuration file: its own diagnostics, and ignore entries for strict JSON', () => {
  let directory: string;
  let client: LspTestClient;
  const evidence = readFileSync(join(EXAMPLES, 'problems/template-evidence.json'), 'utf8');
  before(async () => {
    directory = folder({ 'evidence/template-evidence.json': evidence, 'prodgate.bundle.yaml': 'certification_policy: none.json\n' });
    client = await LspTestClient.start({ workspaceFolder: directory, settings: {} });
  });
  after(async () => {
    await client.stop();
  });

  test('unknown rule codes (did you mean), missing paths, unknown keys, invalid ignore entries', async () => {
    const uri = uriIn(directory, '.prodgate.yaml');
    const text = `rules:
  policy-wildcard-alow: off
  ${DEAD}: warning
bundle: missing/prodgate.bundle.yaml
connectorCatalog: catalogs/none.json
environmnet: staging
ignore:
  - file: evidence/*.json
    code: evidence-template-scop
    reason: a typo
  - file: evidence/*.json
    code: evidence-template-scope
    reason: "TODO: reason"
`;
    await client.open(uri, 'yaml', text);
    const diagnostics = await expectBrief(client, uri, [
      ['config-rule-unknown', WARNING, 1],
      ['config-path-missing', ERROR, 3],
      ['config-path-missing', ERROR, 4],
      ['key-unknown', WARNING, 5],
      ['suppression-invalid', ERROR, 8],
      ['suppression-invalid', ERROR, 12],
    ]);
    const messages = diagnostics.map(messageOf);
    assert.equal(messages[0], '"policy-wildcard-alow" is not a ProdGate finding code, so this severity applies to nothing. Did you mean "policy-wildcard-allow"?');
    assert.match(messages[1], /^bundle: "missing\/prodgate\.bundle\.yaml" does not exist/);
    assert.match(messages[2], /^connectorCatalog: "catalogs\/none\.json" does not exist/);
    assert.match(messages[3], /environmnet/);
    assert.match(messages[4], /Did you mean "evidence-template-scope"\?/);
    assert.match(messages[5], /placeholder "TODO"/);
    // Neither ignore entry applies: the evidence finding still shows.
    const evidenceUri = uriIn(directory, 'evidence/template-evidence.json');
    await client.open(evidenceUri, 'json', evidence);
    await expectBrief(client, evidenceUri, [['evidence-template-scope', ERROR, 2]]);

    // Fixed as typed: the paths exist, the codes are known, the reason is real.
    await client.change(uri, [
      {
        text: text
          .replace('alow', 'allow')
          .replace('missing/prodgate.bundle.yaml', 'prodgate.bundle.yaml')
          .replace('catalogs/none.json', 'evidence/template-evidence.json')
          .replace('environmnet', 'environment')
          .replace('template-scop\n', 'template-scope\n')
          .replace('reason: a typo', 'reason: a template kept as a fixture')
          .replace('"TODO: reason"', 'the same fixture'),
      },
    ]);
    await expectBrief(client, uri, []);
    await expectBrief(client, evidenceUri, []);
  });

  test('an ignore entry with a JSON path silences the finding at or under it only', async () => {
    const uri = uriIn(directory, '.prodgate.yaml');
    const evidenceUri = uriIn(directory, 'evidence/template-evidence.json');
    await client.change(uri, [{ text: 'ignore:\n  - file: evidence/template-evidence.json\n    path: $.connector_manifests\n    code: evidence-template-scope\n    reason: not here\n' }]);
    await expectBrief(client, evidenceUri, [['evidence-template-scope', ERROR, 2]]);
    await client.change(uri, [{ text: 'ignore:\n  - file: ./evidence/template-evidence.json\n    path: $.evidence_scope\n    code: evidence-template-scope\n    reason: a fixture\n' }]);
    await expectBrief(client, evidenceUri, []);
    await client.close(uri);
    await expectBrief(client, evidenceUri, [['evidence-template-scope', ERROR, 2]]);
  });
});

describe('prodgate/certify and suppressions', () => {
  const REASON = 'internal network only, reviewed in SEC-12';
  /** A copy of examples/certification whose bridge does not require authentication, suppressed by a comment. */
  function suppressedBundle(): { directory: string; deployment: string } {
    const directory = folder();
    cpSync(join(EXAMPLES, 'certification'), directory, { recursive: true });
    const deployment = join(directory, 'deployment.yaml');
    const text = readFileSync(deployment, 'utf8');
    assert.ok(text.includes('  auth_required: true\n'));
    writeFileSync(deployment, text.replace('  auth_required: true\n', `  # prodgate-ignore-next-line flag-not-true -- ${REASON}\n  auth_required: false\n`));
    return { directory, deployment };
  }

  test('a suppressed failing finding still fails its check, and the report lists it', async () => {
    const { directory, deployment } = suppressedBundle();
    const client = await LspTestClient.start({ workspaceFolder: directory });
    try {
      const result: CertifyResult = await client.connection.sendRequest('prodgate/certify', {});
      assert.equal(result.status, 'done');
      if (result.status !== 'done') return;
      const check = result.report.checks.find((item) => item.name === 'deployment_manifest')!;
      assert.equal(check.status, 'fail');
      assert.ok(check.issues.some((issue) => issue.code === 'flag-not-true'));
      assert.equal(result.report.deployment_ready, false);
      const line = readFileSync(deployment, 'utf8').split('\n').indexOf('  auth_required: false') + 1;
      assert.deepEqual(result.report.suppressed, [
        {
          file: 'deployment.yaml',
          line,
          code: 'flag-not-true',
          message: 'Production bridge must require authentication. Set "auth_required" to true.',
          reason: REASON,
          by: 'comment',
        },
      ]);
      assert.equal(result.report.summary.suppressed, 1);
      assert.equal(result.view.suppressed.length, 1);
      assert.deepEqual(result.view.suppressed[0].link, {
        uri: pathToFileURL(deployment).href,
        range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 0 } },
      });

      // The editor shows neither the finding nor a problem with the comment.
      const uri = pathToFileURL(deployment).href;
      await client.open(uri, 'yaml', readFileSync(deployment, 'utf8'));
      await expectBrief(client, uri, []);
    } finally {
      await client.stop();
    }
  });

  test("without a bundleUri the configuration's bundle is certified", async () => {
    const { directory } = suppressedBundle();
    // A second, clean bundle in a subfolder; the configuration names it.
    const clean = join(directory, 'clean');
    mkdirSync(clean);
    writeFileSync(join(clean, 'deployment.yaml'), readFileSync(join(EXAMPLES, 'certification/deployment.yaml'), 'utf8'));
    writeFileSync(
      join(clean, 'prodgate.bundle.yaml'),
      readFileSync(join(directory, 'prodgate.bundle.yaml'), 'utf8')
        .replace(/^(\w+): (?!deployment\.yaml)(.+)$/gm, '$1: ../$2'),
    );
    writeFileSync(join(directory, '.prodgate.yaml'), 'bundle: clean/prodgate.bundle.yaml\n');
    const client = await LspTestClient.start({ workspaceFolder: directory });
    try {
      const result: CertifyResult = await client.connection.sendRequest('prodgate/certify', {});
      assert.equal(result.status, 'done');
      if (result.status !== 'done') return;
      assert.equal(result.bundleUri, pathToFileURL(join(clean, 'prodgate.bundle.yaml')).href);
      assert.equal(result.report.summary.readiness_level, 'deployment_ready');
      assert.deepEqual(result.report.suppressed, []);
      assert.equal(result.report.summary.suppressed, 0);

      // A bundleUri given still wins over the configuration.
      const root: CertifyResult = await client.connection.sendRequest('prodgate/certify', { bundleUri: uriIn(directory, 'prodgate.bundle.yaml') });
      assert.equal(root.status, 'done');
      if (root.status !== 'done') return;
      assert.equal(root.report.deployment_ready, false);
      assert.equal(root.report.summary.suppressed, 1);
    } finally {
      await client.stop();
    }
  });
});
