// The build's long JavaScript work, the chart pictures and then the PPTX, in
// one worker thread. The main thread stays free to drive the browser: every
// step of printing is a message the main thread must answer, and a PPTX written
// on it held the print back by its whole length (~0.5 s on the 2-core machine).
// Charts come first because the PDF waits for them; the PPTX waits for nobody.
// Both editions of a bilingual build share the one worker, every edition's
// charts before any PPTX: Chart.js, the canvas and pptxgenjs load once, and the
// second edition runs on code already compiled (two workers were three busy
// threads beside the browser on two cores, and loaded everything twice).
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { DeckLayout } from '../layout/types.js';
import type { Theme } from '../theme.js';
import type { ChartSpec, ChartStyle } from '../charts/spec.js';
import { IrdeckError, type Diagnostic } from '../errors.js';

export interface RenderJob {
  layout: DeckLayout;
  theme: Theme;
  /** chart pictures to draw, at this scale */
  charts?: { items: { spec: ChartSpec; box: { w: number; h: number } }[]; style: ChartStyle; scale: number };
  /** the PPTX to write, with native charts or the pictures above */
  pptx?: { charts: 'native' | 'image' };
}

/** Each reply names the job (its index in the list) it answers. */
type Reply = { job: number } & (
  | { kind: 'pngs'; entries: [string, Uint8Array][] }
  | { kind: 'pptx'; bytes: Uint8Array }
  | ({ kind: 'error'; part: 'pngs' | 'pptx' } & ErrorReply));

/** An error as it crosses to the main thread (an Error's class and fields do not survive postMessage). */
export interface ErrorReply { message: string; exitCode?: number; diagnostics?: Diagnostic[] }

export interface RenderResults {
  pngs: Promise<Map<string, Buffer>>;
  pptx: Promise<Buffer>;
}

const toBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

// Chart.js and pptxgenjs make many short-lived objects: with room for 64 MB of
// them before a scavenge (V8's default grows to 16 MB semi-spaces only after
// several), the sample's charts and PPTX took ~960 ms in the worker instead of
// ~1010 ms (medians of 6 alternating runs, the worker alone), the full build
// ~1.7% less wall, peak RSS the same within noise. A node flag would do the
// same for the main thread, but `node bin/irdeck.js` cannot be given one.
const YOUNG_MB = 64;

/** What a worker started ahead loads before its jobs arrive. */
export interface Warm { charts: boolean; pptx: boolean }

/** A worker started before the deck is laid out: it loads its code meanwhile, then renders the jobs it is given. */
export interface RenderWorker {
  /** the jobs (once); each result settles as soon as the worker has it */
  render(jobs: RenderJob[]): RenderResults[];
  /** stops a worker that was never given its jobs (the build failed before) */
  dispose(): void;
}

/**
 * Starts the worker now. Starting a thread, loading Chart.js, the canvas (a
 * 30 MB native library) and pptxgenjs took ~150 ms of the worker, which did
 * nothing before the deck was laid out; started with the build, that happens
 * while the main thread reads and lays out the data.
 */
