// The production read-only policy: every blocked spelling caught, every harmless look-alike let through.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BLOCKLIST, checkCommand, MAX_CHECKED_LENGTH } from '../../server/src/engine/commands/command-safety.ts';

/** [command, the rule ids it must match (sorted), or [] when harmless]. */
const TABLE: [string, string[]][] = [
  // service management
  ['systemctl restart nginx', ['systemctl-restart']],
  ['systemctl stop nginx', ['systemctl-stop']],
  ['systemctl reload nginx', ['systemctl-reload']],
  ['systemctl --no-block -H prod try-restart nginx', ['systemctl-restart']],
  ['/usr/bin/systemctl stop nginx', ['systemctl-stop']],
  ['sudo systemctl restart nginx', ['systemctl-restart']],
  ['sudo -u root -E systemctl stop nginx', ['systemctl-stop']],
  ['service nginx restart', ['service-restart']],
  ['service nginx stop', ['service-stop']],
  ['service restart', ['service-restart']],
  ['service nginx --full-restart', ['service-restart']],
  ['systemctl status nginx', []],
  ['service nginx status', []],
  ['echo systemctl stop x', []],
  // docker
  ['docker-compose down', ['docker-compose-down']],
  ['docker-compose -f prod.yml restart web', ['docker-compose-restart']],
  ['docker compose down -v', ['docker-compose-down']],
  ['docker --context prod compose -p shop restart', ['docker-compose-restart']],
  ['docker stop web', ['docker-stop']],
  ['docker rm -f web', ['docker-rm']],
  ['docker container rm web', ['docker-rm']],
  ['docker -H tcp://prod:2376 stop web', ['docker-stop']],
  ['docker logs web', []],
  ['docker compose ps', []],
  ['docker-compose up -d', []],
  // database
  ['psql -c "DROP TABLE users"', ['psql-drop']],
  ['psql -c "truncate table users"', ['psql-truncate']],
  ['psql -d shop -c "select 1; drop table x"', ['psql-drop']],
  ['psql -c"DROP DATABASE shop"', ['psql-drop']],
  ['psql --command="Drop schema x cascade"', ['psql-drop']],
  ['psql --command "TRUNCATE t"', ['psql-truncate']],
  ['psql -Atc "DROP TABLE x"', ['psql-drop']],
  ['mysql -e "DROP DATABASE shop"', ['mysql-drop']],
  ['mysql -uroot -psecret -e"TRUNCATE orders"', ['mysql-truncate']],
  ['mysql --execute="drop table t"', ['mysql-drop']],
  ['psql -c "SELECT * FROM users"', []],
  ['psql -c "select * from drop_log"', []],
  ['mysql -e "SHOW TABLES"', []],
  ['echo "DROP TABLE x" > notes.sql', []],
  // files
  ['rm -rf build', ['rm-rf']],
  ['rm -fr build', ['rm-rf']],
  ['rm -r -f build', ['rm-rf']],
  ['rm -Rf build', ['rm-rf']],
  ['rm --recursive --force build', ['rm-rf']],
  ['rm --rec --for build', ['rm-rf']],
  ['rm -rfv build', ['rm-rf']],
  ['rm build -rf', ['rm-rf']],
  ['/bin/rm -rf build', ['rm-rf']],
  ['"rm" -rf build', ['rm-rf']],
  ["r'm' -rf build", ['rm-rf']],
  ['\\rm -rf build', ['rm-rf']],
  ['rm -f /', ['rm-f-root']],
  ['rm -rf /', ['rm-f-root', 'rm-rf']],
  ['rm -f /*', ['rm-f-root']],
  ['rm file.txt', []],
  ['rm -r dir', []],
  ['rm -f file.txt', []],
  ['rm -- -rf', []],
  ['mv /etc /tmp/etc', ['mv-etc']],
  ['mv /etc/nginx/nginx.conf /tmp/', ['mv-etc']],
  ['mv -t /tmp /etc/hosts', ['mv-etc']],
  ['mv /etc', ['mv-etc']],
  ['mv notes.txt /etc/notes.txt', []],
  ['mv /etcetera /tmp', []],
  ['chmod 777 app', ['chmod-777']],
  ['chmod -R 777 /srv', ['chmod-777']],
  ['chmod 0777 app', ['chmod-777']],
  ['chmod a=rwx app', ['chmod-777']],
  ['chmod 755 app', []],
  ['chmod u+x deploy.sh', []],
  // git
  ['git push origin main', ['git-push-main']],
  ['git push origin master', ['git-push-main']],
  ['git push -f origin main', ['git-push-main']],
  ['git push --force-with-lease origin main', ['git-push-main']],
  ['git push origin HEAD:main', ['git-push-main']],
  ['git push origin feature:master', ['git-push-main']],
  ['git push origin +refs/heads/main', ['git-push-main']],
  ['git push origin :main', ['git-push-main']],
  ['git -C /srv/app push origin main', ['git-push-main']],
  ['git push origin feature-branch', []],
  ['git push origin main:feature', []],
  ['git push origin main-hotfix', []],
  ['git push', []],
  ['git merge feature', ['git-merge']],
  ['git merge --no-ff origin/release', ['git-merge']],
  ['git merge --abort', []],
  ['git commit --amend --no-edit', ['git-commit-amend']],
  ['git commit -a --amend -m "fix"', ['git-commit-amend']],
  ['git commit -m "amend docs"', []],
  ['git commit -m --amend', []],
  ['git log --grep merge', []],
  ['git merge-base main feature', []],
  // kubernetes
  ['kubectl delete pod web-1', ['kubectl-delete']],
  ['kubectl -n prod delete deployment web', ['kubectl-delete']],
  ['kubectl --context=prod delete ns shop', ['kubectl-delete']],
  ['kubectl get pods', []],
  ['echo "kubectl delete"', []],
  // prefixes
  ['env A=1 B=2 kubectl delete pod x', ['kubectl-delete']],
  ['DEBUG=1 rm -rf build', ['rm-rf']],
  ['nohup docker-compose restart &', ['docker-compose-restart']],
  ['time docker stop web', ['docker-stop']],
  ['command rm -rf build', ['rm-rf']],
  ['exec systemctl stop nginx', ['systemctl-stop']],
  ['timeout 30 kubectl delete pod x', ['kubectl-delete']],
  ['find . -name "*.log" | xargs rm -rf', ['rm-rf']],
  ['find /srv -type d -exec rm -rf {} \\;', ['rm-rf']],
  ['command -v rm', []],
  // chains and substitutions
  ['cd /srv && rm -rf build', ['rm-rf']],
  ['make; systemctl stop nginx', ['systemctl-stop']],
  ['test -f x || docker rm web', ['docker-rm']],
  ['docker ps -q | docker rm', ['docker-rm']],
  ['ls\nkubectl delete pod x', ['kubectl-delete']],
  ['echo $(rm -rf /tmp/x)', ['rm-rf']],
  ['echo "$(kubectl delete pod x)"', ['kubectl-delete']],
  ['echo `docker stop web`', ['docker-stop']],
  ['diff <(kubectl delete pod x) y', ['kubectl-delete']],
  ['x=$(echo $(git push origin main))', ['git-push-main']],
  ['bash -c "rm -rf /tmp/x"', ['rm-rf']],
  ["sh -c 'systemctl restart nginx'", ['systemctl-restart']],
  ["sudo bash -lc 'docker-compose down'", ['docker-compose-down']],
  ['sh -c "psql -c \\"DROP TABLE x\\""', ['psql-drop']],
  ['eval "git push origin main"', ['git-push-main']],
  ["ssh prod-1 'sudo systemctl stop nginx'", ['systemctl-stop']],
  ['{ rm -rf build; }', ['rm-rf']],
  ['if true; then docker stop web; fi', ['docker-stop']],
  // look-alikes that are text, not commands
  ['grep "rm -rf" notes.txt', []],
  ["echo 'docker stop web'", []],
  ["echo '$(rm -rf /)'", []],
  ['ls # rm -rf /', []],
  ['echo a#b; ls', []],
  ['cat README.md > out.txt 2>&1', []],
  ['', []],
];

