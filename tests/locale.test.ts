// Every word and number format irdeck writes itself comes from the deck's
// locale file: the sample composed with a test-only locale (fixtures/locales/
// xx.yaml: other words, "." groups and "," decimals, ▲ negatives, changes
// after the number, 億-like scaling, fiscal years named by their closing month)
// shows its words in sentences, tables, period names, charts, alt text, notes
// and the layout's own words, and no English of templates/locales/en.yaml.
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLocale } from '../src/locale/load.js';
import type { Locale } from '../src/locale/schema.js';
import { composeAndLayout, type Laid } from '../src/pipeline/compose-deck.js';
import { loadModel } from '../src/pipeline/load-model.js';
import { renderPptx } from '../src/render/pptx.js';
import { irdeck, ROOT, SAMPLE } from './util/cli.js';
import JSZip from 'jszip';
import { amount, changeWords, percentChange, styled } from '../src/locale/numbers.js';
import * as seed from '../src/model/format.js';

const EN = join(ROOT, 'templates/locales/en.yaml');
const XX = join(ROOT, 'tests/fixtures/locales/xx.yaml');
const checked = loadModel(SAMPLE);
const laid = (locale: Locale) => composeAndLayout(checked, { locale });
const xx = laid(loadLocale(XX));
const en = laid(loadLocale(EN));

/** Every text the composed and laid-out deck carries: slides, tables, charts, alt text, notes, metadata, the layout's words. */
function textsOf(l: Laid): string[] {
  const d = l.composed;
  const out = [d.meta.title, d.meta.subject, d.footer, d.words.draft, d.words.logo, l.layout.draftMark];
  for (const s of d.slides) {
    out.push(s.title, s.subtitle ?? '', s.section ?? '', s.unit ?? '', s.body ?? '', s.notes, s.label);
    out.push(...s.bullets.map((b) => b.text), ...s.bullets2.map((b) => b.text), ...(s.table?.rows.flat() ?? []));
    for (const c of s.charts) out.push(c.title ?? '', c.alt, c.source ?? '', ...c.categories, ...c.series.map((x) => x.name), c.words.total, c.words.decrease);
  }
  for (const s of l.layout.slides) for (const e of s.elements) if (e.kind === 'image') out.push(e.alt);
  return out;
}

/**
 * The words of en.yaml that nothing else supplies: each string's text between
 * its {parts}, kept when it has a letter and occurs neither in the deck
 * definition nor in the data file (whose words are theirs, not the locale's).
 */
function englishOnlyWords(opts: { all?: boolean } = {}): string[] {
  const others = opts.all ? '' : readFileSync(join(ROOT, 'templates/deck.yaml'), 'utf8') + readFileSync(SAMPLE, 'utf8');
  const strings: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') strings.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(loadLocale(EN));
  const words = strings.flatMap((s) => s.split(/\{[^{}]*\}/)).map((w) => w.trim()).filter((w) => /[A-Za-z]{2}/.test(w) && !others.includes(w));
  return [...new Set(words)];
}

/** The words of `words` that occur in `text` as words (not inside a longer one). */
const leaksIn = (text: string, words: string[]) => words.filter((w) => new RegExp(`(^|[^A-Za-z])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z]|$)`).test(text));

