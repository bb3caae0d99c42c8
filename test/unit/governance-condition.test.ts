// menace's rule-condition language (the `_safe_eval` Python subset): tokenizing, parsing with exact
// error positions, bounds, and evaluation with Python semantics. Expected values are what CPython's
// eval() gives for the same expressions, except where condition.ts documents a difference.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import {
  conditionNames,
  evaluateCondition,
  parseCondition,
  type Condition,
  type ConditionError,
  type PyValue,
} from '../../server/src/engine/governance/condition.ts';

const SOURCE = resolve(__dirname, '../../server/src/engine/governance/condition.ts');

function parsed(text: string): Condition {
  const result = parseCondition(text);
  if ('error' in result) assert.fail(`${JSON.stringify(text)} did not parse: ${result.error.message}`);
  return result.condition;
}

function run(text: string, variables: Record<string, PyValue> = {}): { value: PyValue } | { error: string } {
  return evaluateCondition(parsed(text), variables);
}

function value(text: string, variables: Record<string, PyValue> = {}): PyValue {
  const result = run(text, variables);
  if ('error' in result) assert.fail(`${JSON.stringify(text)} failed: ${result.error}`);
  return result.value;
}

function evaluationError(text: string, variables: Record<string, PyValue> = {}): string {
  const result = run(text, variables);
  if (!('error' in result)) assert.fail(`${JSON.stringify(text)} evaluated to ${JSON.stringify(result.value)}`);
  return result.error;
}

function parseError(text: string): ConditionError {
  const result = parseCondition(text);
  if (!('error' in result)) assert.fail(`${JSON.stringify(text)} parsed but should not have`);
  return result.error;
}

/** Asserts the error's message and the exact text its offset/length point at. */
function assertRejected(text: string, message: string | RegExp, offending: string, offset = text.indexOf(offending)): void {
  const error = parseError(text);
  if (typeof message === 'string') assert.equal(error.message, message, text);
  else assert.match(error.message, message, text);
  assert.equal(error.offset, offset, `offset for ${text}`);
  assert.equal(text.slice(error.offset, error.offset + error.length), offending, `span for ${text}`);
}

describe('literals', () => {
  test('Python number literals', () => {
    assert.equal(value('1_000'), 1000);
    assert.equal(value('1e3'), 1000);
    assert.equal(value('.5'), 0.5);
    assert.equal(value('5.'), 5);
    assert.equal(value('1.5e-3'), 0.0015);
    assert.equal(value('1_0.2_5'), 10.25);
    assert.equal(value('0x1F'), 31);
    assert.equal(value('0o17'), 15);
    assert.equal(value('0b101'), 5);
    assert.equal(value('000'), 0);
  });

  test('strings with Python escapes, prefixes and implicit concatenation', () => {
    assert.equal(value(String.raw`'a\nb'`), 'a\nb');
    assert.equal(value(String.raw`"it\'s \"q\""`), 'it\'s "q"');
    assert.equal(value(String.raw`'\x41\u00e9\U0001F600\101\t\\'`), 'A\u00e9\u{1F600}A\t\\');
    assert.equal(value(String.raw`'\d'`), '\\d', 'unknown escapes stay literal');
    assert.equal(value(String.raw`r'\n'`), '\\n');
    assert.equal(value(`u'x'`), 'x');
    assert.equal(value(`'a' "b"`), 'ab');
    assert.equal(value(`'''multi\nline'''`), 'multi\nline');
    assert.equal(value(`"caf\u00e9"`), 'caf\u00e9');
  });

  test('True, False and None', () => {
    assert.equal(value('True'), true);
    assert.equal(value('False'), false);
    assert.equal(value('None'), null);
  });

  test('comments, continuation lines and line breaks inside parentheses', () => {
    assert.equal(value('1 + 1  # two'), 2);
    assert.equal(value('(1 +\n 1)'), 2);
    assert.equal(value('1 + \\\n1'), 2);
    assert.equal(value('  1\n'), 1);
  });
});

