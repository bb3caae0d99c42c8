// Suppression comments, rule severities and ignore entries (engine/suppressions.ts), the workspace
// configuration kind, and the certification's list of what suppressions hide.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { certify } from '../../server/src/engine/certification/certify.ts';
import { suppressedIssues, withSuppressed } from '../../server/src/engine/certification/suppressed.ts';
import {
  applySuppressions,
  commentPrefixOf,
  ignoreEntriesFor,
  readDirectives,
  suppressionEdit,
  type RuleConfiguration,
} from '../../server/src/engine/suppressions.ts';
import { validateDocument, type LocatedFinding } from '../../server/src/engine/validate.ts';
import { configPathFindings, readWorkspaceConfig } from '../../server/src/engine/workspace-config.ts';

const WILDCARD_POLICY = `agent: support
permissions:
  allow:
    - "*"
  deny:
    - delete:*
  escalate:
    - refund:*
`;

/** The codes shown for a YAML agent policy after suppressions. */
function shown(text: string, configuration: RuleConfiguration = {}, path = 'agent.policy.yaml'): { findings: LocatedFinding[]; suppressed: ReturnType<typeof applySuppressions>['suppressed'] } {
  const validation = validateDocument({ text, path });
  return applySuppressions(validation.findings, text, commentPrefixOf(path.endsWith('.jsonc') ? 'jsonc' : 'yaml'), configuration);
}

const codes = (findings: readonly LocatedFinding[]) => findings.map((finding) => finding.code);
const at = (text: string, finding: LocatedFinding) => text.slice(finding.span.offset, finding.span.offset + finding.span.length);

describe('suppression comments', () => {
  test('without suppressions the wildcard is an error', () => {
    assert.deepEqual(codes(shown(WILDCARD_POLICY).findings), ['policy-wildcard-allow']);
  });

  test('next-line in YAML silences the finding on the next line only, with its reason', () => {
    const text = WILDCARD_POLICY.replace('    - "*"', '    # prodgate-ignore-next-line policy-wildcard-allow -- sandbox agent, no real tools\n    - "*"');
    const result = shown(text);
    assert.deepEqual(codes(result.findings), []);
    assert.equal(result.suppressed.length, 1);
    assert.equal(result.suppressed[0]!.reason, 'sandbox agent, no real tools');
    assert.deepEqual(result.suppressed[0]!.by, { comment: 3 });
  });

  test('a next-line comment two lines above silences nothing and is unused', () => {
    const text = WILDCARD_POLICY.replace('  allow:', '  # prodgate-ignore-next-line policy-wildcard-allow -- sandbox\n  allow:');
    const result = shown(text);
    assert.deepEqual(codes(result.findings), ['suppression-unused', 'policy-wildcard-allow']);
    assert.equal(at(text, result.findings[0]!), 'policy-wildcard-allow');
    assert.equal(result.findings[0]!.severity, 'warning');
  });

  test('several codes on one comment, separated by commas or spaces; the unused one is reported', () => {
    const text = WILDCARD_POLICY.replace('    - "*"', '    # prodgate-ignore-next-line policy-wildcard-allow, policy-no-deny -- sandbox\n    - "*"');
    const result = shown(text);
    assert.deepEqual(codes(result.findings), ['suppression-unused']);
    assert.equal(at(text, result.findings[0]!), 'policy-no-deny');
  });

  test('ignore-file silences the code anywhere in the file', () => {
    const text = `# prodgate-ignore-file policy-wildcard-allow -- a test fixture for the deny rules\n${WILDCARD_POLICY}`;
    assert.deepEqual(codes(shown(text).findings), []);
  });

  test('JSONC takes // comments, and YAML ignores them', () => {
    const json = `{
  "agent": "support",
  "permissions": {
    // prodgate-ignore-next-line policy-wildcard-allow -- sandbox agent
    "allow": ["*"],
    "deny": ["delete:*"],
    "escalate": ["refund:*"]
  }
}`;
    assert.deepEqual(codes(shown(json, {}, 'agent.policy.jsonc').findings), []);
    assert.deepEqual(readDirectives('// prodgate-ignore-file policy-no-deny -- x\n', '#').directives, []);
    assert.deepEqual(readDirectives('# prodgate-ignore-file policy-no-deny -- x\n', '//').directives, []);
  });

  test('strict JSON and JSON Lines have no comment syntax', () => {
    assert.equal(commentPrefixOf('json'), undefined);
    assert.equal(commentPrefixOf('jsonl'), undefined);
    assert.equal(commentPrefixOf('shellscript'), '#');
    assert.equal(commentPrefixOf('markdown'), '#');
  });

  test('no reason, or the TODO placeholder: suppression-invalid, while it still suppresses', () => {
    for (const tail of ['', ' --', ' -- ', ' -- TODO: reason', ' -- todo']) {
      const text = WILDCARD_POLICY.replace('    - "*"', `    # prodgate-ignore-next-line policy-wildcard-allow${tail}\n    - "*"`);
      const result = shown(text);
      assert.deepEqual(codes(result.findings), ['suppression-invalid'], JSON.stringify(tail));
      assert.equal(result.findings[0]!.severity, 'error');
      assert.match(result.findings[0]!.message, /needs a reason after " -- "/);
    }
  });

  test('an unknown code is suppression-invalid at the code, with a suggestion', () => {
    const text = WILDCARD_POLICY.replace('    - "*"', '    # prodgate-ignore-next-line policy-wildcard-alow -- sandbox\n    - "*"');
    const result = shown(text);
    assert.deepEqual(codes(result.findings), ['suppression-invalid', 'policy-wildcard-allow']);
    assert.equal(at(text, result.findings[0]!), 'policy-wildcard-alow');
    assert.match(result.findings[0]!.message, /Did you mean "policy-wildcard-allow"\?/);
  });

  test('malformed directives are suppression-invalid and suppress nothing', () => {
    for (const comment of ['# prodgate-ignore policy-wildcard-allow -- x', '# prodgate-ignore-nextline policy-wildcard-allow -- x', '# prodgate-ignore-next-line -- x']) {
      const text = WILDCARD_POLICY.replace('    - "*"', `    ${comment}\n    - "*"`);
      assert.deepEqual(codes(shown(text).findings), ['suppression-invalid', 'policy-wildcard-allow'], comment);
    }
  });

  test('a directive inside a value is not read: only whole-line comments count', () => {
    const { directives, problems } = readDirectives('note: "# prodgate-ignore-file policy-no-deny -- x"\n', '#');
    assert.deepEqual([directives, problems], [[], []]);
  });

  test('a directive-like line of a block scalar or a multi-line string is text: with the tree it is not read', () => {
    for (const value of ['|\n    runbook:\n    # prodgate-ignore-next-line policy-wildcard-allow -- copied\n', '"runbook:\n    # prodgate-ignore-file policy-wildcard-allow -- copied"\n']) {
      const text = `${WILDCARD_POLICY}notes: ${value}`;
      const validation = validateDocument({ text, path: 'agent.policy.yaml' });
      assert.equal(readDirectives(text, '#').directives.length, 1, 'without the tree it looks like a comment');
      assert.deepEqual(readDirectives(text, '#', validation.root).directives, []);
      const result = applySuppressions(validation.findings, text, '#', {}, validation.root);
      assert.deepEqual(codes(result.findings), ['policy-wildcard-allow'], value);
    }
  });
});

