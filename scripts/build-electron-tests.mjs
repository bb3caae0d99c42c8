// Bundles the desktop VS Code end-to-end suite into dist-test/electron/ (run by `npm run test:electron`):
//   run.js            the launcher (plain Node; @vscode/test-electron is loaded from node_modules)
//   suite/index.js    the mocha runner VS Code's extension host calls, with mocha bundled in
//   suite/*.test.js   the scenarios; `vscode` is provided by the extension host
import { readdir, rm } from 'node:fs/promises';
import * as esbuild from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'error',
  mainFields: ['module', 'main'],
};

const tests = (await readdir('test/electron/suite')).filter((name) => name.endsWith('.test.ts')).map((name) => `test/electron/suite/${name}`);

await rm('dist-test/electron', { recursive: true, force: true });
await Promise.all([
  esbuild.build({ ...common, entryPoints: ['test/electron/run.ts'], outfile: 'dist-test/electron/run.js', external: ['@vscode/test-electron'] }),
  // Mocha's own file loading and reporters use require() with computed paths: left to the runtime.
  esbuild.build({ ...common, entryPoints: ['test/electron/suite/index.ts'], outfile: 'dist-test/electron/suite/index.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: tests, outdir: 'dist-test/electron/suite', external: ['vscode', 'mocha'] }),
]);