describe('checkCommand: the blocklist table', () => {
  test('has at least 60 rows', () => assert.ok(TABLE.length >= 60, `${TABLE.length} rows`));
  for (const [command, expected] of TABLE) {
    test(`${JSON.stringify(command)} → ${expected.length > 0 ? expected.join(', ') : 'allowed'}`, () => {
      const check = checkCommand(command);
      assert.equal(check.blocked, expected.length > 0);
      assert.deepEqual([...new Set(check.matches.map((match) => match.rule.id))].sort(), expected);
    });
  }
});

describe('checkCommand: matches', () => {
  test('name the offending simple command, with its prefixes, words joined by spaces', () => {
    assert.deepEqual(
      checkCommand('cd /srv && sudo -u deploy "rm" -rf build | tee log').matches.map((match) => match.command),
      ['sudo -u deploy rm -rf build'],
    );
  });

  test('name the command inside a substitution or sh -c body', () => {
    assert.deepEqual(checkCommand('echo "$(kubectl delete pod x)"').matches.map((match) => match.command), ['kubectl delete pod x']);
    assert.deepEqual(checkCommand("bash -c 'cd /x; docker stop web'").matches.map((match) => match.command), ['docker stop web']);
  });

  test('keep a substitution as written when it is an argument', () => {
    assert.deepEqual(checkCommand('rm -rf $(cat list) $HOME/tmp').matches.map((match) => match.command), ['rm -rf $(cat list) $HOME/tmp']);
  });

  test('report each blocked command of a chain', () => {
    const check = checkCommand('systemctl stop a && systemctl stop b; kubectl delete pod c');
    assert.deepEqual(check.matches.map((match) => [match.rule.id, match.command]), [
      ['systemctl-stop', 'systemctl stop a'],
      ['systemctl-stop', 'systemctl stop b'],
      ['kubectl-delete', 'kubectl delete pod c'],
    ]);
  });
});

