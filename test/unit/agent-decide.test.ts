// OpenClaw's permission decision: patterns, precedence, conditional escalation, missing policies.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decideAction, matchesPattern, parseEscalationCondition, patternCovers } from '../../server/src/engine/agents/decide.ts';

const POLICIES: Record<string, unknown> = {
  patterns: {
    agent: 'patterns',
    permissions: { allow: ['read:ticket', 'write:*', '*:report', 'a*b', '*x*', 'get*'] },
  },
  precedence: {
    agent: 'precedence',
    permissions: {
      escalate: ['refund:*'],
      deny: ['refund:small', 'delete:*', 'read:secret'],
      allow: ['refund:small', 'read:*', 'delete:draft', '*'],
    },
  },
  conditions: {
    agent: 'conditions',
    permissions: {
      escalate: [
        { action: 'create:refund', condition: 'amount > 500' },
        { action: 'create:credit', condition: 'amount >= $1,000' },
        { condition: 'risk == 3' },
        { action: 'create:note' },
        { action: 'x:*', condition: 'tier != 2' },
        { action: 'y', condition: 'amount = 5' },
        { action: 'z', condition: 'amount => 5' },
        { action: 'w', condition: 'amount > lots' },
        { action: 'v', condition: 'amount < 500 USD' },
        { action: 'u', condition: 'no comparison here' },
      ],
      allow: ['create:*', 'x:*', 'y', 'z', 'w', 'v', 'u'],
    },
  },
  bare: { agent: 'bare' },
};

type Row = [agent: string, action: string, context: Record<string, unknown> | undefined, decision: string, list?: string, index?: number];

const ROWS: Row[] = [
  // pattern forms
  ['patterns', 'read:ticket', undefined, 'allow', 'allow', 0],
  ['patterns', 'read:tickets', undefined, 'deny'],
  ['patterns', 'READ:ticket', undefined, 'deny'],
  ['patterns', 'write:anything', undefined, 'allow', 'allow', 1],
  ['patterns', 'write:', undefined, 'allow', 'allow', 1],
  ['patterns', 'writer:x', undefined, 'deny'],
  ['patterns', 'daily:report', undefined, 'allow', 'allow', 2],
  ['patterns', ':report', undefined, 'allow', 'allow', 2],
  ['patterns', 'report', undefined, 'deny'],
  ['patterns', 'a*b', undefined, 'allow', 'allow', 3],
  ['patterns', 'axb', undefined, 'deny'],
  ['patterns', '*xyz', undefined, 'allow', 'allow', 4],
  ['patterns', 'xyz', undefined, 'deny'],
  ['patterns', 'getter:x', undefined, 'allow', 'allow', 5],
  // precedence: escalate > deny > allow > default deny
  ['precedence', 'refund:small', undefined, 'escalate', 'escalate', 0],
  ['precedence', 'refund:big', undefined, 'escalate', 'escalate', 0],
  ['precedence', 'delete:draft', undefined, 'deny', 'deny', 1],
  ['precedence', 'read:secret', undefined, 'deny', 'deny', 2],
  ['precedence', 'read:ticket', undefined, 'allow', 'allow', 1],
  ['precedence', 'anything', undefined, 'allow', 'allow', 3],
  // conditional escalation
  ['conditions', 'create:refund', { amount: 501 }, 'escalate', 'escalate', 0],
  ['conditions', 'create:refund', { amount: 500 }, 'allow', 'allow', 0],
  ['conditions', 'create:refund', { amount: '600' }, 'escalate', 'escalate', 0],
  ['conditions', 'create:refund', { amount: '$600' }, 'allow', 'allow', 0],
  ['conditions', 'create:refund', {}, 'allow', 'allow', 0],
  ['conditions', 'create:refund', { amount: null }, 'allow', 'allow', 0],
  ['conditions', 'create:refund', undefined, 'allow', 'allow', 0],
  ['conditions', 'create:credit', { amount: 1000 }, 'escalate', 'escalate', 1],
  ['conditions', 'create:credit', { amount: 999.99 }, 'allow', 'allow', 0],
  ['conditions', 'create:credit', { amount: '1,000' }, 'allow', 'allow', 0],
  ['conditions', 'create:other', { risk: 3 }, 'escalate', 'escalate', 2],
  ['conditions', 'read:anything', { risk: 3 }, 'escalate', 'escalate', 2],
  ['conditions', 'create:other', { risk: '3' }, 'escalate', 'escalate', 2],
  ['conditions', 'create:other', { risk: 4 }, 'allow', 'allow', 0],
  ['conditions', 'read:anything', {}, 'deny'],
  ['conditions', 'create:note', {}, 'allow', 'allow', 0],
  ['conditions', 'create:note', { risk: 3 }, 'escalate', 'escalate', 2],
  ['conditions', 'x:a', { tier: 1 }, 'escalate', 'escalate', 4],
  ['conditions', 'x:a', { tier: 2 }, 'allow', 'allow', 1],
  ['conditions', 'x:a', { tier: '2' }, 'allow', 'allow', 1],
  ['conditions', 'x:a', { tier: null }, 'escalate', 'escalate', 4],
  ['conditions', 'x:a', {}, 'allow', 'allow', 1],
  ['conditions', 'y', { amount: 5 }, 'allow', 'allow', 2],
  ['conditions', 'z', { amount: 5 }, 'allow', 'allow', 3],
  ['conditions', 'w', { amount: 1e9 }, 'allow', 'allow', 4],
  ['conditions', 'v', { amount: 499 }, 'escalate', 'escalate', 8],
  ['conditions', 'v', { amount: 500 }, 'allow', 'allow', 5],
  ['conditions', 'u', { amount: 1 }, 'allow', 'allow', 6],
  // no policy, no permissions
  ['ghost', 'read:ticket', undefined, 'deny'],
  ['bare', 'read:ticket', undefined, 'deny'],
];

