// The live preview end to end: a real browser sees a data edit without a
// manual reload, sees an error with its file and line, and gets the slides
// back when the file is fixed. The server answers only on 127.0.0.1, only its
// own routes, and only to loopback Host names.
import { request } from 'node:http';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type Preview } from '../src/preview/server.js';
import { CHROME_ARGS, findBrowser } from '../src/render/browser.js';
import { replaceOnce, SAMPLE } from './util/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'irdeck-preview-'));
const file = join(dir, 'fy2008-1h.yaml');
cpSync(SAMPLE, file);
const original = readFileSync(file, 'utf8');
let preview: Preview;
let browser: Browser;
let page: Page;

function raw(path: string, host = `127.0.0.1:${preview.port}`): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: preview.port, path, headers: { Host: host } }, (res) => { res.resume(); ok(res.statusCode ?? 0); });
    req.on('error', fail);
    req.end();
  });
}

/** What the event stream sends in its first moments after connecting. */
function firstEvents(path: string, ms = 400): Promise<string> {
  return new Promise((ok, fail) => {
    let text = '';
    const req = request({ host: '127.0.0.1', port: preview.port, path }, (res) => {
      res.on('data', (d: Buffer) => { text += d.toString(); });
      setTimeout(() => { req.destroy(); ok(text); }, ms);
    });
    req.on('error', (e) => (text ? ok(text) : fail(e)));
    req.end();
  });
}

const bodyText = (p = page) => p.evaluate(() => document.body.innerText);
async function waitForText(re: RegExp, ms = 20_000, p = page): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const t = await bodyText(p).catch(() => '');
    if (re.test(t)) return t;
    if (Date.now() - t0 > ms) throw new Error(`page never showed ${re}; it shows: ${t.slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

beforeAll(async () => {
  preview = await startPreview(file, { port: 0 });
  browser = await puppeteer.launch({ executablePath: findBrowser(), args: [...CHROME_ARGS, `--user-data-dir=${mkdtempSync(join(tmpdir(), 'irdeck-pv-chrome-'))}`], headless: true });
  page = await browser.newPage();
  await page.goto(preview.url, { waitUntil: 'load' });
});

afterAll(async () => {
  await browser?.close();
  await preview?.close();
});

describe('preview', () => {
  it('shows the deck, then a data edit without a manual reload', async () => {
    await waitForText(/JPY2,000, up JPY250 YoY/);
    writeFileSync(file, original.replace('dividend_current_year: 2000', 'dividend_current_year: 2100'));
    await waitForText(/JPY2,100, up JPY350 YoY/);
  });

  it('shows an error with file and line, and the slides again once fixed', async () => {
    const broken = original.replace('dividend_current_year: 2000', 'dividend_current_year: "abc"');
    writeFileSync(file, broken);
    const line = broken.slice(0, broken.indexOf('dividend_current_year: "abc"')).split('\n').length;
    const text = await waitForText(/cannot be built/);
    expect(text).toContain(`${file}:${line}:`);
    expect(text).toContain('per_share.dividend_current_year');
    writeFileSync(file, original);
    await waitForText(/JPY2,000, up JPY250 YoY/);
  });

  it('a page from an older build is told to reload as soon as it listens (no reload is lost)', async () => {
    const now = preview.rebuilds();
    expect(await firstEvents(`/events?v=${now - 1}`)).toContain('event: reload');
    expect(await firstEvents(`/events?v=${now}`)).not.toContain('event: reload');
    expect(await page.evaluate(() => document.querySelector('script')?.textContent ?? '')).toContain(`/events?v=${now}`);
  });

  it('serves only its own routes, only to loopback hosts, only on 127.0.0.1', async () => {
    expect(await raw('/../../etc/passwd')).toBe(404);
    expect(await raw('/%2e%2e/%2e%2e/etc/passwd')).toBe(404);
    expect(await raw('/data/fy2008-1h.yaml')).toBe(404);
    expect(await raw('/', 'evil.example')).toBe(403);
    expect(await raw('/', `localhost:${preview.port}`)).toBe(200);
    expect(preview.url.startsWith('http://127.0.0.1:')).toBe(true);
  });
});

describe('preview of a file in two languages', () => {
  const biFile = join(dir, 'bilingual.yaml');
  const bilingual = replaceOnce(original, 'languages: [en]', 'languages: [ja, en]');
  writeFileSync(biFile, bilingual);
  const logs: string[] = [];
  let bi: Preview;
  let p: Page;
  const wait = (re: RegExp) => waitForText(re, 20_000, p);
  beforeAll(async () => {
    bi = await startPreview(biFile, { port: 0, log: (s) => logs.push(s) });
    p = await browser.newPage();
  });
  afterAll(async () => { await bi?.close(); });

  it('shows the primary edition with a link to each edition', async () => {
    await p.goto(bi.url, { waitUntil: 'load' });
    await wait(/通期2,000円、前期比250円増配/);
    const links = await p.$$eval('#irdeck-editions a', (as) => as.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('aria-current')]));
    expect(links).toEqual([['ja', '/?lang=ja', 'page'], ['en', '/?lang=en', null]]);
    expect(await p.$eval('html', (h) => h.lang)).toBe('ja');
  });

  it('switches to English at the same slide, and a data edit reloads the English edition', async () => {
    await p.click('#irdeck-next');
    await p.click('#irdeck-next');
    await Promise.all([p.waitForNavigation({ waitUntil: 'load' }), p.click('#irdeck-editions a[hreflang="en"]')]);
    expect(p.url()).toBe(`${bi.url}?lang=en#3`);
    await wait(/JPY2,000, up JPY250 YoY/);
    expect(await p.$eval('html', (h) => h.lang)).toBe('en');
    expect(await p.$eval('#irdeck-pos', (e) => e.textContent)).toBe('3 / 26');
    const before = logs.length;
    writeFileSync(biFile, bilingual.replace('dividend_current_year: 2000', 'dividend_current_year: 2100'));
    await wait(/JPY2,100, up JPY350 YoY/);
    expect(await p.$eval('#irdeck-pos', (e) => e.textContent)).toBe('3 / 26');
    // the rebuild composed the edition shown, not the other
    expect(logs.slice(before).some((l) => /^rebuilt en in/.test(l)), logs.join('\n')).toBe(true);
    expect(logs.slice(before).filter((l) => /^rebuilt .*ja/.test(l))).toEqual([]);
  });

  it('back to Japanese: the edit is there too, and the next edit reloads the Japanese edition', async () => {
    await Promise.all([p.waitForNavigation({ waitUntil: 'load' }), p.click('#irdeck-editions a[hreflang="ja"]')]);
    await wait(/通期2,100円、前期比350円増配/);
    expect(await p.$eval('html', (h) => h.lang)).toBe('ja');
    writeFileSync(biFile, bilingual);
    await wait(/通期2,000円、前期比250円増配/);
    expect(logs.at(-1)).toMatch(/^rebuilt ja in/);
  });

  it('an edition the file does not list is not found', async () => {
    const r = await fetch(`${bi.url}?lang=fr`);
    expect(r.status).toBe(404);
    expect(await r.text()).toMatch(/the file lists ja, en/);
  });
});
