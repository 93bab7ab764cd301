// `irdeck review`: the sign-off pack for the two samples. Every slide that
// changed shows its old and new rendering (PNG drawn from each deck's PDF), the
// changed sentences and numbers, and a tick box; ticks survive a reload and
// export as CSV. A quarter rolling off a chart is not listed as a change.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_ARGS, findBrowser } from '../src/render/browser.js';
import { irdeck, replaceOnce, ROOT, tempFile } from './util/cli.js';

const out = mkdtempSync(join(tmpdir(), 'irdeck-review-'));
let html = '';
let stdout = '';

/** Width and height from a PNG's IHDR. */
function pngSize(b: Buffer): { w: number; h: number } {
  expect(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  return { w: b.readUInt32BE(16), h: b.readUInt32BE(20) };
}

beforeAll(() => {
  const r = irdeck(['review', 'data/fy2008-1h.yaml', 'data/fy2008-3q.yaml', '--out', out], { timeout: 300_000 });
  expect(r.code, r.stderr).toBe(0);
  stdout = r.stdout;
  html = readFileSync(join(out, 'index.html'), 'utf8');
}, 300_000);

describe('irdeck review', () => {
  const sections = () => [...html.matchAll(/<section class="slide" data-slide="([^"]+)"[^>]*data-status="(\w+)">([\s\S]*?)<\/section>/g)].map((m) => ({ id: m[1], status: m[2], body: m[3] }));

  it('one section per slide that changed, was added or removed, as the summary line says', () => {
    const s = sections();
    const m = /(\d+) slide\(s\) to review \((\d+) changed, (\d+) added, (\d+) removed\)/.exec(stdout);
    expect(m, stdout).not.toBeNull();
    expect(s.length).toBe(Number(m![1]));
    expect(s.filter((x) => x.status === 'changed').length).toBe(Number(m![2]));
    expect(s.map((x) => x.id)).toContain('revenues');
    expect(s.find((x) => x.id === 'targets-half')?.status).toBe('removed');
    expect(s.find((x) => x.id === 'results-cumulative')?.status).toBe('added');
  });

  it('old and new renderings of every changed slide, with the changed elements marked', () => {
    for (const s of sections()) {
      const imgs = [...s.body.matchAll(/src="data:image\/png;base64,([^"]+)"/g)].map((m) => Buffer.from(m[1], 'base64'));
      expect(imgs.length, s.id).toBe(s.status === 'changed' ? 2 : 1);
      for (const b of imgs) expect(pngSize(b)).toEqual({ w: 800, h: 450 });
      if (s.status === 'changed') {
        expect(imgs[0].equals(imgs[1]), `${s.id}: old and new differ`).toBe(false);
        expect(s.body, s.id).toMatch(/class="mark"/);
        expect(s.body, s.id).toMatch(/<ul class="changes"><li>/);
      }
      expect(s.body).toMatch(/<input type="checkbox" data-slide=/);
    }
  });

  it('lists changed numbers and sentences, and no quarter that rolled off a chart', () => {
    const rev = sections().find((x) => x.id === 'revenues')!.body;
    expect(rev).toContain('chart revenues: Recurring Revenues / 3Q08: (none) -&#62; 13,700');
    expect(html).not.toMatch(/chart [^<]*\/ 1Q06: /);
    expect(html).not.toMatch(/chart [^<]*\/ [1-4]Q\d\d: [^<]* -&#62; \(none\)<\/li>/);
  });

  it('one pack for files in one language: DIR/index.html and no edition folders', () => {
    expect(existsSync(join(out, 'en'))).toBe(false);
    expect(html).not.toMatch(/class="editions"/);
  });

  it('is self-contained: no outside request is possible', () => {
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; img-src data:;/);
    expect(html).not.toMatch(/<(?:img|script|link)[^>]+(?:src|href)="(?!data:)/);
  });
});

describe('irdeck review of files in two languages: a pack per edition', () => {
  const bi = mkdtempSync(join(tmpdir(), 'irdeck-review-bi-'));
  const copy = (name: string) => tempFile(`${name}.yaml`, replaceOnce(readFileSync(join(ROOT, `data/${name}.yaml`), 'utf8'), 'languages: [en]', 'languages: [ja, en]'));
  let r: ReturnType<typeof irdeck>;
  const pack = (lang: string) => readFileSync(join(bi, lang, 'index.html'), 'utf8');
  const slideOf = (page: string, id: string) => new RegExp(`<section class="slide" data-slide="${id}"[^>]*>([\\s\\S]*?)</section>`).exec(page)![1];
  const images = (body: string) => [...body.matchAll(/src="data:image\/png;base64,([^"]+)"/g)].map((m) => m[1]);
  beforeAll(() => {
    r = irdeck(['review', copy('fy2008-1h'), copy('fy2008-3q'), '--out', bi], { timeout: 300_000 });
    expect(r.code, r.stderr).toBe(0);
  }, 300_000);

  it('DIR/ja/index.html and DIR/en/index.html, linked from DIR/index.html and from each other', () => {
    expect(r.stdout).toMatch(/ja[/\\]index\.html \(ja\): \d+ slide\(s\) to review/);
    expect(r.stdout).toMatch(/en[/\\]index\.html \(en\): \d+ slide\(s\) to review/);
    const index = readFileSync(join(bi, 'index.html'), 'utf8');
    expect([...index.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1])).toEqual(['ja/index.html', 'en/index.html']);
    expect(pack('ja')).toMatch(/<nav class="editions"[^>]*><b aria-current="page">ja<\/b> <a href="\.\.\/en\/index\.html" hreflang="en">en<\/a><\/nav>/);
    expect(pack('en')).toMatch(/<a href="\.\.\/ja\/index\.html" hreflang="ja">ja<\/a> <b aria-current="page">en<\/b>/);
  });

  it('each edition its own renderings and its own changed sentences', () => {
    const ja = slideOf(pack('ja'), 'summary');
    const en = slideOf(pack('en'), 'summary');
    expect(ja).toContain('売上高 33,254百万円（前年同期比10.9%増）&#34; -&#62; &#34;売上高 50,764百万円（前年同期比5.0%増）');
    expect(ja).toMatch(/<ul class="changes" lang="ja">/);
    expect(en).toContain('Revenues');
    expect(en).not.toMatch(/[\u3040-\u30ff]/);
    // old and new of each edition, and the editions' pictures are not the same
    expect(images(ja)).toHaveLength(2);
    expect(images(en)).toHaveLength(2);
    expect(images(ja)[1]).not.toBe(images(en)[1]);
    expect(images(ja)[0]).not.toBe(images(ja)[1]);
    // the same slides changed in both editions (the figures are the same)
    const ids = (page: string) => [...page.matchAll(/<section class="slide" data-slide="([^"]+)"/g)].map((m) => m[1]);
    expect(ids(pack('ja'))).toEqual(ids(pack('en')));
    expect(ids(pack('ja'))).toContain('topics');
  });

  it('each edition is ticked off on its own', () => {
    const key = (page: string) => /const KEY = '(irdeck-review:[0-9a-f]+)'/.exec(page)![1];
    expect(key(pack('ja'))).not.toBe(key(pack('en')));
  });
});

describe('the review page in a browser', () => {
  let browser: Awaited<ReturnType<typeof puppeteer.launch>>;
  beforeAll(async () => { browser = await puppeteer.launch({ executablePath: findBrowser(), args: [...CHROME_ARGS, '--allow-file-access-from-files'], headless: true }); }, 60_000);
  afterAll(async () => { await browser?.close(); });

  it('a tick lowers the count, survives a reload and is in the CSV with who ticked it', async () => {
    const page = await browser.newPage();
    await page.goto(`file://${join(out, 'index.html')}`);
    const total = Number(await page.$eval('#left', (e) => e.textContent));
    expect(total).toBe(sections().length);
    await page.type('#reviewer', 'Sato');
    await page.click('input[data-slide="revenues"]');
    expect(Number(await page.$eval('#left', (e) => e.textContent))).toBe(total - 1);
    await page.reload();
    expect(await page.$eval('input[data-slide="revenues"]', (e) => (e as HTMLInputElement).checked)).toBe(true);
    expect(Number(await page.$eval('#left', (e) => e.textContent))).toBe(total - 1);
    // catch the CSV the page hands to the browser instead of letting it download
    await page.evaluate(() => {
      (URL as unknown as { createObjectURL: (b: Blob) => string }).createObjectURL = (b: Blob) => { (window as unknown as { csv: Blob }).csv = b; return 'about:blank'; };
      HTMLAnchorElement.prototype.click = () => undefined;
    });
    await page.click('#export');
    const csv = await page.evaluate(() => (window as unknown as { csv: Blob }).csv.text());
    const rows = csv.trim().split('\n');
    expect(rows[0]).toBe('slide_id,title,status,reviewed,reviewer,ticked_at');
    expect(rows.length).toBe(total + 1);
    expect(rows.find((r) => r.startsWith('revenues,'))).toMatch(/^revenues,II-2\. Revenues,changed,yes,Sato,\d{4}-\d\d-\d\dT/);
    expect(rows.filter((r) => r.includes(',no,')).length).toBe(total - 1);
  }, 60_000);
});

function sections() {
  return [...html.matchAll(/<section class="slide" data-slide="([^"]+)"/g)];
}
