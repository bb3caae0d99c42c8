// `prodgate check-command` as CI runs it: the built dist/cli.js, its output and exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';

const CLI = resolve(__dirname, '../../dist/cli.js');

function prodgate(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'check-command', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonReport {
  command: string;
  environment: string;
  blocked: boolean;
  matches: { rule: string; category: string; blocks: string; reason: string; command: string }[];
}

describe('prodgate check-command', () => {
  test('a blocked command: the policy line, the reason and the offending command, exit 1', () => {
    const { code, stdout } = prodgate('cd /srv && sudo systemctl restart nginx');
    assert.equal(code, 1);
    assert.equal(
      stdout,
      'Blocked in production: systemctl restart — Restarting a service interrupts the requests it is serving and can fail to come back up.\n' +
        '  command: sudo systemctl restart nginx\n',
    );
  });

  test('a harmless command: allowed, exit 0', () => {
    const { code, stdout } = prodgate('grep "rm -rf" notes.txt');
    assert.equal(code, 0);
    assert.equal(stdout, 'Allowed in production.\n');
  });

  test('--json: command, environment, blocked and the matched rules', () => {
    const { code, stdout } = prodgate('--json', 'rm -rf / ; kubectl delete pod web');
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as JsonReport;
    assert.equal(report.command, 'rm -rf / ; kubectl delete pod web');
    assert.equal(report.environment, 'production');
    assert.equal(report.blocked, true);
    assert.deepEqual(report.matches.map((match) => [match.rule, match.category, match.blocks, match.command]), [
      ['rm-rf', 'file', 'rm -rf', 'rm -rf /'],
      ['rm-f-root', 'file', 'rm -f /', 'rm -rf /'],
      ['kubectl-delete', 'kubernetes', 'kubectl delete', 'kubectl delete pod web'],
    ]);
    assert.ok(report.matches.every((match) => match.reason.length > 0));
  });

  test('--json on a harmless command', () => {
    const { code, stdout } = prodgate('docker logs web', '--json');
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), { command: 'docker logs web', environment: 'production', blocked: false, matches: [] });
  });

  test('--env staging: allowed, exit 0, but says what production would block', () => {
    const { code, stdout } = prodgate('--env', 'staging', 'docker-compose down');
    assert.equal(code, 0);
    assert.match(stdout, /^Allowed in staging\.\n/);
    assert.match(stdout, /Would be blocked in production: docker-compose down — /);
    assert.match(stdout, /  command: docker-compose down\n$/);
    const json = prodgate('--env=development', '--json', 'docker-compose down');
    assert.equal(json.code, 0);
    const report = JSON.parse(json.stdout) as JsonReport;
    assert.equal(report.environment, 'development');
    assert.equal(report.blocked, false);
    assert.deepEqual(report.matches.map((match) => match.rule), ['docker-compose-down']);
  });

  test('--env staging on a harmless command', () => {
    const { code, stdout } = prodgate('--env', 'staging', 'ls');
    assert.equal(code, 0);
    assert.equal(stdout, 'Allowed in staging.\n');
  });

  test('-- ends the options, and several arguments are joined with spaces', () => {
    const { code, stdout } = prodgate('--json', '--', 'rm', '-rf', '/');
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as JsonReport;
    assert.equal(report.command, 'rm -rf /');
    assert.deepEqual(report.matches.map((match) => match.rule), ['rm-rf', 'rm-f-root']);
    assert.equal(prodgate('git', 'push', 'origin', 'main').code, 1);
  });

  test('usage errors exit 2', () => {
    for (const args of [[], ['   '], ['--env', 'qa', 'ls'], ['--env'], ['rm', '-rf', '/'], ['--bogus', 'ls']]) {
      const { code, stdout, stderr } = prodgate(...args);
      assert.equal(code, 2, `${JSON.stringify(args)}: ${stdout}${stderr}`);
      assert.match(stderr, /^prodgate: /);
    }
    assert.match(prodgate('--env', 'qa', 'ls').stderr, /unknown --env "qa"/);
  });

  test('--help prints the usage, exit 0', () => {
    const { code, stdout } = prodgate('--help');
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: prodgate check-command /);
  });
});