describe('operators', () => {
  test('arithmetic', () => {
    assert.equal(value('7 + 2'), 9);
    assert.equal(value('7 - 2'), 5);
    assert.equal(value('7 * 2'), 14);
    assert.equal(value('7 / 2'), 3.5);
    assert.equal(value('7 // 2'), 3);
    assert.equal(value('7 % 2'), 1);
    assert.equal(value('2 ** 10'), 1024);
    assert.equal(value('2 ** -1'), 0.5);
    assert.equal(value('+3'), 3);
    assert.equal(value('-3'), -3);
    assert.equal(value('--3'), 3);
  });

  test('floor division and modulo follow Python for negatives and floats', () => {
    assert.equal(value('-7 // 2'), -4);
    assert.equal(value('7 // -2'), -4);
    assert.equal(value('-7 % 2'), 1);
    assert.equal(value('7 % -2'), -1);
    assert.equal(value('-7.5 % 2'), 0.5);
    assert.equal(value('1 // 0.1'), 9);
    assert.equal(value('1 % 0.1'), 0.09999999999999995);
  });

  test('bools are ints in arithmetic', () => {
    assert.equal(value('True + True'), 2);
    assert.equal(value('True * 3'), 3);
    assert.equal(value('-True'), -1);
    assert.equal(value('+False'), 0);
    assert.equal(value('True / 2'), 0.5);
  });

  test('strings: concatenation and repetition', () => {
    assert.equal(value(`'ab' + 'cd'`), 'abcd');
    assert.equal(value(`'ab' * 3`), 'ababab');
    assert.equal(value(`2 * 'ab'`), 'abab');
    assert.equal(value(`'ab' * -1`), '');
    assert.equal(value(`'ab' * True`), 'ab');
  });

  test('comparisons', () => {
    assert.equal(value('1 == 1.0'), true);
    assert.equal(value('1 != 2'), true);
    assert.equal(value('1 < 2'), true);
    assert.equal(value('2 <= 2'), true);
    assert.equal(value('1 > 2'), false);
    assert.equal(value('2 >= 3'), false);
    assert.equal(value('True == 1'), true);
    assert.equal(value('True > 0.5'), true);
    assert.equal(value(`'abc' < 'abd'`), true);
    assert.equal(value(`'b' > 'abc'`), true);
    assert.equal(value(`'\uffff' < '\u{1F600}'`), true, 'strings compare by code point');
    assert.equal(value(`'a' == 'a'`), true);
    assert.equal(value(`'1' == 1`), false);
  });

  test('is and is not', () => {
    assert.equal(value('None is None'), true);
    assert.equal(value('x is None', { x: null }), true);
    assert.equal(value('x is not None', { x: 0 }), true);
    assert.equal(value('True is True'), true);
    assert.equal(value('True is 1'), false);
    assert.equal(value('0 is False'), false);
    assert.equal(value('1 is not 2'), true);
  });

  test('in and not in on strings', () => {
    assert.equal(value(`'ail' in status`, { status: 'failed' }), true);
    assert.equal(value(`'' in 'abc'`), true);
    assert.equal(value(`'x' not in 'abc'`), true);
    assert.equal(value(`'a' not in 'abc'`), false);
    assert.equal(evaluationError(`1 in 'abc'`), "'in <string>' requires string as left operand, not int");
    assert.equal(evaluationError(`'a' in 5`), "argument of type 'int' is not iterable");
    assert.equal(evaluationError(`'a' in None`), "argument of type 'NoneType' is not iterable");
  });

  test('and / or return the deciding operand and short-circuit', () => {
    assert.equal(value('0 or 5'), 5);
    assert.equal(value(`'' or 'x'`), 'x');
    assert.equal(value('3 and 0'), 0);
    assert.equal(value('3 and 4'), 4);
    assert.equal(value('None and missing'), null);
    assert.equal(value('1 or missing'), 1);
    assert.equal(value('0 or None or 0.0'), 0);
    assert.equal(value('0 and 1 or 2'), 2);
  });

  test('not and Python truthiness', () => {
    for (const falsy of ['0', '0.0', "''", 'None', 'False']) assert.equal(value(`not ${falsy}`), true, falsy);
    for (const truthy of ['1', '-0.5', "'0'", 'True', "' '"]) assert.equal(value(`not ${truthy}`), false, truthy);
    assert.equal(value('not not 3'), true);
  });
});

