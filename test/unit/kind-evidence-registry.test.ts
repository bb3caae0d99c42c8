// AANA evidence registries (evidence.validate_registry).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPollution, assertNotDetected, defineOwn, fieldCases, fixtureText, kindChecks, missingKeys, type Json } from '../support/kind-tests.ts';

// ------------------------------------------------------------------ kind

const KIND = 'evidence-registry';
const DEFAULT_PATH = 'evidence/registry.json';
const SCHEMA_URL = 'https://prodgate.dev/schemas/evidence-registry.schema.json';
const base = (): Json => JSON.parse(fixtureText('evidence-registry.json'));
const { check, checkYaml, fixtureTests } = kindChecks(KIND, DEFAULT_PATH);
const { textCases, listCases } = fieldCases(check, base);

describe('evidence registry: valid fixtures and detection', () => {
  fixtureTests('evidence-registry', 'evidence');

  test('sources whose first entry has a source_id are detected without registry_version', () => {
    const registry = base();
    delete registry.registry_version;
    check(registry, []);
  });

  test('registry_version alone is detected, and then lacks sources', () => {
    check({ registry_version: '0.1' }, [['key-missing', 'error', ['sources']]]);
  });

  test('look-alikes are not detected as any kind', () => {
    assertNotDetected({ sources: [] });
    assertNotDetected({ sources: [{ url: 'https://example.com/feed.xml' }] });
    assertNotDetected({ sources: 'shipment-record' });
  });
});

describe('evidence registry: sources', () => {
  test('an empty sources list is list-empty', () => {
    const registry = base();
    registry.sources = [];
    const { result } = check(registry, [['list-empty', 'error', ['sources']]]);
    assert.equal(result.findings[0].message, 'Evidence registry must include a non-empty sources array.');
  });

  test('a missing sources list is key-missing', () => {
    const registry = base();
    delete registry.sources;
    check(registry, [['key-missing', 'error', ['sources']]]);
  });

  test('sources as an object is a type-mismatch only', () => {
    const registry = base();
    registry.sources = { 'shipment-record': {} };
    check(registry, [['type-mismatch', 'error', ['sources']]]);
  });

  test('a source that is not an object is a type-mismatch only', () => {
    const registry = base();
    registry.sources[2] = 'refund-policy';
    check(registry, [['type-mismatch', 'error', ['sources', 2]]]);
  });

  test('an empty source reports its four required keys on the source', () => {
    const registry = base();
    registry.sources.push({});
    check(
      registry,
      missingKeys(['sources', 4], ['source_id', 'owner', 'allowed_trust_tiers', 'allowed_redaction_statuses']),
    );
  });
});

describe('evidence registry: source_id (no placeholder check)', () => {
  textCases(['sources', 1], 'source_id', { placeholder: 'ignored' });

  test('a repeated source_id is duplicate-source-id on the repeat', () => {
    const registry = base();
    registry.sources[3].source_id = 'carrier-contract';
    const { result } = check(registry, [['duplicate-source-id', 'error', ['sources', 3, 'source_id']]]);
    assert.equal(result.findings[0].message, 'Duplicate source_id: carrier-contract.');
  });

  test('three copies give two duplicate findings', () => {
    const registry = base();
    registry.sources[2].source_id = 'shipment-record';
    registry.sources[3].source_id = 'shipment-record';
    check(registry, [
      ['duplicate-source-id', 'error', ['sources', 2, 'source_id']],
      ['duplicate-source-id', 'error', ['sources', 3, 'source_id']],
    ]);
  });

  test('ids are compared raw: case and surrounding spaces make them different', () => {
    const registry = base();
    registry.sources[2].source_id = ' shipment-record';
    registry.sources[3].source_id = 'Shipment-Record';
    check(registry, []);
  });

  test('blank ids are value-empty, never duplicates', () => {
    const registry = base();
    registry.sources[2].source_id = ' ';
    registry.sources[3].source_id = ' ';
    check(registry, [
      ['value-empty', 'error', ['sources', 2, 'source_id']],
      ['value-empty', 'error', ['sources', 3, 'source_id']],
    ]);
  });
});

