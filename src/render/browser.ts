// Finding and starting the browser that prints the PDF: Debian's Chromium by
// default, never a downloaded one. An environment variable comes first.
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import puppeteer, { type Browser } from 'puppeteer-core';
import { IrdeckError, EXIT_INPUT, EXIT_INTERNAL } from '../errors.js';
import { onCleanup } from '../util/cleanup.js';
import { ownerAlive, startTime } from '../util/lock.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

// Features off, each a process or a page nobody uses here. The list replaces
// puppeteer's own --disable-features (Chromium keeps the last one given), so it
// carries puppeteer's entries too. The omnibox popups are WebUI pages headless
// Chrome 156 preloads into a renderer of their own (~110 MiB).
const DISABLED_FEATURES = [
  'Translate', 'AcceptCHFrame', 'MediaRouter', 'OptimizationHints', 'WebUIReloadButton', 'ProcessPerSiteUpToMainFrameThreshold',
  'IsolateSandboxedIframes', 'SpareRendererForSitePerProcess', 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'PreloadTopChromeWebUI',
];

// One process: the renderer, GPU and network service run inside the browser
// process. Printing the deck then takes ~1.25 s of CPU instead of ~1.6 s and
// ~310 MiB instead of ~345 (measured; the PDF is the same). Chromium calls the
// mode unsupported for browsing untrusted pages; this page is ours, runs no
// script and makes no request.
const ENABLED_FEATURES = ['NetworkServiceInProcess2', 'NetworkServiceInProcess'];

export const CHROME_ARGS = [
  '--headless=new', '--single-process', '--no-sandbox', '--disable-gpu', '--in-process-gpu', `--enable-features=${ENABLED_FEATURES.join(',')}`,
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
  '--font-render-hinting=none', '--no-zygote', '--disable-site-isolation-trials', `--disable-features=${DISABLED_FEATURES.join(',')}`,
];

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

/**
 * Start the browser with a fresh profile; a browser that does not start within
 * the timeout is an error. puppeteer starts it as the leader of a process group
 * of its own (detached), and the group is what is killed: a wrapper script that
 * starts Chromium without `exec` (Debian's /usr/bin/chromium with a temporary
 * profile does) leaves Chromium holding the build's pipes if only the script
 * dies. A signal (util/cleanup.ts) kills the group and removes the profile too.
 */
export async function launchBrowser(opts: { executablePath?: string; timeoutMs: number }): Promise<Browser> {
  const executablePath = opts.executablePath ?? findBrowser();
  notAProgram(executablePath);
  // named by its owner, so that the next build removes the profile of a build killed with SIGKILL
  removeStaleProfiles();
  const profile = mkdtempSync(join(tmpdir(), `irdeck-chrome-${process.pid}-${startTime(process.pid) ?? 0}-`));
  let pid: number | undefined;
  const killGroup = () => { if (pid !== undefined) try { process.kill(-pid, 'SIGKILL'); } catch { /* gone already */ } };
  // a signal while puppeteer is still starting the browser: its PID is not known yet, but its
  // command line names the profile (else Chromium, left alive, makes the removed profile again)
  const cleanup = onCleanup(() => {
    killAndWait(pid === undefined ? processesNaming(`--user-data-dir=${profile}`) : [pid]);
    rmSync(profile, { recursive: true, force: true });
    offGarbage();
  });
  // what the program writes on the DevTools pipe is parsed as JSON inside puppeteer, where a
  // parse error is thrown outside any promise (a raw stack, exit 1): a program writing anything
  // else there is no Chromium, and its group is killed
  let garbage: Error | undefined;
  let rejectGarbage: (e: Error) => void = () => undefined;
  const garbageP = new Promise<never>((_, reject) => { rejectGarbage = reject; });
  garbageP.catch(() => undefined);
  const onUncaught = (err: Error) => {
    if (!(err instanceof SyntaxError && /JSON/.test(err.message) && /onMessage/.test(err.stack ?? ''))) throw err;
    garbage = err;
    killGroup();
    rejectGarbage(err);
  };
  process.on('uncaughtException', onUncaught);
  function offGarbage() { process.off('uncaughtException', onUncaught); }
  try {
    const browser = await Promise.race([garbageP, puppeteer.launch({
      executablePath,
      // one process prints every edition: the second is set as the tab's content, not navigated to (render/pdf.ts)
      args: [...CHROME_ARGS, `--user-data-dir=${profile}`],
      headless: true,
      timeout: opts.timeoutMs,
      protocolTimeout: opts.timeoutMs,
      pipe: true,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    })]);
    const proc = browser.process();
    pid = proc?.pid;
    const close = browser.close.bind(browser);
    // Closing is a kill: nothing in the throwaway profile is kept, and a
    // graceful Browser.close held the build's main thread ~0.1 s in blocking
    // writes to the browser's pipe while it shut down (measured).
    browser.close = async () => {
      try {
        if (proc && proc.exitCode === null && proc.signalCode === null) {
          const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
          killGroup();
          await exited;
        } else if (!proc) {
          await close();
        }
      } finally {
        cleanup();
      }
    };
    // the leader gone (a crash): the rest of its group goes with it, and the profile
    proc?.once('exit', cleanup);
    return browser;
  } catch (err) {
    cleanup();
    throw garbage ? notChromium(executablePath, 'wrote something other than the DevTools protocol') : launchError(executablePath, opts.timeoutMs, err);
  }
}