export function startRenderWorker(warm: Warm): RenderWorker {
  const worker = new Worker(new URL(import.meta.url), { workerData: { irdeckRenderWorker: warm }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
  let given = false;
  return {
    render(jobs) {
      if (given) throw new Error('internal: a render worker takes one list of jobs');
      given = true;
      return renderWith(worker, jobs);
    },
    dispose() {
      if (!given) void worker.terminate();
    },
  };
}

function renderWith(worker: Worker, jobs: RenderJob[]): RenderResults[] {
  worker.postMessage(jobs);
  type Waiter = { resolve: (v: never) => void; reject: (e: Error) => void };
  const waiting = new Map<string, Waiter>();
  const promise = <T>(job: number, part: 'pngs' | 'pptx', wanted: boolean): Promise<T> => {
    if (!wanted) return Promise.reject(new Error(`the worker was not asked for ${part}`));
    return new Promise<T>((resolve, reject) => waiting.set(`${job}:${part}`, { resolve: resolve as (v: never) => void, reject }));
  };
  const results: RenderResults[] = jobs.map((job, i) => ({ pngs: promise(i, 'pngs', Boolean(job.charts)), pptx: promise(i, 'pptx', Boolean(job.pptx)) }));
  for (const r of results) {
    r.pngs.catch(() => undefined);
    r.pptx.catch(() => undefined);
  }
  const settle = (key: string, f: (w: Waiter) => void) => {
    const w = waiting.get(key);
    waiting.delete(key);
    if (w) f(w);
    if (waiting.size === 0) void worker.terminate();
  };
  const failAll = (err: Error) => { for (const key of [...waiting.keys()]) settle(key, (w) => w.reject(err)); };
  worker.on('message', (r: Reply) => {
    if (r.kind === 'pngs') settle(`${r.job}:pngs`, (w) => w.resolve(new Map(r.entries.map(([id, b]) => [id, toBuffer(b)])) as never));
    else if (r.kind === 'pptx') settle(`${r.job}:pptx`, (w) => w.resolve(toBuffer(r.bytes) as never));
    else {
      const err = errorFromReply(r);
      settle(`${r.job}:${r.part}`, (w) => w.reject(err));
      // the PPTX cannot be made without the pictures it was to show
      if (r.part === 'pngs' && jobs[r.job].pptx?.charts === 'image') settle(`${r.job}:pptx`, (w) => w.reject(err));
    }
  });
  worker.once('error', failAll);
  worker.once('exit', (code) => failAll(new Error(`the render worker stopped (exit code ${code}) before it finished`)));
  return results;
}

/** What the worker sends of an error: its message, and an IrdeckError's exit code and every diagnostic it carries. */
export function errorReplyOf(err: unknown): ErrorReply {
  const message = (err as Error)?.message ?? String(err);
  if (!(err instanceof IrdeckError)) return { message };
  return { message, exitCode: err.exitCode, diagnostics: err.diagnostics };
}

/** The error again on the main thread, diagnostics and exit code as the worker found them. */
export function errorFromReply(r: ErrorReply): Error {
  if (r.exitCode === undefined) return new Error(r.message);
  return new IrdeckError(r.message, { exitCode: r.exitCode, diagnostics: r.diagnostics ?? [] });
}

function errorReply(job: number, part: 'pngs' | 'pptx', err: unknown): Reply {
  return { job, kind: 'error', part, ...errorReplyOf(err) };
}

/** Every job's charts, then every job's PPTX (the PDFs wait for the charts; the PPTXs wait for nobody). */
async function run(jobs: RenderJob[], port: NonNullable<typeof parentPort>): Promise<void> {
  const pngs: (Map<string, Buffer> | undefined)[] = [];
  for (const [i, job] of jobs.entries()) pngs[i] = job.charts ? await charts(i, job, port) : undefined;
  for (const [i, job] of jobs.entries()) {
    if (!job.pptx || (job.pptx.charts === 'image' && job.charts && !pngs[i])) continue;
    try {
      const { renderPptx } = await import('../render/pptx.js');
      const bytes = await renderPptx(job.layout, { theme: job.theme, charts: job.pptx.charts, chartPngs: pngs[i] });
      const out = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      port.postMessage({ job: i, kind: 'pptx', bytes: out } satisfies Reply);
    } catch (err) {
      port.postMessage(errorReply(i, 'pptx', err));
    }
  }
}

/** One job's chart pictures, sent; kept when its PPTX shows them. */
async function charts(i: number, job: RenderJob, port: NonNullable<typeof parentPort>): Promise<Map<string, Buffer> | undefined> {
  try {
    const { renderChartsPng } = await import('../charts/png.js');
    const pngs = await renderChartsPng(job.charts!.items, job.charts!.style, job.charts!.scale);
    // handed over without a copy when the PPTX does not need them and a
    // picture owns its whole memory (a small Buffer may share Node's pool)
    const keep = job.pptx?.charts === 'image';
    const movable = (b: Buffer) => !keep && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength;
    const entries = [...pngs].map(([id, b]) => [id, movable(b) ? new Uint8Array(b.buffer) : new Uint8Array(b)] as [string, Uint8Array]);
    const moved = [...pngs.values()].filter(movable).map((b) => b.buffer as ArrayBuffer);
    port.postMessage({ job: i, kind: 'pngs', entries } satisfies Reply, moved);
    return keep ? pngs : undefined;
  } catch (err) {
    port.postMessage(errorReply(i, 'pngs', err));
    return undefined;
  }
}

const warmOf = (data: unknown): Warm | undefined => (data as { irdeckRenderWorker?: Warm } | null)?.irdeckRenderWorker;

const started = isMainThread ? undefined : warmOf(workerData);
if (started && parentPort) {
  const port = parentPort;
  // the code the jobs will run, loaded while the main thread lays out the deck (a failure shows when the job runs it)
  const loading = Promise.all([started.charts ? import('../charts/png.js') : undefined, started.pptx ? import('../render/pptx.js') : undefined]).catch(() => undefined);
  port.once('message', (jobs: RenderJob[]) => { void loading.then(() => run(jobs, port)); });
}