describe('locale: the words of a language are data', () => {
  const texts = textsOf(xx);
  const all = texts.join('\n');
  const slide = (id: string) => xx.composed.slides.find((s) => s.id === id)!;

  it('the English deck composed with en.yaml shows the words the check looks for (the check can fail)', () => {
    const words = englishOnlyWords();
    expect(words.length).toBeGreaterThan(30);
    const shown = textsOf(en).join('\n');
    const found = words.filter((w) => shown.includes(w));
    // the check finds the locale's English wherever the English deck uses it
    const expected = ['up', 'down', 'JPY', 'million', '1st Half', 'Previous', 'Where the numbers on this slide come from:', 'Company logo', 'DRAFT', 'Latest'];
    for (const w of expected) if (words.includes(w)) expect(found).toContain(w);
    expect(found.length).toBeGreaterThan(20);
  });

  it('no English word of en.yaml reaches the deck composed in another locale', () => {
    // everywhere: the words of en.yaml that neither the deck definition nor the data file has
    expect(leaksIn(all, englishOnlyWords())).toEqual([]);
    // in what irdeck alone writes, every word of en.yaml ("JPY", "million", "Previous" are also deck words):
    // each helper's output (the tie-out records it with its figures), chart categories and the charts' own words
    const every = englishOnlyWords({ all: true });
    const helpers = xx.composed.slides.flatMap((s) => s.tieout.filter((t) => t.figs.length > 0).map((t) => t.text));
    expect(helpers.length).toBeGreaterThan(200);
    expect(leaksIn(helpers.join('\n'), every)).toEqual([]);
    // categories other than the data's own labels (a bridge's factors, the CAPEX items)
    const dataTexts = new Set<string>();
    const walk = (v: unknown) => { if (typeof v === 'string') dataTexts.add(v); else if (v && typeof v === 'object') Object.values(v).forEach(walk); };
    walk(checked.model.data);
    const charts = xx.composed.slides.flatMap((s) => s.charts);
    const chartWords = charts.flatMap((c) => [...c.categories.filter((x) => !dataTexts.has(x)), c.words.total, c.words.decrease, c.source ?? '']);
    expect(chartWords.length).toBeGreaterThan(100);
    expect(leaksIn(chartWords.join('\n'), every)).toEqual([]);
  });

  it('sentences: amounts, changes and numbers in the locale\'s words and separators', () => {
    const summary = slide('summary').bullets.map((b) => b.text);
    // revenues 33,254 up 10.9%; operating income 1,005 down 44.6%
    expect(summary).toContain('Revenues 33.254 Mio-Yen (10,9 vH zuwachs YoY)');
    expect(summary.some((t) => t.startsWith('Operating income 1.005 Mio-Yen (44,6 vH rueckgang YoY)'))).toBe(true);
    // the full-year targets in hundreds of millions: 78,500 -> 785
    expect(summary.some((t) => /revenues \d{3} Oku-Yen/.test(t))).toBe(true);
    const costs = slide('costs').bullets.map((b) => b.text).join('\n');
    expect(costs).toMatch(/\d+,\d Pkt\. (hoeher|tiefer) QoQ/);
    expect(costs).toMatch(/(plus|minus) \d[\d.]* Mio-Yen QoQ/);
    expect(slide('cash-flows').bullets.map((b) => b.text).join('\n')).toMatch(/Mio-Yen (erwirtschaftet|verwendet)/);
  });

  it('tables: negatives with the mark, thousands with dots, dates in the locale\'s form', () => {
    const bs = slide('balance-sheet').table!.rows;
    const cells = xx.composed.slides.flatMap((s) => s.table?.rows.flat() ?? []);
    expect(cells.some((c) => /^▲\d/.test(c))).toBe(true);
    expect(cells.filter((c) => /^\(\d[\d,.]*%?\)$/.test(c))).toEqual([]);
    expect(cells.some((c) => /^\d{1,3}(\.\d{3})+$/.test(c))).toBe(true);
    // one date style per deck, the locale's dates.deck (issue 18): the balance sheet's dates as the cover's
    expect(bs[0][1]).toMatch(/^2008年9月30日$/);
    expect(slide('cover').subtitle).toMatch(/2008年11月\d+日$/);
    // a table that continues
    expect(xx.composed.slides.some((s) => s.title.endsWith('(Fortsetzung)'))).toBe(true);
  });

  it('period names: the fiscal year named by its closing month, quarters and halves in the locale\'s form', () => {
    expect(slide('cover').title).toBe('2009年3月期 第2四半期（累計） Consolidated Financial Results');
    expect(slide('summary').title).toBe('Summary of H1-GJ09 Financial Results');
    expect(slide('results').section).toBe('II. Erstes Halbjahr Financial Results');
    expect(slide('results').table!.rows[0][2]).toBe('H1-GJ09 (2008.4-2008.9)');
    expect(slide('results-quarter').title).toBe('III-1. Reference: Consolidated Financial Results for GJ09/3-Q2');
    const income = slide('income').table!.rows;
    expect(income[0].slice(1)).toEqual(['GJ08/3-Q1', 'GJ08/3-Q2', 'GJ08/3-Q3', 'GJ08/3-Q4', 'GJ09/3-Q1', 'GJ09/3-Q2']);
    // a quarter the data names by its fiscal year (the press releases' FY07 4Q, FY08 2Q), in the locale's fy_quarter
    const releases = xx.composed.slides.filter((s) => s.id.startsWith('press-releases')).flatMap((s) => s.table!.rows.slice(1).map((r) => r[0]));
    expect(releases[0]).toBe('Q4/GJ08');
    expect(releases).toContain('Q2/GJ09');
    expect(releases.filter((q) => q.startsWith('FY'))).toEqual([]);
  });

  it('charts: categories, series names, bridge words, totals, notes and alt text', () => {
    const charts = xx.composed.slides.flatMap((s) => s.charts);
    const revenues = charts.find((c) => c.id === 'revenues')!;
    expect(revenues.categories.at(-1)).toBe('GJ09/3-Q2');
    expect(revenues.series.map((s) => s.name)).toEqual(['Wiederkehrende Umsaetze', 'Einmalige Umsaetze']);
    expect(revenues.alt).toMatch(/^Diagramm Recurring and one-time revenues – Wiederkehrende Umsaetze \/ Einmalige Umsaetze – von GJ07\/3-Q1 bis GJ09\/3-Q2\. Zuletzt \(GJ09\/3-Q2\): Wiederkehrende Umsaetze 13\.379 \([\d,]+ vH zuwachs gegenueber GJ09\/3-Q1\)/);
    const bridge = charts.find((c) => c.id === 'bridge-fy-revenues')!;
    expect(bridge.categories[0]).toBe('Vorheriges Ziel');
    expect(bridge.categories.at(-1)).toBe('Neues Ziel');
    expect(bridge.series.map((s) => s.name)).toEqual(['Sockel', 'Ziel und Faktoren']);
    // hundreds of millions on the bridge: 78,500 -> 785
    expect(bridge.alt).toMatch(/^Bruecke .*vom vorherigen Ziel \d{3} ueber .*▲\d+.* zum neuen Ziel \d{3}\.$/);
    expect(charts.find((c) => c.kind === 'doughnut')!.alt).toMatch(/^Kreisdiagramm .* – Investitionen /);
    expect(charts.find((c) => c.id === 'cost-of-revenues')!.series.at(-1)!.name).toBe('Rohertragsquote');
    expect(slide('revenues').notes).toContain('Herkunft der Zahlen dieser Folie:');
    expect(slide('revenues').notes).toContain('* Diagramm «Recurring and one-time revenues»: Wiederkehrende Umsaetze (');
  });

  it('the layout\'s and the renderers\' own words: draft mark, logo alt text, slide labels, native chart series', async () => {
    expect(xx.layout.draftMark).toBe('ENTWURF');
    expect(xx.layout.slides[2].label).toBe(`Folie 3: ${xx.layout.slides[2].title}`);
    const logos = xx.layout.slides.flatMap((s) => s.elements.filter((e) => e.kind === 'image'));
    expect(logos.length).toBeGreaterThan(0);
    for (const l of logos) expect(l.kind === 'image' && l.alt).toBe('Firmenlogo');
    const pptx = await renderPptx({ ...xx.layout, draft: true }, { theme: xx.theme, charts: 'native' });
    const zip = await JSZip.loadAsync(pptx);
    const charts = await Promise.all(Object.keys(zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
    const xml = charts.join('\n');
    expect(xml).toContain('<c:v>Summe</c:v>');
    expect(xml).toContain('Ziel und Faktoren – Minderung');
    expect(xml).toContain('<c:v>Vorheriges Ziel</c:v>');
    expect(xml).not.toMatch(/<c:v>(Total|Previous|New)<\/c:v>|: decrease/);
    // negatives with the locale's mark in the charts' number formats too
    expect(xml).toMatch(/formatCode="#,##0;&quot;▲&quot;#,##0"|formatCode="#,##0;"▲"#,##0"/);
    expect(xml).not.toContain('#,##0;(#,##0)');
    const slide1 = await zip.file('ppt/slides/slide1.xml')!.async('string');
    expect(slide1).toContain('>ENTWURF<');
    expect(slide1).toContain('descr="Firmenlogo"');
  });
});

describe('the engine with en.yaml writes what the seed writes', () => {
  const loc = loadLocale(EN);
  const values = [0, 0.04, -0.04, 0.05, -0.05, 1, -1, 2.675, 13.75, -13.75, 999.5, -999.5, 1005, 33254, -2274.8, 123456.789, -0.5, 0.5];
  it('numbers, billions, percentages, changes', () => {
    for (const x of values) {
      expect(styled(loc, x, 'million'), `${x}`).toBe(seed.million(x));
      expect(styled(loc, x, 'billion'), `${x}`).toBe(seed.billion(x));
      expect(styled(loc, x, 'percent'), `${x}`).toBe(seed.percent(x));
      expect(amount(loc, x, 'million'), `${x}`).toBe(`JPY${seed.million(x)} million`);
      for (const y of values) {
        expect(changeWords(loc, x, y), `${x} ${y}`).toBe(seed.changeWords(x, y));
        expect(changeWords(loc, x, y, 'amount'), `${x} ${y}`).toBe(seed.changeWords(x, y, 'abs'));
        const p = seed.pctChange(x, y);
        expect(percentChange(loc, x, y)).toBe(p === undefined ? 'n/a' : seed.percent(p));
      }
    }
  });
});

describe('locale file errors', () => {
  /** A templates folder with the real deck and a broken en.yaml. */
  function broken(edit: (s: string) => string): { dir: string; text: string } {
    const dir = mkdtempSync(join(tmpdir(), 'irdeck-locale-'));
    mkdirSync(join(dir, 'locales'));
    copyFileSync(join(ROOT, 'templates/deck.yaml'), join(dir, 'deck.yaml'));
    const text = edit(readFileSync(EN, 'utf8'));
    writeFileSync(join(dir, 'locales/en.yaml'), text);
    return { dir, text };
  }
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  const once = (s: string, a: string, b: string) => { expect(s).toContain(a); return s.replace(a, b); };

  it('every problem of a broken locale at once, with file, line and field, exit 2', () => {
    const { dir, text } = broken((s) => {
      s = once(s, 'negative: "({n})"', 'negative: "(n)"');
      s = once(s, 'up: "up {n} points"', 'up: "up {m} points"');
      s = once(s, '  cf_net: Net Change in Cash\n', '');
      return s;
    });
    const file = join(dir, 'locales/en.yaml');
    const r = irdeck(['check', 'data/fy2008-1h.yaml', '--templates', dir]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`${file}:${lineOf(text, 'negative: "(n)"')}:`);
    expect(r.stderr).toMatch(/numbers\.negative: must contain \{n\}/);
    expect(r.stderr).toContain(`${file}:${lineOf(text, 'up {m} points')}:`);
    expect(r.stderr).toMatch(/changes\.points\.up: unknown part \{m\}/);
    expect(r.stderr).toContain(`${file}:${lineOf(text, 'metrics:')}:`);
    expect(r.stderr).toMatch(/metrics\.cf_net: /);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('a YAML syntax error names its line', () => {
    const { dir, text } = broken((s) => once(s, 'not_available: n/a', 'not_available: [n/a'));
    const r = irdeck(['check', 'data/fy2008-1h.yaml', '--templates', dir]);
    expect(r.code, r.stderr).toBe(2);
    // yaml reports an unclosed flow sequence where it gives up: its line or the next entry's
    const m = /locales\/en\.yaml:(\d+):\d+\s+error .*\(yaml\/syntax\)/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    expect(Number(m![1]) - lineOf(text, '[n/a')).toBeGreaterThanOrEqual(0);
    expect(Number(m![1]) - lineOf(text, '[n/a')).toBeLessThanOrEqual(2);
  });

  it('a deck in a language without a locale file is an input error naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'irdeck-locale-'));
    writeFileSync(join(dir, 'deck.yaml'), once(readFileSync(join(ROOT, 'templates/deck.yaml'), 'utf8'), '  lang: en\n', '  lang: qq\n'));
    const r = irdeck(['check', 'data/fy2008-1h.yaml', '--templates', dir]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/locales\/qq\.yaml\s+error\s+the locale file is missing/);
  });
});
