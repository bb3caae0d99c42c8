// End-to-end harness: ProdGate installed into a real VS Code (code-server, VS Code for the Web),
// driven by Debian's Chromium through playwright-core. See scripts/vscode-web.mjs for the server.
//
// Use it so that the browser and code-server are always stopped, also when a test fails:
//
//   let vscode: VsCodeWeb | undefined;
//   before(async () => { vscode = await VsCodeWeb.launch({ workspace: tempCopyOfExamples }); });
//   after(async () => { await vscode?.close(); });
//
// (or try { … } finally { await vscode.close(); } inside one test). `launch` cleans up after
// itself when it fails, and `close` is idempotent. Run e2e files one at a time
// (`--test-concurrency=1`): each starts its own code-server and Chromium.
//
// Choices, for robustness:
// - Extension active: `launch` waits for ProdGate's status bar item ("ProdGate", created in
//   activate()); the workspace must contain a prodgate.bundle.* (activation event) unless
//   `waitForExtension: false`. The language server may still be starting: wait for the first
//   diagnostic with `waitForProblem`.
// - Opening files: through the Explorer rows, expanding folders one level at a time, the file
//   opened with a double click (pinned: a single click opens a preview tab that the next file
//   replaces, closing it and clearing its problems). Quick Open was unreliable.
// - Reading the editor: the clipboard (Ctrl+A, Ctrl+C; the page may read it). The cursor ends at
//   the start of the document. The Monaco API is not reachable from the page in VS Code for the Web.
// - Changing the editor: `setEditorText`/`replaceInEditor` select all and dispatch one `paste`
//   event carrying the text (a synthesized Ctrl+V does not paste in headless Chromium): one edit,
//   no auto-closing or auto-indent; they wait for the edit and read the text back. `type` types key
//   by key, as a person would (auto-closing applies). Files are not auto-saved (files.autoSave is
//   off, as on the desktop): call `save()`.
// - Problems: the Problems panel's rows (`.markers-panel`), parsed from their DOM; the panel is
//   opened with Control+Shift+M only when it is not already showing (the key toggles it). The
//   tree is virtual, so a long list is scrolled through and read at every step.
// - Quick fixes: `applyQuickFix` goes to the problem (Quick Open `:line:col`), presses Ctrl+. and
//   picks the action by keyboard (a pointer block over the menu swallows clicks).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const VSIX = path.join(REPO_ROOT, 'prodgate.vsix');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test', 'e2e', 'screenshots');

/** What scripts/vscode-web.mjs exports (a plain ESM module, typed here). */
interface VsCodeWebServer {
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  extensionsDir: string;
  logFile: string;
  stop(): Promise<void>;
}
export interface VsCodeWebModule {
  ensureVsCodeWeb(options: { log?: (message: string) => void }): Promise<{ dir: string; version: string; installed: boolean; ms: number }>;
  startVsCodeWeb(options: { workspace: string; vsix: string; port?: number; log?: (message: string) => void }): Promise<VsCodeWebServer>;
  stopStaleCodeServer(options: { log?: (message: string) => void }): Promise<boolean>;
  findChromium(candidates?: readonly string[]): string;
  PID_FILE: string;
}

/** scripts/vscode-web.mjs, which installs and starts VS Code for the Web. */
export async function loadServerModule(): Promise<VsCodeWebModule> {
  const specifier = pathToFileURL(path.join(REPO_ROOT, 'scripts', 'vscode-web.mjs')).href;
  return (await import(specifier)) as VsCodeWebModule;
}

/**
 * The browser globals the page functions below use (they run in the page, not in Node; the
 * project's type-check has no DOM library). Read as `const { document } = globalThis as unknown as InPage`.
 */
type DomAny = any;
interface InPage {
  document: DomAny;
  navigator: DomAny;
  DataTransfer: DomAny;
  ClipboardEvent: DomAny;
}

/** A problem as the Problems panel shows it. */
export interface Problem {
  message: string;
  /** The diagnostic's code, e.g. `evidence-template-scope` ('' when it has none). */
  code: string;
  /** The diagnostic's source, e.g. `prodgate` ('' when none is shown). */
  source: string;
  /** 1-based, as shown: [Ln 3, Col 5]. */
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info' | 'hint' | 'unknown';
  /** The file name of the resource row the problem is listed under. */
  file: string;
}

