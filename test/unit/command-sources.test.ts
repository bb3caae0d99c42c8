// Where the commands of a shell script or a Markdown file are, to the character.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markdownCommands, shellScriptCommands, type CommandSite } from '../../server/src/engine/commands/command-sources.ts';

/** Each site's text, and the document text its span covers. */
function spans(document: string, sites: readonly CommandSite[]): [string, string][] {
  return sites.map((site) => [site.text, document.slice(site.offset, site.offset + site.length)]);
}

describe('shellScriptCommands', () => {
  test('one site per line, trimmed, skipping the shebang, comments and blank lines', () => {
    const script = '#!/usr/bin/env bash\n# restart nginx\n\n  systemctl restart nginx  \n\techo done\n';
    const sites = shellScriptCommands(script);
    assert.deepEqual(spans(script, sites), [
      ['systemctl restart nginx', 'systemctl restart nginx'],
      ['echo done', 'echo done'],
    ]);
    assert.equal(sites[0]!.offset, script.indexOf('systemctl'));
  });

  test('joins backslash continuations; the span covers every physical line', () => {
    const script = 'set -e\nrm -r \\\n   -f \\\n   /srv/build\nls\n';
    assert.deepEqual(spans(script, shellScriptCommands(script)), [
      ['set -e', 'set -e'],
      ['rm -r    -f    /srv/build', 'rm -r \\\n   -f \\\n   /srv/build'],
      ['ls', 'ls'],
    ]);
  });

  test('an escaped backslash at the end does not continue; a comment never continues', () => {
    const script = 'echo a\\\\\n# note \\\necho b\n';
    assert.deepEqual(shellScriptCommands(script).map((site) => site.text), ['echo a\\\\', 'echo b']);
  });

  test('skips heredoc bodies, with quoted delimiters and <<- tab-indented ends', () => {
    const script = [
      'cat <<EOF > notes.txt',
      'rm -rf /',
      'EOF',
      "psql <<'SQL'",
      'DROP TABLE x;',
      'SQL',
      'if true; then',
      '\tcat <<-"END"',
      '\tsystemctl stop nginx',
      '\tEND',
      'fi',
      'cat <<< "here string"',
      'echo after',
    ].join('\n');
    assert.deepEqual(shellScriptCommands(script).map((site) => site.text), [
      'cat <<EOF > notes.txt',
      "psql <<'SQL'",
      'if true; then',
      'cat <<-"END"',
      'fi',
      'cat <<< "here string"',
      'echo after',
    ]);
  });

  test('an unterminated heredoc swallows the rest of the script', () => {
    assert.deepEqual(shellScriptCommands('cat <<EOF\nrm -rf /\n').map((site) => site.text), ['cat <<EOF']);
  });

  test('CRLF line ends are not part of the command', () => {
    const script = 'ls -l\r\ndocker \\\r\n  stop web\r\n';
    assert.deepEqual(spans(script, shellScriptCommands(script)), [
      ['ls -l', 'ls -l'],
      ['docker   stop web', 'docker \\\r\n  stop web'],
    ]);
  });

  test('an empty script has no commands', () => {
    assert.deepEqual(shellScriptCommands(''), []);
    assert.deepEqual(shellScriptCommands('\n\n#!/bin/sh\n'), []);
  });
});