describe('precedence and associativity', () => {
  const cases: [string, PyValue][] = [
    ['-2 ** 2', -4],
    ['(-2) ** 2', 4],
    ['2 ** 3 ** 2', 512],
    ['2 ** -1 ** 2', 0.5],
    ['-2 ** -2', -0.25],
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['100 / 10 / 5', 2],
    ['2 * 3 % 4', 2],
    ['7 // 2 * 2', 6],
    ['1 + 2 < 4', true],
    ['not 1 == 2', true],
    ['not 1 and 0', false],
    ['True or False and False', true],
    ['(True or False) and False', false],
    ['1 < 2 == True', false],
  ];
  for (const [text, expected] of cases) {
    test(text, () => assert.equal(value(text), expected));
  }

  test('the tree reflects precedence', () => {
    const tree = parsed('-2 ** 2');
    assert.equal(tree.kind, 'unary');
    assert.equal(tree.kind === 'unary' && tree.operand.kind, 'binary');
  });
});

describe('chained comparisons', () => {
  test('evaluate pairwise, like Python', () => {
    assert.equal(value('0 < x <= 1', { x: 1 }), true);
    assert.equal(value('0 < x <= 1', { x: 0 }), false);
    assert.equal(value('1 < 3 > 2'), true);
    assert.equal(value('1 == 1 == 1.0'), true);
    assert.equal(value('3 > 2 > 1 > 0'), true);
    assert.equal(value('a is not None is not b', { a: 1, b: 2 }), true);
  });

  test('stop at the first false link, so later operands are never evaluated', () => {
    assert.equal(value('1 > 2 < missing'), false);
    assert.equal(value('1 > 2 < None'), false, 'no TypeError because 2 < None is never compared');
  });
});

describe('None semantics', () => {
  test('ordering None against a number is an error', () => {
    assert.equal(evaluationError('x < 0.5', { x: null }), "'<' not supported between instances of 'NoneType' and 'float'");
    assert.equal(evaluationError('1 >= None'), "'>=' not supported between instances of 'int' and 'NoneType'");
    assert.equal(evaluationError(`'a' < 1`), "'<' not supported between instances of 'str' and 'int'");
  });

  test('equality with None is simply False', () => {
    assert.equal(value('None == 1'), false);
    assert.equal(value('None != 0'), true);
    assert.equal(value('None == False'), false);
    assert.equal(value(`None == ''`), false);
  });

  test('arithmetic with None is an error', () => {
    assert.equal(evaluationError('None + 1'), "unsupported operand type(s) for +: 'NoneType' and 'int'");
    assert.equal(evaluationError('-None'), "bad operand type for unary -: 'NoneType'");
  });
});

describe('evaluation errors', () => {
  test('division by zero', () => {
    assert.equal(evaluationError('1 / 0'), 'division by zero');
    assert.equal(evaluationError('1 // 0.0'), 'division by zero');
    assert.equal(evaluationError('1 % False'), 'modulo by zero');
    assert.equal(evaluationError('0 ** -1'), '0.0 cannot be raised to a negative power');
  });

  test('powers that have no real result or overflow', () => {
    assert.equal(evaluationError('(-8) ** 0.5'), 'negative number cannot be raised to a fractional power');
    assert.equal(value('(-8) ** 2'), 64);
    assert.equal(evaluationError('10.0 ** 400'), 'Numerical result out of range');
  });

  test('type errors', () => {
    assert.equal(evaluationError(`'a' + 1`), 'can only concatenate str (not "int") to str');
    assert.equal(evaluationError(`1 + 'a'`), "unsupported operand type(s) for +: 'int' and 'str'");
    assert.equal(evaluationError(`'a' * 1.5`), "can't multiply sequence by non-int of type 'float'");
    assert.equal(evaluationError(`'a' * 'b'`), "can't multiply sequence by non-int of type 'str'");
    assert.equal(evaluationError(`'a' - 'b'`), "unsupported operand type(s) for -: 'str' and 'str'");
    assert.equal(evaluationError(`-'a'`), "bad operand type for unary -: 'str'");
    assert.match(evaluationError(`'%s' % 1`), /not supported/);
  });

  test('unknown names, including Object.prototype members', () => {
    assert.equal(evaluationError('x > 1'), "name 'x' is not defined");
    assert.equal(evaluationError('constructor'), "name 'constructor' is not defined");
    assert.equal(evaluationError('__proto__'), "name '__proto__' is not defined");
    assert.equal(evaluationError('toString'), "name 'toString' is not defined");
  });

  test('variables holding non-Python values are refused', () => {
    const variables = { x: { valueOf: () => 1 } } as unknown as Record<string, PyValue>;
    assert.match(evaluationError('x', variables), /does not hold/);
  });

  test('string results are bounded', () => {
    assert.match(evaluationError(`'a' * 10 ** 9`), /too long/);
    assert.match(evaluationError(`'a' * 999999 + 'bb'`), /too long/);
  });
});

