// `prodgate validate --baseline FILE` and `--format github`: fingerprints that survive moved lines,
// the baseline file, and the exit codes of main() on temporary folders.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../server/src/cli.ts';
import {
  anchorText,
  BaselineError,
  baselineEntries,
  compareWithBaseline,
  fingerprintFindings,
  fingerprintPath,
  parseBaseline,
  serializeBaseline,
  type BaselineEntry,
} from '../../server/src/cli/baseline.ts';
import { escapeGithubData, escapeGithubProperty, render, type FileResult } from '../../server/src/cli/output.ts';
import { DEFAULT_SETTINGS, validateDocument, type LocatedFinding } from '../../server/src/engine/validate.ts';

const POLICY = `agent: ops-bot
permissions:
  allow:
    - "*"
    - read:*
  deny:
    - delete:*
  escalate:
    - refund_requests
`;

/** External evidence with one finding: evidence_scope "template", on line 3. */
const EVIDENCE = readFileSync(join(__dirname, '../../examples/problems/template-evidence.json'), 'utf8');

function findingsOf(text: string, path = 'ops.policy.yaml'): LocatedFinding[] {
  return validateDocument({ text, path }, DEFAULT_SETTINGS).findings;
}

function fingerprints(text: string, file = 'ops.policy.yaml'): Map<string, string> {
  const findings = findingsOf(text, file);
  const prints = fingerprintFindings(file, text, findings);
  return new Map(findings.map((finding, index) => [`${finding.code} ${finding.message}`, prints[index]]));
}

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'prodgate-baseline-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

async function prodgate(cwd: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd });
  return { code, stdout, stderr };
}

describe('baseline fingerprints', () => {
  test('the wildcard policy has the two findings these tests rely on', () => {
    assert.deepEqual(
      findingsOf(POLICY).map((finding) => [finding.code, finding.severity]),
      [
        ['policy-wildcard-allow', 'error'],
        ['policy-wildcard-allow', 'warning'],
      ],
    );
  });

  test('stable when lines, comments and list entries are inserted above the finding', () => {
    const before = fingerprints(POLICY);
    const moved = `# Reviewed 2026-11-19\n\n\n${POLICY.replace('permissions:\n', 'permissions:\n  # the agent needs these\n\n').replace('    - "*"\n', '    - create:ticket\n    - "*"\n')}`;
    const after = fingerprints(moved);
    assert.equal(findingsOf(moved).length, 2);
    assert.deepEqual([...after], [...before]);
    // The finding did move: two lines and a list index further down.
    assert.deepEqual(findingsOf(moved)[0].path, ['permissions', 'allow', 1]);
  });

  test('stable across LF and CRLF line endings and re-indentation', () => {
    assert.deepEqual([...fingerprints(POLICY.replace(/\n/g, '\r\n'))], [...fingerprints(POLICY)]);
    const reindented = POLICY.replace(/^( +)/gm, '$1$1');
    assert.equal(findingsOf(reindented).length, 2);
    assert.deepEqual([...fingerprints(reindented)], [...fingerprints(POLICY)]);
  });

  test('editing the offending value makes a new finding', () => {
    const before = fingerprints(POLICY);
    const edited = fingerprints(POLICY.replace('"*"', '"*:*"'));
    const error = (map: Map<string, string>) => [...map].find(([key]) => key.includes('every action'))![1];
    assert.notEqual(error(edited), error(before));
    assert.equal([...edited].find(([key]) => key.includes('"read:*"'))![1], [...before].find(([key]) => key.includes('"read:*"'))![1]);
  });

  test('identical findings in different files differ; duplicates in one file get their occurrence', () => {
    const findings = findingsOf(POLICY);
    assert.notDeepEqual(fingerprintFindings('a.policy.yaml', POLICY, findings), fingerprintFindings('b.policy.yaml', POLICY, findings));
    assert.notDeepEqual(fingerprintFindings('a.policy.yaml', POLICY, findings), fingerprintFindings('sub/a.policy.yaml', POLICY, findings));

    const twice = POLICY.replace('    - "*"\n', '    - "*"\n    - "*"\n');
    const duplicates = findingsOf(twice).filter((finding) => finding.severity === 'error');
    assert.equal(duplicates.length, 2);
    const [first, second] = fingerprintFindings('a.policy.yaml', twice, duplicates);
    assert.notEqual(first, second);
    // The first of the two is the one the single-"*" policy had.
    assert.equal(first, fingerprintFindings('a.policy.yaml', POLICY, findingsOf(POLICY))[0]);
  });

  test('the message is not part of the fingerprint (messages quote counts that change)', () => {
    const [finding] = findingsOf(POLICY);
    const reworded = { ...finding, message: 'something else, 3 missing' };
    assert.deepEqual(fingerprintFindings('a.yaml', POLICY, [finding]), fingerprintFindings('a.yaml', POLICY, [reworded]));
    assert.notDeepEqual(fingerprintFindings('a.yaml', POLICY, [finding]), fingerprintFindings('a.yaml', POLICY, [{ ...finding, code: 'other-code' }]));
  });

  test('anchor text: the first line of the span, or the whole line when the span is empty', () => {
    const text = 'a: 1\n  b:   [x,\n   y]\nc: 2\r\n';
    assert.equal(anchorText(text, { offset: text.indexOf('[x'), length: 8 }), '[x,');
    assert.equal(anchorText(text, { offset: text.indexOf('b:') + 1, length: 0 }), 'b: [x,');
    assert.equal(anchorText(text, { offset: text.indexOf('c'), length: 0 }), 'c: 2');
    assert.equal(anchorText('', { offset: 0, length: 0 }), '');
    assert.equal(fingerprintPath(['permissions', 'allow', 3]), '$.permissions.allow[*]');
    assert.equal(fingerprintPath([0, 'odd key']), '$[*]["odd key"]');
  });
});

