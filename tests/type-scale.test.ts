// One type scale per slide: the body texts of a slide (bullet columns, card
// texts, a statement and its contact lines) share one size, no text is below
// the theme's floor, and text that cannot fit at the floor is an overflow
// error rather than a smaller font. Over every data file in data/ and the
// Japanese edition of each, and on slides made to need shrinking or more than
// shrinking allows.
import { describe, expect, it } from 'vitest';
import type { DeckLayout, TextElement } from '../src/layout/types.js';
import { composeAndLayout } from '../src/pipeline/compose-deck.js';
import { loadModel } from '../src/pipeline/load-model.js';
import { irdeck, replaceOnce, SAMPLE, sampleText, tempFile } from './util/cli.js';
import { editions, layEdition } from './util/editions.js';

/** slide id -> sizes of its body texts */
function bodySizes(layout: DeckLayout): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const s of layout.slides) {
    const sizes = s.elements.filter((e): e is TextElement => e.kind === 'text' && e.role === 'body').map((e) => e.style.size);
    if (sizes.length) out.set(s.id, sizes);
  }
  return out;
}

function scaleProblems(layout: DeckLayout, floor: number): string[] {
  const out: string[] = [];
  for (const [id, sizes] of bodySizes(layout)) {
    if (new Set(sizes).size > 1) out.push(`${id}: body texts at ${[...new Set(sizes)].join(' and ')} pt`);
    if (sizes.some((z) => z < floor)) out.push(`${id}: body text at ${Math.min(...sizes)} pt, below the theme's ${floor} pt`);
  }
  for (const s of layout.slides) for (const e of s.elements) if (e.kind === 'table' && e.style.size < floor) out.push(`${s.id}: table at ${e.style.size} pt`);
  return out;
}

describe.each(editions())('type scale of $name', (edition) => {
  it('one body size per slide, none below the theme\'s floor', () => {
    const laid = layEdition(edition);
    expect(laid.problems).toEqual([]);
    expect(scaleProblems(laid.layout, laid.theme.sizes.min)).toEqual([]);
  });
});

describe('type scale on slides made to need it', () => {
  const more = (n: number) => Array.from({ length: n }, (_, i) => `    - Another line of commentary on corporate connectivity number ${i + 1} that runs long enough to wrap`).join('\n');
  const anchor = '    - en: IIJ Mobile Service reached {{int facts.mobile_contracts}} contracts, in line with our expectations\n'
    + '      ja: IIJモバイルサービスの契約数は{{int facts.mobile_contracts}}件となり、想定どおりに推移\n';
  const withCorporate = (n: number) => replaceOnce(sampleText(), anchor, `${anchor}${more(n)}\n`);

  it('a long left column on II-4 shrinks both columns together', () => {
    const laid = composeAndLayout(loadModel(tempFile('long-left.yaml', withCorporate(1))));
    expect(laid.problems).toEqual([]);
    const slide = laid.layout.slides.find((s) => s.id === 'connectivity-revenues')!;
    const [a, b] = ['bullets', 'bullets2'].map((id) => (slide.elements.find((e) => e.id === id) as TextElement).style.size);
    expect(a).toBeLessThan(laid.theme.sizes.body - 2);
    expect(b).toBe(a);
    expect(scaleProblems(laid.layout, laid.theme.sizes.min)).toEqual([]);
  });

  it('a column that does not fit at the floor is an overflow error naming slide and element, not a smaller font', () => {
    const file = tempFile('too-long.yaml', withCorporate(8));
    const r = irdeck(['check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/slide \d+ \(connectivity-revenues\) bullets: text needs \d+ pt of height, its box has \d+ pt/);
    const laid = composeAndLayout(loadModel(file));
    const slide = laid.layout.slides.find((s) => s.id === 'connectivity-revenues')!;
    expect((slide.elements.find((e) => e.id === 'bullets') as TextElement).style.size).toBe(laid.theme.sizes.min);
  });

  it('the gate itself fails on a slide with two body sizes, in English and in Japanese', () => {
    for (const laid of [composeAndLayout(loadModel(SAMPLE)), layEdition(editions().find((e) => e.lang === 'ja')!)]) {
      const slide = laid.layout.slides.find((s) => s.id === 'topics')!;
      (slide.elements.find((e) => e.id === 'card-2-text') as TextElement).style.size -= 1;
      expect(scaleProblems(laid.layout, laid.theme.sizes.min).join('\n')).toMatch(/topics: body texts at \d+ and \d+ pt/);
    }
  });
});
