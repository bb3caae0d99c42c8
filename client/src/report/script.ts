// The Boundary Report webview's own script, inlined under the page's nonce. It is plain browser
// JavaScript kept as a string (the extension's tsconfig has no DOM types, and the page must not load
// anything). Events are delegated from the document to elements carrying a data-action attribute:
//   data-action="open"   (with data-uri, data-line, data-character, data-end-line, data-end-character)
//                        posts { type: 'open', uri, range }
//   data-action="export" (with data-format json|markdown|sarif) posts { type: 'export', format }
//   data-action="rerun"  posts { type: 'rerun' }
// The extension host must still validate whatever it receives: the page only forwards attributes.
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var vscode = acquireVsCodeApi();
  var FORMATS = { json: true, markdown: true, sarif: true };

  function position(element, line, character) {
    var l = Number(element.getAttribute(line));
    var c = Number(element.getAttribute(character));
    return { line: isFinite(l) && l >= 0 ? Math.floor(l) : 0, character: isFinite(c) && c >= 0 ? Math.floor(c) : 0 };
  }

  function act(element) {
    var action = element.getAttribute('data-action');
    if (action === 'open') {
      var uri = element.getAttribute('data-uri');
      if (!uri) return;
      var start = position(element, 'data-line', 'data-character');
      var end = element.hasAttribute('data-end-line') ? position(element, 'data-end-line', 'data-end-character') : start;
      vscode.postMessage({ type: 'open', uri: uri, range: { start: start, end: end } });
    } else if (action === 'export') {
      var format = element.getAttribute('data-format');
      if (format && FORMATS[format] === true) vscode.postMessage({ type: 'export', format: format });
    } else if (action === 'rerun') {
      vscode.postMessage({ type: 'rerun' });
    }
  }

  function target(event) {
    var node = event.target;
    return node && node.closest ? node.closest('[data-action]') : null;
  }

  document.addEventListener('click', function (event) {
    var element = target(event);
    if (!element) return;
    event.preventDefault();
    act(element);
  });

  // Buttons already turn Enter and Space into clicks; links only do it for Enter, so links handle
  // both keys here (and cancel the default so Enter does not click a second time).
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter' && event.key !== ' ' && event.key !== 'Spacebar') return;
    var element = target(event);
    if (!element || element.tagName === 'BUTTON') return;
    event.preventDefault();
    act(element);
  });
})();
`;