describe('the baseline file', () => {
  const entry = (file: string, line: number, fingerprint: string): BaselineEntry => ({ fingerprint, file, code: 'policy-wildcard-allow', path: '$.permissions.allow[0]', line, message: 'Allow entry "*"' });

  test('serialized sorted by file and line, versioned, with a trailing newline; parsed back', () => {
    const entries = [entry('b.yaml', 1, 'c'.repeat(64)), entry('a.yaml', 9, 'b'.repeat(64)), entry('a.yaml', 2, 'a'.repeat(64))];
    const text = serializeBaseline(entries);
    assert.ok(text.endsWith('}\n'));
    const parsed = JSON.parse(text);
    assert.equal(parsed.version, 1);
    assert.equal(parsed.tool, 'prodgate');
    assert.deepEqual(Object.keys(parsed.findings[0]), ['fingerprint', 'file', 'code', 'path', 'line', 'message']);
    assert.deepEqual(parsed.findings.map((item: BaselineEntry) => `${item.file}:${item.line}`), ['a.yaml:2', 'a.yaml:9', 'b.yaml:1']);
    assert.deepEqual(parseBaseline(text, 'baseline.json').findings, [entries[2], entries[1], entries[0]]);
    assert.equal(serializeBaseline([...entries].reverse()), text, 'deterministic whatever the input order');
  });

  test('anything that is not a ProdGate baseline is an error naming the file', () => {
    for (const [text, why] of [
      ['{', /not valid JSON/],
      ['[]', /not a JSON object/],
      ['{"name": "x", "version": "1.0.0"}', /"tool" is not "prodgate"/],
      ['{"tool": "prodgate", "version": 0, "findings": []}', /"version" is not 1/],
      ['{"tool": "prodgate", "version": 2, "findings": []}', /newer ProdGate/],
      ['{"tool": "prodgate", "version": 1}', /"findings" is not a list/],
      ['{"tool": "prodgate", "version": 1, "findings": [{"fingerprint": "x", "file": "a"}]}', /findings\[0\]\.fingerprint/],
    ] as const) {
      assert.throws(() => parseBaseline(text, 'ci/baseline.json'), (error: Error) => error instanceof BaselineError && error.message.startsWith('ci/baseline.json ') && why.test(error.message), text);
    }
  });

  test('comparing: baselined findings leave the results; entries no longer found are fixed', () => {
    const cwd = '/repo';
    const results: FileResult[] = [{ path: 'ops.policy.yaml', text: POLICY, validation: validateDocument({ text: POLICY, path: 'ops.policy.yaml' }, DEFAULT_SETTINGS) }];
    const current = baselineEntries(results, 'baseline.json', cwd);
    const [error, warning] = current[0].entries;
    const gone = { ...error, fingerprint: 'f'.repeat(64) };
    const otherFile = { ...error, file: 'not-checked.yaml', fingerprint: 'e'.repeat(64) };
    const comparison = compareWithBaseline(current, { version: 1, tool: 'prodgate', findings: [warning, gone, otherFile] });
    assert.equal(comparison.baselined, 1);
    assert.deepEqual(comparison.results[0].validation.findings.map((finding) => finding.severity), ['error']);
    assert.deepEqual(comparison.fixed, [gone], 'entries of files this run did not check are not "fixed"');
  });
});

