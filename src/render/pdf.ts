// The HTML printed to PDF by headless Chromium: one 13.333 x 7.5 in page per
// slide, fonts embedded, text selectable, one bookmark per slide (Chrome's
// outline from the slides' h1), tagged for accessibility. During printing the
// page runs no script and every request that is not inline data is refused.
// The charts are put in afterwards (pdf-charts.ts), and document metadata and
// dates are fixed so the same data gives the same bytes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ParseSpeeds, PDFDocument, PDFName } from 'pdf-lib';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { IrdeckError, EXIT_INTERNAL } from '../errors.js';
import type { DeckLayout } from '../layout/types.js';
import { launchBrowser } from './browser.js';
import { canonicalize } from './pdf-canonical.js';
import { spliceCharts } from './pdf-charts.js';
import { finishPdfUa } from './pdf-ua.js';

export interface PdfOptions {
  executablePath?: string;
  timeoutMs?: number;
  browser?: Browser;
  /** a folder for the page file the browser loads (default: the system's temp folder) */
  workDir?: string;
  /** when (performance.now()) the whole of launching and printing must be done; default: timeoutMs from now */
  deadline?: number;
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string, stated = ms): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new IrdeckError(`${what} took longer than ${Math.round(stated / 1000)} s`, { exitCode: EXIT_INTERNAL })), ms); });
  try { return await Promise.race([p, t]); } finally { clearTimeout(timer); }
}

/** Tabs that hold a deck already: the next deck is set as their content. */
const loaded = new WeakSet<Page>();

/** Chromium's PDF of the page, as Chromium writes it. */
export async function printPdf(html: string, opts: PdfOptions): Promise<Buffer> {
  // one budget for launching and printing together: a hang costs the configured timeout, not twice it
  const configured = opts.timeoutMs ?? 30_000;
  const timeoutMs = Math.max(1, (opts.deadline ?? performance.now() + configured) - performance.now());
  return withTimeout(printWithin(html, opts, timeoutMs), timeoutMs, 'printing the PDF in the browser (--timeout)', configured);
}

async function printWithin(html: string, opts: PdfOptions, timeoutMs: number): Promise<Buffer> {
  const ownBrowser = !opts.browser;
  const browser = opts.browser ?? (await launchBrowser({ executablePath: opts.executablePath, timeoutMs }));
  try {
    // the tab the browser opened with, rather than a new one: one renderer process fewer
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    const refused: string[] = [];
    // the first deck is loaded from a file rather than pushed through the protocol (half the time for 3 MB)
    const first = !loaded.has(page);
    const dir = first ? mkdtempSync(join(opts.workDir ?? tmpdir(), '.irdeck-print-')) : undefined;
    const own = dir ? pathToFileURL(join(dir, 'deck.html')).href : undefined;
    const onRequest = (req: HTTPRequest) => {
      const url = req.url();
      if (url.startsWith('data:') || url === own) void req.continue();
      else { refused.push(url); void req.abort('blockedbyclient'); }
    };
    page.on('request', onRequest);
    try {
      if (dir && own) {
        writeFileSync(join(dir, 'deck.html'), html);
        await withTimeout(page.goto(own, { waitUntil: 'load', timeout: timeoutMs }), timeoutMs, 'loading the deck in the browser');
        loaded.add(page);
      } else {
        // a later one (the other language's edition) replaces the document: in the single browser
        // process a second navigation closes the tab ("Target closed"), a new document does not
        await withTimeout(page.setContent(html, { waitUntil: 'load', timeout: timeoutMs }), timeoutMs, 'loading the deck in the browser');
      }
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
    let raw: Uint8Array;
    try {
      raw = await withTimeout(
        page.pdf({ width: '13.333in', height: '7.5in', printBackground: true, preferCSSPageSize: true, tagged: true, outline: true, timeout: timeoutMs }),
        timeoutMs,
        'printing the PDF',
      );
    } finally {
      // the tab prints the next deck (the other language's) with a handler of its own
      page.off('request', onRequest);
    }
    if (refused.length) throw new IrdeckError(`the page asked for outside resources (refused): ${refused.slice(0, 3).join(', ')}`, { exitCode: EXIT_INTERNAL });
    return Buffer.from(raw);
  } finally {
    if (ownBrowser) await browser.close().catch(() => undefined);
  }
}

/**
 * Title, author, subject, language and fixed dates; the charts put in where the
 * page was printed with placeholders (pdf-charts); objects merged and numbered
 * by content (pdf-canonical).
 */
// pdf-lib yields to the event loop every 50 objects by default (a timer each
// time): the whole document at once is ~75 ms faster here.
export async function finishPdf(raw: Buffer, deck: DeckLayout, chartPngs?: Buffer[]): Promise<Buffer> {
  const doc = await PDFDocument.load(raw, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  if (chartPngs) spliceCharts(doc.context, chartPngs);
  const date = new Date(`${deck.meta.date}T00:00:00Z`);
  doc.setTitle(deck.meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(deck.meta.author);
  doc.setSubject(deck.meta.subject);
  if (deck.meta.keywords?.length) doc.setKeywords(deck.meta.keywords);
  doc.setCreator('irdeck');
  doc.setProducer('irdeck (Chromium, pdf-lib)');
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  doc.setLanguage(deck.meta.lang);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  finishPdfUa(doc, {
    title: deck.meta.title, author: deck.meta.author, subject: deck.meta.subject, lang: deck.meta.lang,
    date: `${deck.meta.date}T00:00:00Z`, creator: 'irdeck', producer: 'irdeck (Chromium, pdf-lib)',
  });
  canonicalize(doc.context);
  const bytes = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity });
  return Buffer.from(bytes);
}
