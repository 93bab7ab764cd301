// The quality gates fail when the deck is broken on purpose, naming slide and
// element; the sample itself passes every gate.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPptxStructure } from '../src/qa/pptx-structure.js';
import { geometryProblems } from '../src/pipeline/layout-check.js';
import { loadModel } from '../src/pipeline/load-model.js';
import { composeAndLayout } from '../src/pipeline/compose-deck.js';
import { irdeck, replaceOnce, SAMPLE, sampleText, tempFile } from './util/cli.js';

let pptx: Buffer;

beforeAll(() => {
  const out = mkdtempSync(join(tmpdir(), 'irdeck-gates-'));
  const r = irdeck(['build', SAMPLE, '--format', 'pptx', '--out', out, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  pptx = readFileSync(join(out, 'fy2008-1h.pptx'));
});

describe('layout gates', () => {
  it('the sample passes: nothing overflows, overlaps or leaves a slide', async () => {
    const laid = composeAndLayout(loadModel(SAMPLE));
    expect(laid.problems).toEqual([]);
    expect(geometryProblems(laid.layout)).toEqual([]);
    expect(await checkPptxStructure(pptx)).toEqual([]);
  });

  it('a very long topic line: the card text overflows, slide and element named', () => {
    const long = 'A very long topic line that goes on and on about the new data center and its many services, '.repeat(4).trim();
    const bullet = '      - en: Begins operation in February 2009\n        ja: 2009年2月に稼働開始';
    const file = tempFile('long-topic.yaml', replaceOnce(sampleText(), bullet, `      - ${long.slice(0, 395)}\n      - ${long.slice(0, 395)}`));
    const r = irdeck(['check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/slide \d+ \(topics\) card-2-text: text needs \d+ pt of height, its box has \d+ pt \(overflow \d+ pt\)\s+\(layout\/overflow\)/);
  });

  it('a table with too many rows: the table overflows, slide and element named', () => {
    const extra = Array.from({ length: 25 }, (_, i) => `    - { key: extra_${i}, label: Extra item ${i}, current: 1, previous: 1 }`).join('\n');
    const file = tempFile('rows.yaml', replaceOnce(sampleText(), '    - { key: total_assets,', `${extra}\n    - { key: total_assets,`));
    const r = irdeck(['check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/slide \d+ \(balance-sheet\) table: table needs \d+ pt of height, \d+ pt are free/);
  });

  it('a chart moved onto a table: the overlap is named', () => {
    const laid = composeAndLayout(loadModel(SAMPLE));
    const slide = laid.layout.slides.find((s) => s.id === 'income')!;
    const chart = slide.elements.find((e) => e.kind === 'chart')!;
    const table = slide.elements.find((e) => e.kind === 'table')!;
    chart.box = { ...chart.box, y: table.box.y };
    const problems = geometryProblems(laid.layout);
    expect(problems.some((p) => p.slideId === 'income' && p.element.includes(chart.id) && p.element.includes('table') && /overlap by \d+ x \d+ pt/.test(p.message))).toBe(true);
  });
});

describe('PPTX structure gate', () => {
  it('catches a dangling relationship', async () => {
    const zip = await JSZip.loadAsync(pptx);
    zip.remove('ppt/media/image-1-1.png');
    const media = Object.keys(zip.files).filter((f) => f.startsWith('ppt/media/'));
    for (const m of media) zip.remove(m);
    const problems = await checkPptxStructure(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(problems.some((p) => p.rule === 'pptx/rel-dangling' && /ppt\/media\//.test(p.message))).toBe(true);
  });

  it('catches a duplicated axis id', async () => {
    const zip = await JSZip.loadAsync(pptx);
    const xml = await zip.file('ppt/charts/chart1.xml')!.async('string');
    const ids = [...xml.matchAll(/<c:(?:valAx|catAx)>\s*<c:axId val="(\d+)"\/>/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    zip.file('ppt/charts/chart1.xml', xml
      .replace(`<c:axId val="${ids[1]}"/>`, `<c:axId val="${ids[0]}"/>`)
      .replace(new RegExp(`(<c:(?:valAx|catAx)>\\s*)<c:axId val="${ids[1]}"/>`), `$1<c:axId val="${ids[0]}"/>`));
    const problems = await checkPptxStructure(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(problems.some((p) => p.part === 'ppt/charts/chart1.xml' && (p.rule === 'pptx/chart-axis-duplicate' || p.rule === 'pptx/chart-axis-orphan'))).toBe(true);
  });

  it('catches XML that is not well-formed and a part without a content type', async () => {
    const zip = await JSZip.loadAsync(pptx);
    zip.file('ppt/slides/slide2.xml', '<p:sld><broken></p:sld>');
    zip.file('ppt/extra.bin', 'x');
    const problems = await checkPptxStructure(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(problems.map((p) => p.rule)).toEqual(expect.arrayContaining(['pptx/xml-well-formed', 'pptx/content-type-missing']));
  });
});
