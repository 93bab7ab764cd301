// One build, all formats: load -> model -> compose -> layout -> charts -> PPTX,
// HTML, PDF. Work is shared (charts are rendered once; the browser starts while
// the PPTX is written). Every output is written atomically, so a failure at any
// stage leaves the previous outputs as they were.
import { basename, extname, join, resolve } from 'node:path';
import { inputError, IrdeckError, EXIT_INTERNAL } from '../errors.js';
import { StagedSet } from '../util/publish.js';
import { userErrno } from '../util/user-errno.js';
import { withLock } from '../util/lock.js';
import { checkedIn, loadModel, type Checked } from './load-model.js';
import type { Lang } from '../data/schema.js';
import { composeAndLayout, deckCacheDir, type Laid } from './compose-deck.js';
import { chartStyleOf } from '../render/style.js';
import type { DeckLayout } from '../layout/types.js';
import type { Browser } from 'puppeteer-core';
import type { ChartSpec } from '../charts/spec.js';
import { tieOutFiles } from './tieout.js';
import { layoutDiagnostics } from './layout-check.js';
import { chartIds, outputsFor, type Format, type OutputContext, type OutputFormat } from './outputs.js';
import type { RenderWorker, Warm } from './render-worker.js';

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
  /** when (performance.now()) launching and printing must be done; set by build() from timeoutMs */
  deadline?: number;
  /** the languages to build, of those the data file lists (default: all of them) */
  languages?: string[];
  /** called when a stage starts and ends */
  progress?: (event: { stage: string; done: boolean; ms?: number }) => void;
}

export interface BuildResult {
  written: { path: string; bytes: number }[];
  /** the first language's deck */
  laid: Laid;
  /** every language's deck, in the order built */
  decks: { lang: Lang; laid: Laid }[];
  timings: Record<string, number>;
}