describe('rule severities and ignore entries', () => {
  test('off removes the finding (recorded as suppressed by the rule); other values replace the severity', () => {
    const off = shown(WILDCARD_POLICY, { rules: { 'policy-wildcard-allow': 'off' } });
    assert.deepEqual(codes(off.findings), []);
    assert.deepEqual(off.suppressed[0]!.by, { rule: 'off' });
    for (const severity of ['info', 'warning', 'error'] as const) {
      assert.equal(shown(WILDCARD_POLICY, { rules: { 'policy-wildcard-allow': severity } }).findings[0]!.severity, severity);
    }
  });

  test('rules apply to the suppressions\' own findings too', () => {
    const text = WILDCARD_POLICY.replace('  allow:', '  # prodgate-ignore-next-line policy-no-deny -- sandbox\n  allow:');
    assert.deepEqual(codes(shown(text, { rules: { 'suppression-unused': 'off' } }).findings), ['policy-wildcard-allow']);
  });

  test('ignore entries match by code and JSON path (the node or under it)', () => {
    const entry = (path?: string) => ({ file: 'agent.policy.yaml', code: 'policy-wildcard-allow', reason: 'sandbox', ...(path ? { path } : {}) });
    assert.deepEqual(codes(shown(WILDCARD_POLICY, { ignore: [entry()] }).findings), []);
    assert.deepEqual(codes(shown(WILDCARD_POLICY, { ignore: [entry('$.permissions.allow')] }).findings), []);
    assert.deepEqual(codes(shown(WILDCARD_POLICY, { ignore: [entry('$.permissions.allow[0]')] }).findings), []);
    assert.deepEqual(codes(shown(WILDCARD_POLICY, { ignore: [entry('$.permissions.allowed')] }).findings), ['policy-wildcard-allow']);
    assert.deepEqual(codes(shown(WILDCARD_POLICY, { ignore: [entry('$.permissions.deny')] }).findings), ['policy-wildcard-allow']);
  });

  test('ignore entries are chosen by path or glob relative to the folder', () => {
    const entries = [
      { file: 'ops/a.json', code: 'x', reason: 'r' },
      { file: './ops/b.json', code: 'x', reason: 'r' },
      { file: '**/*.jsonl', code: 'x', reason: 'r' },
    ];
    assert.deepEqual(ignoreEntriesFor('ops/a.json', entries), [entries[0]]);
    assert.deepEqual(ignoreEntriesFor('ops/b.json', entries), [entries[1]]);
    assert.deepEqual(ignoreEntriesFor('logs/day.jsonl', entries), [entries[2]]);
    assert.deepEqual(ignoreEntriesFor('ops\\a.json', entries), [entries[0]]);
  });
});