describe('the spec sample conditions', () => {
  const thresholds = {
    raroi_threshold: 1,
    confidence_threshold: 0.6,
    scenario_score_min: 0.5,
    sandbox_roi_low: 0.1,
    adapter_roi_high: 0.9,
  };

  test('raroi is None or raroi < raroi_threshold', () => {
    const text = 'raroi is None or raroi < raroi_threshold';
    assert.equal(value(text, { ...thresholds, raroi: null }), true);
    assert.equal(value(text, { ...thresholds, raroi: 0.5 }), true);
    assert.equal(value(text, { ...thresholds, raroi: 1.5 }), false);
  });

  test('confidence is None or confidence < confidence_threshold', () => {
    const text = 'confidence is None or confidence < confidence_threshold';
    assert.equal(value(text, { ...thresholds, confidence: null }), true);
    assert.equal(value(text, { ...thresholds, confidence: 0.7 }), false);
  });

  test('min_scenario is not None and min_scenario < scenario_score_min', () => {
    const text = 'min_scenario is not None and min_scenario < scenario_score_min';
    assert.equal(value(text, { ...thresholds, min_scenario: null }), false);
    assert.equal(value(text, { ...thresholds, min_scenario: 0.4 }), true);
    assert.equal(value(text, { ...thresholds, min_scenario: 0.5 }), false);
  });

  test('True', () => assert.equal(value('True', thresholds), true));

  test('sandbox_roi < sandbox_roi_low and adapter_roi > adapter_roi_high', () => {
    const text = 'sandbox_roi < sandbox_roi_low and adapter_roi > adapter_roi_high';
    assert.equal(value(text, { ...thresholds, sandbox_roi: 0.05, adapter_roi: 0.95 }), true);
    assert.equal(value(text, { ...thresholds, sandbox_roi: 0.2, adapter_roi: null }), false, 'short-circuits');
    assert.match(evaluationError(text, { ...thresholds, sandbox_roi: null, adapter_roi: 0.95 }), /NoneType/);
  });

  test('raroi > 2.0 and confidence > 0.9 and min_scenario >= 0.5', () => {
    const text = 'raroi > 2.0 and confidence > 0.9 and min_scenario >= 0.5';
    assert.equal(value(text, { raroi: 2.5, confidence: 0.95, min_scenario: 0.5 }), true);
    assert.equal(value(text, { raroi: 2.5, confidence: 0.5, min_scenario: null }), false);
    assert.deepEqual(conditionNames(parsed(text)), ['raroi', 'confidence', 'min_scenario']);
  });
});