describe('BLOCKLIST', () => {
  test('every rule has a unique kebab-case id, a category, the policy line and a reason', () => {
    const ids = BLOCKLIST.map((rule) => rule.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const rule of BLOCKLIST) {
      assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(['service', 'docker', 'database', 'file', 'git', 'kubernetes'].includes(rule.category));
      assert.ok(rule.blocks.length > 0);
      assert.match(rule.reason, /^[A-Z].*\.$/);
    }
  });

  test('every rule is reachable from the table', () => {
    const matched = new Set(TABLE.flatMap(([, ids]) => ids));
    assert.deepEqual(BLOCKLIST.map((rule) => rule.id).filter((id) => !matched.has(id)), []);
  });
});

describe('checkCommand: hostile input', () => {
  const hostile = [
    'echo "unbalanced',
    "echo 'unbalanced; rm",
    'echo $(unclosed',
    'echo `unclosed',
    'echo ${}',
    'echo ${unclosed',
    ')))(((',
    '\\',
    '"\'`$(`)\'"',
    '<<<>>>&&||;;',
    'a'.repeat(1024 * 1024),
    '"'.repeat(1024 * 1024),
    'rm -rf x; '.repeat(100_000),
    '$('.repeat(200_000) + 'rm -rf /' + ')'.repeat(200_000),
    '`'.repeat(500_000),
    'bash -c "'.repeat(10_000),
    '#'.repeat(1024 * 1024),
    '>'.repeat(1024 * 1024),
    'a 1>'.repeat(100_000),
    'eval '.repeat(100_000),
    'sh -c '.repeat(100_000),
    '\u0000\uffff\ud800',
  ];
  for (const text of hostile) {
    test(`never throws and stays fast: ${JSON.stringify(text.slice(0, 24))}${text.length > 24 ? `… (${text.length} chars)` : ''}`, () => {
      const started = performance.now();
      const check = checkCommand(text);
      assert.equal(typeof check.blocked, 'boolean');
      assert.ok(performance.now() - started < 3000, `${Math.round(performance.now() - started)} ms`);
    });
  }

  test('deep $( ) nesting is checked down to the nesting cap', () => {
    const nested = (depth: number) => '$('.repeat(depth) + 'rm -rf /x' + ')'.repeat(depth);
    assert.equal(checkCommand(`echo ${nested(10)}`).blocked, true);
    assert.equal(checkCommand(`echo ${nested(100)}`).blocked, false, 'beyond MAX_NESTING_DEPTH the body is not looked into');
  });

  test('only the first MAX_CHECKED_LENGTH characters are checked', () => {
    assert.equal(checkCommand(`${' '.repeat(MAX_CHECKED_LENGTH - 20)}rm -rf x`).blocked, true);
    assert.equal(checkCommand(`${' '.repeat(MAX_CHECKED_LENGTH)}rm -rf x`).blocked, false);
  });
});
