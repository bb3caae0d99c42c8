// dist/server.js speaks LSP over node IPC as well as stdio (the VS Code client uses IPC).
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { test } from 'node:test';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { SERVER } from '../support/lsp-client.ts';

test('node IPC: initialize, open a document, receive its diagnostics, shut down', async () => {
  const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const published = new Promise<PublishDiagnosticsParams>((resolve) =>
    connection.onNotification(PublishDiagnosticsNotification.type, resolve),
  );
  connection.listen();
  try {
    const result = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
    assert.equal(result.serverInfo?.name, 'prodgate');
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: 'file:///tmp/evidence.json', languageId: 'json', version: 1, text: '{ "external_evidence_version": "0.1", "evidence_scope": "template" }' },
    });
    const { diagnostics } = await published;
    assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'evidence-template-scope'));
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
  } finally {
    connection.dispose();
    child.kill();
  }
});