describe('the quick fix edit', () => {
  const apply = (text: string, edit: { offset: number; length: number; content: string }) => text.slice(0, edit.offset) + edit.content + text.slice(edit.offset + edit.length);

  test('next-line: a comment above the line, at its indentation, with the TODO placeholder that is flagged', () => {
    const offset = WILDCARD_POLICY.indexOf('"*"');
    const fixed = apply(WILDCARD_POLICY, suppressionEdit(WILDCARD_POLICY, '#', 'policy-wildcard-allow', offset, 'next-line'));
    assert.ok(fixed.includes('  allow:\n    # prodgate-ignore-next-line policy-wildcard-allow -- TODO: reason\n    - "*"\n'));
    assert.deepEqual(codes(shown(fixed).findings), ['suppression-invalid']);
    assert.deepEqual(codes(shown(fixed.replace('TODO: reason', 'sandbox agent')).findings), []);
  });

  test('a second code joins the directive already above the line', () => {
    const text = WILDCARD_POLICY.replace('    - "*"', '    # prodgate-ignore-next-line policy-dead-allow -- x\n    - "*"');
    const edit = suppressionEdit(text, '#', 'policy-wildcard-allow', text.indexOf('"*"'), 'next-line');
    assert.ok(apply(text, edit).includes('# prodgate-ignore-next-line policy-dead-allow, policy-wildcard-allow -- x\n'));
  });

  test('file scope: at the top, after a shebang; CRLF kept', () => {
    const edit = suppressionEdit(WILDCARD_POLICY, '#', 'policy-wildcard-allow', 40, 'file');
    assert.ok(apply(WILDCARD_POLICY, edit).startsWith('# prodgate-ignore-file policy-wildcard-allow -- TODO: reason\nagent: support\n'));
    const script = '#!/bin/sh\r\nsystemctl restart nginx\r\n';
    assert.equal(apply(script, suppressionEdit(script, '#', 'command-blocked-production', 12, 'file')), '#!/bin/sh\r\n# prodgate-ignore-file command-blocked-production -- TODO: reason\r\nsystemctl restart nginx\r\n');
    const jsonc = '{\n  "a": 1\n}';
    assert.ok(apply(jsonc, suppressionEdit(jsonc, '//', 'key-unknown', 4, 'next-line')).includes('\n  // prodgate-ignore-next-line key-unknown -- TODO: reason\n  "a": 1'));
  });
});

