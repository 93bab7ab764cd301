// Japanese amounts in sentences: tables and charts in 百万円, a sentence the
// English deck says in billions in 億円 (templates/locales/ja.yaml amounts and
// amount_styles), by the same rule as the English "JPY1.3 billion": the
// helpers {{jpybn}} and {{bndiff}} choose the unit, never the template. A
// typed 億円 figure is checked like a typed "JPY1.3 billion".
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLocale } from '../src/locale/load.js';
import { amount, changeWords, styled } from '../src/locale/numbers.js';
import { composeAndLayout } from '../src/pipeline/compose-deck.js';
import { loadModel } from '../src/pipeline/load-model.js';
import { irdeck, lineOf, replaceOnce, ROOT, sampleText, tempFile } from './util/cli.js';

const JA = loadLocale(join(ROOT, 'templates/locales/ja.yaml'));
const EN = loadLocale(join(ROOT, 'templates/locales/en.yaml'));
const bilingual = replaceOnce(sampleText(), 'languages: [en]', 'languages: [ja, en]');

describe('the locale writes a sentence\'s billions', () => {
  it('in 億円, whole, as the English writes one decimal of a billion', () => {
    expect(amount(JA, 1300, 'billion')).toBe('13億円');
    expect(amount(EN, 1300, 'billion')).toBe('JPY1.3 billion');
    expect(amount(JA, 33254, 'billion')).toBe('333億円');
    expect(amount(EN, 33254, 'billion')).toBe('JPY33.3 billion');
    expect(changeWords(JA, 33200, 34500, 'billion')).toBe('13億円減');
    expect(changeWords(EN, 33200, 34500, 'billion')).toBe('down JPY1.3 billion');
    // a change under half a 億 is flat, as one under JPY0.05 billion is in English
    expect(changeWords(JA, 33240, 33200, 'billion')).toBe('横ばい');
    expect(changeWords(EN, 33240, 33200, 'billion')).toBe('flat');
  });

  it('tables and the other sentences stay in 百万円', () => {
    expect(styled(JA, 33254, 'billion')).toBe('33,254');
    expect(amount(JA, 33254, 'million')).toBe('33,254百万円');
    expect(changeWords(JA, 33200, 34500, 'amount')).toBe('1,300百万円減');
  });
});

describe('the Japanese deck', () => {
  const file = tempFile('oku.yaml', bilingual);
  const laid = composeAndLayout(loadModel(file), { lang: 'ja' });
  const slide = (id: string) => laid.composed.slides.find((s) => s.id === id)!;
  const texts = (id: string) => [...slide(id).bullets, ...slide(id).bullets2].map((b) => b.text);

  it('says the target revisions in 億円, their bridges and tables in 百万円', () => {
    const half = texts('targets-half');
    expect(half).toContain('売上高 345億円から332億円へ（13億円減）、実績333億円');
    expect(half).toContain('営業利益 19億円から10億円へ（9億円減）、実績10億円');
    expect(texts('targets-full-year').some((t) => t.startsWith('売上高 785億円から730億円へ（55億円減）'))).toBe(true);
    expect(slide('summary').bullets.map((b) => b.text)).toContain('2009年3月期通期業績目標（2008年10月24日公表）：売上高730億円、営業利益38億円');
    // the bridge's figures and the results table stay in 百万円
    expect(slide('targets-half').charts[0].series.flatMap((x) => x.values)).toContain(34500);
    expect(slide('targets-half').unit).toBe('単位：百万円');
    expect(slide('results').table!.rows.find((r) => r[0] === '売上高')).toContain('33,254');
    // no sentence of the deck gives a billion figure in 百万円 (1,300百万円) any more
    const all = laid.composed.slides.flatMap((s) => [...s.bullets, ...s.bullets2].map((b) => b.text));
    expect(all.filter((t) => /[1-9]\d?,\d00百万円/.test(t) && /目標|修正/.test(t))).toEqual([]);
  });

  it('the English deck keeps JPY billions', () => {
    const en = composeAndLayout(loadModel(file), { lang: 'en' }).composed.slides.find((s) => s.id === 'targets-half')!;
    expect(en.bullets.map((b) => b.text)).toContain('Revenues JPY34.5 billion to JPY33.2 billion, down JPY1.3 billion; actual JPY33.3 billion');
  });
});

describe('a typed 億円 amount is checked', () => {
  const ja = '      ja: 景気減速および不採算のシステムインテグレーション案件の影響';
  const withSentence = (s: string) => tempFile('oku-typed.yaml', replaceOnce(bilingual, ja, `      ja: ${s}`));

  it('the right figure, whole or to one decimal, is clean; so is the same in 百万円', () => {
    for (const s of ['売上高は前年同期比10.9%増の333億円となりました', '売上高は332.5億円', '売上高は33,254百万円', '営業利益は前年同期比44.6%減の10億円']) {
      const r = irdeck(['check', withSentence(s)]);
      expect(r.stderr, s).toBe('');
      expect(r.code, s).toBe(0);
    }
  });

  it('a wrong one is an error at its line, with the figure in 億円', () => {
    const file = withSentence('売上高は前年同期比10.9%増の332億円となりました');
    const r = irdeck(['check', file]);
    expect(r.code).toBe(2);
    const line = lineOf(readFileSync(file, 'utf8'), '332億円');
    expect(r.stderr).toMatch(new RegExp(`oku-typed\\.yaml:${line}:\\d+  error  commentary\\.revenues\\[0\\]: "332億円" \\(subject: [^)]+\\), but it is 1H08: 33,254 \\(332\\.5 億円\\)`));
    expect(r.stderr).toMatch(/\(text\/contradiction\)/);
  });

  it('so is a wrong change in 億円', () => {
    // operating income fell from 1,816 to 1,005 in 1H08: 8億円減, not 9億円減
    const file = withSentence('営業利益は前年同期比9億円減');
    const r = irdeck(['check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`oku-typed\\.yaml:${lineOf(readFileSync(file, 'utf8'), '9億円減')}:\\d+  error  .*"9億円減".*fell by 8\\.1`));
    expect(irdeck(['check', withSentence('営業利益は前年同期比8億円減')]).code).toBe(0);
  });
});
