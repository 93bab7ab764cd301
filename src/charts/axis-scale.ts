// Value axes that step evenly: a nice step (1, 2, 2.5 or 5 times a power of ten)
// from a nice minimum to a nice maximum, both whole multiples of the step, so
// no renderer adds its extreme as an extra, uneven tick (II-3's right axis
// once read 25.0/20.0/15.0/10.0/9.0%; II-5's 11,000 sat 1,000 over 10,000).
// Both renderers draw exactly the scale written in the ChartSpec: Chart.js
// as min/max/stepSize, the native chart as c:min/c:max/c:majorUnit.
import type { ChartSpec } from './spec.js';

export interface AxisScale {
  min: number;
  max: number;
  step: number;
}

// 2.5 as well as 1, 2 and 5: with 4 intervals, 0..10,000 by 2,500 rather than 0..20,000 by 5,000 for II-4's 8,604
const MANTISSAS = [1, 2, 2.5, 5];
/** Fewest and most intervals an axis is given: below 4 the gridlines say little, above 6 the labels crowd a half-slide chart. */
export const INTERVALS = { min: 4, max: 6 } as const;

const cleaned = new Map<number, number>();

/**
 * Binary noise off a multiple of a power of ten (0.1 * 3 = 0.30000000000000004).
 * Remembered: the layout's scale searches ask for the same few hundred values
 * again and again, and the number-to-text-to-number took ~13 ms of a
 * two-edition build (cpu profile).
 */
function clean(x: number): number {
  let c = cleaned.get(x);
  if (c === undefined) {
    if (cleaned.size > 50_000) cleaned.clear();
    c = Number.parseFloat(x.toPrecision(12));
    cleaned.set(x, c);
  }
  return c;
}

/** Can labels with `decimals` digits after the point write every multiple of the step exactly? (0.25 with one decimal cannot) */
function writable(step: number, decimals: number): boolean {
  const k = step * 10 ** decimals;
  return Math.abs(k - Math.round(k)) < 1e-9 * Math.max(1, k);
}

/** Nice steps from the smallest at least `x`, upwards, that labels with `decimals` digits can write. */
function* stepsFrom(x: number, decimals = 6): Generator<number> {
  let p = 10 ** Math.floor(Math.log10(x));
  for (;;) {
    for (const m of MANTISSAS) {
      const s = clean(m * p);
      if (s >= x * (1 - 1e-12) && writable(s, decimals)) yield s;
    }
    p *= 10;
  }
}

/** The tightest nice scale with exactly `n` intervals covering lo..hi. */
export function scaleWithIntervals(lo: number, hi: number, n: number, decimals = 6): AxisScale {
  if (!(hi > lo)) hi = lo === 0 ? 1 : lo + Math.abs(lo);
  for (const step of stepsFrom((hi - lo) / n, decimals)) {
    const min = clean(Math.floor(lo / step + 1e-9) * step);
    const max = clean(min + n * step);
    if (max >= hi - step * 1e-9) return { min, max, step };
  }
  throw new Error('unreachable');
}

/** How much of the axis the range lo..hi leaves empty (0 = none). */
function waste(s: AxisScale, lo: number, hi: number): number {
  return 1 - (hi - lo) / (s.max - s.min);
}

/**
 * Nice scales for several axes of one chart with the same number of
 * intervals, so the secondary axis's labels sit on the primary axis's
 * gridlines. Each range is [lo, hi] of what must show on that axis.
 */
export function niceScales(ranges: [number, number][], most: number = INTERVALS.max, decimals: number[] = []): AxisScale[] {
  let best: AxisScale[] = [];
  let bestWaste = Infinity;
  for (let n = INTERVALS.min; n <= Math.max(INTERVALS.min, most); n++) {
    const scales = ranges.map(([lo, hi], i) => scaleWithIntervals(lo, hi, n, decimals[i]));
    // the worst axis decides; fewer intervals win a tie (less ink)
    const w = Math.max(...scales.map((s, i) => waste(s, ranges[i][0], ranges[i][1])));
    if (w < bestWaste - 1e-9) {
      best = scales;
      bestWaste = w;
    }
  }
  return best;
}

export function niceScale(lo: number, hi: number, most: number = INTERVALS.max, decimals = 6): AxisScale {
  return niceScales([[lo, hi]], most, [decimals])[0];
}

/** When a single-axis chart may have one more interval than its label height allows: the share of the axis the data leave empty, the tick labels' spacing in label heights. */
const SPARSE = { empty: 0.4, apart: 1.8 };

/** Fractions of a combination chart's plot height besides its labels'. */
const COMBO = {
  /** clear space between the bars' labels and the line's lowest point */
  gap: 0.04,
  /** room above the line's highest point (and its label) */
  top: 0.02,
};

/**
 * Scales for a combination chart, bars on the left axis (stack tops
 * `barTops`, one per category) and a line on the right (`line`, one value per
 * category), each label `label` of the plot's height. Two arrangements keep
 * every label clear of the line: the line, with its labels above its points,
 * wholly above the bars' labels; or an unlabelled line running through the
 * bars, below each column's top by a gap (II-4's bandwidth, whose low end is
 * half its high end, cannot sit above the bars without squashing them into
 * the bottom third). Of the arrangements that work, the one that gives the
 * smaller of the bars' height and twice the line's spread the most room (a
 * line needs half the height bars do to show its changes). Undefined when no
 * nice pair of scales works.
 */