/** The languages asked for, each one the data file lists; the file's own order (the primary first) when none is asked for. */
function languagesToBuild(file: string, checked: Checked, asked: string[] | undefined): Lang[] {
  const listed = checked.loaded.languages;
  if (!asked?.length) return listed;
  const bad = asked.filter((l) => !(listed as string[]).includes(l));
  if (bad.length) {
    throw inputError([{ file, ...checked.loaded.locate(['languages']), path: 'languages', rule: 'build/language', severity: 'error',
      message: `--lang ${bad.join(',')}: the file lists languages [${listed.join(', ')}]` }]);
  }
  return [...new Set(asked)] as Lang[];
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

interface Rendering { pngsP: Promise<Map<string, Buffer>>; pptxP?: Promise<Buffer> }

/**
 * Chart pictures (for the HTML, the PDF, or a PPTX of pictures) and the PPTX,
 * for each deck (language). When a PDF is made, or the PPTX shows the
 * pictures, all of it goes to one worker thread (pipeline/render-worker.ts),
 * every deck's pictures first: the main thread is then free to drive the
 * browser. Otherwise the pictures are drawn in a worker while this thread
 * writes the PPTX, or here when they are the only work. (Two workers, or the
 * PPTX here beside the browser, measured slower: three busy threads on two cores.)
 */
function startRendering(decks: Laid[], want: OutputFormat[], charts: 'native' | 'image', stage: Stage, workerP: Promise<RenderWorker> | undefined): Rendering[] {
  const plan = workPlan(want, charts);
  const jobs = decks.map((laid) => ({
    laid,
    chartJob: plan.pictures ? { items: chartItems(laid.layout), style: chartStyle(laid.theme), scale: 2 } : undefined,
    pptxJob: plan.pptx ? { charts } : undefined,
  }));
  const none = Promise.resolve(new Map<string, Buffer>());
  const worker = () => {
    if (!workerP) throw new Error('internal: no render worker was started for this build');
    return workerP;
  };
  const shared = plan.oneWorker && jobs.length > 0 && (plan.pictures || plan.pptx)
    ? worker().then((w) => w.render(jobs.map((j) => ({ layout: j.laid.layout, theme: j.laid.theme, charts: j.chartJob, pptx: j.pptxJob }))))
    : undefined;
  return jobs.map(({ laid, chartJob, pptxJob }, i): Rendering => {
    const started = (async (): Promise<{ pngs: Promise<Map<string, Buffer>>; pptx?: Promise<Buffer> }> => {
      if (shared) return (await shared)[i];
      let pngs = none;
      // the worker started with the build draws the first edition's pictures; another edition's get a worker of its own
      if (chartJob && pptxJob) {
        const w = i === 0 ? worker() : import('./render-worker.js').then((m) => m.startRenderWorker({ charts: true, pptx: false }));
        pngs = w.then((x) => x.render([{ layout: laid.layout, theme: laid.theme, charts: chartJob }])[0].pngs);
      } else if (chartJob) pngs = import('../charts/png.js').then((c) => c.renderChartsPng(chartJob.items, chartJob.style, chartJob.scale));
      const pptx = pptxJob ? import('../render/pptx.js').then((r) => r.renderPptx(laid.layout, { theme: laid.theme, charts })) : undefined;
      pptx?.catch(() => undefined); // awaited through pptxP below
      return { pngs, pptx };
    })();
    const pngsP = chartJob ? stage('charts', () => started.then((r) => r.pngs)) : none;
    const pptxP = pptxJob ? stage('pptx', () => started.then((r) => r.pptx!)) : undefined;
    pngsP.catch(() => undefined);
    pptxP?.catch(() => undefined);
    return { pngsP, pptxP };
  });
}

/** What a build's outputs ask of the charts, the PPTX and the worker (known before the data is read). */
function workPlan(want: OutputFormat[], charts: 'native' | 'image') {
  const pictures = want.some((o) => o.needs.pictures(charts));
  const pptx = want.some((o) => o.needs.pptx);
  // everything in one worker when the main thread drives a browser, or the PPTX shows the pictures
  const oneWorker = want.some((o) => o.needs.browser) || charts === 'image';
  const worker: Warm | undefined = oneWorker && (pictures || pptx) ? { charts: pictures, pptx } : pictures && pptx ? { charts: true, pptx: false } : undefined;
  return { pictures, pptx, oneWorker, worker };
}

/** Chromium's PDF of the deck, each chart a 1x1 placeholder (render/pdf-charts.ts). */
async function printWithPlaceholders(laid: Laid, chartIds: string[], opts: BuildOptions, browserP: Promise<Browser>, workDir: string): Promise<Buffer> {
  const [{ renderHtml }, { chartPlaceholders }, { printPdf }] = await Promise.all([import('../render/html.js'), import('../render/pdf-charts.js'), import('../render/pdf.js')]);
  const html = renderHtml(laid.layout, { theme: laid.theme, chartPngs: chartPlaceholders(chartIds), draft: opts.draft, mode: 'document', fonts: 'installed', cacheDir: deckCacheDir() });
  return printPdf(html, { browser: await browserP, timeoutMs: opts.timeoutMs ?? 30_000, workDir, deadline: opts.deadline });
}

export async function build(file: string, opts: BuildOptions): Promise<BuildResult> {
  const want = outputsFor(opts.formats);
  opts = { ...opts, deadline: performance.now() + (opts.timeoutMs ?? 30_000) };
  // Chromium takes ~0.4 s to start: it boots while the data is read and laid out
  const needsBrowser = want.some((o) => o.needs.browser);
  const browserP = needsBrowser ? import('../render/browser.js').then((b) => b.launchBrowser({ executablePath: opts.browserPath, timeoutMs: opts.timeoutMs ?? 30_000 })) : undefined;
  browserP?.catch(() => undefined); // awaited later; no unhandled rejection meanwhile
  // and the render worker loads Chart.js, the canvas and pptxgenjs meanwhile too
  const warm = workPlan(want, opts.charts).worker;
  const workerP = warm ? import('./render-worker.js').then((w) => w.startRenderWorker(warm)) : undefined;
  workerP?.catch(() => undefined);
  let closing: Promise<void> | undefined;
  const closeBrowser = () => (closing ??= browserP?.then((b) => b.close()).catch(() => undefined));
  try {
    return await buildWith(file, opts, want, browserP, closeBrowser, workerP);
  } finally {
    // a worker never given its jobs (the data had problems) stops here
    void workerP?.then((w) => w.dispose(), () => undefined);
    await closeBrowser();
  }
}

async function buildWith(file: string, opts: BuildOptions, want: OutputFormat[], browserP: Promise<Browser> | undefined, closeBrowser: () => Promise<void> | undefined,
  workerP: Promise<RenderWorker> | undefined): Promise<BuildResult> {
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
  const languages = languagesToBuild(file, checked, opts.languages);
  // one data load and one model's figures; each language composed and laid out
  const decks = await stage('layout', () => languages.map((lang) => ({ lang, laid: composeAndLayout(checkedIn(checked, lang), { draft: opts.draft, templatesDir: opts.templatesDir, lang }) })));
  const problems = decks.flatMap((d) => layoutDiagnostics(file, d.laid));
  if (problems.length) {
    const text = problems.filter((d) => d.rule.startsWith('text/')).length;
    const says = `${text} sentence(s) of the data file say what the figures do not`;
    const fit = `${problems.length - text} slide element(s) do not fit; shorten the text or change the layout`;
    throw inputError(problems, text === problems.length ? says : `${fit}${text ? `; ${text} sentence(s) say what the figures do not` : ''}`);
  }

  const name = deckName(file);
  const outDir = resolve(opts.outDir);
  // a file in several languages names each output by its language (fy2008-1h.ja.pdf); one in a single language keeps the plain name
  const multi = checked.loaded.languages.length > 1;
  const named = (lang: Lang) => (multi ? `${name}.${lang}` : name);

  return withLock(join(outDir, `.${name}.lock`), async () => {
    // every output of every language goes into one staging folder and is published as one set, or not at all (util/publish.ts)
    const staged = new StagedSet(outDir);
    try {
      // the browser is shared: it shuts down once the last language has printed
      let printing = decks.length;
      const printed = () => { if (--printing === 0) void closeBrowser(); };
      // and prints one deck at a time in its one tab, while the other
      // language's charts and PPTX are drawn
      let queue: Promise<unknown> = Promise.resolve();
      const inTurn = <T>(job: () => Promise<T>): Promise<T> => {
        const turn = queue.then(job, job);
        queue = turn.catch(() => undefined);
        return turn;
      };
      const rendering = startRendering(decks.map((d) => d.laid), want, opts.charts, stage, workerP);
      // an output written once for all editions goes with the first, under the plain name
      const runs = decks.map((d, i) => renderAll(d.laid, checkedIn(checked, d.lang), { own: named(d.lang), once: i === 0 ? name : undefined }, staged, opts,
        want, browserP, printed, stage, inTurn, rendering[i]));
      for (const r of runs) r.catch(() => undefined);
      const results = [];
      let firstError: unknown;
      for (const r of runs) {
        try { results.push(await r); } catch (err) { firstError ??= err; }
      }
      const failed = results.flatMap((r) => r.failed);
      if (firstError === undefined && failed.length === 0) await staged.publish();
      else if (!staged.replacesAnything([...results.flatMap((r) => [...r.sizes.keys()]), ...failed])) await staged.publish();
      const err = firstError ?? results.find((r) => r.error !== undefined)?.error;
      if (err !== undefined) {
        if (err instanceof IrdeckError || userErrno(err)) throw err;
        throw new IrdeckError(`build failed: ${(err as Error).message}`, { exitCode: EXIT_INTERNAL, cause: err });
      }
      const written = results.flatMap((r) => [...r.sizes].map(([n, bytes]) => ({ path: join(staged.outDir, n), bytes })));
      return { written, laid: decks[0].laid, decks, timings };
    } finally {
      staged.discard();
    }
  });
}

/**
 * One language's outputs, staged as `names.own`.<ext>, and those written once
 * for every edition as `names.once`.<ext> (given to the first language only);
 * what failed is reported, not thrown, so the other language's outputs are
 * kept as the set allows.
 */
async function renderAll(
  laid: Laid, checked: Checked, names: { own: string; once?: string }, staged: StagedSet, opts: BuildOptions, allWanted: OutputFormat[],
  browserP: Promise<Browser> | undefined, closeBrowser: () => void, stage: Stage, inTurn: <T>(job: () => Promise<T>) => Promise<T>,
  { pngsP, pptxP }: Rendering,
): Promise<{ sizes: Map<string, number>; failed: string[]; error?: unknown }> {
  const name = names.own;
  const want = allWanted.filter((o) => !o.once || names.once !== undefined);
  const fileOf = (o: OutputFormat) => `${o.once ? names.once : name}.${o.ext ?? o.name}`;
  const sizes = new Map<string, number>();
  const put = (file: string, data: Buffer | string) => {
    staged.write(file, data);
    sizes.set(file, Buffer.byteLength(data));
  };
  // the PDF is printed with a placeholder for each chart, so printing needs
  // no chart and runs beside everything else; finishPdf puts the charts in
  const printP = browserP ? stage('print', () => inTurn(() => printWithPlaceholders(laid, chartIds(laid), opts, browserP, staged.dir))) : undefined;
  printP?.catch(() => undefined);
  try {
    // written while the browser boots: finding the sentences' lines reads the data file again
    await stage('tieout', () => { for (const [ext, data] of tieOutFiles(laid, name)) put(`${name}.${ext}`, data); });
    const missing = (what: string) => () => Promise.reject(new Error(`internal: no output asked for ${what}`));
    const ctx: OutputContext = {
      laid,
      checked,
      draft: Boolean(opts.draft),
      pictures: () => pngsP,
      pptx: pptxP ? () => pptxP : missing('the PPTX'),
      printed: printP ? () => printP : missing('the browser'),
      closeBrowser,
      stage,
    };
    // every output starts at once (the PDF is finished here while the worker
    // writes the PPTX) and is staged in the registry's order
    const made = want.map((o) => o.render(ctx));
    for (const m of made) m.catch(() => undefined);
    let firstError: unknown;
    const failed: string[] = [];
    for (const [i, o] of want.entries()) {
      try {
        put(fileOf(o), await made[i]);
      } catch (err) {
        firstError ??= err;
        failed.push(fileOf(o));
      }
    }
    // one that fails (a browser that does not start) leaves the rest of the
    // set only where it mixes with no earlier output (decided by the caller)
    return { sizes, failed, error: firstError };
  } catch (err) {
    return { sizes, failed: want.map(fileOf), error: err };
  }
}
