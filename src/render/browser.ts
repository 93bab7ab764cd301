// Finding and starting the browser that prints the PDF: Debian's Chromium by
// default, never a downloaded one. An environment variable comes first.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { IrdeckError, EXIT_INTERNAL } from '../errors.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

export const CHROME_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', '--font-render-hinting=none', '--no-zygote', '--disable-site-isolation-trials', '--disable-features=SpareRendererForSitePerProcess,Translate,MediaRouter,OptimizationHints'];

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
    browser.close = async () => { try { await close(); } finally { cleanup(); } };
    browser.process()?.once('exit', cleanup);
    return browser;
  } catch (err) {
    cleanup();
    throw new IrdeckError(`the browser (${executablePath}) did not start within ${Math.round(opts.timeoutMs / 1000)} s or crashed: ${(err as Error).message.split('\n')[0]}`, { exitCode: EXIT_INTERNAL, cause: err });
  }
}