describe('rejected constructs point at the offending token', () => {
  test('calls, including injection attempts', () => {
    assertRejected("__import__('os')", 'Calls are not allowed in conditions', '(');
    assertRejected('len(x) > 1', 'Calls are not allowed in conditions', '(');
    assertRejected("x and eval('1')", 'Calls are not allowed in conditions', '(');
    assertRejected('(a)(b)', 'Calls are not allowed in conditions', '(', 3);
  });

  test('attribute access', () => {
    assertRejected('x.__class__', 'Attribute access is not allowed in conditions', '.');
    assertRejected("'a'.upper", 'Attribute access is not allowed in conditions', '.');
    assertRejected('x.y.z', 'Attribute access is not allowed in conditions', '.', 1);
    assertRejected('1 .real', 'Attribute access is not allowed in conditions', '.');
  });

  test('subscripts, lists, tuples, dicts and sets', () => {
    assertRejected('x[0]', 'Subscripts are not allowed in conditions', '[');
    assertRejected('x in [1, 2]', 'Lists are not allowed in conditions', '[');
    assertRejected("{'a': 1}", 'Dicts and sets are not allowed in conditions', '{');
    assertRejected('(1, 2)', 'Tuples are not allowed in conditions', ',');
    assertRejected('1, 2', 'Tuples are not allowed in conditions', ',');
    assertRejected('x == ()', 'Tuples are not allowed in conditions', '()');
  });

  test('lambdas, conditional expressions, comprehensions, walrus, keywords', () => {
    assertRejected('lambda: 1', 'Lambdas are not allowed in conditions', 'lambda');
    assertRejected('a if b else c', 'Conditional expressions (x if c else y) are not allowed in conditions', 'if');
    assertRejected('(a if b else c)', /Conditional expressions/, 'if');
    assertRejected('(x for x in y)', 'Comprehensions are not allowed in conditions', 'for');
    assertRejected('(x := 1)', 'Assignment expressions (:=) are not allowed in conditions', ':=');
    assertRejected('x = 1', "Assignment is not allowed in conditions; use '==' to compare", '=');
    assertRejected('x += 1', "Augmented assignment ('+=') is not allowed in conditions", '+=');
    assertRejected('import os', "'import' is a Python keyword and is not allowed in conditions", 'import');
    assertRejected('yield x', "'yield' is a Python keyword and is not allowed in conditions", 'yield');
    assertRejected('x; y', 'Only a single expression is allowed in a condition', ';');
  });

  test('f-strings, bytes and backticks', () => {
    assertRejected("x == f'{x.__class__}'", 'f-strings are not allowed in conditions', "f'{x.__class__}'");
    assertRejected("rb'x'", 'Bytes literals are not supported in conditions', "rb'x'");
    assertRejected('`x`', 'Backticks are not allowed in conditions', '`');
    assertRejected('a == `id`', 'Backticks are not allowed in conditions', '`');
  });

  test('JavaScript operators', () => {
    assertRejected('a && b', "'&&' is not a Python operator; use 'and'", '&&');
    assertRejected('a || b', "'||' is not a Python operator; use 'or'", '||');
    assertRejected('a === b', "'===' is not a Python operator; use '=='", '===');
    assertRejected('a !== b', "'!==' is not a Python operator; use '!='", '!==');
    assertRejected('!a', "'!' is not a Python operator; use 'not'", '!');
    assertRejected('a <> b', "'<>' is not a Python 3 operator; use '!='", '<>');
  });

  test('bitwise and other operators outside the whitelist', () => {
    assertRejected('a & b', "Bitwise operators ('&') are not allowed in conditions", '&');
    assertRejected('a | b', "Bitwise operators ('|') are not allowed in conditions", '|');
    assertRejected('a ^ b', "Bitwise operators ('^') are not allowed in conditions", '^');
    assertRejected('~a', "Bitwise operators ('~') are not allowed in conditions", '~');
    assertRejected('a << 2', "Bitwise operators ('<<') are not allowed in conditions", '<<');
    assertRejected('a >> 2', "Bitwise operators ('>>') are not allowed in conditions", '>>');
    assertRejected('a @ b', "The matrix multiplication operator ('@') is not allowed in conditions", '@');
  });

  test('malformed literals and characters', () => {
    assertRejected("'abc", 'Unterminated string literal', "'abc");
    assertRejected("x == 'a\nb'", 'Unterminated string literal', "'a");
    assertRejected("'\\x4'", 'Invalid \\x escape: expected 2 hexadecimal digits', "\\x4'");
    assertRejected("'\\N{DASH}'", '\\N{...} escapes are not supported in conditions', '\\N');
    assertRejected('x > 012', /Leading zeros/, '012');
    assertRejected('1j', 'Complex numbers are not supported in conditions', '1j');
    assertRejected('1_', 'Invalid number literal', '1_');
    assertRejected('1abc', 'Invalid number literal', '1abc');
    assertRejected('1.__class__', 'Invalid number literal', '1.__class__');
    assertRejected('x $ y', "Unexpected character '$'", '$');
    assertRejected('x\u00a0> 1', 'Unexpected character U+00A0', '\u00a0');
    assertRejected('\\x', "Unexpected character '\\'", '\\');
  });

  test('structural errors', () => {
    assert.deepEqual(parseError(''), { message: 'The condition is empty', offset: 0, length: 0 });
    assert.deepEqual(parseError('   # only a comment'), { message: 'The condition is empty', offset: 0, length: 0 });
    assertRejected('a b', "Unexpected 'b' after a complete expression; expected an operator", 'b');
    assertRejected('a not b', "Unexpected 'not' after a complete expression; expected an operator", 'not');
    assertRejected('(a', "'(' was never closed", '(');
    assertRejected('a)', "Unmatched ')'", ')');
    assertRejected('(a]', "Closing ']' does not match '('", ']');
    assertRejected('a and', 'The condition ends where a value was expected', '', 5);
    assertRejected('a == not b', "Expected a value but found 'not'", 'not');
    assertRejected('a + * b', "Unpacking ('*') is not allowed in conditions", '*');
    assertRejected('a\nand b', 'Line breaks are only allowed inside parentheses (or after a backslash)', '\n');
  });

  test('the leftmost problem is the one reported', () => {
    assertRejected('f(x) && y', 'Calls are not allowed in conditions', '(');
    assertRejected('a && f(x)', "'&&' is not a Python operator; use 'and'", '&&');
  });
});