describe('evidence registry: owner (placeholders are warnings)', () => {
  textCases(['sources', 0], 'owner', { placeholder: 'warning' });
});

describe('evidence registry: allowed lists', () => {
  listCases(['sources', 1], 'allowed_trust_tiers');
  listCases(['sources', 1], 'allowed_redaction_statuses');

  test('trust tiers and redaction statuses are not checked against a list (AANA does not)', () => {
    const registry = base();
    registry.sources[0].allowed_trust_tiers = ['verified', 'gold'];
    registry.sources[2].allowed_redaction_statuses = ['Redacted'];
    check(registry, []);
  });

  test('a non-string trust tier is a type-mismatch only', () => {
    const registry = base();
    registry.sources[0].allowed_trust_tiers = [3];
    check(registry, [['type-mismatch', 'error', ['sources', 0, 'allowed_trust_tiers', 0]]]);
  });
});

describe('evidence registry: max_age_hours', () => {
  test('null and absent mean no limit', () => {
    const registry = base();
    registry.sources[0].max_age_hours = null;
    delete registry.sources[2].max_age_hours;
    check(registry, []);
  });

  for (const small of [0, -24]) {
    test(`${small} is value-too-small`, () => {
      const registry = base();
      registry.sources[2].max_age_hours = small;
      check(registry, [['value-too-small', 'error', ['sources', 2, 'max_age_hours']]]);
    });
  }

  for (const wrong of [1.5, '24', true]) {
    test(`${JSON.stringify(wrong)} is a type-mismatch only`, () => {
      const registry = base();
      registry.sources[2].max_age_hours = wrong;
      check(registry, [['type-mismatch', 'error', ['sources', 2, 'max_age_hours']]]);
    });
  }
});

describe('evidence registry: unchecked fields', () => {
  test('registry_version and enabled have no gate', () => {
    const registry = base();
    registry.registry_version = '9.9';
    registry.sources[0].enabled = false;
    delete registry.sources[1].enabled;
    check(registry, []);
  });

  test('enabled must still be a boolean', () => {
    const registry = base();
    registry.sources[0].enabled = 'yes';
    check(registry, [['type-mismatch', 'error', ['sources', 0, 'enabled']]]);
  });
});

describe('evidence registry: whole documents', () => {
  test('an object with only $schema lacks sources', () => {
    const { result } = check({ $schema: SCHEMA_URL }, [['key-missing', 'error', ['sources']]]);
    assert.equal(result.kindSource, 'schema');
  });

  test('YAML findings point at the YAML text', () => {
    const registry = base();
    registry.sources[1].owner = 'REPLACE WITH OWNER';
    registry.sources[3].source_id = 'refund-policy';
    registry.sources[0].max_age_hours = 0;
    checkYaml(registry, 'evidence/registry.yaml', [
      ['value-too-small', 'error', '$.sources[0].max_age_hours', '0'],
      ['value-placeholder', 'warning', '$.sources[1].owner', 'REPLACE WITH OWNER'],
      ['duplicate-source-id', 'error', '$.sources[3].source_id', 'refund-policy'],
    ]);
  });

  test('__proto__, constructor and hasOwnProperty keys are plain data: no crash, no pollution', () => {
    const registry = base();
    delete registry.sources[0].owner;
    defineOwn(registry, '__proto__', { polluted: true });
    defineOwn(registry.sources[0], '__proto__', { owner: 'Inherited owner', polluted: true });
    defineOwn(registry.sources[1], 'constructor', { prototype: { polluted: true } });
    defineOwn(registry.sources[2], 'hasOwnProperty', 'source_id');
    check(registry, [['key-missing', 'error', ['sources', 0, 'owner']]]);
    assertNoPollution();
  });

  test('source ids named like Object.prototype members are ordinary ids', () => {
    const registry = base();
    registry.sources[0].source_id = '__proto__';
    registry.sources[1].source_id = 'constructor';
    registry.sources[2].source_id = 'toString';
    registry.sources[3].source_id = 'constructor';
    check(registry, [['duplicate-source-id', 'error', ['sources', 3, 'source_id']]]);
    assertNoPollution();
  });
});
