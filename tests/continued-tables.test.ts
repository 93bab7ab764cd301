// A long table continues on as few slides as its max_rows allows, with its
// rows balanced between them: 25 press releases at 12 a slide are 9 + 8 + 8,
// never 12 + 12 and a slide that holds one row.
import { describe, expect, it } from 'vitest';
import { composeAndLayout } from '../src/pipeline/compose-deck.js';
import { loadModel } from '../src/pipeline/load-model.js';
import { replaceOnce, SAMPLE, sampleText, tempFile } from './util/cli.js';

const rowsPerSlide = (file: string, id: string) =>
  composeAndLayout(loadModel(file)).layout.slides.filter((s) => s.id === id || s.id.startsWith(`${id}-`)).map((s) => {
    const t = s.elements.find((e) => e.kind === 'table');
    return t && t.kind === 'table' ? t.rows.length - t.headerRows : 0;
  });

describe('continued tables', () => {
  it('the sample: 23 press releases on 12 + 11 rows, 13 group companies on 7 + 6', () => {
    expect(rowsPerSlide(SAMPLE, 'press-releases')).toEqual([12, 11]);
    expect(rowsPerSlide(SAMPLE, 'group-companies')).toEqual([7, 6]);
  });

  it('25 press releases: 9 + 8 + 8, no slide with one row', () => {
    const extra = ['IIJ Example Release One', 'IIJ Example Release Two'].map((t) => `  - { date: 2008-10-30, quarter: FY08 3Q, title: ${t} }`).join('\n');
    const last = '  - { date: 2008-10-28, quarter: FY08 3Q, title: { en: Notice Regarding Repurchase of Own Shares of Internet Initiative Japan Inc., ja: "自己株式取得に関するお知らせ" } }\n';
    const file = tempFile('more-releases.yaml', replaceOnce(sampleText(), last, `${last}${extra}\n`));
    expect(rowsPerSlide(file, 'press-releases')).toEqual([9, 8, 8]);
  });
});
