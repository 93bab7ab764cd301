// Gates over every chart of every deck the tests build (each data file in
// data/: both samples, and any edition added there; and the Japanese edition
// of each, tests/util/editions.ts): every value axis steps
// by one nice step from a nice minimum to a nice maximum, in the spec, in the
// ticks Chart.js drew for the PNG, and in the native chart's
// c:min/c:max/c:majorUnit; no label runs into another label, a bar's edge or
// a line, and no category axis is rotated (labels wrap first). Each gate is
// also shown failing on a chart broken on purpose (an axis max of 11,000 on
// 2,000 steps, as II-5 once had; a line through the total labels; factor
// names too long for two lines).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { scaleProblems, stackExtent, tickProblems } from '../src/charts/axis-scale.js';
import { drawnTicks, labelScenePng } from '../src/charts/png.js';
import { nativeLabelScene } from '../src/charts/native-plan.js';
import { labelProblems } from '../src/charts/label-gate.js';
import { categoryLines } from '../src/charts/category-lines.js';
import type { ChartAxis, ChartSpec } from '../src/charts/spec.js';
import type { DeckLayout } from '../src/layout/types.js';
import { composeAndLayout } from '../src/pipeline/compose-deck.js';
import { loadModel } from '../src/pipeline/load-model.js';
import { renderPptx } from '../src/render/pptx.js';
import { chartStyleOf } from '../src/render/style.js';
import { ROOT } from './util/cli.js';
import { editions, layEdition } from './util/editions.js';

const decks = readdirSync(join(ROOT, 'data')).filter((f) => f.endsWith('.yaml')).sort();
const EDITIONS = editions();

interface Placed { spec: ChartSpec; box: { w: number; h: number } }
const chartsOf = (layout: DeckLayout): Placed[] => layout.slides.flatMap((s) => s.elements.flatMap((e) => (e.kind === 'chart' ? [{ spec: e.chart, box: e.box }] : [])));

/** The value axes a bar chart draws, primary first, as the spec describes them. */
function valueAxes(spec: ChartSpec): [string, ChartAxis][] {
  if (spec.kind !== 'bar') return [];
  const out: [string, ChartAxis][] = [['y', spec.axes.y]];
  if (spec.axes.y2) out.push(['y2', spec.axes.y2]);
  return out;
}

/** c:min, c:max and c:majorUnit of each c:valAx of one chart part, in document order. */
function nativeScales(xml: string): { min?: number; max?: number; step?: number }[] {
  return [...xml.matchAll(/<c:valAx>([\s\S]*?)<\/c:valAx>/g)].map(([, ax]) => {
    const num = (tag: string) => { const m = new RegExp(`<c:${tag} val="([^"]+)"`).exec(ax); return m ? Number(m[1]) : undefined; };
    return { min: num('min'), max: num('max'), step: num('majorUnit') };
  });
}

/** Every axis problem of a deck, in the spec, the PNG and the native chart, one line each. */
async function axisProblems(layout: DeckLayout, theme: Parameters<typeof renderPptx>[1]['theme']): Promise<string[]> {
  const style = chartStyleOf(theme);
  const charts = chartsOf(layout);
  const zip = await JSZip.loadAsync(await renderPptx(layout, { theme, charts: 'native' }));
  const out: string[] = [];
  for (const [i, { spec, box }] of charts.entries()) {
    const axes = valueAxes(spec);
    if (!axes.length) continue;
    const ticks = drawnTicks(spec, style, box);
    const native = nativeScales(await zip.file(`ppt/charts/chart${i + 1}.xml`)!.async('string'));
    axes.forEach(([id, axis], k) => {
      const d = axis.format.decimals;
      for (const p of scaleProblems(axis, d)) out.push(`${spec.id} ${id} spec: ${p}`);
      if (!axis.hidden) for (const p of tickProblems(ticks[id] ?? [], d)) out.push(`${spec.id} ${id} PNG: ${p}`);
      for (const p of scaleProblems(native[k] ?? {}, d)) out.push(`${spec.id} ${id} native: ${p}`);
      const n = native[k];
      if (n && (n.min !== axis.min || n.max !== axis.max || n.step !== axis.step)) out.push(`${spec.id} ${id} native: ${n.min}..${n.max} by ${n.step}, spec ${axis.min}..${axis.max} by ${axis.step}`);
    });
  }
  return out;
}

