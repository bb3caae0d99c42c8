// OpenClaw agent permission policies.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { validateDocument } from '../../server/src/engine/validate.ts';
import { assertNoPollution, assertNotDetected, defineOwn, fixtureText, kindChecks, tuples, type Json } from '../support/kind-tests.ts';

// ------------------------------------------------------------------ kind

const KIND = 'agent-policy';
const DEFAULT_PATH = 'policies/dispatch-assist.json';
const MODELINE = '# yaml-language-server: $schema=../schemas/agent-policy.schema.json';
const base = (): Json => JSON.parse(fixtureText('agent-policy.json'));
const { check, checkYaml, fixtureTests } = kindChecks(KIND, DEFAULT_PATH);
const withAllow = (...allow: unknown[]): Json => {
  const policy = base();
  policy.permissions.allow = allow;
  return policy;
};

describe('agent policy: valid fixtures and detection', () => {
  fixtureTests('agent-policy', 'policies');

  test('a yaml-language-server modeline naming agent-policy.schema.json sets the kind', () => {
    const text = `${MODELINE}\nagent: dispatch-assist\nmetadata:\n  owner: fleet-ops-ai\n`;
    const result = validateDocument({ text, path: 'policies/dispatch-assist.yaml' });
    assert.equal(result.kind, KIND);
    assert.equal(result.kindSource, 'schema');
    assert.deepEqual(result.findings, []);
  });

  test('with the modeline, a policy without "agent" is key-missing on the first key', () => {
    const text = `${MODELINE}\nmetadata:\n  owner: fleet-ops-ai\npermissions:\n  allow:\n    - read:shipment\n`;
    const result = validateDocument({ text, path: 'policies/dispatch-assist.yaml' });
    assert.equal(result.kind, KIND);
    assert.deepEqual(tuples(text, result), [['key-missing', 'error', '$.agent', 'metadata']]);
  });

  test('a modeline after the first 4 KiB is not read', () => {
    const text = `${'# padding\n'.repeat(500)}${MODELINE}\nagent: dispatch-assist\n`;
    assert.equal(validateDocument({ text, path: 'policies/dispatch-assist.yaml' }).kind, undefined);
  });

  test('look-alikes are not detected as any kind', () => {
    assertNotDetected({ agent: 'dispatch-assist' });
    assertNotDetected({ agent: 42, permissions: { allow: ['read:shipment'] } });
    assertNotDetected({ agent: 'dispatch-assist', permissions: ['read:shipment'] });
    assertNotDetected(
      {
        name: '@harborlight/dispatch-assist',
        version: '2.4.1',
        description: 'Dispatch Assist agent',
        main: 'dist/index.js',
        scripts: { test: 'node --test' },
        dependencies: { yaml: '^2.9.1' },
        engines: { node: '>=20' },
      },
      'package.json',
    );
  });
});

describe('agent policy: policy-wildcard-allow', () => {
  for (const pattern of ['*', '*:*']) {
    test(`allow ${JSON.stringify(pattern)} is an error`, () => {
      const { result } = check(withAllow('read:shipment', pattern), [['policy-wildcard-allow', 'error', ['permissions', 'allow', 1]]]);
      assert.equal(result.findings[0].message, `Allow entry "${pattern}" grants every action: list the actions this agent needs.`);
    });
  }

  const warnings: [string, string][] = [
    ['read:*', 'every "read" action on any resource'],
    ['*:tickets', 'every action on "tickets"'],
    ['read*', 'every action starting with "read"'],
    ['*_export', 'every action ending with "_export"'],
    ['update:shipment_*', 'every action starting with "update:shipment_"'],
    ['*:shipment_route', 'every action on "shipment_route"'],
  ];
  for (const [pattern, breadth] of warnings) {
    test(`allow ${JSON.stringify(pattern)} is a warning`, () => {
      const { result } = check(withAllow(pattern, 'read:shipment'), [['policy-wildcard-allow', 'warning', ['permissions', 'allow', 0]]]);
      assert.equal(result.findings[0].message, `Allow entry "${pattern}" grants ${breadth}: list the concrete actions, or deny the dangerous ones.`);
    });
  }

  for (const pattern of ['read:ticket', 'refund_requests', 'create:refund_request_draft', 'a*:b']) {
    test(`allow ${JSON.stringify(pattern)} is concrete: no finding`, () => {
      check(withAllow(pattern), []);
    });
  }

  test(
    'allow "read:*:x" is concrete (a * in the middle is literal): no finding',
    () => {
      check(withAllow('read:*:x'), []);
    },
  );

  test('each wildcard entry is reported on its own item, with its own severity', () => {
    check(withAllow('read:ticket', '*', 'update:*', 'create:ticket_comment', '*:*'), [
      ['policy-wildcard-allow', 'error', ['permissions', 'allow', 1]],
      ['policy-wildcard-allow', 'warning', ['permissions', 'allow', 2]],
      ['policy-wildcard-allow', 'error', ['permissions', 'allow', 4]],
    ]);
  });

  // A catch-all deny or escalate makes every allow entry dead; those are other codes.
  const wildcardAllowFindings = (policy: Json) =>
    validateDocument({ text: JSON.stringify(policy), path: DEFAULT_PATH }).findings.filter((finding) => finding.code === 'policy-wildcard-allow');

  test('wildcards in deny never trigger it', () => {
    const policy = base();
    policy.permissions.deny = ['*', '*:*', 'delete:*', '*:payment_info', 'export*', '*_secrets'];
    assert.deepEqual(wildcardAllowFindings(policy), []);
  });

  test('wildcards in escalate never trigger it, as strings or as actions of conditions', () => {
    const policy = base();
    policy.permissions.escalate = ['*', 'refund:*', { action: '*', condition: 'amount > 500' }, { action: '*:*' }, { condition: 'amount > 2000' }];
    assert.deepEqual(wildcardAllowFindings(policy), []);
  });

  test('a policy with only deny and escalate has no finding', () => {
    const policy = base();
    delete policy.permissions.allow;
    check(policy, []);
  });

  test('a non-string allow entry is a type-mismatch, not a wildcard', () => {
    check(withAllow({ action: '*' }, 7), [
      ['type-mismatch', 'error', ['permissions', 'allow', 0]],
      ['type-mismatch', 'error', ['permissions', 'allow', 1]],
    ]);
  });

  test('an empty allow entry breaks the schema', () => {
    check(withAllow(''), [['schema-violation', 'error', ['permissions', 'allow', 0]]]);
  });

  test('allow as a string is a type-mismatch only, even "*"', () => {
    const policy = base();
    policy.permissions.allow = '*';
    check(policy, [['type-mismatch', 'error', ['permissions', 'allow']]]);
  });
});

