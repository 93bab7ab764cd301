// The Chart.js renderer: right size, really drawn, byte-for-byte repeatable,
// Japanese text drawn with real glyphs, and unchanged against reference
// images that a person has looked at (tests/refs/charts/*.png).
// IRDECK_UPDATE_REFS=1 rewrites the references; look at every one afterwards.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import pixelmatch from 'pixelmatch';
import { formatNumber } from '../src/charts/format.js';
import { chartPixelSize, renderChartPng, renderChartsPng } from '../src/charts/png.js';
import type { ChartSpec, NumberFormat } from '../src/charts/spec.js';
import { chartSamples, millions, percent1, resultsJa, sampleStyle } from './fixtures/charts-sample.js';
import { comparePng } from './util/image-compare.js';

const REFS = join(import.meta.dirname, 'refs', 'charts');

// ---------------------------------------------------------------- formatNumber

describe('formatNumber', () => {
  const int: NumberFormat = { decimals: 0, thousands: true, parensForNegative: true };
  const one: NumberFormat = { decimals: 1, thousands: true, parensForNegative: true };

  it.each([
    [1234.5, int, '1,235'],
    [-2275, int, '(2,275)'],
    [-2274.8, int, '(2,275)'],
    [13379, int, '13,379'],
    [1234567.891, { ...int, decimals: 2 }, '1,234,567.89'],
    [999.5, int, '1,000'],
    [0, int, '0'],
    [10.94, percent1, '10.9%'],
    [-0.2, percent1, '(0.2%)'],
    [26, percent1, '26.0%'],
    [73.0, { ...one, prefix: 'JPY' }, 'JPY73.0'],
    [-1234, { ...int, parensForNegative: false }, '-1,234'],
    [1234, { ...int, thousands: false }, '1234'],
    [78.5, { ...one, suffix: ' bn' }, '78.5 bn'],
  ])('%s -> %s', (value, f, expected) => {
    expect(formatNumber(value, f)).toBe(expected);
  });

  it('rounds the decimal value as written, not its binary approximation', () => {
    // 2.25 and 2.675 are stored as 2.2499999... and 2.67499999...
    expect(formatNumber(2.25, one)).toBe('2.3');
    expect(formatNumber(2.675, { ...int, decimals: 2 })).toBe('2.68');
    expect(formatNumber(1.005, { ...int, decimals: 2 })).toBe('1.01');
    expect(formatNumber(0.1 + 0.2, one)).toBe('0.3');
    expect(formatNumber(-2.25, one)).toBe('(2.3)');
    expect(formatNumber(13.75, one)).toBe('13.8');
  });

  it('writes no sign on a value that rounds to zero', () => {
    expect(formatNumber(-0, int)).toBe('0');
    expect(formatNumber(-0.04, one)).toBe('0.0');
    expect(formatNumber(-0.4, int)).toBe('0');
    expect(formatNumber(-0.04, { ...percent1, parensForNegative: false })).toBe('0.0%');
  });

  it('ignores the locale', () => {
    // grouping by hand: no narrow no-break spaces or dots whatever LANG says
    expect(formatNumber(1234567, millions)).toBe('1,234,567');
  });
});

// ---------------------------------------------------------------- PNG helpers

function ihdrSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Pixels that are not (almost) white, and the colours that cover a real share of the image. */
function inkStats(png: Buffer): { ink: number; total: number; colours: number } {
  const img = PNG.sync.read(png);
  const counts = new Map<number, number>();
  let ink = 0;
  for (let p = 0; p < img.data.length; p += 4) {
    const [r, g, b] = [img.data[p], img.data[p + 1], img.data[p + 2]];
    if (r > 245 && g > 245 && b > 245) continue;
    ink++;
    const key = (r << 16) | (g << 8) | b;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = img.width * img.height;
  // a colour that fills at least 0.5% of the image is a fill, not anti-aliasing
  const colours = [...counts.values()].filter((n) => n >= total * 0.005).length;
  return { ink, total, colours };
}

/** Differing pixels between two same-sized PNGs, split at a row. */
function diffRows(a: Buffer, b: Buffer, splitRow: number): { above: number; below: number } {
  const A = PNG.sync.read(a);
  const B = PNG.sync.read(b);
  expect([A.width, A.height]).toEqual([B.width, B.height]);
  let above = 0;
  let below = 0;
  for (let y = 0; y < A.height; y++) {
    for (let x = 0; x < A.width; x++) {
      const p = (y * A.width + x) * 4;
      const same = A.data[p] === B.data[p] && A.data[p + 1] === B.data[p + 1] && A.data[p + 2] === B.data[p + 2];
      if (!same) {
        if (y < splitRow) above++;
        else below++;
      }
    }
  }
  return { above, below };
}

// ---------------------------------------------------------------- rendering

describe('chartPixelSize', () => {
  it('is inches x 96 x scale, rounded', () => {
    expect(chartPixelSize({ w: 6, h: 3.5 })).toEqual({ width: 1152, height: 672 });
    expect(chartPixelSize({ w: 6.01, h: 3.333 }, 2)).toEqual({ width: 1154, height: 640 });
    expect(chartPixelSize({ w: 5, h: 3 }, 1)).toEqual({ width: 480, height: 288 });
  });
});

describe('renderChartPng', () => {
  let pngs: Map<string, Buffer>;

  beforeAll(async () => {
    pngs = await renderChartsPng(chartSamples, sampleStyle);
  });

  it('renders every chart, keyed by id, in input order', () => {
    expect([...pngs.keys()]).toEqual(chartSamples.map((c) => c.spec.id));
  });

  describe.each(chartSamples.map((c) => [c.spec.id, c] as const))('%s', (id, { spec, box }) => {
    it('has the pixel size of its box', () => {
      expect(ihdrSize(pngs.get(id)!)).toEqual(chartPixelSize(box));
    });

    it('is drawn: ink on a real share of it, in at least two colours', () => {
      const { ink, total, colours } = inkStats(pngs.get(id)!);
      expect(ink / total).toBeGreaterThan(0.05);
      expect(colours).toBeGreaterThanOrEqual(2);
    });

    it('gives the same bytes when drawn again', async () => {
      const again = await renderChartPng(spec, sampleStyle, box);
      expect(again.equals(pngs.get(id)!)).toBe(true);
    });

    it('matches its reference image', () => {
      const ref = join(REFS, `${id}.png`);
      const r = comparePng(pngs.get(id)!, ref);
      if (!r.ok && r.diffPng) writeFileSync(join(tmpdir(), `irdeck-${id}.diff.png`), r.diffPng);
      expect(r.ok, r.message).toBe(true);
    });
  });

  it('scales: the same chart at scale 1 is half as wide', async () => {
    const { spec, box } = chartSamples[0];
    expect(ihdrSize(await renderChartPng(spec, sampleStyle, box, 1))).toEqual(chartPixelSize(box, 1));
  });

  it('rejects two charts with one id', async () => {
    await expect(renderChartsPng([chartSamples[0], chartSamples[0]], sampleStyle)).rejects.toThrow(/share the id/);
  });
});

describe('Japanese labels', () => {
  const box = chartSamples.find((c) => c.spec.id === resultsJa.id)!.box;
  const withFirstCategory = (label: string): ChartSpec => ({ ...resultsJa, categories: [label, ...resultsJa.categories.slice(1)] });
  // the category labels sit in the lower part of the chart, under the plot
  const axisRow = Math.round(chartPixelSize(box).height * 0.7);

  it('draws the first category label where the x axis is, and nothing else changes', async () => {
    const real = await renderChartPng(resultsJa, sampleStyle, box);
    const blank = await renderChartPng(withFirstCategory(''), sampleStyle, box);
    const d = diffRows(real, blank, axisRow);
    expect(d.above).toBe(0);
    expect(d.below).toBeGreaterThan(200);
  });

  it('draws real glyphs: the same characters in another order look different', async () => {
    // missing glyphs all draw as the same box, so a permutation would change nothing
    const real = await renderChartPng(resultsJa, sampleStyle, box);
    const shuffled = await renderChartPng(withFirstCategory('高上売'), sampleStyle, box);
    expect(diffRows(real, shuffled, axisRow).below).toBeGreaterThan(200);
  });
});

// ---------------------------------------------------------------- machine independence

/** The built renderer, when it is at least as new as its sources (npm test builds first). */
function freshDist(): string | undefined {
  const root = join(import.meta.dirname, '..');
  const built = join(root, 'dist', 'charts', 'png.js');
  if (!existsSync(built)) return undefined;
  const sources = [
    'src/charts/png.ts', 'src/charts/png-look.ts', 'src/charts/png-labels.ts', 'src/charts/png-doughnut.ts', 'src/charts/labels.ts',
    'src/charts/format.ts', 'src/util/number.ts', 'src/util/fonts.ts', 'src/util/colour.ts',
  ].map((p) => join(root, p));
  const newest = Math.max(...sources.map((p) => statSync(p).mtimeMs));
  return statSync(built).mtimeMs >= newest ? built : undefined;
}

describe('machine independence', () => {
  const built = freshDist();

  it('gives the same bytes under another time zone and locale', async () => {
    // npm test compiles before it runs the tests, so dist/ is current; a stale one is a failure, not a skip
    expect(built, 'dist/charts/png.js is missing or older than its sources: run npm test (it compiles first)').toBeDefined();
    const { spec, box } = chartSamples[0];
    const script = `
      const { renderChartPng } = await import(${JSON.stringify(built)});
      const { spec, style, box } = JSON.parse(process.env.IRDECK_CHART);
      process.stdout.write((await renderChartPng(spec, style, box)).toString('base64'));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, TZ: 'Pacific/Chatham', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8', IRDECK_CHART: JSON.stringify({ spec, style: sampleStyle, box }) },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const here = await renderChartPng(spec, sampleStyle, box);
    expect(Buffer.from(out, 'base64').equals(here)).toBe(true);
  });
});

// ---------------------------------------------------------------- the comparison itself

describe('comparePng', () => {
  const dir = mkdtempSync(join(tmpdir(), 'irdeck-cmp-'));
  const solid = (w: number, h: number, rgb: [number, number, number]): Buffer => {
    const img = new PNG({ width: w, height: h });
    for (let p = 0; p < img.data.length; p += 4) img.data.set([...rgb, 255], p);
    return PNG.sync.write(img);
  };
  // these cases are about comparing, so they must not run in update mode
  const withoutUpdate = <T>(f: () => T): T => {
    const saved = process.env.IRDECK_UPDATE_REFS;
    delete process.env.IRDECK_UPDATE_REFS;
    try {
      return f();
    } finally {
      if (saved !== undefined) process.env.IRDECK_UPDATE_REFS = saved;
    }
  };

  it('fails, with a message, when the reference is missing', () => {
    const r = withoutUpdate(() => comparePng(solid(4, 4, [0, 0, 0]), join(dir, 'missing.png')));
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/IRDECK_UPDATE_REFS=1/);
  });

  it('fails when the sizes differ', () => {
    const ref = join(dir, 'size.png');
    writeFileSync(ref, solid(4, 4, [0, 0, 0]));
    expect(withoutUpdate(() => comparePng(solid(4, 5, [0, 0, 0]), ref)).ok).toBe(false);
  });

  it('passes the same image and fails a different one', () => {
    const ref = join(dir, 'same.png');
    writeFileSync(ref, solid(8, 8, [31, 56, 100]));
    expect(withoutUpdate(() => comparePng(solid(8, 8, [31, 56, 100]), ref))).toMatchObject({ ok: true, diffRatio: 0 });
    const other = withoutUpdate(() => comparePng(solid(8, 8, [192, 0, 0]), ref));
    expect(other.ok).toBe(false);
    expect(other.diffRatio).toBe(1);
    expect(other.diffPng).toBeInstanceOf(Buffer);
  });

  it('writes the reference in update mode', () => {
    const ref = join(dir, 'new', 'written.png');
    const saved = process.env.IRDECK_UPDATE_REFS;
    process.env.IRDECK_UPDATE_REFS = '1';
    try {
      expect(comparePng(solid(2, 2, [1, 2, 3]), ref).ok).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.IRDECK_UPDATE_REFS;
      else process.env.IRDECK_UPDATE_REFS = saved;
    }
    expect(readFileSync(ref).equals(solid(2, 2, [1, 2, 3]))).toBe(true);
  });
});