describe.each(EDITIONS)('chart axes of $name', (edition) => {
  const laid = layEdition(edition);

  it('has bar charts to check', () => {
    expect(chartsOf(laid.layout).filter(({ spec }) => spec.kind === 'bar').length).toBeGreaterThan(10);
  });

  it('every value axis steps by one nice step from a nice minimum to a nice maximum (spec, PNG, native)', async () => {
    expect(await axisProblems(laid.layout, laid.theme)).toEqual([]);
  });

  it('positive data fill at least 60% of a single value axis (no bars squashed into the lower half)', () => {
    expect(emptyAxes(laid.layout)).toEqual([]);
  });
});

/**
 * Bar charts of positive values with one value axis whose data leave more than 40% of it empty (a combination
 * chart's line keeps its own part of the plot; an axis through zero has a whole step on each side).
 */
function emptyAxes(layout: DeckLayout): string[] {
  return chartsOf(layout).flatMap(({ spec }) => {
    if (spec.kind !== 'bar' || spec.axes.y2 || spec.axes.y.max === undefined || spec.axes.y.min === undefined) return [];
    const { lo, hi } = stackExtent(spec, 'y');
    if (lo < 0) return [];
    const empty = 1 - (hi - lo) / (spec.axes.y.max - spec.axes.y.min);
    return empty > 0.4 ? [`${spec.id}: ${lo}..${hi} on ${spec.axes.y.min}..${spec.axes.y.max} leaves ${(empty * 100).toFixed(0)}% empty`] : [];
  });
}

describe('the axis gate on a chart broken on purpose', () => {
  it("fails on an axis topped at 11,000 over 2,000 steps, in the spec, the PNG's ticks and the native chart", async () => {
    const laid = composeAndLayout(loadModel(join(ROOT, 'data', decks[0])));
    const layout = structuredClone(laid.layout);
    const victim = chartsOf(layout).find(({ spec }) => spec.kind === 'bar' && !spec.axes.y.hidden)!.spec;
    victim.axes.y = { ...victim.axes.y, min: 0, max: 11000, step: 2000 };
    const problems = (await axisProblems(layout, laid.theme)).filter((p) => p.startsWith(`${victim.id} y `));
    expect(problems.join('\n')).toMatch(/spec: max 11000 is not a multiple/);
    // Chart.js either adds 11,000 as an extra tick or spreads 6 uneven-looking 1,833 steps: both fail
    expect(problems.join('\n')).toMatch(/PNG: (ticks .* do not step evenly|step 1833\.3+ is not 1, 2, 2.5 or 5)/);
    expect(problems.join('\n')).toMatch(/native: max 11000 is not a multiple/);
  });

  it('fails on II-5 of the Japanese edition as it was: a backlog of 10,400 on 0..20,000', () => {
    const ja = layEdition(EDITIONS.find((e) => e.name === 'fy2008-3q.yaml (ja)')!);
    const layout = structuredClone(ja.layout);
    const victim = chartsOf(layout).find(({ spec }) => spec.id === 'si-operation')!.spec;
    expect(victim.axes.y).toMatchObject({ min: 0, max: 12500, step: 2500 });
    victim.axes.y = { ...victim.axes.y, max: 20000, step: 5000 };
    expect(emptyAxes(layout)).toEqual(['si-operation: 0..10400 on 0..20000 leaves 48% empty']);
  });

  it('fails on an axis left for the renderers to choose', async () => {
    const laid = composeAndLayout(loadModel(join(ROOT, 'data', decks[0])));
    const layout = structuredClone(laid.layout);
    const victim = chartsOf(layout).find(({ spec }) => spec.kind === 'bar' && !spec.axes.y.hidden)!.spec;
    victim.axes.y = { format: victim.axes.y.format };
    const problems = (await axisProblems(layout, laid.theme)).filter((p) => p.startsWith(`${victim.id} y `));
    expect(problems.join('\n')).toMatch(/spec: not fixed/);
    expect(problems.join('\n')).toMatch(/native: not fixed/);
  });
});

