// Every chart of the sample deck: the native chart's cached values are the
// model's figures; the PNG has the expected size, is not blank and is the same
// bytes when drawn again; bridges reconcile start + factors = end.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChartSpec } from '../src/charts/spec.js';
import { chartPixelSize, renderChartsPng } from '../src/charts/png.js';
import { chartStyleOf } from '../src/render/style.js';
import { loadModel } from '../src/pipeline/load-model.js';
import { composeAndLayout } from '../src/pipeline/compose-deck.js';
import { irdeck, ROOT, SAMPLE } from './util/cli.js';
import { comparePng } from './util/image-compare.js';

const laid = composeAndLayout(loadModel(SAMPLE));
const charts = laid.layout.slides.flatMap((s) => s.elements.flatMap((e) => (e.kind === 'chart' ? [{ spec: e.chart, box: e.box }] : [])));
let zip: JSZip;

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'irdeck-charts-'));
  const r = irdeck(['build', SAMPLE, '--format', 'pptx', '--out', out, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  zip = await JSZip.loadAsync(readFileSync(join(out, 'fy2008-1h.pptx')));
});

/** series name -> cached values (undefined for a point left out) of one chart part */
function caches(xml: string): Map<string, (number | undefined)[]> {
  const out = new Map<string, (number | undefined)[]>();
  for (const ser of xml.match(/<c:ser>[\s\S]*?<\/c:ser>/g) ?? []) {
    const name = /<c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/.exec(ser)?.[1] ?? '';
    const val = /<c:val>([\s\S]*?)<\/c:val>/.exec(ser)?.[1] ?? '';
    const count = Number(/<c:ptCount val="(\d+)"\/>/.exec(val)?.[1] ?? 0);
    const values: (number | undefined)[] = Array.from({ length: count }, () => undefined);
    for (const m of val.matchAll(/<c:pt idx="(\d+)">\s*<c:v>([^<]*)<\/c:v>/g)) values[Number(m[1])] = Number(m[2]);
    out.set(name.replace(/&amp;/g, '&'), values);
  }
  return out;
}

const isBridge = (s: ChartSpec) => s.series.some((x) => x.invisible);

describe('sample deck charts', () => {
  it('has the charts the deck defines', () => {
    expect(charts.length).toBeGreaterThanOrEqual(15);
  });

  it("each native chart's cache holds the model's figures", async () => {
    for (const [i, { spec }] of charts.entries()) {
      const xml = await zip.file(`ppt/charts/chart${i + 1}.xml`)!.async('string');
      const cache = caches(xml);
      if (isBridge(spec)) continue; // bridges are split by colour into several series; checked below
      for (const s of spec.series) {
        const got = cache.get(s.name);
        expect(got, `${spec.id}: series "${s.name}" in chart${i + 1}.xml`).toBeDefined();
        s.values.forEach((v, k) => {
          if (v === null) expect(got![k]).toBeUndefined();
          else expect(got![k], `${spec.id} ${s.name} ${spec.categories[k]}`).toBeCloseTo(v, 6);
        });
      }
    }
  });

  it('bridges reconcile: start + factors = end, in the spec and in the native chart', async () => {
    const bridges = charts.filter(({ spec }) => isBridge(spec));
    expect(bridges.length).toBe(4);
    for (const { spec } of bridges) {
      const labels = spec.series.find((s) => !s.invisible)!.labelValues as number[];
      const start = labels[0];
      const end = labels[labels.length - 1];
      const sum = labels.slice(1, -1).reduce((a, b) => a + b, 0);
      expect(start + sum, spec.id).toBeCloseTo(end, 6);
      // each visible bar is |factor| tall and sits on the running total
      const base = spec.series.find((s) => s.invisible)!.values as number[];
      const bars = spec.series.find((s) => !s.invisible)!.values as number[];
      let level = start;
      labels.slice(1, -1).forEach((d, k) => {
        const next = level + d;
        expect(base[k + 1] + bars[k + 1], `${spec.id} step ${k + 1} top`).toBeCloseTo(Math.max(level, next), 6);
        expect(base[k + 1], `${spec.id} step ${k + 1} bottom`).toBeCloseTo(Math.min(level, next), 6);
        level = next;
      });
      const idx = charts.findIndex((c) => c.spec === spec);
      const xml = await zip.file(`ppt/charts/chart${idx + 1}.xml`)!.async('string');
      // the native chart's visible series together give the same bar heights
      const visible = [...caches(xml).entries()].filter(([n]) => n !== 'base' && !/base/i.test(n)).map(([, v]) => v);
      bars.forEach((h, k) => expect(visible.reduce((a, v) => a + (v[k] ?? 0), 0), `${spec.id} bar ${k}`).toBeCloseTo(h, 6));
    }
  });

  it('PNGs: expected size, not blank, the same bytes when drawn again', async () => {
    const style = chartStyleOf(laid.theme);
    const a = await renderChartsPng(charts, style, 2);
    const b = await renderChartsPng(charts, style, 2);
    for (const { spec, box } of charts) {
      const png = PNG.sync.read(a.get(spec.id)!);
      const size = chartPixelSize(box, 2);
      expect([png.width, png.height], spec.id).toEqual([size.width, size.height]);
      let ink = 0;
      for (let i = 0; i < png.data.length; i += 4) if (png.data[i] < 200 || png.data[i + 1] < 200 || png.data[i + 2] < 200) ink++;
      expect(ink / (png.width * png.height), `${spec.id} is blank`).toBeGreaterThan(0.02);
      expect(b.get(spec.id)!.equals(a.get(spec.id)!), `${spec.id} bytes`).toBe(true);
      // and the reference image a person looked at (npm run test:update-refs replaces it)
      const ref = comparePng(a.get(spec.id)!, join(ROOT, `tests/refs/sample-charts/${spec.id}.png`), { maxDiffRatio: 0.002 });
      expect(ref.ok, `${spec.id}: ${ref.message ?? ref.diffRatio}`).toBe(true);
    }
  });
});
