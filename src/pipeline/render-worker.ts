// The build's long JavaScript work, the chart pictures and then the PPTX, in
// one worker thread. The main thread stays free to drive the browser: every
// step of printing is a message the main thread must answer, and a PPTX written
// on it held the print back by its whole length (~0.5 s on the 2-core machine).
// Charts come first because the PDF waits for them; the PPTX waits for nobody.
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

type Reply =
  | { kind: 'pngs'; entries: [string, Uint8Array][] }
  | { kind: 'pptx'; bytes: Uint8Array }
  | ({ kind: 'error'; part: 'pngs' | 'pptx' } & ErrorReply);

/** An error as it crosses to the main thread (an Error's class and fields do not survive postMessage). */
export interface ErrorReply { message: string; exitCode?: number; diagnostics?: Diagnostic[] }

export interface RenderResults {
  pngs: Promise<Map<string, Buffer>>;
  pptx: Promise<Buffer>;
}

const toBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** Starts the worker; each result settles as soon as the worker has it. */
export function renderInWorker(job: RenderJob): RenderResults {
  const worker = new Worker(new URL(import.meta.url), { workerData: job });
  const waiting = new Map<'pngs' | 'pptx', { resolve: (v: never) => void; reject: (e: Error) => void }>();
  const promise = <T>(part: 'pngs' | 'pptx', wanted: boolean): Promise<T> => {
    if (!wanted) return Promise.reject(new Error(`the worker was not asked for ${part}`));
    return new Promise<T>((resolve, reject) => waiting.set(part, { resolve: resolve as (v: never) => void, reject }));
  };
  const results: RenderResults = { pngs: promise('pngs', Boolean(job.charts)), pptx: promise('pptx', Boolean(job.pptx)) };
  results.pngs.catch(() => undefined);
  results.pptx.catch(() => undefined);
  const settle = (part: 'pngs' | 'pptx', f: (w: { resolve: (v: never) => void; reject: (e: Error) => void }) => void) => {
    const w = waiting.get(part);
    waiting.delete(part);
    if (w) f(w);
    if (waiting.size === 0) void worker.terminate();
  };
  const failAll = (err: Error) => { for (const part of [...waiting.keys()]) settle(part, (w) => w.reject(err)); };
  worker.on('message', (r: Reply) => {
    if (r.kind === 'pngs') settle('pngs', (w) => w.resolve(new Map(r.entries.map(([id, b]) => [id, toBuffer(b)])) as never));
    else if (r.kind === 'pptx') settle('pptx', (w) => w.resolve(toBuffer(r.bytes) as never));
    else {
      const err = errorFromReply(r);
      // the PPTX cannot be made without the pictures it was to show
      if (r.part === 'pngs' && job.pptx?.charts === 'image') failAll(err);
      else settle(r.part, (w) => w.reject(err));
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

function errorReply(part: 'pngs' | 'pptx', err: unknown): Reply {
  return { kind: 'error', part, ...errorReplyOf(err) };
}

async function run(job: RenderJob, port: NonNullable<typeof parentPort>): Promise<void> {
  let pngs: Map<string, Buffer> | undefined;
  if (job.charts) {
    try {
      const { renderChartsPng } = await import('../charts/png.js');
      pngs = await renderChartsPng(job.charts.items, job.charts.style, job.charts.scale);
      // handed over without a copy when the PPTX below does not need them and a
      // picture owns its whole memory (a small Buffer may share Node's pool)
      const keep = job.pptx?.charts === 'image';
      const movable = (b: Buffer) => !keep && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength;
      const entries = [...pngs].map(([id, b]) => [id, movable(b) ? new Uint8Array(b.buffer) : new Uint8Array(b)] as [string, Uint8Array]);
      const moved = [...pngs.values()].filter(movable).map((b) => b.buffer as ArrayBuffer);
      port.postMessage({ kind: 'pngs', entries } satisfies Reply, moved);
    } catch (err) {
      port.postMessage(errorReply('pngs', err));
      if (job.pptx?.charts === 'image') return;
    }
  }
  if (job.pptx) {
    try {
      const { renderPptx } = await import('../render/pptx.js');
      const bytes = await renderPptx(job.layout, { theme: job.theme, charts: job.pptx.charts, chartPngs: pngs });
      const out = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      port.postMessage({ kind: 'pptx', bytes: out } satisfies Reply);
    } catch (err) {
      port.postMessage(errorReply('pptx', err));
    }
  }
}

if (!isMainThread && parentPort && (workerData as RenderJob | undefined)?.layout) {
  await run(workerData as RenderJob, parentPort);
}