export function comboScales(
  barTops: number[],
  line: (number | null)[],
  lineLabelled: boolean,
  label: number,
  most: number = INTERVALS.max,
  decimals: [number, number] = [6, 6],
): [AxisScale, AxisScale] | undefined {
  const values = line.filter((v): v is number => v !== null);
  const barHi = Math.max(...barTops);
  const lineLo = Math.min(...values);
  const lineHi = Math.max(...values);
  let best: [AxisScale, AxisScale] | undefined;
  let bestScore = -Infinity;
  const lineRoom = lineLabelled ? label : 0;
  const floor2 = lineLo >= 0 ? 0 : -Infinity;
  const candidates = (lo: number, hi: number, d: number) => {
    const out: { n: number; step: number }[] = [];
    for (let n = INTERVALS.min; n <= Math.max(INTERVALS.min, most); n++) {
      let k = 0;
      for (const step of stepsFrom(Math.max((hi - lo) / n, Math.abs(hi) * 1e-6, 1e-9), d)) {
        out.push({ n, step });
        if (++k >= 8) break;
      }
    }
    return out;
  };
  // the pair is made only when it scores better: most of the thousands of pairs a two-axis chart tries do not
  const consider = (y: AxisScale, min2: number, max2: number, step: number) => {
    const score = Math.min(barHi / y.max, (2 * (lineHi - lineLo)) / (max2 - min2) || barHi / y.max);
    if (score > bestScore + 1e-9) {
      best = [y, { min: min2, max: max2, step }];
      bestScore = score;
    }
  };
  const lines = candidates(lineLo, lineHi, decimals[1]);
  for (const { n, step } of candidates(0, barHi, decimals[0])) {
    const y: AxisScale = { min: 0, max: clean(n * step), step };
    // the bars' labels must fit under the plot's top in either arrangement (both renderers leave a little
    // padding above it, so a label may touch it: 3Q08's 8,770 on 10,000)
    if (barHi / y.max + label > 1) continue;
    const barTop = barHi / y.max + label + COMBO.gap;
    for (const { n: n2, step: t } of lines) {
      const span = n2 * t;
      // above: the lowest multiple of t that keeps lineLo at or above barTop, and lineHi with its label under the top
      const min2 = clean(Math.floor((lineLo - span * barTop) / t + 1e-9) * t);
      if (min2 >= floor2 && lineHi + span * lineRoom <= min2 + span * (1 - COMBO.top) + 1e-9) consider(y, min2, clean(min2 + span), t);
      // through: from zero (or the line's nice floor), every point under its own column's top
      if (lineLabelled) continue;
      const from = floor2 === 0 ? 0 : clean(Math.floor(lineLo / t) * t);
      const under = line.every((v, j) => v === null || (v - from) / span <= barTops[j] / y.max - COMBO.gap);
      if (under && lineHi <= from + span) consider(y, from, clean(from + span), t);
    }
  }
  return best;
}

/** The tick values of a scale, min to max. */
export function ticksOf(s: AxisScale): number[] {
  const n = Math.round((s.max - s.min) / s.step);
  return Array.from({ length: n + 1 }, (_, k) => clean(s.min + k * s.step));
}

function isNiceStep(step: number): boolean {
  if (!(step > 0)) return false;
  const p = 10 ** Math.floor(Math.log10(step) + 1e-12);
  const m = clean(step / p);
  return MANTISSAS.includes(m) || m === 10;
}

function isMultiple(x: number, step: number): boolean {
  const k = x / step;
  return Math.abs(k - Math.round(k)) < 1e-6;
}

/**
 * What is wrong with an axis as drawn (empty when nothing): the gate the
 * tests run over every chart, on the spec, the PNG's ticks and the native
 * chart's c:min/c:max/c:majorUnit. `decimals` is what the axis labels show:
 * a step finer than that would print two ticks alike.
 */
export function scaleProblems(s: { min?: number; max?: number; step?: number }, decimals: number): string[] {
  const out: string[] = [];
  if (s.min === undefined || s.max === undefined || s.step === undefined) return [`not fixed (min ${s.min}, max ${s.max}, step ${s.step})`];
  if (!isNiceStep(s.step)) out.push(`step ${s.step} is not 1, 2, 2.5 or 5 times a power of ten`);
  if (!writable(s.step, decimals)) out.push(`step ${s.step} is finer than the labels' ${decimals} decimals`);
  if (!isMultiple(s.min, s.step)) out.push(`min ${s.min} is not a multiple of the step ${s.step}`);
  if (!isMultiple(s.max, s.step)) out.push(`max ${s.max} is not a multiple of the step ${s.step}`);
  const n = (s.max - s.min) / s.step;
  if (n < INTERVALS.min - 1e-9 || n > INTERVALS.max + 1e-9) out.push(`${Math.round(n)} intervals (want ${INTERVALS.min} to ${INTERVALS.max})`);
  return out;
}

