// The deck definition cache (node_modules/.cache/irdeck): a second run reads the
// definition and the precompiled templates instead of parsing and compiling,
// and nothing it shows or reports may differ from a run without the cache.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDeckDef } from '../src/compose/deck-def.js';
import { composeAndLayout } from '../src/pipeline/compose-deck.js';
import { loadModel } from '../src/pipeline/load-model.js';
import { irdeck, replaceOnce, ROOT, SAMPLE } from './util/cli.js';

const DECK = join(ROOT, 'templates/deck.yaml');
const fresh = () => mkdtempSync(join(tmpdir(), 'irdeck-cache-'));
const saved = process.env.IRDECK_CACHE;
afterEach(() => {
  if (saved === undefined) delete process.env.IRDECK_CACHE;
  else process.env.IRDECK_CACHE = saved;
});

describe('deck definition cache', () => {
  it('a second load comes from the cache, with the same definition and positions', () => {
    const cacheDir = fresh();
    const first = loadDeckDef(DECK, { cacheDir });
    expect(first.fromCache).toBe(false);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.cjs'))).toHaveLength(1);
    const second = loadDeckDef(DECK, { cacheDir });
    expect(second.fromCache).toBe(true);
    expect(second.def).toEqual(first.def);
    const title = first.def.slides[4].title;
    expect(second.source(title, 'x')).toEqual(first.source(title, 'x'));
  });

  it('an edited definition is a new entry; a damaged entry is ignored and written again', () => {
    const cacheDir = fresh();
    const dir = fresh();
    const file = join(dir, 'deck.yaml');
    writeFileSync(file, readFileSync(DECK, 'utf8'));
    loadDeckDef(file, { cacheDir });
    writeFileSync(file, replaceOnce(readFileSync(DECK, 'utf8'), 'title: "Revenues"', 'title: "Revenue"'));
    const edited = loadDeckDef(file, { cacheDir });
    expect(edited.fromCache).toBe(false);
    expect(edited.def.slides.some((s) => s.title === 'Revenue')).toBe(true);
    const entries = readdirSync(cacheDir).filter((f) => f.endsWith('.cjs'));
    expect(entries).toHaveLength(2);
    for (const e of entries) writeFileSync(join(cacheDir, e), 'module.exports = { def: 1 '); // truncated
    expect(loadDeckDef(file, { cacheDir }).fromCache).toBe(false);
    expect(loadDeckDef(file, { cacheDir }).fromCache).toBe(true);
  });

  it('a cache folder that cannot be written is no error', () => {
    const blocker = join(fresh(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    expect(loadDeckDef(DECK, { cacheDir: join(blocker, 'cache') }).fromCache).toBe(false);
    expect(existsSync(join(blocker, 'cache'))).toBe(false);
  });

  it('the composed deck is the same with the cache, without it, and from it', () => {
    const checked = loadModel(SAMPLE);
    process.env.IRDECK_CACHE = 'off';
    const off = JSON.stringify(composeAndLayout(checked).layout);
    delete process.env.IRDECK_CACHE;
    composeAndLayout(checked); // fills the cache if it was empty
    const on = JSON.stringify(composeAndLayout(checked).layout);
    expect(on).toBe(off);
  });

  it('template errors are reported the same from the cache (positions and rules)', () => {
    const dir = fresh();
    const text = replaceOnce(replaceOnce(readFileSync(DECK, 'utf8'), 'title: "Revenues"', 'title: "Revenues {{q.revenuez}}"'), 'title: "Number of Employees"', 'title: "Employees {{#if q.employees}"');
    writeFileSync(join(dir, 'deck.yaml'), text);
    const first = irdeck(['check', 'data/fy2008-1h.yaml', '--templates', dir]);
    const second = irdeck(['check', 'data/fy2008-1h.yaml', '--templates', dir]);
    expect(first.code).toBe(2);
    expect(first.stderr).toMatch(/template\/missing-field/);
    expect(first.stderr).toMatch(/template\/syntax/);
    expect(second.code).toBe(2);
    expect(second.stderr.replace(/in \d+ ms/, '')).toBe(first.stderr.replace(/in \d+ ms/, ''));
  });

  it('the Japanese HTML embeds the same font cut from the cache as made afresh, and the cut is kept', async () => {
    const { checkedIn } = await import('../src/pipeline/load-model.js');
    const { cjkFontCss } = await import('../src/render/cjk-font.js');
    const laid = composeAndLayout(checkedIn(loadModel(SAMPLE), 'ja'), { lang: 'ja' });
    const cacheDir = fresh();
    const made = await cjkFontCss(laid.layout, laid.theme, { cacheDir });
    expect(made).toMatch(/@font-face\{font-family:'Noto Sans CJK JP';font-weight:400;.*base64,/);
    expect(readdirSync(cacheDir).filter((f) => /^cjk-[0-9a-f]{32}\.otf$/.test(f))).toHaveLength(2); // regular and bold
    expect(await cjkFontCss(laid.layout, laid.theme, { cacheDir })).toBe(made);
    expect(await cjkFontCss(laid.layout, laid.theme)).toBe(made); // no cache at all
    // other characters are another cut, not the kept one
    const more = { ...laid.layout, slides: [...laid.layout.slides, { ...laid.layout.slides[0], elements: [], notes: '鬱' }] };
    expect(await cjkFontCss(more as typeof laid.layout, laid.theme, { cacheDir })).not.toBe(made);
    expect(readdirSync(cacheDir).filter((f) => f.startsWith('cjk-'))).toHaveLength(4);
  }, 60_000);
});