describe('the workspace configuration', () => {
  test('recognised by its file name, whatever it holds; other names are not configurations', () => {
    for (const path of ['.prodgate.yaml', 'sub/.prodgate.yml']) assert.equal(validateDocument({ text: 'environment: staging\n', path }).kind, 'workspace-config');
    assert.equal(validateDocument({ text: '{"environment": "staging"}', path: '.prodgate.json' }).kindSource, 'name');
    assert.equal(validateDocument({ text: 'environment: staging\n', path: 'prodgate.yaml' }).kind, undefined);
  });

  test('its schema and its rules: unknown keys, severities, kinds; unknown codes; ignore entries without a real reason', () => {
    const text = `rules:
  policy-wildcard-alow: off
  policy-no-deny: loud
files:
  "*.audit.jsonl": not-a-kind
colour: blue
ignore:
  - file: a.json
    code: metrics-missing
    reason: "TODO: reason"
  - file: b.json
    code: no-such-code
    reason: legacy
  - file: c.json
    code: metrics-missing
`;
    const findings = validateDocument({ text, path: '.prodgate.yaml' }).findings;
    const summary = findings.map((finding) => `${finding.code} ${at(text, finding)}`);
    assert.ok(summary.includes('config-rule-unknown policy-wildcard-alow'), summary.join('\n'));
    assert.ok(summary.includes('value-not-allowed loud'), summary.join('\n'));
    assert.ok(summary.includes('value-not-allowed not-a-kind'), summary.join('\n'));
    assert.ok(summary.includes('key-unknown colour'), summary.join('\n'));
    assert.ok(summary.includes('suppression-invalid "TODO: reason"'), summary.join('\n'));
    assert.ok(summary.includes('suppression-invalid no-such-code'), summary.join('\n'));
    assert.ok(findings.some((finding) => finding.code === 'key-missing' && /reason/.test(finding.message)), summary.join('\n'));
    assert.match(findings.find((finding) => finding.code === 'config-rule-unknown')!.message, /Did you mean "policy-wildcard-allow"/);
  });

  test('read leniently: wrong shapes are left out, entries without a real reason do not apply', () => {
    const config = readWorkspaceConfig({
      rules: { a: 'off', b: 'loud', constructor: 'error' },
      files: { x: 'agent-policy', y: 3 },
      environment: 'staging',
      bundle: ' ops/prodgate.bundle.yaml ',
      ignore: [{ file: 'a', code: 'c', reason: 'ok' }, { file: 'a', code: 'c', reason: 'TODO' }, { file: 'a', code: 'c' }, 'x'],
    });
    assert.deepEqual(config, {
      rules: { a: 'off', constructor: 'error' },
      files: { x: 'agent-policy' },
      environment: 'staging',
      bundle: 'ops/prodgate.bundle.yaml',
      ignore: [{ file: 'a', code: 'c', reason: 'ok' }],
    });
    assert.deepEqual(readWorkspaceConfig('not an object'), {});
  });

  test('config-path-missing for a bundle or catalog path that does not exist', () => {
    const findings = configPathFindings({ bundle: 'ops/prodgate.bundle.yaml', connectorCatalog: 'catalog.json' }, new Set(['catalog.json']));
    assert.deepEqual(findings.map((finding) => [finding.code, finding.path]), [['config-path-missing', ['bundle']]]);
  });
});

describe('certification and suppressions', () => {
  test('a suppressed failing finding still fails its check, and is listed with its file, line, code and reason', () => {
    const text = `production_certification_version: "0.1"
shadow_mode:
  # prodgate-ignore-next-line shadow-duration-too-short -- pilot agreed with governance
  minimum_duration_days: 3
`;
    const validation = validateDocument({ text, path: 'policy.yaml', kind: 'certification-policy' });
    assert.ok(validation.findings.some((finding) => finding.code === 'shadow-duration-too-short'));
    const inputs = { certification_policy: { file: 'policy.yaml', value: validation.value, findings: validation.findings } };
    const report = certify(inputs);
    const listed = suppressedIssues(inputs, report, () => ({ path: '/w/policy.yaml', text }), () => ({}));
    const final = withSuppressed(report, listed);
    assert.equal(final.checks.find((check) => check.name === 'certification_policy')!.status, 'fail');
    assert.equal(final.deployment_ready, false);
    assert.deepEqual(
      final.suppressed.map((item) => [item.file, item.code, item.reason, item.by]),
      [['policy.yaml', 'shadow-duration-too-short', 'pilot agreed with governance', 'comment']],
    );
    assert.equal(final.suppressed[0]!.line, lineOf(text, validation.findings.find((finding) => finding.code === 'shadow-duration-too-short')!.span.offset));
    assert.equal(final.summary.suppressed, 1);
    assert.deepEqual(
      final.summary,
      { ...report.summary, suppressed: 1 },
      'nothing else in the summary moves',
    );
  });

  test('rules: off and ignore entries are listed too', () => {
    const text = '{"production_certification_version": "0.1", "shadow_mode": {"minimum_duration_days": 3}}';
    const validation = validateDocument({ text, path: 'policy.json', kind: 'certification-policy' });
    const inputs = { certification_policy: { file: 'policy.json', value: validation.value, findings: validation.findings } };
    const report = certify(inputs);
    const byRule = suppressedIssues(inputs, report, () => ({ path: '/w/policy.json', text }), () => ({ rules: { 'shadow-duration-too-short': 'off' } }));
    assert.deepEqual(byRule.map((item) => [item.code, item.by, item.line]), [['shadow-duration-too-short', 'rule', 1]]);
    const byEntry = suppressedIssues(inputs, report, () => ({ path: '/w/policy.json', text }), () => ({
      ignore: [{ file: 'policy.json', code: 'shadow-duration-too-short', reason: 'pilot' }],
    }));
    assert.deepEqual(byEntry.map((item) => [item.code, item.by, item.reason]), [['shadow-duration-too-short', 'ignore', 'pilot']]);
  });
});

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
