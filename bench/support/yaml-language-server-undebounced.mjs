// yaml-language-server with its validation debounce set to 0. It validates 200 ms after the last
// change (SettingsState.validationDelayMs, no setting changes it); this runs the unmodified server
// with that delay at 0, so that the benchmark can also compare the validation work alone.
import { readFileSync } from 'node:fs';

const root = new URL('../../node_modules/yaml-language-server/', import.meta.url);
const { SettingsState } = await import(new URL('out/src/yamlSettings.js', root).href);
// The constructor assigns the field; an accessor on the prototype takes that assignment instead.
Object.defineProperty(SettingsState.prototype, 'validationDelayMs', { get: () => 0, set: () => {} });
process.env.YAML_LANGUAGE_SERVER_VERSION = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).version;
await import(new URL('out/src/server.js', root).href);
