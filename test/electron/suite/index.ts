// The mocha runner VS Code calls in its extension host (--extensionTestsPath): runs every compiled
// *.test.js next to this file. Mocha is bundled into this file (scripts/build-electron-tests.mjs),
// so the extension host needs nothing from node_modules; the test files use the tdd globals
// (suite, test, suiteSetup…) that this Mocha instance installs before loading them.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: true });
  const grep = process.env['PRODGATE_ELECTRON_GREP'];
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise<void>((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} desktop VS Code test${failures === 1 ? '' : 's'} failed.`)) : resolve()));
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
