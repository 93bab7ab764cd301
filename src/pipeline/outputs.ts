// Every output a build can write, one record each: its name (the `--format`
// value), what it needs from the shared work, and how it is made. The CLI's
// `--format` values, its help text and the build's stages all come from this
// list, so a new output (the Excel data book) is one record here and the one
// file that renders it.
//
// The shared work is started once by the build (pipeline/build.ts) for every
// output that asks for it: chart pictures, drawn once for all; the browser,
// booted while the data is read; the PPTX, written in the render worker
// beside the browser.
import { join } from 'node:path';
import { PROJECT_ROOT } from '../util/project-root.js';
import { deckCacheDir, type Laid } from './compose-deck.js';
import type { Checked } from './load-model.js';

export interface OutputContext {
  laid: Laid;
  checked: Checked;
  draft: boolean;
  /** chart id -> PNG, once drawn (only when an output asked for pictures) */
  pictures: () => Promise<Map<string, Buffer>>;
  /** the PPTX as the render worker or this thread wrote it */
  pptx: () => Promise<Buffer>;
  /** the PDF printed by the browser, charts not yet in it */
  printed: () => Promise<Buffer>;
  /** the browser's work is done: it may shut down */
  closeBrowser: () => void;
  /** times a named step, shown in the build's progress */
  stage: <T>(name: string, fn: () => Promise<T> | T) => Promise<T>;
}

export interface OutputFormat {
  /** the `--format` value, also the file extension */
  name: string;
  /** one line for the help text */
  summary: string;
  needs: {
    /** chart pictures (PNG), given how PPTX charts are made */
    pictures: (charts: 'native' | 'image') => boolean;
    /** the print browser (started at once, it takes ~0.4 s to boot) */
    browser?: boolean;
    /** the PPTX itself (made in the render worker, see build.ts) */
    pptx?: boolean;
  };
  /** the file's bytes; the build writes them atomically beside the others */
  render: (ctx: OutputContext) => Promise<Buffer | string>;
  /** what follows `<name>.` in the file's name, when it is not the format's name */
  ext?: string;
  /** written only when `--format` names it */
  optional?: boolean;
  /** one file for all the editions of a multi-language file, under the plain name (the data book holds every language's labels) */
  once?: boolean;
}

/** In the order they are written (a failing one still leaves those before it). */
export const OUTPUTS = [
  {
    name: 'html',
    summary: 'one self-contained HTML page, charts as pictures',
    needs: { pictures: () => true },
    render: async (ctx) => {
      const [{ renderHtml }, { cjkFontCss }] = await Promise.all([import('../render/html.js'), import('../render/cjk-font.js')]);
      // the Japanese glyphs the deck uses, for a reader without Noto fonts (none for a deck without Japanese)
      const cjk = await ctx.stage('html-fonts', () => cjkFontCss(ctx.laid.layout, ctx.laid.theme, { cacheDir: deckCacheDir() }));
      const pngs = await ctx.pictures();
      return ctx.stage('html', () => renderHtml(ctx.laid.layout, { theme: ctx.laid.theme, chartPngs: pngs, draft: ctx.draft, mode: 'document', cjkFontCss: cjk, cacheDir: deckCacheDir() }));
    },
  },
  {
    name: 'pptx',
    summary: 'PowerPoint, native (editable) charts or pictures (--charts)',
    needs: { pictures: (charts) => charts === 'image', pptx: true },
    render: (ctx) => ctx.pptx(),
  },
  {
    name: 'pdf',
    summary: 'printed by Chromium from the HTML, charts as pictures',
    needs: { pictures: () => true, browser: true },
    render: async (ctx) => {
      const raw = await ctx.printed();
      ctx.closeBrowser(); // its work is done: it shuts down while the PDF is finished
      const { finishPdf } = await import('../render/pdf.js');
      const pngs = await ctx.pictures();
      const ids = chartIds(ctx.laid);
      return ctx.stage('pdf', () => finishPdf(raw, ctx.laid.layout, ids.map((id) => pngs.get(id)!)));
    },
  },
  {
    name: 'databook',
    summary: 'the figures as an Excel data book, <name>.databook.xlsx (only when named)',
    ext: 'databook.xlsx',
    optional: true,
    once: true,
    needs: { pictures: () => false },
    render: async (ctx) => {
      const { renderDatabook } = await import('../databook/databook.js');
      return ctx.stage('databook', () => renderDatabook(ctx.checked.loaded, ctx.checked.model, join(PROJECT_ROOT, 'templates')));
    },
  },
] as const satisfies readonly OutputFormat[];

export type Format = (typeof OUTPUTS)[number]['name'];
export const FORMAT_NAMES: readonly Format[] = OUTPUTS.map((o) => o.name);
/** what a build writes when `--format` is not given */
export const DEFAULT_FORMATS: readonly Format[] = OUTPUTS.filter((o: OutputFormat) => !o.optional).map((o) => o.name);

export function outputsFor(formats: readonly Format[]): OutputFormat[] {
  return OUTPUTS.filter((o) => formats.includes(o.name));
}

/** The chart ids in slide order (the PDF's placeholders are in this order). */
export function chartIds(laid: Laid): string[] {
  return laid.layout.slides.flatMap((s) => s.elements.flatMap((e) => (e.kind === 'chart' ? [e.chart.id] : [])));
}
