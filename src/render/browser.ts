// Finding and starting the browser that prints the PDF: Debian's Chromium by
// default, never a downloaded one. An environment variable comes first.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { IrdeckError, EXIT_INTERNAL } from '../errors.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

// Features off, each a process or a page nobody uses here. The list replaces
// puppeteer's own --disable-features (Chromium keeps the last one given), so it
// carries puppeteer's entries too. The omnibox popups are WebUI pages headless
// Chrome 156 preloads into a renderer of their own (~110 MiB).
const DISABLED_FEATURES = ['Translate', 'AcceptCHFrame', 'MediaRouter', 'OptimizationHints', 'WebUIReloadButton', 'ProcessPerSiteUpToMainFrameThreshold', 'IsolateSandboxedIframes', 'SpareRendererForSitePerProcess', 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'PreloadTopChromeWebUI'];

// One process: the renderer, GPU and network service run inside the browser
// process. Printing the deck then takes ~1.25 s of CPU instead of ~1.6 s and
// ~310 MiB instead of ~345 (measured; the PDF is the same). Chromium calls the
// mode unsupported for browsing untrusted pages; this page is ours, runs no
// script and makes no request.
const ENABLED_FEATURES = ['NetworkServiceInProcess2', 'NetworkServiceInProcess'];

export const CHROME_ARGS = ['--headless=new', '--single-process', '--no-sandbox', '--disable-gpu', '--in-process-gpu', `--enable-features=${ENABLED_FEATURES.join(',')}`, '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', '--font-render-hinting=none', '--no-zygote', '--disable-site-isolation-trials', `--disable-features=${DISABLED_FEATURES.join(',')}`];

export function findBrowser(env: NodeJS.ProcessEnv = process.env): string {
  for (const name of ['IRDECK_CHROME', 'PUPPETEER_EXECUTABLE_PATH'] as const) {
    const v = env[name];
    if (v) {
      if (!existsSync(v)) throw new IrdeckError(`${name}=${v}, but there is no such file`, { exitCode: EXIT_INTERNAL });
      return v;
    }
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  throw new IrdeckError('No Chromium found: install it with `sudo apt-get install chromium` (or run scripts/setup-system), or set IRDECK_CHROME=/path/to/chrome', { exitCode: EXIT_INTERNAL });
}

export interface LaunchedBrowser { browser: Browser; close(): Promise<void> }

/** Start the browser with a fresh profile; a browser that does not start within the timeout is an error. */
export async function launchBrowser(opts: { executablePath?: string; timeoutMs: number }): Promise<Browser> {
  const executablePath = opts.executablePath ?? findBrowser();
  const profile = mkdtempSync(join(tmpdir(), 'irdeck-chrome-'));
  const cleanup = () => rmSync(profile, { recursive: true, force: true });
  try {
    const browser = await puppeteer.launch({
      executablePath,
      args: [...CHROME_ARGS, `--user-data-dir=${profile}`],
      headless: true,
      timeout: opts.timeoutMs,
      protocolTimeout: opts.timeoutMs,
      pipe: true,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const close = browser.close.bind(browser);
    // Closing is a kill: nothing in the throwaway profile is kept, and a
    // graceful Browser.close held the build's main thread ~0.1 s in blocking
    // writes to the browser's pipe while it shut down (measured).
    browser.close = async () => {
      const proc = browser.process();
      try {
        if (proc && proc.exitCode === null && proc.signalCode === null) {
          const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
          proc.kill('SIGKILL');
          await exited;
        } else if (!proc) {
          await close();
        }
      } finally {
        cleanup();
      }
    };
    browser.process()?.once('exit', cleanup);
    return browser;
  } catch (err) {
    cleanup();
    throw new IrdeckError(`the browser (${executablePath}) did not start within ${Math.round(opts.timeoutMs / 1000)} s or crashed: ${(err as Error).message.split('\n')[0]}`, { exitCode: EXIT_INTERNAL, cause: err });
  }
}