describe('agent policy: schema', () => {
  test('an empty agent id breaks the schema', () => {
    const policy = base();
    policy.agent = '';
    check(policy, [['schema-violation', 'error', ['agent']]]);
  });

  test('a number as an escalate entry is a type-mismatch', () => {
    const policy = base();
    policy.permissions.escalate.push(500);
    check(policy, [['type-mismatch', 'error', ['permissions', 'escalate', 3]]]);
  });

  test('an escalate mapping with a non-string condition is a type-mismatch', () => {
    const policy = base();
    policy.permissions.escalate[2].condition = 2000;
    check(policy, [['type-mismatch', 'error', ['permissions', 'escalate', 2, 'condition']]]);
  });

  test('a negative audit retention breaks the schema; a string is a type-mismatch', () => {
    const policy = base();
    policy.audit.retention = -1;
    check(policy, [['schema-violation', 'error', ['audit', 'retention']]]);
    policy.audit.retention = '7 years';
    check(policy, [['type-mismatch', 'error', ['audit', 'retention']]]);
  });

  test('rate limits are non-negative integers', () => {
    const policy = base();
    policy.rate_limits.actions_per_minute = -5;
    policy.rate_limits.escalations_per_hour = 0.5;
    check(policy, [
      ['schema-violation', 'error', ['rate_limits', 'actions_per_minute']],
      ['type-mismatch', 'error', ['rate_limits', 'escalations_per_hour']],
    ]);
  });

  test('trust scores stay within 0–100', () => {
    const policy = base();
    policy.trust.minimum_score = 101;
    policy.trust.recovery_threshold = -1;
    check(policy, [
      ['schema-violation', 'error', ['trust', 'minimum_score']],
      ['schema-violation', 'error', ['trust', 'recovery_threshold']],
    ]);
  });

  test('the metadata version must be a string (quote it in YAML)', () => {
    const text = fixtureText('agent-policy.yaml').replace('version: "2.4"', 'version: 2.4');
    const result = validateDocument({ text, path: 'policies/dispatch-assist.yaml' });
    assert.equal(result.kind, KIND);
    assert.deepEqual(tuples(text, result), [['type-mismatch', 'error', '$.metadata.version', '2.4']]);
  });
});

describe('agent policy: YAML and hostile keys', () => {
  test('YAML findings point at the YAML text', () => {
    const policy = withAllow('read:shipment', '*', 'read:*');
    checkYaml(policy, 'policies/dispatch-assist.yaml', [
      ['policy-wildcard-allow', 'error', '$.permissions.allow[1]', '"*"'],
      ['policy-wildcard-allow', 'warning', '$.permissions.allow[2]', 'read:*'],
    ]);
  });

  test('an allow list under a __proto__ key is data, not the permissions\' allow list', () => {
    const policy = base();
    defineOwn(policy.permissions, '__proto__', { allow: ['*'], polluted: true });
    defineOwn(policy, 'constructor', { prototype: { polluted: true } });
    check(policy, []);
    assertNoPollution();
  });

  test('a __proto__ rate limit is an ordinary counter name', () => {
    const policy = base();
    defineOwn(policy.rate_limits, '__proto__', 'many');
    defineOwn(policy.rate_limits, 'constructor', 10);
    defineOwn(policy.rate_limits, 'hasOwnProperty', 5);
    check(policy, [['type-mismatch', 'error', ['rate_limits', '__proto__']]]);
    assertNoPollution();
  });
});
