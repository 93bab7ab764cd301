// The deck's words in another language (templates/locales/<lang>.deck.yaml):
// a table from deck.yaml's texts to the language's, and per slide the words
// that read otherwise there (the full-year forecast's "YoY" is 前期比, not the
// 前年同期比 of a half year).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deckInLanguage } from '../src/compose/deck-words.js';
import { loadDeckDef } from '../src/compose/deck-def.js';
import { composeAndLayout } from '../src/pipeline/compose-deck.js';
import { checkedIn, loadModel } from '../src/pipeline/load-model.js';
import { IrdeckError } from '../src/errors.js';
import { ROOT, SAMPLE } from './util/cli.js';

const WORDS = join(ROOT, 'templates/locales/ja.deck.yaml');
const headOf = (slideId: string) => {
  const laid = composeAndLayout(checkedIn(loadModel(SAMPLE), 'ja'), { lang: 'ja' });
  const i = laid.composed.slides.findIndex((s) => s.id === slideId);
  const table = laid.layout.slides[i].elements.find((e) => e.kind === 'table');
  if (table?.kind !== 'table') throw new Error(`no table on ${slideId}`);
  return table.rows[0].map((c) => c.runs.map((r) => r.text).join(''));
};

describe('the deck in Japanese', () => {
  it('heads the forecast\'s changes 前期比 (against the last full year), the half year\'s 前年同期比', () => {
    expect(headOf('forecast').slice(-2)).toEqual(['前期比増減', '前期比増減率（%）']);
    expect(headOf('results')).toContain('前年同期比');
  });

  it('a slide of its own words that deck.yaml does not have is an error at its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'irdeck-words-'));
    const file = join(dir, 'ja.deck.yaml');
    writeFileSync(file, readFileSync(WORDS, 'utf8').replace('  forecast:\n', '  forcast:\n'));
    const deck = loadDeckDef(join(ROOT, 'templates/deck.yaml'), {});
    let err: unknown;
    try { deckInLanguage(deck, file); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(IrdeckError);
    const d = (err as IrdeckError).diagnostics[0];
    expect(d).toMatchObject({ file, rule: 'deck/words', path: 'slides.forcast' });
    expect(readFileSync(file, 'utf8').split('\n')[d.line - 1]).toBe('  forcast:');
    expect(d.message).toMatch(/no slide "forcast" in .*deck\.yaml \(its slides: .*forecast/);
  });
});
