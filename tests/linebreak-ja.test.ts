// Japanese line breaking: between phrases, never against kinsoku, Latin runs kept whole.
import { describe, expect, it } from 'vitest';
import { NO_LINE_END, NO_LINE_START, breakOpportunities, hasJapanese, japaneseLineStarts, kinsokuAllows, scriptJoins } from '../src/util/linebreak-ja.js';
import { wrapLines } from '../src/util/text-measure.js';
import { kinsokuBreaks } from './util/pdf-words.js';

/** every character one unit wide, Latin half: enough to test the rules without fonts */
const units = (s: string) => [...s].reduce((a, c) => a + (/[\x20-\x7e]/.test(c) ? 0.5 : 1), 0);
const split = (text: string, starts: readonly number[]) => [0, ...starts].map((a, i) => text.slice(a, starts[i] ?? text.length));

/** the kinsoku rules a line list must keep (the same check the PDF tests make) */
const kinsokuViolations = (lines: string[]) => kinsokuBreaks(lines.map((text) => ({ text })));

describe('Japanese break opportunities', () => {
  it('fall between phrases, not inside words or figures', () => {
    const s = '売上高は前年同期比10.9%増の50,829百万円となりました。';
    const lines = split(s, breakOpportunities(s));
    expect(lines).toEqual(['売上高は', '前年同期比10.9%増の', '50,829百万円と', 'なりました。']);
  });

  it('never before closing punctuation, small kana, the long vowel mark or the middle dot, never after an opening bracket', () => {
    for (const s of ['ネットワーク・サービス（累計）「インターネット」が、ショップ。', 'データセンター・ソリューション', 'ぁっゃゅょァッャュョヵヶ！？']) {
      for (const p of breakOpportunities(s)) {
        expect(NO_LINE_START.has(s[p]), `${s.slice(0, p)}|${s.slice(p)}`).toBe(false);
        expect(NO_LINE_END.has(s[p - 1]), `${s.slice(0, p)}|${s.slice(p)}`).toBe(false);
      }
    }
    expect(kinsokuAllows('増加（前年', 3)).toBe(false); // 増加（|前年
    expect(kinsokuAllows('増加。前年', 2)).toBe(false); // 増加|。前年
    expect(kinsokuAllows('サーバー', 3)).toBe(false); // サーバ|ー
    expect(kinsokuAllows('ショップ', 1)).toBe(false); // シ|ョップ
    expect(kinsokuAllows('増加。前年', 3)).toBe(true);
  });

  it('keeps Latin runs whole, breaking them at spaces only', () => {
    const s = 'IIJ FY2008 決算説明会 Internet Initiative Japan';
    const pieces = split(s, breakOpportunities(s)).map((x) => x.trim());
    expect(pieces).toContain('FY2008');
    expect(pieces).toContain('Initiative');
  });

  it('tells Japanese text from other text', () => {
    expect(hasJapanese('Revenues rose 10.9% YoY')).toBe(false);
    expect(hasJapanese('売上高')).toBe(true);
    expect(hasJapanese('（')).toBe(true);
  });
});

describe('Japanese lines', () => {
  it('fill lines with whole phrases', () => {
    const s = 'ネットワークサービスの売上高は、法人向けインターネット接続サービスの伸長により増加しました。';
    const lines = split(s, japaneseLineStarts(s, 18, units));
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(units(l.trimEnd())).toBeLessThanOrEqual(18);
    expect(kinsokuViolations(lines)).toEqual([]);
    // every break is a phrase boundary
    const opps = new Set(breakOpportunities(s));
    for (const p of japaneseLineStarts(s, 18, units)) expect(opps.has(p)).toBe(true);
  });

  it('cut a phrase wider than the line between characters, still under kinsoku', () => {
    const s = 'インターネットマルチフィードコーポレーション（連結子会社）';
    const starts = japaneseLineStarts(s, 5, units);
    const lines = split(s, starts);
    for (const l of lines) expect(units(l)).toBeLessThanOrEqual(5);
    expect(kinsokuViolations(lines)).toEqual([]);
  });

  it('the check of the rules finds a broken line', () => {
    expect(kinsokuViolations(['売上高は', '、増加しました'])).toHaveLength(1);
    expect(kinsokuViolations(['売上高（', '累計）'])).toHaveLength(1);
    expect(kinsokuViolations(['データセンタ', 'ーの'])).toHaveLength(1);
  });

  it('wrapLines uses them with the real fonts, English unchanged', () => {
    const ja = wrapLines('営業利益は前年同期比44.6%減の1,234百万円となりました。コスト削減を進めております。', 'Arial', 14, 200);
    expect(ja.length).toBeGreaterThan(1);
    expect(kinsokuViolations(ja)).toEqual([]);
    expect(ja.join('')).toBe('営業利益は前年同期比44.6%減の1,234百万円となりました。コスト削減を進めております。');
    expect(wrapLines('Revenues rose 10.9% YoY to JPY50,829 million', 'Arial', 14, 120)).toEqual(['Revenues rose', '10.9% YoY to', 'JPY50,829 million']);
  });
});

describe('a compound wider than its line', () => {
  it('is cut where its script changes before it is cut between characters', () => {
    const s = '株式会社オンデマンドソリューションズ';
    expect(split(s, japaneseLineStarts(s, 15, units))).toEqual(['株式会社', 'オンデマンドソリューションズ']);
  });
});

describe('figures inside a phrase wider than its line', () => {
  it('break where UAX #14 allows among digits and signs, not inside a year', () => {
    const s = '(2008.4～2008.9)';
    expect(split(s, japaneseLineStarts(s, 5, units))).toEqual(['(2008.4～', '2008.9)']);
  });
});

describe('room for LibreOffice\'s space between Japanese and Latin', () => {
  it('each place Japanese meets Latin on a line takes `join` more, inside a phrase and where two meet', () => {
    expect(scriptJoins('2008年11月14日～2009年1月30日')).toBe(11);
    expect(scriptJoins('売上高 33,254百万円')).toBe(1);
    // 売上高は前年同期比10.9%増の is 13.5 units: one line of 13.9 without the spacing, too wide with its 2 joins of 0.25
    const s = '売上高は前年同期比10.9%増の50,829百万円';
    expect(split(s, japaneseLineStarts(s, 13.9, units))).toEqual(['売上高は前年同期比10.9%増の', '50,829百万円']);
    expect(split(s, japaneseLineStarts(s, 13.9, units, 0.25))).toEqual(['売上高は', '前年同期比10.9%増の', '50,829百万円']);
  });
});