describe('prodgate validate --baseline', () => {
  test('first run records every finding and exits 0; later runs accept them', async () => {
    const root = folder({ 'ops.policy.yaml': POLICY, 'evidence/template.json': EVIDENCE });
    const first = await prodgate(root, 'validate', root, '--baseline', 'prodgate-baseline.json');
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stderr, /wrote the baseline prodgate-baseline\.json: 3 findings recorded/);
    assert.equal(first.stdout, '2 artifacts in 2 files: 0 errors, 0 warnings, 0 info (3 baselined).\n');
    const baseline = JSON.parse(readFileSync(join(root, 'prodgate-baseline.json'), 'utf8'));
    assert.deepEqual(
      baseline.findings.map((item: BaselineEntry) => [item.file, item.code, item.path, item.line]),
      [
        ['evidence/template.json', 'evidence-template-scope', '$.evidence_scope', 3],
        ['ops.policy.yaml', 'policy-wildcard-allow', '$.permissions.allow[0]', 4],
        ['ops.policy.yaml', 'policy-wildcard-allow', '$.permissions.allow[1]', 5],
      ],
    );

    const second = await prodgate(root, 'validate', root, '--baseline', 'prodgate-baseline.json');
    assert.equal(second.code, 0, second.stdout);
    assert.equal(second.stdout, '2 artifacts in 2 files: 0 errors, 0 warnings, 0 info (3 baselined).\n', 'the baseline itself is not validated');
    assert.equal(second.stderr, '');
    // Without --baseline the errors still fail.
    assert.equal((await prodgate(root, 'validate', root)).code, 1);
  });

  test('a new error exits 1 and is the only finding printed; moved findings stay baselined', async () => {
    const root = folder({ 'ops.policy.yaml': POLICY, 'template.json': EVIDENCE });
    assert.equal((await prodgate(root, 'validate', root, '--baseline', 'baseline.json')).code, 0);

    // Comments and blank lines above the old findings, and a new wildcard below them.
    const edited = `# ops-bot policy\n\n${POLICY.replace('    - read:*\n', '    - read:*\n    - "*:*"\n')}`;
    writeFileSync(join(root, 'ops.policy.yaml'), edited);
    writeFileSync(join(root, 'template.json'), `\n\n${EVIDENCE}`);
    const run = await prodgate(root, 'validate', root, '--baseline', 'baseline.json');
    assert.equal(run.code, 1);
    const lines = run.stdout.trim().split('\n');
    assert.deepEqual(lines, [
      `${join(root, 'ops.policy.yaml')}:8:7 error policy-wildcard-allow Allow entry "*:*" grants every action: list the actions this agent needs.`,
      '2 artifacts in 2 files: 1 error, 0 warnings, 0 info (3 baselined).',
    ]);

    // A new warning alone does not fail.
    writeFileSync(join(root, 'ops.policy.yaml'), `# ops-bot policy\n\n${POLICY.replace('    - read:*\n', '    - read:*\n    - write:*\n')}`);
    const warningOnly = await prodgate(root, 'validate', root, '--baseline', 'baseline.json');
    assert.equal(warningOnly.code, 0, warningOnly.stdout);
    assert.match(warningOnly.stdout, /warning policy-wildcard-allow Allow entry "write:\*"/);
    assert.match(warningOnly.stdout, /0 errors, 1 warning, 0 info \(3 baselined\)\.\n$/);
  });

  test('fixed findings are counted, and --update-baseline drops them', async () => {
    const root = folder({ 'ops.policy.yaml': POLICY, 'template.json': EVIDENCE });
    await prodgate(root, 'validate', root, '--baseline', 'baseline.json');
    writeFileSync(join(root, 'ops.policy.yaml'), POLICY.replace('    - "*"\n', ''));

    const run = await prodgate(root, 'validate', root, '--baseline', 'baseline.json');
    assert.equal(run.code, 0);
    assert.equal(run.stdout, '2 artifacts in 2 files: 0 errors, 0 warnings, 0 info (2 baselined, 1 fixed).\n');
    assert.match(run.stderr, /1 baselined finding no longer occurs; run with --update-baseline to remove it from baseline\.json/);
    assert.equal(JSON.parse(readFileSync(join(root, 'baseline.json'), 'utf8')).findings.length, 3, 'a plain run never writes the baseline');

    const update = await prodgate(root, 'validate', root, '--baseline', 'baseline.json', '--update-baseline');
    assert.equal(update.code, 0);
    assert.match(update.stderr, /updated the baseline baseline\.json: 2 findings recorded, 1 fixed removed/);
    const findings = JSON.parse(readFileSync(join(root, 'baseline.json'), 'utf8')).findings as BaselineEntry[];
    assert.deepEqual(findings.map((item) => item.code), ['policy-wildcard-allow', 'evidence-template-scope']);

    const after = await prodgate(root, 'validate', root, '--baseline', 'baseline.json');
    assert.equal(after.stdout, '2 artifacts in 2 files: 0 errors, 0 warnings, 0 info (2 baselined).\n');
    assert.equal(after.stderr, '');
  });

  test('--update-baseline accepts new findings', async () => {
    const root = folder({ 'ops.policy.yaml': POLICY });
    await prodgate(root, 'validate', root, '--baseline', 'baseline.json');
    writeFileSync(join(root, 'ops.policy.yaml'), POLICY.replace('    - read:*\n', '    - read:*\n    - "*:*"\n'));
    assert.equal((await prodgate(root, 'validate', root, '--baseline', 'baseline.json')).code, 1);
    assert.equal((await prodgate(root, 'validate', root, '--baseline', 'baseline.json', '--update-baseline')).code, 0);
    assert.equal((await prodgate(root, 'validate', root, '--baseline', 'baseline.json')).code, 0);
  });

  test('checking part of the tree neither reports the rest as fixed nor drops it on update', async () => {
    const root = folder({ 'ops.policy.yaml': POLICY, 'template.json': EVIDENCE });
    await prodgate(root, 'validate', root, '--baseline', 'baseline.json');
    const policyOnly = await prodgate(root, 'validate', join(root, 'ops.policy.yaml'), '--baseline', 'baseline.json');
    assert.equal(policyOnly.stdout, '1 artifact in 1 file: 0 errors, 0 warnings, 0 info (2 baselined).\n');
    await prodgate(root, 'validate', join(root, 'ops.policy.yaml'), '--baseline', 'baseline.json', '--update-baseline');
    assert.equal(JSON.parse(readFileSync(join(root, 'baseline.json'), 'utf8')).findings.length, 3);
    // A file that no longer exists loses its entries on update.
    rmSync(join(root, 'template.json'));
    const update = await prodgate(root, 'validate', join(root, 'ops.policy.yaml'), '--baseline', 'baseline.json', '--update-baseline');
    assert.match(update.stderr, /2 findings recorded, 1 fixed removed/);
    assert.deepEqual(JSON.parse(readFileSync(join(root, 'baseline.json'), 'utf8')).findings.map((item: BaselineEntry) => item.file), ['ops.policy.yaml', 'ops.policy.yaml']);
  });

  test('paths in the baseline are relative to its folder, wherever the command runs from', async () => {
    const root = folder({ 'agents/ops.policy.yaml': POLICY });
    await prodgate(root, 'validate', join(root, 'agents'), '--baseline', 'ci/baseline.json');
    const findings = JSON.parse(readFileSync(join(root, 'ci/baseline.json'), 'utf8')).findings as BaselineEntry[];
    assert.deepEqual(findings.map((item) => item.file), ['../agents/ops.policy.yaml', '../agents/ops.policy.yaml']);
    const fromElsewhere = await prodgate(join(root, 'agents'), 'validate', join(root, 'agents'), '--baseline', '../ci/baseline.json');
    assert.equal(fromElsewhere.code, 0, fromElsewhere.stdout);
    assert.match(fromElsewhere.stdout, /\(2 baselined\)/);
  });

  test('a corrupt or foreign baseline exits 2, names the file and is left untouched', async () => {
    const root = folder({ 'ops.policy.yaml': POLICY, 'baseline.json': '{"version": 1, "tool": "prodgate", "findings": [', 'package.json': '{ "name": "x" }\n' });
    for (const args of [
      ['--baseline', 'baseline.json'],
      ['--baseline', 'baseline.json', '--update-baseline'],
      ['--baseline', 'package.json', '--update-baseline'],
    ]) {
      const run = await prodgate(root, 'validate', join(root, 'ops.policy.yaml'), ...args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, new RegExp(`^prodgate: ${args[1].replace('.', '\\.')} is not a ProdGate baseline \\(.+\\); it was left unchanged`));
      assert.equal(run.stdout, '');
    }
    assert.equal(readFileSync(join(root, 'baseline.json'), 'utf8'), '{"version": 1, "tool": "prodgate", "findings": [');
    assert.equal(readFileSync(join(root, 'package.json'), 'utf8'), '{ "name": "x" }\n');
  });

  test('usage errors exit 2', async () => {
    const root = folder({ 'ops.policy.yaml': POLICY });
    for (const args of [['--update-baseline'], ['--baseline', ''], ['--baseline']]) {
      const run = await prodgate(root, 'validate', root, ...args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /^prodgate: /);
    }
    const unreadable = await prodgate(root, 'validate', root, '--baseline', root);
    assert.equal(unreadable.code, 2);
    assert.match(unreadable.stderr, /cannot read the baseline/);
  });

  test('--format json adds the baseline counts to the summary', async () => {
    const root = folder({ 'ops.policy.yaml': POLICY });
    await prodgate(root, 'validate', root, '--baseline', 'baseline.json');
    const report = JSON.parse((await prodgate(root, 'validate', root, '--baseline', 'baseline.json', '--format', 'json')).stdout);
    assert.deepEqual(report.summary, { files: 1, artifacts: 1, error: 0, warning: 0, info: 0, suppressed: 0, baselined: 2, fixed: 0 });
    assert.deepEqual(report.files[0].findings, []);
  });
});

