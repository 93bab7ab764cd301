// Things to undo however the process ends: a lock to release, a browser
// profile and a staging folder to remove, a browser process group to kill.
// While any step is registered, SIGINT, SIGTERM and SIGHUP run every step
// (synchronously: nothing asynchronous runs once a signal handler decides to
// exit) and end the process with 128 + the signal's number, as a shell reports
// it; so does a normal exit. With no step registered the handlers are removed
// again, so `preview` keeps its own Ctrl-C and a library caller its defaults.
const steps = new Set<() => void>();

function runAll(): void {
  for (const s of [...steps].reverse()) {
    try { s(); } catch { /* the next step still runs */ }
  }
}

const SIGNALS: [NodeJS.Signals, number][] = [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]];
const handlers = SIGNALS.map(([sig, n]) => [sig, () => { runAll(); process.exit(128 + n); }] as const);

function setInstalled(on: boolean): void {
  const set = on ? process.on.bind(process) : process.off.bind(process);
  for (const [sig, h] of handlers) set(sig, h);
  set('exit', runAll);
}

/** Register a step; the returned function runs it now (once) and unregisters it. */
export function onCleanup(step: () => void): () => void {
  if (steps.size === 0) setInstalled(true);
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    steps.delete(once);
    if (steps.size === 0) setInstalled(false);
    step();
  };
  steps.add(once);
  return once;
}
