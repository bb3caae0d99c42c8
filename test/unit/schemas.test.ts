// Every kind's schema compiles (draft 2020-12), is named for its kind, and describes every property.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { KINDS } from '../../server/src/engine/kinds/index.ts';

function undescribed(schema: unknown, path: string, out: string[]): string[] {
  if (schema === null || typeof schema !== 'object') return out;
  const node = schema as Record<string, unknown>;
  for (const [key, child] of Object.entries((node.properties as Record<string, unknown>) ?? {})) {
    const described = typeof (child as Record<string, unknown>).description === 'string';
    if (!described) out.push(`${path}.properties.${key}`);
    undescribed(child, `${path}.${key}`, out);
  }
  for (const key of ['items', 'additionalProperties']) {
    const child = node[key];
    if (child && typeof child === 'object') {
      if (typeof (child as Record<string, unknown>).description !== 'string') out.push(`${path}.${key}`);
      undescribed(child, `${path}.${key}`, out);
    }
  }
  for (const [name, child] of Object.entries((node.$defs as Record<string, unknown>) ?? {})) undescribed(child, `${path}.$defs.${name}`, out);
  return out;
}

test('one schema file per kind, and no other', () => {
  const files = readdirSync(resolve(__dirname, '../../schemas')).sort();
  assert.deepEqual(files, KINDS.map((kind) => `${kind.id}.schema.json`).sort());
});

for (const kind of KINDS) {
  test(`${kind.id}: compiles, is named for its kind, describes every property`, () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.compile(kind.schema);
    assert.equal(kind.schema.$id, `https://prodgate.dev/schemas/${kind.id}.schema.json`);
    assert.equal(typeof kind.schema.description, 'string');
    assert.deepEqual(undescribed(kind.schema, '$', []), []);
  });
}