const notChromium = (path: string, what: string) => new IrdeckError(`the browser ${path} is not a Chromium: it ${what}; set IRDECK_CHROME to a Chromium`, { exitCode: EXIT_INPUT });

/** Processes whose command line holds `arg` (Linux /proc; nothing elsewhere). */
function processesNaming(arg: string): number[] {
  let pids: string[];
  try { pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n)); } catch { return []; }
  return pids.filter((p) => { try { return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(arg); } catch { return false; } }).map(Number);
}

/** SIGKILL each process's group and wait (at most 0.5 s, synchronously: a signal handler cannot await) until none runs. */
function killAndWait(pids: number[]): void {
  for (const p of pids) {
    try { process.kill(-p, 'SIGKILL'); } catch { try { process.kill(p, 'SIGKILL'); } catch { /* gone already */ } }
  }
  const running = (p: number) => { try { return !/^\S+ \(.*\) [ZX]/s.test(readFileSync(`/proc/${p}/stat`, 'utf8')); } catch { return false; } };
  const until = Date.now() + 500;
  while (pids.some(running) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
}

function removeStaleProfiles(): void {
  let names: string[];
  try { names = readdirSync(tmpdir()); } catch { return; }
  for (const n of names) {
    const m = /^irdeck-chrome-(\d+)-(\d+)-/.exec(n);
    if (m && !ownerAlive(m[2] === '0' ? m[1] : `${m[1]} ${m[2]}`)) rmSync(join(tmpdir(), n), { recursive: true, force: true });
  }
}

/** A browser path that cannot be run at all is the user's to fix (exit 2), named in one line. */
function notAProgram(path: string): void {
  let why: string | undefined;
  try {
    const st = statSync(path);
    if (!st.isFile()) why = 'is not a file';
    else accessSync(path, constants.X_OK);
  } catch (err) {
    why ??= (err as NodeJS.ErrnoException).code === 'EACCES' ? 'is not executable (chmod +x?)' : `cannot be run (${(err as NodeJS.ErrnoException).code})`;
  }
  if (why) throw new IrdeckError(`the browser ${path} ${why}; set IRDECK_CHROME to a Chromium`, { exitCode: EXIT_INPUT });
}

function launchError(path: string, timeoutMs: number, err: unknown): IrdeckError {
  const message = (err as Error).message ?? String(err);
  const first = message.split('\n').find((l) => l.trim() && !/^Failed to launch the browser process/.test(l))?.trim() ?? message.split('\n')[0];
  if ((err as Error).name === 'TimeoutError' || /Timed out/i.test(message)) {
    return new IrdeckError(`the browser (${path}) did not start within ${Math.round(timeoutMs / 1000)} s (--timeout)`, { exitCode: EXIT_INTERNAL, cause: err });
  }
  if (/ENOEXEC|EACCES|spawn/.test(message)) return new IrdeckError(`the browser ${path} cannot be run: ${first.slice(0, 200)}`, { exitCode: EXIT_INPUT, cause: err });
  // it ended before speaking the protocol: a crash, or no browser at all. Only on this path
  // is it asked its version: a program printing something else than Chromium's is not one
  const version = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'pipe'] });
  const said = `${version.stdout ?? ''}${version.stderr ?? ''}`.trim();
  if (said && !/chrom|google/i.test(said)) return notChromium(path, `printed ${JSON.stringify(said.split('\n')[0].slice(0, 60))} when asked its --version`);
  return new IrdeckError(`the browser (${path}) did not start within ${Math.round(timeoutMs / 1000)} s or crashed: ${first.slice(0, 200)}`, { exitCode: EXIT_INTERNAL, cause: err });
}