describe('prodgate validate --format github', () => {
  test('one annotation per finding, paths relative to the working folder, then the summary', async () => {
    const root = folder({ 'agents/ops.policy.yaml': POLICY });
    const run = await prodgate(root, 'validate', join(root, 'agents'), '--format', 'github');
    assert.equal(run.code, 1);
    assert.equal(
      run.stdout,
      '::error file=agents/ops.policy.yaml,line=4,col=7,endLine=4,endColumn=10,title=policy-wildcard-allow::Allow entry "*" grants every action: list the actions this agent needs.\n' +
        '::warning file=agents/ops.policy.yaml,line=5,col=7,endLine=5,endColumn=13,title=policy-wildcard-allow::Allow entry "read:*" grants every "read" action on any resource: list the concrete actions, or deny the dangerous ones.\n' +
        '1 artifact in 1 file: 1 error, 1 warning, 0 info.\n',
    );
  });

  test('with a baseline: only new findings are annotated', async () => {
    const root = folder({ 'ops.policy.yaml': POLICY });
    await prodgate(root, 'validate', root, '--baseline', 'baseline.json');
    writeFileSync(join(root, 'ops.policy.yaml'), POLICY.replace('    - read:*\n', '    - read:*\n    - "*:*"\n'));
    const run = await prodgate(root, 'validate', root, '--baseline', 'baseline.json', '--format', 'github');
    assert.equal(run.code, 1);
    assert.deepEqual(run.stdout.trim().split('\n'), [
      '::error file=ops.policy.yaml,line=6,col=7,endLine=6,endColumn=12,title=policy-wildcard-allow::Allow entry "*:*" grants every action: list the actions this agent needs.',
      '1 artifact in 1 file: 1 error, 0 warnings, 0 info (2 baselined).',
    ]);
  });

  test("GitHub's escaping of data and properties, and its three levels", () => {
    assert.equal(escapeGithubData('100% done, a:b\r\nnext'), '100%25 done, a:b%0D%0Anext');
    assert.equal(escapeGithubProperty('dir,1/a:b%.yaml\n'), 'dir%2C1/a%3Ab%25.yaml%0A');
    const text = 'a: 1\nb: 2\n';
    const finding = (severity: LocatedFinding['severity'], message: string): LocatedFinding => ({ code: 'value-placeholder', severity, message, path: ['a'], span: { offset: 3, length: 1 } });
    const result: FileResult = {
      path: '/w/odd, name:1.yaml',
      text,
      validation: {
        kind: 'agent-policy',
        kindSource: 'content',
        findings: [finding('error', 'Coverage is 50%, needed: 90%\nsee docs'), finding('warning', 'w'), finding('info', 'i')],
      },
    };
    const lines = render([result], 'github', '0.0.0', { cwd: '/w' }).split('\n');
    assert.deepEqual(lines, [
      '::error file=odd%2C name%3A1.yaml,line=1,col=4,endLine=1,endColumn=5,title=value-placeholder::Coverage is 50%25, needed: 90%25%0Asee docs',
      '::warning file=odd%2C name%3A1.yaml,line=1,col=4,endLine=1,endColumn=5,title=value-placeholder::w',
      '::notice file=odd%2C name%3A1.yaml,line=1,col=4,endLine=1,endColumn=5,title=value-placeholder::i',
      '1 artifact in 1 file: 1 error, 1 warning, 1 info.',
      '',
    ]);
  });

  test('an unknown format names github among the choices', async () => {
    const run = await prodgate(tmpdir(), 'validate', '--format', 'xml');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--format must be text, json, sarif or github/);
  });
});
