// Periods as they come: a third quarter with no revision of targets and no
// share buyback builds; the deck shows the targets unchanged instead of the
// revision bridges, leaves the buyback bullets out, and numbers its sections
// by the slides it has.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { irdeck, replaceOnce, ROOT, tempFile } from './util/cli.js';

const THREE_Q = readFileSync(join(ROOT, 'data/fy2008-3q.yaml'), 'utf8');

/** The 3Q sample with no factors (targets not revised) and no buyback commentary. */
function quietQuarter(): string {
  let s = THREE_Q;
  const noChange = '      factors:\n        - { label: { en: No change from the targets revised on 2008-10-24, ja: "2008年10月24日に修正した目標から変更なし" }, short: { en: No change, ja: "変更なし" }, amount: 0 }\n';
  s = replaceOnce(s, `${noChange}    operating_income:`, '      factors: []\n    operating_income:');
  s = replaceOnce(s, `${noChange}    income_before_tax:`, '      factors: []\n    income_before_tax:');
  // (one line, or a text in several languages: its lines below it)
  s = s.replace(/\n {2}buyback:(?: [^\n]*|(?:\n {4}[^\n]*)+)/, '');
  expect(s).not.toMatch(/buyback:/);
  return s;
}

/** Slide titles and all text of each slide, in order, from the PPTX's XML. */
async function slidesOf(pptx: Buffer): Promise<{ title: string; text: string; charts: number }[]> {
  const zip = await JSZip.loadAsync(pptx);
  const names = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f)).sort((a, b) => Number(a.match(/\d+/g)!.at(-1)) - Number(b.match(/\d+/g)!.at(-1)));
  const out = [];
  for (const n of names) {
    const xml = await zip.file(n)!.async('string');
    const runs = [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    const title = /<p:sp>(?:(?!<\/p:sp>).)*?<p:ph[^>]*type="title"[^>]*\/>(?:(?!<\/p:sp>).)*?<\/p:sp>/s.exec(xml)?.[0];
    out.push({ title: [...(title ?? '').matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1].replace(/&amp;/g, '&')).join(''), text: runs.join(' '), charts: (xml.match(/<c:chart /g) ?? []).length });
  }
  return out;
}

describe('a third quarter with no target revision and no buyback', () => {
  let slides: { title: string; text: string; charts: number }[] = [];
  let sample: { title: string; text: string; charts: number }[] = [];
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'irdeck-periods-'));
    const file = tempFile('fy2008-3q-quiet.yaml', quietQuarter());
    const r = irdeck(['build', file, '--format', 'pptx', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    slides = await slidesOf(readFileSync(join(dir, 'fy2008-3q-quiet.pptx')));
    const s = irdeck(['build', join(ROOT, 'data/fy2008-3q.yaml'), '--format', 'pptx', '--out', join(dir, 'sample')]);
    expect(s.code, s.stderr).toBe(0);
    sample = await slidesOf(readFileSync(join(dir, 'sample', 'fy2008-3q.pptx')));
  }, 120_000);

  it('builds; the targets are shown unchanged, without the revision bridges', () => {
    const t = slides.find((s) => s.title === 'II-9. Targets for Full FY2008');
    expect(t, slides.map((s) => s.title).join(' | ')).toBeDefined();
    expect(t!.charts).toBe(0);
    expect(t!.text).toContain('Targets for full FY2008 are unchanged from those announced 2008.10.24');
    expect(t!.text).toContain('Revenues JPY73.0 billion');
    // the sample, whose data types a "no change" factor, keeps its bridge slide
    expect(sample.find((s) => s.title === 'II-9. Targets for Full FY2008')!.charts).toBe(2);
  });

  it('leaves the buyback bullet and its heading out', () => {
    const summary = slides.find((s) => s.title.startsWith('Summary of 9M08'))!;
    expect(summary.text).not.toContain('repurchase');
    expect(sample.find((s) => s.title.startsWith('Summary of 9M08'))!.text).toContain('Board-approved repurchase of own shares');
  });

  it('section numbers follow the slides: the same as the sample, slide for slide', () => {
    expect(slides.map((s) => s.title)).toEqual(sample.map((s) => s.title));
    expect(slides.map((s) => s.title).filter((t) => /^II-\d+\./.test(t)).map((t) => t.split('.')[0])).toEqual(['II-1', 'II-2', 'II-3', 'II-4', 'II-4', 'II-5', 'II-5', 'II-6', 'II-7', 'II-8', 'II-9', 'II-10', 'II-11', 'II-12', 'II-13']);
  });
});