/** What is wrong with a list of tick values as a renderer drew them: uneven gaps or a step that is not nice. */
export function tickProblems(ticks: number[], decimals: number): string[] {
  if (ticks.length < 2) return [`only ${ticks.length} tick(s)`];
  const step = clean(ticks[1] - ticks[0]);
  const uneven = ticks.slice(1).map((t, i) => clean(t - ticks[i])).filter((d) => Math.abs(d - step) > step * 1e-6);
  const out = uneven.length ? [`ticks ${ticks.join(', ')} do not step evenly`] : [];
  return [...out, ...scaleProblems({ min: ticks[0], max: ticks[ticks.length - 1], step }, decimals)];
}

/** The top of each category's bars on the primary axis (a stack's sum of positives, or the tallest bar). */
function stackTops(spec: ChartSpec): number[] {
  return spec.categories.map((_, j) => {
    const vs = spec.series.filter((s) => s.axis === 'y' && s.type === 'bar' && !s.invisible).map((s) => Math.max(0, s.values[j] ?? 0));
    return spec.stacked ? vs.reduce((a, b) => a + b, 0) : Math.max(0, ...vs);
  });
}

/** Lowest and highest value drawn on an axis: stack bottoms and tops when stacked, the values themselves otherwise; 0 always included. */
export function stackExtent(spec: ChartSpec, axis: 'y' | 'y2'): { lo: number; hi: number } {
  let lo = 0;
  let hi = 0;
  spec.categories.forEach((_, j) => {
    let pos = 0;
    let neg = 0;
    for (const s of spec.series) {
      const v = s.values[j];
      if (s.axis !== axis || v === null || v === undefined) continue;
      if (s.type === 'line' || !spec.stacked) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      } else if (v >= 0) pos += v;
      else neg += v;
    }
    lo = Math.min(lo, neg);
    hi = Math.max(hi, pos);
  });
  return { lo, hi };
}

/**
 * Fixes a nice scale (min, max, step) on every value axis of a bar chart whose
 * labels are `label` of its plot's height: bars start at zero, and a chart
 * with labels keeps room for one above the tallest column (and below the
 * lowest negative one). In a combination chart the line runs above the bars
 * and their labels (comboScales). Both renderers then draw exactly these.
 */
export function fixScales(spec: ChartSpec, label: number): void {
  if (spec.kind !== 'bar') return;
  // tick labels at least 2.2 label heights apart: a short plot (LibreOffice's II-4, 75 pt) gets fewer intervals
  const most = Math.min(INTERVALS.max, Math.floor(1 / (label * 2.2)));
  const labelled = Boolean(spec.totalLabels) || spec.series.some((s) => s.labels && !s.invisible);
  const { lo, hi } = stackExtent(spec, 'y');
  // the label's share of the plot, and a little air, as a share of the data's range
  const room = labelled ? (hi - lo) * Math.min((label + 0.03) / (1 - label - 0.03), 1) : 0;
  // below a negative column at least 5% of the range stays free: LibreOffice moves the category labels
  // from the foot of the plot up to the zero line when a column reaches the axis's minimum (II-12's -3,900 on -4,000)
  const yRange: [number, number] = [lo < 0 ? lo - Math.max(room, (hi - lo) * 0.05) : 0, hi > 0 ? hi + room : 0];
  const y2 = spec.axes.y2;
  const line = spec.series.filter((s) => s.axis === 'y2').flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (!y2 || !line.length) {
    const d = spec.axes.y.format.decimals;
    let s = niceScale(...yRange, most, d);
    // a short plot (the Japanese edition's category labels on two lines) held to 4 intervals may have to double
    // the step and leave half the axis empty (II-5's 0..20,000 for a backlog of 10,400): one interval more when
    // the data leave over 40% of it empty, if its tick labels stay 1.8 label heights apart (0..12,500 by 2,500)
    if (waste(s, lo, hi) > SPARSE.empty && most < INTERVALS.max && (most + 1) * label * SPARSE.apart <= 1) {
      const more = niceScale(...yRange, most + 1, d);
      if (waste(more, lo, hi) < waste(s, lo, hi)) s = more;
    }
    Object.assign(spec.axes.y, s);
    return;
  }
  const bars = spec.series.some((s) => s.axis === 'y' && s.type === 'bar');
  const l2 = Math.min(...line);
  const h2 = Math.max(...line);
  const lines = spec.series.filter((s) => s.axis === 'y2');
  const decimals: [number, number] = [spec.axes.y.format.decimals, y2.format.decimals];
  const apart = bars && lo >= 0 && hi > 0 && lines.length === 1 ? comboScales(stackTops(spec), lines[0].values, lines[0].labels, label, most, decimals) : undefined;
  // bars that dip below zero, or a line no nice pair of scales keeps above them: each on its own tight scale
  const [sy, sy2] = apart ?? niceScales([yRange, [Math.min(0, l2), h2]], most, decimals);
  Object.assign(spec.axes.y, sy);
  Object.assign(y2, sy2);
}