export interface LaunchOptions {
  /** The folder to open; pass a temporary copy of examples/ — tests may change it. */
  workspace: string;
  /** Wait for ProdGate's status bar item (default true). */
  waitForExtension?: boolean;
  log?: (message: string) => void;
  viewport?: { width: number; height: number };
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stamp = () => new Date().toISOString().slice(11, 23);
const defaultLog = (message: string) => console.log(`[${stamp()}] ${message}`);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<T>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export class VsCodeWeb {
  private closed: Promise<void> | undefined;

  private constructor(
    readonly page: Page,
    readonly browser: Browser,
    readonly context: BrowserContext,
    readonly server: VsCodeWebServer,
    readonly workspace: string,
    private readonly log: (message: string) => void,
  ) {}

  get url(): string {
    return this.server.url;
  }

  /**
   * Installs VS Code for the Web if needed, starts code-server with prodgate.vsix (which must
   * exist: `npm run package`), opens `workspace` in headless Chromium and waits for the workbench
   * and the extension.
   */
  static async launch(options: LaunchOptions): Promise<VsCodeWeb> {
    const log = options.log ?? defaultLog;
    const workspace = path.resolve(options.workspace);
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} does not exist: run \`npm run package\` first.`);
    if (!fs.statSync(workspace, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`The workspace ${workspace} is not a folder.`);
    const web = await loadServerModule();
    await web.ensureVsCodeWeb({ log });
    const executablePath = web.findChromium();
    const server = await web.startVsCodeWeb({ workspace, vsix: VSIX, log });
    let browser: Browser | undefined;
    try {
      log(`Launching ${executablePath} (headless)`);
      browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
      const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 } });
      const origin = `http://127.0.0.1:${server.port}`;
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      const vscode = new VsCodeWeb(page, browser, context, server, workspace, log);
      log(`Opening ${server.url}`);
      await page.goto(server.url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      // The Explorer shows the folder once the workbench has restored.
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
      log('Workbench loaded');
      if (options.waitForExtension ?? true) {
        await vscode.statusBarItem(/ProdGate/).waitFor({ state: 'visible', timeout: 60_000 }).catch((error: unknown) => {
          throw new Error(
            `ProdGate's status bar item did not appear within 60 s: the extension did not activate (does the workspace contain a prodgate.bundle.yaml?). ` +
              `code-server log: ${server.logFile}\n${String(error)}`,
          );
        });
        log('ProdGate is active');
      }
      return vscode;
    } catch (error) {
      await withTimeout(browser?.close() ?? Promise.resolve(), 15_000, 'closing Chromium').catch(() => undefined);
      await server.stop();
      throw error;
    }
  }

  /** A status bar entry whose text matches. */
  statusBarItem(text: RegExp | string) {
    return this.page.locator('.part.statusbar .statusbar-item', { hasText: text }).first();
  }

  /** Closes the browser and stops code-server (by its PID). Idempotent; never throws. */
  async close(): Promise<void> {
    this.closed ??= (async () => {
      await withTimeout(this.browser.close(), 15_000, 'closing Chromium').catch((error: unknown) => this.log(`Closing Chromium: ${String(error)}`));
      await this.server.stop().catch((error: unknown) => this.log(`Stopping code-server: ${String(error)}`));
    })();
    return this.closed;
  }

  // -------------------------------------------------------------------------------------------
  // Files

  /** Opens a workspace file (path relative to the workspace folder) through the Explorer, pinned, and focuses its editor. */
  async openFile(relativePath: string): Promise<void> {
    const segments = relativePath.split(/[\\/]/).filter(Boolean);
    if (segments.length === 0) throw new Error('openFile: empty path');
    await this.showExplorer();
    for (let index = 0; index < segments.length; index++) {
      const name = segments[index]!;
      const isFile = index === segments.length - 1;
      const row = await this.explorerRow(name, index + 1);
      if (isFile) {
        // A double click opens it pinned: a single click opens a preview tab, which the next
        // openFile would replace (closing the file, and so clearing its problems).
        await row.dblclick();
      } else if ((await row.getAttribute('aria-expanded')) !== 'true') {
        await row.click();
        await this.page.waitForFunction(
          ([label, level]) => {
            const { document } = globalThis as unknown as InPage;
            return [...document.querySelectorAll('.explorer-folders-view .monaco-list-row')].some(
              (element: DomAny) => element.getAttribute('aria-level') === String(level) && element.querySelector('.label-name')?.textContent === label && element.getAttribute('aria-expanded') === 'true',
            );
          },
          [name, index + 1] as const,
          { timeout: 15_000 },
        );
      }
    }
    const fileName = segments[segments.length - 1]!;
    // The editor tab for the file is active and its editor has focus-able text.
    await this.page
      .locator('.editor-group-container.active .tab.active', { hasText: fileName })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 30_000 });
    await this.focusEditor();
  }

  private async showExplorer(): Promise<void> {
    const view = this.page.locator('.explorer-folders-view');
    if (!(await view.isVisible())) {
      await this.runCommand('View: Show Explorer');
      await view.waitFor({ state: 'visible', timeout: 15_000 });
    }
  }

  /** The Explorer row of `name` at tree depth `level` (1: the workspace folder's children), scrolled into view. */
  private async explorerRow(name: string, level: number) {
    const rows = this.page.locator(`.explorer-folders-view .monaco-list-row[aria-level="${level}"]`);
    const row = rows.filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) }).first();
    const deadline = Date.now() + 15_000;
    // The list is virtual: scroll until the row is rendered.
    for (let attempt = 0; ; attempt++) {
      if ((await row.count()) > 0) {
        await row.scrollIntoViewIfNeeded();
        return row;
      }
      if (Date.now() > deadline) {
        const shown = await this.page.locator('.explorer-folders-view .monaco-list-row').allInnerTexts();
        throw new Error(`openFile: no Explorer row "${name}" at depth ${level}. Rows shown: ${shown.join(', ')}`);
      }
      const list = this.page.locator('.explorer-folders-view .monaco-list').first();
      await list.hover();
      await this.page.mouse.wheel(0, attempt % 20 < 10 ? 300 : -300);
      await sleep(150);
    }
  }

  private async focusEditor(): Promise<void> {
    await this.runCommand('View: Focus Active Editor Group');
    await this.page.waitForFunction(
      () => {
        const { document } = globalThis as unknown as InPage;
        return document.activeElement?.closest('.monaco-editor') != null;
      },
      undefined,
      { timeout: 10_000 },
    );
  }

  /** The full text of the active editor (read through the clipboard; the cursor ends at the start). */
  async editorText(): Promise<string> {
    await this.focusEditor();
    // An empty document: Ctrl+A selects nothing, and Ctrl+C would copy the (empty) line and its end.
    const empty = await this.page.evaluate(() => {
      const { document } = globalThis as unknown as InPage;
      const lines = document.activeElement?.closest('.monaco-editor')?.querySelectorAll('.view-lines .view-line');
      return lines !== undefined && lines.length === 1 && (lines[0].textContent ?? '') === '';
    });
    if (empty) return '';
    await this.page.evaluate(() => (globalThis as unknown as InPage).navigator.clipboard.writeText('\u0000prodgate-e2e-empty'));
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Control+C');
    let text = '';
    const deadline = Date.now() + 5_000;
    do {
      text = await this.page.evaluate(() => (globalThis as unknown as InPage).navigator.clipboard.readText() as Promise<string>);
      if (text !== '\u0000prodgate-e2e-empty') break;
      await sleep(50);
    } while (Date.now() < deadline);
    await this.page.keyboard.press('Control+Home');
    if (text === '\u0000prodgate-e2e-empty') return '';
    return text.replace(/\r\n/g, '\n');
  }

  /**
   * Replaces the whole text of the active editor: select all, then one paste (a `paste` event
   * carrying the text, dispatched to the editor's input element — a synthesized Ctrl+V does not
   * paste in headless Chromium). One edit: no auto-closing or auto-indent, undoable with Ctrl+Z.
   * The editor applies a paste asynchronously and drops it when the selection moves meanwhile, so
   * this waits for the edit (the tab turns dirty) before reading the text back, and tries again.
   */
  async setEditorText(text: string): Promise<void> {
    const wanted = text.replace(/\r\n/g, '\n');
    let now = '';
    for (let attempt = 1; attempt <= 3; attempt++) {
      await this.focusEditor();
      await this.page.keyboard.press('Control+A');
      if (wanted === '') {
        await this.page.keyboard.press('Delete');
        await sleep(300);
        now = await this.editorText();
        if (now === wanted) return;
        continue;
      }
      const dispatched = await this.page.evaluate((value) => {
        const { document, DataTransfer, ClipboardEvent } = globalThis as unknown as InPage;
        const target = document.activeElement;
        if (!target || !target.closest('.monaco-editor')) return false;
        const data = new DataTransfer();
        data.setData('text/plain', value);
        target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        return true;
      }, wanted);
      if (!dispatched) throw new Error('setEditorText: the editor does not have the focus');
      await this.page
        .locator('.editor-group-container.active .tab.active.dirty')
        .waitFor({ state: 'attached', timeout: 3_000 })
        .catch(() => undefined); // not dirty when the text is the saved text
      await sleep(300);
      now = await this.editorText();
      if (now === wanted) return;
    }
    throw new Error(`setEditorText: the editor does not show the new text (${now.length} characters, expected ${wanted.length})`);
  }

  /** Replaces the first occurrence of `from` in the active editor (throws when it is not there). */
  async replaceInEditor(from: string, to: string): Promise<void> {
    const text = await this.editorText();
    const index = text.indexOf(from);
    if (index < 0) throw new Error(`replaceInEditor: ${JSON.stringify(from)} is not in the editor`);
    await this.setEditorText(text.slice(0, index) + to + text.slice(index + from.length));
  }

  /**
   * The active editor (of the active editor group): its tab's file name and the cursor position
   * from the status bar ("Ln 12, Col 3"; 0 when not shown).
   */
  async activeEditor(): Promise<{ file: string; line: number; column: number }> {
    const tab = this.page.locator('.editor-group-container.active .tab.active .label-name').first();
    const file = ((await tab.textContent({ timeout: 10_000 }).catch(() => '')) ?? '').trim();
    const status = (await this.statusBarItem(/Ln \d+, Col \d+/).textContent({ timeout: 5_000 }).catch(() => '')) ?? '';
    const match = /Ln (\d+), Col (\d+)/.exec(status);
    return { file, line: match ? Number(match[1]) : 0, column: match ? Number(match[2]) : 0 };
  }

  /** Types at the cursor, key by key (auto-closing and auto-indent apply, as for a person). */
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text, { delay: 10 });
  }

  /** Saves the active editor. */
  async save(): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+S');
    await this.page
      .locator('.editor-group-container.active .tab.active.dirty')
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => undefined);
  }

  // -------------------------------------------------------------------------------------------
  // Commands

  /** Runs a command from the Command Palette by its title (F1, type, Enter on the matching row). */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(`>${title}`);
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const exact = rows.filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`, 'i') }) }).first();
    const loose = rows.filter({ hasText: title }).first();
    const deadline = Date.now() + 15_000;
    for (;;) {
      if ((await exact.count()) > 0) {
        await exact.click();
        break;
      }
      if (Date.now() > deadline) {
        if ((await loose.count()) > 0) {
          await loose.click();
          break;
        }
        const shown = await rows.allInnerTexts();
        await this.page.keyboard.press('Escape');
        throw new Error(`runCommand: no command "${title}" in the Command Palette. Shown: ${shown.slice(0, 10).join(' | ') || '(none)'}`);
      }
      await sleep(100);
    }
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  }

  // -------------------------------------------------------------------------------------------
  // Problems

  /** The Problems panel's problems (opens the panel; reads every row, scrolling when needed). */
  async problems(): Promise<Problem[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await this.page.keyboard.press('Control+Shift+M');
      try {
        await panel.waitFor({ state: 'visible', timeout: 5_000 });
      } catch {
        await this.runCommand('View: Focus on Problems View');
        await panel.waitFor({ state: 'visible', timeout: 10_000 });
      }
    }
    // Rows by their index in the whole (virtual) list: a problem belongs to the file row above it.
    const resources = new Map<number, string>();
    const markers = new Map<number, { message: string; code: string; source: string; position: string; severity: string }>();
    const read = () =>
      this.page.evaluate(() => {
        const { document } = globalThis as unknown as InPage;
        const list = document.querySelector('.markers-panel .monaco-list');
        const rows = [...document.querySelectorAll('.markers-panel .monaco-list-row')]
          .map((row: DomAny) => ({ row, index: Number(row.getAttribute('data-index') ?? '-1') }))
          .sort((a, b) => a.index - b.index);
        const resources: { index: number; file: string }[] = [];
        const markers: { index: number; message: string; code: string; source: string; position: string; severity: string }[] = [];
        for (const { row, index } of rows) {
          const message = row.querySelector('.marker-message');
          if (!message) {
            const label = row.querySelector('.label-name');
            if (label && row.getAttribute('aria-level') === '1') resources.push({ index, file: label.textContent?.trim() ?? '' });
            continue;
          }
          if (row.getAttribute('aria-level') === '3') continue; // related information
          const iconClass = String(row.querySelector('.marker-icon')?.className ?? '');
          const severity = /error/.test(iconClass) ? 'error' : /warning/.test(iconClass) ? 'warning' : /info/.test(iconClass) ? 'info' : /hint|light-?bulb/.test(iconClass) ? 'hint' : 'unknown';
          markers.push({
            index,
            message: message.textContent?.trim() ?? '',
            source: row.querySelector('.marker-source')?.textContent?.trim() ?? '',
            code: row.querySelector('.marker-code')?.textContent?.trim().replace(/^\(|\)$/g, '') ?? '',
            position: row.querySelector('.marker-line')?.textContent?.trim() ?? '',
            severity,
          });
        }
        const rowsElement = list?.querySelector('.monaco-list-rows');
        const position = `${rowsElement?.style.top ?? ''}|${rowsElement?.style.transform ?? ''}|${rows[0]?.index ?? ''}`;
        return { resources, markers, position };
      });
    const add = (seen: Awaited<ReturnType<typeof read>>) => {
      for (const { index, file } of seen.resources) resources.set(index, file);
      for (const { index, ...marker } of seen.markers) markers.set(index, marker);
    };
    add(await read());
    // The tree is virtual (only the rows in view are in the page): when it is taller than the
    // panel, scroll it to the top, then down step by step, reading the rows at every step.
    const overflow = await this.page.evaluate(() => {
      const { document } = globalThis as unknown as InPage;
      const rows = document.querySelector('.markers-panel .monaco-list-rows');
      const list = document.querySelector('.markers-panel .monaco-list');
      return rows && list ? rows.offsetHeight > list.offsetHeight + 2 : false;
    });
    if (overflow) {
      await this.page.locator('.markers-panel .monaco-list').first().hover();
      const scroll = async (deltaY: number) => {
        let position = (await read()).position;
        for (let step = 0, still = 0; step < 300 && still < 2; step++) {
          await this.page.mouse.wheel(0, deltaY);
          await sleep(80);
          const next = await read();
          add(next);
          still = next.position === position ? still + 1 : 0;
          position = next.position;
        }
      };
      await scroll(-600);
      await scroll(200);
      await scroll(-600);
    }
    const resourceIndexes = [...resources.keys()].sort((a, b) => a - b);
    return [...markers.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, marker]): Problem => {
        const match = /Ln\s*(\d+)\s*,\s*Col\s*(\d+)/i.exec(marker.position);
        const owner = resourceIndexes.filter((resourceIndex) => resourceIndex < index).pop();
        return {
          file: owner === undefined ? '' : resources.get(owner) ?? '',
          message: marker.message,
          code: marker.code,
          source: marker.source.replace(/\($/, ''),
          line: match ? Number(match[1]) : 0,
          column: match ? Number(match[2]) : 0,
          severity: marker.severity as Problem['severity'],
        };
      });
  }

  /** Moves the cursor of the active editor to a 1-based line and column (Quick Open's `:line:column`). */
  async goToLine(line: number, column = 1): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await this.focusEditor();
    await this.page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(`:${line}:${column}`);
    await sleep(200);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
    await this.focusEditor();
  }

  /**
   * Applies a quick fix for `problem`: in the active editor (which must show `problem.file`; else
   * its Problems row is clicked to open it), the cursor goes to the problem, Ctrl+. lists the code
   * actions, and the one whose title matches is chosen. Returns the chosen title.
   */
  async applyQuickFix(problem: Problem, title: RegExp | string): Promise<string> {
    if (problem.file && (await this.activeEditor()).file !== problem.file) {
      await this.problems();
      const row = this.page.locator('.markers-panel .monaco-list-row', { hasText: problem.message.slice(0, 60) }).first();
      await row.click();
      await this.page.locator('.editor-group-container.active .tab.active', { hasText: problem.file }).first().waitFor({ timeout: 15_000 });
    }
    await this.goToLine(problem.line, problem.column);
    const matches = (text: string) => (typeof title === 'string' ? text.includes(title) : title.test(text));
    const widget = this.page.locator('.action-widget');
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    const deadline = Date.now() + 30_000;
    for (let attempt = 0; ; attempt++) {
      // The code actions come from the language server: ask again until the wanted one is offered.
      await this.page.keyboard.press('Control+Period');
      await widget.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
      await sleep(300);
      const titles = (await rows.allInnerTexts()).map((text) => text.trim());
      const index = titles.findIndex(matches);
      if (index >= 0) {
        // By keyboard (a pointer block over the widget swallows clicks): down to the action, Enter.
        const focused = this.page.locator('.action-widget .monaco-list-row.action.focused').first();
        for (let step = 0; step <= titles.length + 1; step++) {
          const text = ((await focused.innerText({ timeout: 2_000 }).catch(() => '')) ?? '').trim();
          if (matches(text)) {
            await this.page.keyboard.press('Enter');
            await widget.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
            return text;
          }
          await this.page.keyboard.press('ArrowDown');
          await sleep(100);
        }
      }
      await this.page.keyboard.press('Escape');
      if (Date.now() > deadline) {
        throw new Error(`applyQuickFix: no code action matching ${String(title)} at ${problem.file}:${problem.line}:${problem.column}. Offered: ${titles.join(' | ') || '(none)'}`);
      }
      await sleep(500);
    }
  }

  /** Waits until the Problems panel lists a problem that satisfies `predicate`; returns it. */
  async waitForProblem(predicate: (problem: Problem) => boolean, timeout = 30_000): Promise<Problem> {
    const deadline = Date.now() + timeout;
    let last: Problem[] = [];
    for (;;) {
      last = await this.problems();
      const hit = last.find(predicate);
      if (hit) return hit;
      if (Date.now() > deadline) {
        const shown = last.map((p) => `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`).join('\n  ');
        throw new Error(`waitForProblem: no matching problem within ${timeout} ms. The Problems panel shows:\n  ${shown || '(nothing)'}`);
      }
      await sleep(500);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Webviews, screenshots

  /** The frame (of a webview, nested iframes) that contains `selector`; waits for it. */
  async webviewFrame(selector: string, timeout = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeout;
    for (;;) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        const handle = await frame.$(selector).catch(() => null);
        if (handle) {
          await handle.dispose();
          return frame;
        }
      }
      if (Date.now() > deadline) throw new Error(`webviewFrame: no frame contains ${selector} after ${timeout} ms`);
      await sleep(250);
    }
  }

  /** Saves a screenshot of the page to test/e2e/screenshots/<name>.png; returns its path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // The mouse rests on the empty title bar: no hover tooltip over what the picture should show.
    await this.page.mouse.move(240, 12);
    await sleep(300);
    const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file });
    this.log(`Screenshot: ${path.relative(REPO_ROOT, file)}`);
    return file;
  }
}
