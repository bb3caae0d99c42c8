// Signed overrides: Python-compatible canonical JSON and HMAC-SHA256 verification (menace format).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { canonicalJson, canonicalJsonFromText, signOverride, verifyOverride } from '../../server/src/engine/governance/override.ts';

const root = join(__dirname, '..', '..');
const exampleText = readFileSync(join(root, 'examples/governance/overrides/support-triage.override.json'), 'utf8');
const exampleKey = readFileSync(join(root, 'examples/governance/keys/override.key'));

const VECTOR_1 = 'dcec82d218fadce56ca5cc4234396b6b87636a029fa43b2cefbc7ba7fd037dfb';
const VECTOR_2 = 'dcdb2bf39c5471c82c9db4d54d64abbe9212b2f893b7cc7951e2e86b2f167c3c';
const VECTOR_2_DATA = '{"verdict":"promote","bypass_micro_pilot":true,"note":"é","x":1.0}';

describe('canonicalJson (Python json.dumps, sort_keys, compact separators, ensure_ascii)', () => {
  test('sorts keys recursively, no whitespace', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, 2], c: null } }), '{"a":{"c":null,"d":[1,2]},"b":1}');
  });

  test('sorts keys by code point, not UTF-16 code unit', () => {
    // U+1F600 (surrogates D83D DE00) sorts after U+FFFF in Python, before it in a plain JS sort.
    assert.equal(canonicalJson({ '\u{1F600}': 1, '\uFFFF': 2 }), '{"\\uffff":2,"\\ud83d\\ude00":1}');
  });

  test('ensure_ascii escapes: short escapes, \\u00XX controls, DEL, non-ASCII and surrogate pairs', () => {
    assert.equal(canonicalJson('a"b\\c\n\r\t\b\f\u0001\u007f/é\u{1F600}'), '"a\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u007f/\\u00e9\\ud83d\\ude00"');
  });

  test('numbers: integral JS numbers print as Python ints, others as Python float repr', () => {
    assert.equal(canonicalJson([1, -3, 0, 0.5, 0.1, 1e-5, 0.0001, -2.5e-7, 1234567890123456.5, 0.30000000000000004]), '[1,-3,0,0.5,0.1,1e-05,0.0001,-2.5e-07,1234567890123456.5,0.30000000000000004]');
    assert.equal(canonicalJson(1e20), '100000000000000000000');
    assert.equal(canonicalJson([NaN, Infinity, -Infinity]), '[NaN,Infinity,-Infinity]');
  });

  test('raw text keeps Python int/float typing of each literal', () => {
    assert.equal(canonicalJsonFromText('[1.0, 1, -0.0, -0, 1e16, 1.5E16, 2e-5, 1e400, 10.50]'), '[1.0,1,-0.0,0,1e+16,1.5e+16,2e-05,Infinity,10.5]');
    assert.equal(canonicalJsonFromText(VECTOR_2_DATA), '{"bypass_micro_pilot":true,"note":"\\u00e9","verdict":"promote","x":1.0}');
    assert.equal(canonicalJsonFromText('{"a":1,"a":2}'), '{"a":2}');
    assert.throws(() => canonicalJsonFromText('{"a":1,}'), SyntaxError);
    assert.throws(() => canonicalJsonFromText('01'), SyntaxError);
  });
});

describe('verifyOverride', () => {
  test('notes test vector 1: {"verdict":"promote"} under "secret"', () => {
    assert.equal(signOverride({ verdict: 'promote' }, 'secret'), VECTOR_1);
    assert.deepEqual(verifyOverride({ data: { verdict: 'promote' }, signature: VECTOR_1 }, 'secret'), { valid: true, data: { verdict: 'promote' } });
  });

  test('notes test vector 2 needs the raw text for the float 1.0', () => {
    const file = `{"data": ${VECTOR_2_DATA}, "signature": "${VECTOR_2}"}`;
    assert.deepEqual(verifyOverride(file, 'secret'), { valid: true, data: { verdict: 'promote', bypass_micro_pilot: true, note: 'é', x: 1 } });
    // From a parsed value, 1.0 is indistinguishable from 1 and prints as an int: the signature fails.
    const parsed = verifyOverride(JSON.parse(file), 'secret');
    assert.equal(parsed.valid, false);
  });

  test('the example override verifies with its key file (bytes, trailing newline stripped)', () => {
    const result = verifyOverride(JSON.parse(exampleText), exampleKey);
    assert.equal(result.valid, true);
    assert.equal(result.valid && result.data.verdict, 'pilot');
    assert.equal(verifyOverride(exampleText, exampleKey).valid, true);
    assert.equal(verifyOverride(JSON.parse(exampleText), '  northwind-demo-key\n').valid, true);
  });

  test('tampered data is rejected', () => {
    const file = JSON.parse(exampleText);
    file.data.verdict = 'promote';
    const result = verifyOverride(file, exampleKey);
    assert.equal(result.valid, false);
    assert.match(!result.valid ? result.reason : '', /does not match/);
  });

  test('a wrong key is rejected', () => {
    const result = verifyOverride(JSON.parse(exampleText), 'not-the-key');
    assert.equal(result.valid, false);
    assert.match(!result.valid ? result.reason : '', /wrong key/);
  });

  test('a used override is rejected (replay)', () => {
    const result = verifyOverride({ ...JSON.parse(exampleText), used: true }, exampleKey);
    assert.equal(result.valid, false);
    assert.match(!result.valid ? result.reason : '', /already used/);
    assert.equal(verifyOverride({ ...JSON.parse(exampleText), used: false }, exampleKey).valid, true);
  });

  test('unsigned, malformed and non-object inputs are rejected with a reason', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ data: { verdict: 'promote' } }, /unsigned/],
      [{ data: { verdict: 'promote' }, signature: '' }, /unsigned/],
      [{ data: { verdict: 'promote' }, signature: VECTOR_1.toUpperCase() }, /lowercase hex/],
      [{ data: { verdict: 'promote' }, signature: VECTOR_1.slice(1) }, /lowercase hex/],
      [{ data: 'promote', signature: VECTOR_1 }, /no "data" object/],
      [{ data: ['promote'], signature: VECTOR_1 }, /no "data" object/],
      [[], /not a JSON object/],
      [null, /not a JSON object/],
      ['{"data":', /not valid JSON/],
    ];
    for (const [file, reason] of cases) {
      const result = verifyOverride(file, 'secret');
      assert.equal(result.valid, false, JSON.stringify(file));
      assert.match(!result.valid ? result.reason : '', reason);
    }
    assert.match(JSON.stringify(verifyOverride({ data: { verdict: 'promote' }, signature: VECTOR_1 }, ' \n')), /the key is empty/);
  });

  test('accepts the key as bytes or string', () => {
    assert.equal(verifyOverride({ data: { verdict: 'promote' }, signature: VECTOR_1 }, new TextEncoder().encode('secret\n')).valid, true);
  });
});