describe('markdownCommands', () => {
  test('bash, sh, shell and zsh blocks, whatever the case and extra info', () => {
    const markdown = [
      '# Deploy',
      '```bash',
      'systemctl restart nginx',
      '```',
      '```SH title="x"',
      'docker stop web',
      '```',
      '``` shell',
      'kubectl delete pod x',
      '```',
      '```zsh',
      'ls',
      '```',
      '```python',
      'print("rm -rf /")',
      '```',
      'Text: `rm -rf /` inline.',
    ].join('\n');
    const sites = markdownCommands(markdown);
    assert.deepEqual(spans(markdown, sites), [
      ['systemctl restart nginx', 'systemctl restart nginx'],
      ['docker stop web', 'docker stop web'],
      ['kubectl delete pod x', 'kubectl delete pod x'],
      ['ls', 'ls'],
    ]);
    assert.equal(sites[0]!.offset, markdown.indexOf('systemctl'));
  });

  test('~~~ fences, longer fences, and closing fences at least as long', () => {
    const markdown = ['~~~sh', 'rm -rf a', '~~~', '````bash', 'rm -rf b', '```', 'rm -rf c', '`````', 'after'].join('\n');
    assert.deepEqual(markdownCommands(markdown).map((site) => site.text), ['rm -rf a', 'rm -rf b', '```', 'rm -rf c']);
  });

  test('a shell fence inside another block is that block’s text', () => {
    const markdown = ['````markdown', '```bash', 'rm -rf /', '```', '````', '```bash', 'echo real', '```'].join('\n');
    assert.deepEqual(markdownCommands(markdown).map((site) => site.text), ['echo real']);
  });

  test('indented fences (up to 3 spaces) lose that indentation from their lines; 4 spaces is not a fence', () => {
    const markdown = ['  ```bash', '  docker rm web', '    docker stop web', '  ```', '    ```bash', '    rm -rf /', '    ```'].join('\n');
    assert.deepEqual(spans(markdown, markdownCommands(markdown)), [
      ['docker rm web', 'docker rm web'],
      ['docker stop web', 'docker stop web'],
    ]);
  });

  test('inside a list item, a fence indented by three spaces', () => {
    const markdown = '1. Restart:\n\n   ```sh\n   sudo systemctl restart nginx\n   ```\n';
    const [site] = markdownCommands(markdown);
    assert.equal(site!.text, 'sudo systemctl restart nginx');
    assert.equal(site!.offset, markdown.indexOf('sudo'));
  });

  test('bash blocks: a leading "$ " prompt is stripped when present', () => {
    const markdown = '```bash\n$ git push origin main\necho no prompt\n```\n';
    assert.deepEqual(spans(markdown, markdownCommands(markdown)), [
      ['git push origin main', 'git push origin main'],
      ['echo no prompt', 'echo no prompt'],
    ]);
  });

  test('console blocks: only "$ " lines are commands, the rest is output; "> " continues', () => {
    const markdown = [
      '```console',
      '$ docker ps',
      'CONTAINER ID   IMAGE',
      'rm -rf / (output, not a command)',
      '$ docker \\',
      '> stop web',
      '$',
      '# systemctl stop nginx',
      '```',
      '```ShellSession',
      'user@host:~$ ls',
      '$ kubectl delete pod x',
      '```',
    ].join('\n');
    assert.deepEqual(spans(markdown, markdownCommands(markdown)), [
      ['docker ps', 'docker ps'],
      ['docker stop web', 'docker \\\n> stop web'],
      ['kubectl delete pod x', 'kubectl delete pod x'],
    ]);
  });

  test('continuations, comments and heredocs inside a block follow the shell rules', () => {
    const markdown = ['```sh', '# comment', 'helm upgrade \\', '  --install app', 'cat <<EOF', 'rm -rf /', 'EOF', 'echo end', '```'].join('\n');
    assert.deepEqual(spans(markdown, markdownCommands(markdown)), [
      ['helm upgrade   --install app', 'helm upgrade \\\n  --install app'],
      ['cat <<EOF', 'cat <<EOF'],
      ['echo end', 'echo end'],
    ]);
  });

  test('an unclosed block runs to the end of the document', () => {
    const markdown = 'Intro\n```bash\ndocker stop web\n';
    assert.deepEqual(markdownCommands(markdown).map((site) => site.text), ['docker stop web']);
  });

  test('a backtick fence whose info string has a backtick is not a fence', () => {
    assert.deepEqual(markdownCommands('```bash `x`\nrm -rf /\n```\n'), []);
  });

  test('CRLF documents', () => {
    const markdown = '```bash\r\nrm -rf x\r\n```\r\n';
    assert.deepEqual(spans(markdown, markdownCommands(markdown)), [['rm -rf x', 'rm -rf x']]);
  });
});
