// A stand-in for the `vscode` module, enough for the extension to activate outside VS Code: every
// property is a callable, constructible object that accepts anything. Preloaded with `--require`;
// the activation benchmark times require() and activate() of the packaged client against it.
const Module = require('node:module');

const handler = {
  get(target, property) {
    if (property === 'then') return undefined; // not a promise
    if (property === Symbol.toPrimitive) return () => '';
    if (property === Symbol.iterator) return function* () {};
    if (!(property in target)) target[property] = anything();
    return target[property];
  },
  set(target, property, value) {
    Object.defineProperty(target, property, { value, writable: true, configurable: true });
    return true;
  },
  apply: () => anything(),
  construct: () => anything(),
};

function anything() {
  return new Proxy(function stand() {}, handler);
}

// esbuild's `import * as vscode` copies the module's own keys: name the namespaces the client uses.
const root = { version: '1.100.3', workspace: new Proxy({ textDocuments: [], getConfiguration: () => ({ get: (_key, fallback) => fallback }) }, handler) };
for (const name of ['window', 'commands', 'languages', 'env', 'extensions', 'l10n', 'Uri', 'Disposable', 'EventEmitter', 'ThemeColor', 'StatusBarAlignment', 'ProgressLocation', 'ViewColumn', 'Range']) {
  root[name] = anything();
}
const vscode = new Proxy(root, handler);

const load = Module._load;
Module._load = function (request, parent, isMain) {
  return request === 'vscode' ? vscode : load.call(this, request, parent, isMain);
};
