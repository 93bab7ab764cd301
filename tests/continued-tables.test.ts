// A long table continues on as few slides as its max_rows allows, with its
// rows balanced between them: 25 press releases at 12 a slide are 9 + 8 + 8,
// never 12 + 12 and a slide that holds one row. In English and in the
// Japanese edition (whose rows are as many, their texts wrapping otherwise).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bilingualSample, replaceOnce, sampleText, tempFile } from './util/cli.js';
import { editions, layEdition, type Edition } from './util/editions.js';

const rowsPerSlide = (edition: Edition, id: string) =>
  layEdition(edition).layout.slides.filter((s) => s.id === id || s.id.startsWith(`${id}-`)).map((s) => {
    const t = s.elements.find((e) => e.kind === 'table');
    return t && t.kind === 'table' ? t.rows.length - t.headerRows : 0;
  });

describe('continued tables', () => {
  it.each(editions())('$name: 23 press releases on 12 + 11 rows, 13 group companies on 7 + 6', (edition) => {
    expect(rowsPerSlide(edition, 'press-releases')).toEqual([12, 11]);
    expect(rowsPerSlide(edition, 'group-companies')).toEqual([7, 6]);
  });

  it('25 press releases: 9 + 8 + 8, no slide with one row, in both languages', () => {
    const extra = ['IIJ Example Release One', 'IIJ Example Release Two'].map((t) => `  - { date: 2008-10-30, quarter: FY08 3Q, title: ${t} }`).join('\n');
    const last = '  - { date: 2008-10-28, quarter: FY08 3Q, title: { en: Notice Regarding Repurchase of Own Shares of Internet Initiative Japan Inc., ja: "自己株式取得に関するお知らせ" } }\n';
    const more = (text: string) => replaceOnce(text, last, `${last}${extra}\n`);
    expect(rowsPerSlide({ name: 'more', file: tempFile('more-releases.yaml', more(sampleText())) }, 'press-releases')).toEqual([9, 8, 8]);
    const ja = tempFile('more-releases.yaml', more(readFileSync(bilingualSample('data/fy2008-1h.yaml'), 'utf8')));
    expect(rowsPerSlide({ name: 'more (ja)', file: ja, lang: 'ja' }, 'press-releases')).toEqual([9, 8, 8]);
  });
});
