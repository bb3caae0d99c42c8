// Every code the engine can emit is catalogued (SARIF rules, README) and nothing else is.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { CODES } from '../../server/src/engine/codes.ts';
import { KINDS } from '../../server/src/engine/kinds/index.ts';

const ENGINE = resolve(__dirname, '../../server/src/engine');
const README = resolve(__dirname, '../../README.md');

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(directory, entry.name)) : entry.name.endsWith('.ts') ? [join(directory, entry.name)] : [],
  );
}

/**
 * Engine modules that emit no findings: the catalogue itself, data or editing help whose strings
 * are values, and verifiers whose results name their own reasons.
 */
const NOT_FINDING_SOURCES = ['codes.ts', 'aana-requirements.ts', 'schema-navigation.ts', 'scaffold.ts', 'governance/evaluate.ts', 'agents/audit-chain.ts', 'commands/command-safety.ts', 'commands/environment.ts'];

/** Kebab-case words of the suppression comment syntax (`# prodgate-ignore-next-line`). */
const SYNTAX_WORDS = new Set(['prodgate-ignore', 'next-line']);

/** Kebab-case string literals in the engine's finding sources: finding codes and kind ids. */
function kebabLiterals(): Set<string> {
  const found = new Set<string>();
  for (const file of sources(ENGINE)) {
    if (NOT_FINDING_SOURCES.some((name) => file.endsWith(name))) continue;
    const code = readFileSync(file, 'utf8').replace(/^import .*$/gm, '');
    for (const match of code.matchAll(/'([a-z]+(?:-[a-z0-9]+)+)'/g)) found.add(match[1]);
  }
  return found;
}

test('every kebab-case literal in the engine is a catalogued code or a kind id', () => {
  const kinds = new Set<string>(KINDS.map((kind) => kind.id));
  const unknown = [...kebabLiterals()].filter((literal) => !(literal in CODES) && !kinds.has(literal) && !SYNTAX_WORDS.has(literal));
  assert.deepEqual(unknown, []);
});

test('every catalogued code is used by the engine', () => {
  const used = kebabLiterals();
  assert.deepEqual(Object.keys(CODES).filter((code) => !used.has(code)), []);
});

test('the README lists every code with its line', () => {
  const readme = readFileSync(README, 'utf8');
  for (const code of Object.keys(CODES)) assert.match(readme, new RegExp(`\\| \`${code}\` \\|`), `README row for ${code}`);
});
