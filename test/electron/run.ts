// Launches the desktop VS Code end-to-end suite: downloads VS Code (or reuses the copy cached in
// .vscode-test/), opens a throwaway copy of examples/ in it with this repository as the extension
// under development, and runs test/electron/suite in its extension host.
//
//   npm run test:electron
//   PRODGATE_VSCODE_VERSION=insiders npm run test:electron   (or 1.91.0; default: the newest stable
//                                                              release that satisfies engines.vscode)
//
// On Linux without a display, run it under a virtual one: xvfb-run -a npm run test:electron
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  downloadAndUnzipVSCode,
  ProgressReportStage,
  runTests,
  TestRunFailedError,
  type ProgressReport,
  type ProgressReporter,
} from '@vscode/test-electron';

/** The download is abandoned when it makes no progress for this long. */
const IDLE_LIMIT_MS = 60_000;
/** The idle timeout of each of @vscode/test-electron's own requests. */
const REQUEST_TIMEOUT_MS = 15_000;

// dist-test/electron/run.js → the repository root.
const root = path.resolve(__dirname, '..', '..');
const suite = path.join(__dirname, 'suite', 'index.js');

class DownloadFailed extends Error {}

function unreachable(reason: string): string {
  return (
    'prodgate: the desktop VS Code suite needs to download VS Code from update.code.visualstudio.com, ' +
    `which this machine cannot reach (${reason}). Run "npm run test:e2e" for the same scenarios in VS Code for the Web.`
  );
}

/** A short reason from whatever @vscode/test-electron rejected with (an Error, a system error or a bare string). */
function reasonOf(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const aggregate = error instanceof AggregateError ? error.errors.map(reasonOf).join('; ') : '';
    const message = error.message || aggregate || error.name;
    return code && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return String(error);
}

/** Downloads VS Code (or finds it in .vscode-test/), failing when nothing happens for IDLE_LIMIT_MS. */
function downloadVSCode(): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let lastPercent = -1;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => reject(new DownloadFailed(`no progress for ${IDLE_LIMIT_MS / 1000} s`)), IDLE_LIMIT_MS);
    };
    const reporter: ProgressReporter = {
      report(report: ProgressReport) {
        // A retry is not progress: a download that keeps failing must still time out.
        if (report.stage !== ProgressReportStage.Retrying) arm();
        switch (report.stage) {
          case ProgressReportStage.ResolvedVersion:
            console.log(`prodgate: VS Code ${report.version}`);
            break;
          case ProgressReportStage.FoundMatchingInstall:
            console.log(`prodgate: using the VS Code in ${report.downloadedPath}`);
            break;
          case ProgressReportStage.Downloading: {
            const percent = report.totalBytes > 0 ? Math.floor((report.bytesSoFar / report.totalBytes) * 10) * 10 : -1;
            if (percent > lastPercent) {
              lastPercent = percent;
              console.log(`prodgate: downloading VS Code… ${percent}%`);
            }
            break;
          }
          case ProgressReportStage.Retrying:
            console.log(`prodgate: download failed (${reasonOf(report.error)}), retry ${report.attempt} of ${report.totalAttempts}`);
            break;
          case ProgressReportStage.NewInstallComplete:
            console.log(`prodgate: VS Code installed in ${report.downloadedPath}`);
            break;
          default:
            break;
        }
      },
      error() {
        // The rejection below reports it, once.
      },
    };
    arm();
    const version = process.env['PRODGATE_VSCODE_VERSION'];
    downloadAndUnzipVSCode({
      ...(version ? { version } : {}),
      extensionDevelopmentPath: root,
      reporter,
      timeout: REQUEST_TIMEOUT_MS,
    }).then(
      (executable) => {
        clearTimeout(timer);
        resolve(executable);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(new DownloadFailed(reasonOf(error)));
      },
    );
  });
}

async function main(): Promise<number> {
  const temp = mkdtempSync(path.join(tmpdir(), 'prodgate-electron-'));
  const cleanUp = (): void => rmSync(temp, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  // Ctrl+C during the download (runTests handles it once VS Code runs) or a kill: no temp folder left behind.
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanUp();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGTERM', onSignal);
  try {
    const workspace = path.join(temp, 'examples');
    cpSync(path.join(root, 'examples'), workspace, { recursive: true });

    process.once('SIGINT', onSignal);
    let executable: string;
    try {
      executable = await downloadVSCode();
    } catch (error) {
      if (error instanceof DownloadFailed) {
        console.error(unreachable(error.message));
        return 1;
      }
      throw error;
    }
    process.removeListener('SIGINT', onSignal);

    if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
      console.warn('prodgate: no display (DISPLAY is unset); if VS Code does not start, run: xvfb-run -a npm run test:electron');
    }
    try {
      await runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: root,
        extensionTestsPath: suite,
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      });
      return 0;
    } catch (error) {
      if (error instanceof TestRunFailedError) {
        console.error(`prodgate: the desktop VS Code suite failed (VS Code exited with ${error.code ?? error.signal}).`);
        return 1;
      }
      throw error;
    }
  } catch (error) {
    console.error(`prodgate: the desktop VS Code suite could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  } finally {
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
    cleanUp();
  }
}

// Exit explicitly: an abandoned download may still hold a socket open.
main().then((code) => process.exit(code));
