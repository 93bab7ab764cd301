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
import type { Theme } from '../theme.js';
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

async function chartPngs(layout: DeckLayout, theme: Theme, inWorker: boolean): Promise<Map<string, Buffer>> {
  const items = layout.slides.flatMap((s) => s.elements.flatMap((e) => (e.kind === 'chart' ? [{ spec: e.chart, box: { w: e.box.w, h: e.box.h } }] : [])));
  if (inWorker) return (await import('../charts/worker.js')).renderChartsInWorker(items, chartStyle(theme), 2);
  const { renderChartsPng } = await import('../charts/png.js');
  return renderChartsPng(items, chartStyle(theme), 2);
}

export async function build(file: string, opts: BuildOptions): Promise<BuildResult> {
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
  const want = new Set(opts.formats);
  const written: BuildResult['written'] = [];
  const put = (ext: string, data: Buffer | string) => {
    const path = join(outDir, `${name}.${ext}`);
    writeFileAtomic(path, data);
    written.push({ path, bytes: statSync(path).size });
  };

  return withLock(join(outDir, `.${name}.lock`), async () => {
    const needPng = want.has('html') || want.has('pdf') || opts.charts === 'image';
    // the browser boots while the charts are drawn and the PPTX is written
    const browserP = want.has('pdf') ? import('../render/browser.js').then((b) => b.launchBrowser({ executablePath: opts.browserPath, timeoutMs: opts.timeoutMs ?? 30_000 })) : undefined;
    browserP?.catch(() => undefined); // awaited below; avoid an unhandled rejection meanwhile
    // native charts need no pictures: draw the PNGs in a worker thread while this one writes the PPTX
    const overlap = needPng && want.has('pptx') && opts.charts === 'native';
    const pngsP = needPng ? stage('charts', () => chartPngs(laid.layout, laid.theme, overlap)) : Promise.resolve(new Map<string, Buffer>());
    pngsP.catch(() => undefined);
    try {
      if (want.has('pptx')) {
        const { renderPptx } = await import('../render/pptx.js');
        const chartPngsForPptx = opts.charts === 'image' ? await pngsP : undefined;
        put('pptx', await stage('pptx', () => renderPptx(laid.layout, { theme: laid.theme, charts: opts.charts, chartPngs: chartPngsForPptx })));
      }
      const pngs = await pngsP;
      let html: string | undefined;
      if (want.has('html') || want.has('pdf')) {
        const { renderHtml } = await import('../render/html.js');
        html = await stage('html', () => renderHtml(laid.layout, { theme: laid.theme, chartPngs: pngs, draft: opts.draft, mode: 'document' }));
      }
      let pdfP: Promise<Buffer> | undefined;
      if (want.has('pdf')) {
        const { renderPdf } = await import('../render/pdf.js');
        pdfP = stage('pdf', async () => renderPdf(html!, laid.layout, { browser: await browserP!, timeoutMs: opts.timeoutMs ?? 30_000, workDir: outDir }));
        pdfP.catch(() => undefined);
      }
      if (want.has('html') && html !== undefined) put('html', html);
      await stage('tieout', () => writeTieOut(outDir, name, laid, written));
      if (pdfP) {
        try {
          put('pdf', await pdfP);
        } finally {
          await (await browserP!).close().catch(() => undefined);
        }
      }
    } catch (err) {
      if (browserP) await browserP.then((b) => b.close()).catch(() => undefined);
      if (err instanceof IrdeckError) throw err;
      throw new IrdeckError(`build failed: ${(err as Error).message}`, { exitCode: EXIT_INTERNAL, cause: err });
    }
    return { written, laid, timings };
  });
}
