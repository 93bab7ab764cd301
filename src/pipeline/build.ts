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

export type Format = 'pptx' | 'pdf' | 'html';

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
function startRendering(laid: Laid, items: ChartItem[], want: Set<Format>, charts: 'native' | 'image', stage: Stage): { pngsP: Promise<Map<string, Buffer>>; pptxP?: Promise<Buffer> } {
  const needPng = want.has('html') || want.has('pdf') || (want.has('pptx') && charts === 'image');
  const chartJob = needPng ? { items, style: chartStyle(laid.theme), scale: 2 } : undefined;
  const pptxJob = want.has('pptx') ? { charts } : undefined;
  const none = Promise.resolve(new Map<string, Buffer>());
  const started = (async (): Promise<{ pngs: Promise<Map<string, Buffer>>; pptx?: Promise<Buffer> }> => {
    if (want.has('pdf') || charts === 'image') {
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
  const want = new Set(opts.formats);
  // Chromium takes ~0.4 s to start: it boots while the data is read and laid out
  const browserP = want.has('pdf') ? import('../render/browser.js').then((b) => b.launchBrowser({ executablePath: opts.browserPath, timeoutMs: opts.timeoutMs ?? 30_000 })) : undefined;
  browserP?.catch(() => undefined); // awaited later; no unhandled rejection meanwhile
  let closing: Promise<void> | undefined;
  const closeBrowser = () => (closing ??= browserP?.then((b) => b.close()).catch(() => undefined));
  try {
    return await buildWith(file, opts, want, browserP, closeBrowser);
  } finally {
    await closeBrowser();
  }
}

async function buildWith(file: string, opts: BuildOptions, want: Set<Format>, browserP: Promise<Browser> | undefined, closeBrowser: () => Promise<void> | undefined): Promise<BuildResult> {
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
    const printP = browserP ? stage('print', () => printWithPlaceholders(laid, items.map((i) => i.spec.id), opts, browserP, outDir)) : undefined;
    printP?.catch(() => undefined);
    const { pngsP, pptxP } = startRendering(laid, items, want, opts.charts, stage);
    try {
      // written while the browser boots: finding the sentences' lines reads the data file again
      await stage('tieout', () => writeTieOut(outDir, name, laid, written));
      const pngs = await pngsP;
      if (want.has('html')) {
        const [{ renderHtml }, { cjkFontCss }] = await Promise.all([import('../render/html.js'), import('../render/cjk-font.js')]);
        const cjk = await stage('html-fonts', () => cjkFontCss(laid.layout, laid.theme));
        put('html', await stage('html', () => renderHtml(laid.layout, { theme: laid.theme, chartPngs: pngs, draft: opts.draft, mode: 'document', cjkFontCss: cjk })));
      }
      // a browser that fails still leaves the PPTX, HTML and tie-out written
      let pdf: Buffer | undefined;
      let pdfError: unknown;
      if (printP) {
        try {
          const raw = await printP;
          void closeBrowser(); // its work is done: it shuts down while the PDF is finished
          const { finishPdf } = await import('../render/pdf.js');
          pdf = await stage('pdf', () => finishPdf(raw, laid.layout, items.map((i) => pngs.get(i.spec.id)!)));
        } catch (err) {
          pdfError = err;
        }
      }
      if (pptxP) put('pptx', await pptxP);
      if (pdfError !== undefined) throw pdfError;
      if (pdf) put('pdf', pdf);
    } catch (err) {
      if (err instanceof IrdeckError) throw err;
      throw new IrdeckError(`build failed: ${(err as Error).message}`, { exitCode: EXIT_INTERNAL, cause: err });
    }
    return { written, laid, timings };
  });
}