describe('bounds', () => {
  test('64 levels of nesting parse, 65 do not', () => {
    assert.equal(value('('.repeat(64) + '1' + ')'.repeat(64)), 1);
    const error = parseError('('.repeat(65) + '1' + ')'.repeat(65));
    assert.equal(error.message, 'The condition is nested too deeply (more than 64 levels)');
    assert.equal(error.offset, 64);
    assert.equal(error.length, 1);
  });

  test('deep unary and not chains are bounded too', () => {
    assert.match(parseError('-'.repeat(2000) + '1').message, /nested too deeply/);
    assert.match(parseError('not '.repeat(1000) + 'x').message, /nested too deeply/);
    assert.match(parseError('2' + ' ** 2'.repeat(500)).message, /nested too deeply/);
  });

  test('a 10,000-deep parenthesised expression is rejected quickly without throwing', () => {
    const started = performance.now();
    const error = parseError('('.repeat(10_000) + 'x' + ')'.repeat(10_000));
    assert.match(error.message, /longer than 4096 characters/);
    assert.equal(error.offset, 4096);
    // Within the length limit the nesting limit applies instead.
    assert.match(parseError('('.repeat(2000) + 'x' + ')'.repeat(2000)).message, /nested too deeply/);
    assert.ok(performance.now() - started < 1000);
  });

  test('a 100 KB expression is rejected quickly without throwing', () => {
    const text = 'x + '.repeat(25_000) + 'x';
    const started = performance.now();
    const error = parseError(text);
    assert.equal(error.message, 'The condition is longer than 4096 characters');
    assert.equal(error.offset, 4096);
    assert.equal(error.length, text.length - 4096);
    assert.ok(performance.now() - started < 1000);
  });

  test('a long flat expression at the limit parses and evaluates', () => {
    const text = '1' + ' + 1'.repeat(1023);
    assert.ok(text.length <= 4096);
    assert.equal(value(text), 1024);
    assert.equal(parseError(text + ' + 1').message, 'The condition is longer than 4096 characters');
  });
});

describe('conditionNames', () => {
  test('lists the names read, in first-use order, without duplicates or constants', () => {
    assert.deepEqual(conditionNames(parsed('b < a or a is None and not c')), ['b', 'a', 'c']);
    assert.deepEqual(conditionNames(parsed('0 < x <= y + -z ** w')), ['x', 'y', 'z', 'w']);
    assert.deepEqual(conditionNames(parsed('True and None is None')), []);
  });
});

describe('no JavaScript evaluation', () => {
  test('condition.ts never uses eval, Function or vm', () => {
    const source = readFileSync(SOURCE, 'utf8');
    for (const forbidden of ['eval(', 'new Function', 'Function(', 'node:vm', "require('vm')", 'require("vm")']) {
      assert.ok(!source.includes(forbidden), `condition.ts contains ${forbidden}`);
    }
  });

  test('injection attempts are rejected before evaluation', () => {
    for (const attempt of ["__import__('os').system('ls')", 'x.__class__', '`ls`', 'a && b', "constructor('return 1')"]) {
      assert.ok('error' in parseCondition(attempt), attempt);
    }
    assert.equal(evaluationError('constructor', {}), "name 'constructor' is not defined");
  });
});