describe('decideAction: decision table', () => {
  for (const [agent, action, context, decision, list, index] of ROWS) {
    test(`${agent} ${action} ${JSON.stringify(context ?? null)} → ${decision}${list ? ` by ${list}[${index}]` : ''}`, () => {
      const result = decideAction(POLICIES, agent, action, context);
      assert.equal(result.decision, decision);
      if (list === undefined) {
        assert.equal(result.rule, undefined);
      } else {
        assert.equal(result.rule?.list, list);
        assert.equal(result.rule?.index, index);
      }
    });
  }
});

describe('decideAction: reasons and inputs', () => {
  test('reasons are OpenClaw\'s sentences', () => {
    assert.equal(decideAction(POLICIES, 'ghost', 'x').reason, 'No policy found for agent: ghost');
    assert.equal(decideAction(POLICIES, 'precedence', 'refund:big').reason, 'Action requires human escalation: refund:*');
    assert.equal(decideAction(POLICIES, 'precedence', 'delete:draft').reason, 'Action explicitly denied by policy rule: delete:*');
    assert.equal(decideAction(POLICIES, 'precedence', 'read:ticket').reason, 'Action allowed by policy rule: read:*');
    assert.equal(decideAction(POLICIES, 'patterns', 'nothing').reason, 'Action not explicitly allowed (default deny)');
    assert.equal(
      decideAction(POLICIES, 'conditions', 'create:refund', { amount: 900 }).reason,
      'Action requires human escalation: {"action":"create:refund","condition":"amount > 500"}',
    );
  });

  test('the deciding entry is returned as is', () => {
    const result = decideAction(POLICIES, 'conditions', 'create:refund', { amount: 900 });
    assert.deepEqual(result.rule, { list: 'escalate', index: 0, entry: { action: 'create:refund', condition: 'amount > 500' } });
  });

  test('a Map of policies works like a record; inherited names are not policies', () => {
    const map = new Map(Object.entries(POLICIES));
    assert.equal(decideAction(map, 'precedence', 'read:ticket').decision, 'allow');
    assert.equal(decideAction(map, 'ghost', 'read:ticket').decision, 'deny');
    assert.equal(decideAction(POLICIES, 'constructor', 'read:ticket').reason, 'No policy found for agent: constructor');
  });
});

describe('matchesPattern and patternCovers', () => {
  test('pattern forms', () => {
    assert.ok(matchesPattern('*', ''));
    assert.ok(matchesPattern('read*', 'readonly:x'));
    assert.ok(matchesPattern('*foo*', '*foobar'));
    assert.ok(!matchesPattern('*foo*', 'xfoox'));
    assert.ok(!matchesPattern('a*b', 'aXb'));
  });

  test('coverage', () => {
    assert.ok(patternCovers('*', 'read:*'));
    assert.ok(patternCovers('read:*', 'read:ticket'));
    assert.ok(patternCovers('read:*', 'read:ticket_*'));
    assert.ok(!patternCovers('read:*', '*:ticket'));
    assert.ok(patternCovers('*:ticket', 'read:ticket'));
    assert.ok(patternCovers('*ticket', '*:ticket'));
    assert.ok(!patternCovers('*:ticket', 'read:*'));
    assert.ok(patternCovers('read:ticket', 'read:ticket'));
    assert.ok(!patternCovers('read:ticket', 'read:tickets'));
    assert.ok(!patternCovers('read:*', '*'));
  });
});

describe('parseEscalationCondition', () => {
  test('valid conditions', () => {
    assert.deepEqual(parseEscalationCondition('amount > 500'), { field: 'amount', op: '>', value: 500 });
    assert.deepEqual(parseEscalationCondition('amount >= $1,000'), { field: 'amount', op: '>=', value: 1000 });
    assert.deepEqual(parseEscalationCondition('amount<500 USD'), { field: 'amount', op: '<', value: 500 });
    assert.deepEqual(parseEscalationCondition('when the amount != 2'), { field: 'amount', op: '!=', value: 2 });
  });

  const errors: [string, number, number, RegExp][] = [
    ['just words', 0, 10, /no comparison/],
    ['amount = 500', 7, 1, /unsupported operator "="/],
    ['amount => 5', 7, 2, /unsupported operator "=>"/],
    ['amount===5', 6, 3, /unsupported operator "==="/],
    ['amount > lots', 9, 4, /"lots" is not a number/],
  ];
  for (const [text, offset, length, message] of errors) {
    test(`${JSON.stringify(text)} is an error at ${offset}+${length}`, () => {
      const parsed = parseEscalationCondition(text);
      assert.ok('error' in parsed);
      assert.equal(parsed.error.offset, offset);
      assert.equal(parsed.error.length, length);
      assert.match(parsed.error.message, message);
    });
  }
});
