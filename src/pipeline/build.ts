// One build, all formats: load -> model -> compose -> layout -> charts -> PPTX,
// HTML, PDF. Work is shared (charts are rendered once; the browser starts while
// the PPTX is written). Every output is written atomically, so a failure at any
// stage leaves the previous outputs as they were.
import { basename, extname, join, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { inputError, IrdeckError, EXIT_INTERNAL } from '../errors.js';
import { writeFileAtomic } from '../util/atomic.js';
import { withLock } from '../util/lock.js';
import { loadModel } from './load-model.js';
import { composeAndLayout, type Laid } from './compose-deck.js';
import { chartStyleOf } from '../render/style.js';
import type { DeckLayout } from '../layout/types.js';
import type { Browser } from 'puppeteer-core';
import type { ChartSpec } from '../charts/spec.js';
import { writeTieOut } from './tieout.js';
import { layoutDiagnostics } from './layout-check.js';
import { chartIds, outputsFor, type Format, type OutputContext, type OutputFormat } from './outputs.js';

export type { Format };

export interface BuildOptions {
  formats: Format[];
  outDir: string;
  charts: 'native' | 'image';
  draft?: boolean;
  /** a folder holding deck.yaml (default: the project's templates/) */
  templatesDir?: string;
  browserPath?: string;
  /** browser launch and print timeout */
  timeoutMs?: number;
  /** called when a stage starts and ends */
  progress?: (event: { stage: string; done: boolean; ms?: number }) => void;
}

export interface BuildResult {
  written: { path: string; bytes: number }[];
  laid: Laid;
  timings: Record<string, number>;
}

export const chartStyle = chartStyleOf;

export function deckName(file: string): string {
  return basename(file, extname(file));
}

type ChartItem = { spec: ChartSpec; box: { w: number; h: number } };
type Stage = <T>(name: string, fn: () => Promise<T> | T) => Promise<T>;

function chartItems(layout: DeckLayout): ChartItem[] {
  return layout.slides.flatMap((s) => s.elements.flatMap((e) => (e.kind === 'chart' ? [{ spec: e.chart, box: { w: e.box.w, h: e.box.h } }] : [])));
}

/**
 * Chart pictures (for the HTML, the PDF, or a PPTX of pictures) and the PPTX.
 * When a PDF is made, or the PPTX shows the pictures, both go to one worker
 * thread (pipeline/render-worker.ts), pictures first: the main thread is then
 * free to drive the browser. Otherwise the pictures are drawn in a worker while
 * this thread writes the PPTX, or here when they are the only work. (Two
 * workers, or the PPTX here beside the browser, measured slower: three busy
 * threads on two cores.)
 */
function startRendering(laid: Laid, items: ChartItem[], want: OutputFormat[], charts: 'native' | 'image', stage: Stage): { pngsP: Promise<Map<string, Buffer>>; pptxP?: Promise<Buffer> } {
  const needPng = want.some((o) => o.needs.pictures(charts));
  const chartJob = needPng ? { items, style: chartStyle(laid.theme), scale: 2 } : undefined;
  const pptxJob = want.some((o) => o.needs.pptx) ? { charts } : undefined;
  const none = Promise.resolve(new Map<string, Buffer>());
  const started = (async (): Promise<{ pngs: Promise<Map<string, Buffer>>; pptx?: Promise<Buffer> }> => {
    if (want.some((o) => o.needs.browser) || charts === 'image') {
      const { renderInWorker } = await import('./render-worker.js');
      return renderInWorker({ layout: laid.layout, theme: laid.theme, charts: chartJob, pptx: pptxJob });
    }
    let pngs = none;
    if (chartJob && pptxJob) pngs = import('./render-worker.js').then((w) => w.renderInWorker({ layout: laid.layout, theme: laid.theme, charts: chartJob }).pngs);
    else if (chartJob) pngs = import('../charts/png.js').then((c) => c.renderChartsPng(chartJob.items, chartJob.style, chartJob.scale));
    const pptx = pptxJob ? import('../render/pptx.js').then((r) => r.renderPptx(laid.layout, { theme: laid.theme, charts })) : undefined;
    pptx?.catch(() => undefined); // awaited through pptxP below
    return { pngs, pptx };
  })();
  const pngsP = chartJob ? stage('charts', () => started.then((r) => r.pngs)) : none;
  const pptxP = pptxJob ? stage('pptx', () => started.then((r) => r.pptx!)) : undefined;
  pngsP.catch(() => undefined);
  pptxP?.catch(() => undefined);
  return { pngsP, pptxP };
}

/** Chromium's PDF of the deck, each chart a 1x1 placeholder (render/pdf-charts.ts). */
async function printWithPlaceholders(laid: Laid, chartIds: string[], opts: BuildOptions, browserP: Promise<Browser>, workDir: string): Promise<Buffer> {
  const [{ renderHtml }, { chartPlaceholders }, { printPdf }] = await Promise.all([import('../render/html.js'), import('../render/pdf-charts.js'), import('../render/pdf.js')]);
  const html = renderHtml(laid.layout, { theme: laid.theme, chartPngs: chartPlaceholders(chartIds), draft: opts.draft, mode: 'document', fonts: 'installed' });
  return printPdf(html, { browser: await browserP, timeoutMs: opts.timeoutMs ?? 30_000, workDir });
}

export async function build(file: string, opts: BuildOptions): Promise<BuildResult> {
  const want = outputsFor(opts.formats);
  // Chromium takes ~0.4 s to start: it boots while the data is read and laid out
  const needsBrowser = want.some((o) => o.needs.browser);
  const browserP = needsBrowser ? import('../render/browser.js').then((b) => b.launchBrowser({ executablePath: opts.browserPath, timeoutMs: opts.timeoutMs ?? 30_000 })) : undefined;
  browserP?.catch(() => undefined); // awaited later; no unhandled rejection meanwhile
  let closing: Promise<void> | undefined;
  const closeBrowser = () => (closing ??= browserP?.then((b) => b.close()).catch(() => undefined));
  try {
    return await buildWith(file, opts, want, browserP, closeBrowser);
  } finally {
    await closeBrowser();
  }
}

async function buildWith(file: string, opts: BuildOptions, want: OutputFormat[], browserP: Promise<Browser> | undefined, closeBrowser: () => Promise<void> | undefined): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  const stage = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    opts.progress?.({ stage: name, done: false });
    const t0 = performance.now();
    const r = await fn();
    timings[name] = performance.now() - t0;
    opts.progress?.({ stage: name, done: true, ms: timings[name] });
    return r;
  };
  const checked = await stage('load', () => loadModel(file));
  const laid = await stage('layout', () => composeAndLayout(checked, { draft: opts.draft, templatesDir: opts.templatesDir }));
  const problems = layoutDiagnostics(file, laid);
  if (problems.length) throw inputError(problems, `${problems.length} slide element(s) do not fit; shorten the text or change the layout`);

  const name = deckName(file);
  const outDir = resolve(opts.outDir);
  const written: BuildResult['written'] = [];
  const put = (ext: string, data: Buffer | string) => {
    const path = join(outDir, `${name}.${ext}`);
    writeFileAtomic(path, data);
    written.push({ path, bytes: statSync(path).size });
  };

  return withLock(join(outDir, `.${name}.lock`), async () => {
    // the PDF is printed with a placeholder for each chart, so printing needs
    // no chart and runs beside everything else; finishPdf puts the charts in
    const items = chartItems(laid.layout);
    const printP = browserP ? stage('print', () => printWithPlaceholders(laid, chartIds(laid), opts, browserP, outDir)) : undefined;
    printP?.catch(() => undefined);
    const { pngsP, pptxP } = startRendering(laid, items, want, opts.charts, stage);
    try {
      // written while the browser boots: finding the sentences' lines reads the data file again
      await stage('tieout', () => writeTieOut(outDir, name, laid, written));
      const missing = (what: string) => () => Promise.reject(new Error(`internal: no output asked for ${what}`));
      const ctx: OutputContext = {
        laid,
        checked,
        draft: Boolean(opts.draft),
        pictures: () => pngsP,
        pptx: pptxP ? () => pptxP : missing('the PPTX'),
        printed: printP ? () => printP : missing('the browser'),
        closeBrowser: () => void closeBrowser(),
        stage,
      };
      // every output starts at once (the PDF is finished here while the worker
      // writes the PPTX); they are written in the registry's order, and one
      // that fails (a browser that does not start) still leaves the others written
      const made = want.map((o) => o.render(ctx));
      for (const m of made) m.catch(() => undefined);
      let firstError: unknown;
      for (const [i, o] of want.entries()) {
        try {
          put(o.name, await made[i]);
        } catch (err) {
          firstError ??= err;
        }
      }
      if (firstError !== undefined) throw firstError;
    } catch (err) {
      if (err instanceof IrdeckError) throw err;
      throw new IrdeckError(`build failed: ${(err as Error).message}`, { exitCode: EXIT_INTERNAL, cause: err });
    }
    return { written, laid, timings };
  });
}