/** Every label problem of the PNGs of a deck's charts, one line each. */
function pngLabelProblems(layout: DeckLayout, theme: Parameters<typeof renderPptx>[1]['theme'], only?: string): string[] {
  const style = chartStyleOf(theme);
  return chartsOf(layout).filter(({ spec }) => spec.kind === 'bar' && (!only || spec.id === only)).flatMap(({ spec, box }) => {
    const scene = labelScenePng(spec, style, box);
    return [...labelProblems(scene), ...(scene.rotation ? [`category labels rotated ${scene.rotation.toFixed(0)} degrees`] : [])].map((p) => `${spec.id} PNG: ${p}`);
  });
}

/** The same for the native charts, on the native planner's estimate of where PowerPoint draws them. */
function nativeLabelProblems(layout: DeckLayout, theme: Parameters<typeof renderPptx>[1]['theme'], only?: string): string[] {
  const style = chartStyleOf(theme);
  return chartsOf(layout).filter(({ spec }) => spec.kind === 'bar' && (!only || spec.id === only)).flatMap(({ spec, box }) => {
    const scene = nativeLabelScene(spec, style, box);
    return scene ? labelProblems(scene).map((p) => `${spec.id} native: ${p}`) : [`${spec.id} native: no estimate`];
  });
}

describe.each(EDITIONS)('chart labels of $name', (edition) => {
  const laid = layEdition(edition);
  it('no label on another label, across a bar\'s edge or on a line; no rotated category labels (PNG)', () => {
    expect(pngLabelProblems(laid.layout, laid.theme)).toEqual([]);
  });
  it('the same on the native charts as estimated', () => {
    expect(nativeLabelProblems(laid.layout, laid.theme)).toEqual([]);
  });
});

describe('the label gate on charts broken on purpose', () => {
  const laid = composeAndLayout(loadModel(join(ROOT, 'data', decks[0])));
  const find = (layout: DeckLayout, id: string) => chartsOf(layout).find(({ spec }) => spec.id === id)!.spec;

  it('a line scaled to run through the total labels (II-4 as LibreOffice once drew it)', () => {
    const layout = structuredClone(laid.layout);
    const spec = find(layout, 'connectivity-revenues');
    spec.axes.y = { ...spec.axes.y, min: 0, max: 10000, step: 2500 };
    spec.axes.y2 = { ...spec.axes.y2!, min: 0, max: 525, step: 105 };
    expect(pngLabelProblems(layout, laid.theme, spec.id).join('\n')).toMatch(/label "8,604" .* runs into line 1/);
    expect(nativeLabelProblems(layout, laid.theme, spec.id).join('\n')).toMatch(/label "8,604" .* runs into line 1/);
  });

  it('Japanese factor names wrap at a word, not rotated (II-9\'s 営業利益 bridge was turned 17 degrees); too long for two lines, rotated', () => {
    // a glyph of kana or kanji 10 units wide, a Latin one 5: slots of 55 units (at a space, between phrases, where the script changes)
    const w = (t: string) => [...t].reduce((a, c) => a + (/[\u3000-\u9fff]/u.test(c) ? 10 : 5), 0);
    expect(categoryLines(['修正前', 'SI売上総利益', '接続サービス', '09/3期 第2四半期', '不採算案件の影響'], 55, w))
      .toEqual([['修正前'], ['SI', '売上総利益'], ['接続', 'サービス'], ['09/3期', '第2四半期'], ['不採算案件', 'の影響']]);
    // no word boundary gives two lines that fit: between characters, as Excel wraps a Japanese label
    expect(categoryLines(['SI売上総利益'], 45, w)).toEqual([['SI売上', '総利益']]);
    const ja = layEdition(EDITIONS.find((e) => e.lang === 'ja')!);
    expect(pngLabelProblems(ja.layout, ja.theme, 'bridge-half-oi')).toEqual([]);
    const layout = structuredClone(ja.layout);
    const spec = find(layout, 'bridge-half-oi');
    spec.categories = spec.categories.map((c) => `${c}による減少及びその他の要因`);
    expect(pngLabelProblems(layout, ja.theme, spec.id).join('\n')).toMatch(/category labels rotated|runs into label/);
  });

  it('factor names too long to wrap on two lines: rotated', () => {
    const layout = structuredClone(laid.layout);
    const spec = find(layout, 'bridge-half-oi');
    spec.categories = spec.categories.map((c) => `${c} and a good deal more besides`);
    expect(pngLabelProblems(layout, laid.theme, spec.id).join('\n')).toMatch(/category labels rotated|runs into label/);
  });
});
