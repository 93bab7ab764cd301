// Value axes that step evenly: a nice step (1, 2 or 5 times a power of ten)
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

const MANTISSAS = [1, 2, 5];
/** Fewest and most intervals an axis is given: below 4 the gridlines say little, above 6 the labels crowd a half-slide chart. */
export const INTERVALS = { min: 4, max: 6 } as const;

/** Binary noise off a multiple of a power of ten (0.1 * 3 = 0.30000000000000004). */
function clean(x: number): number {
  return Number.parseFloat(x.toPrecision(12));
}

/** Nice steps from the smallest at least `x`, upwards. */
function* stepsFrom(x: number): Generator<number> {
  let p = 10 ** Math.floor(Math.log10(x));
  for (;;) {
    for (const m of MANTISSAS) {
      const s = clean(m * p);
      if (s >= x * (1 - 1e-12)) yield s;
    }
    p *= 10;
  }
}

/** The tightest nice scale with exactly `n` intervals covering lo..hi. */
export function scaleWithIntervals(lo: number, hi: number, n: number): AxisScale {
  if (!(hi > lo)) hi = lo === 0 ? 1 : lo + Math.abs(lo);
  for (const step of stepsFrom((hi - lo) / n)) {
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
export function niceScales(ranges: [number, number][]): AxisScale[] {
  let best: AxisScale[] = [];
  let bestWaste = Infinity;
  for (let n = INTERVALS.min; n <= INTERVALS.max; n++) {
    const scales = ranges.map(([lo, hi]) => scaleWithIntervals(lo, hi, n));
    // the worst axis decides; fewer intervals win a tie (less ink)
    const w = Math.max(...scales.map((s, i) => waste(s, ranges[i][0], ranges[i][1])));
    if (w < bestWaste - 1e-9) {
      best = scales;
      bestWaste = w;
    }
  }
  return best;
}

export function niceScale(lo: number, hi: number): AxisScale {
  return niceScales([[lo, hi]])[0];
}

/** Fractions of a combination chart's plot height (a 10 pt label is about 0.065 of II-3's 190 pt plot). */
const COMBO = {
  /** a label's height over a bar or a point */
  label: 0.07,
  /** clear space between the bars' labels and the line's lowest point */
  gap: 0.04,
  /** room above the line's highest point (and its label) */
  top: 0.02,
};

/**
 * Scales for a combination chart, bars (0..barHi) on the left axis and a line
 * (lineLo..lineHi) on the right: the line, with its labels above its points,
 * runs wholly above the bars' labels. Of the arrangements that do, the one
 * that gives the smaller of the bars' height and twice the line's spread the
 * most room (a line needs half the height bars do to show its changes).
 * Undefined when no nice pair of scales keeps them apart.
 */
export function comboScales(barHi: number, lineLo: number, lineHi: number, lineLabelled: boolean): [AxisScale, AxisScale] | undefined {
  let best: [AxisScale, AxisScale] | undefined;
  let bestScore = -Infinity;
  const lineRoom = lineLabelled ? COMBO.label : 0;
  const floor2 = lineLo >= 0 ? 0 : -Infinity;
  const candidates = (lo: number, hi: number) => {
    const out: { n: number; step: number }[] = [];
    for (let n = INTERVALS.min; n <= INTERVALS.max; n++) {
      let k = 0;
      for (const step of stepsFrom(Math.max((hi - lo) / n, Math.abs(hi) * 1e-6, 1e-9))) {
        out.push({ n, step });
        if (++k >= 8) break;
      }
    }
    return out;
  };
  const lines = candidates(lineLo, lineHi);
  for (const { n, step } of candidates(0, barHi)) {
    const y: AxisScale = { min: 0, max: clean(n * step), step };
    const bars = barHi / y.max;
    const barTop = bars + COMBO.label + COMBO.gap;
    if (barTop >= 1) continue;
    for (const { n: n2, step: t } of lines) {
      const span = n2 * t;
      // the lowest multiple of t that still keeps lineLo at or above barTop, and lineHi with its label under the top
      const min2 = clean(Math.floor((lineLo - span * barTop) / t + 1e-9) * t);
      if (min2 < floor2 || lineHi + span * lineRoom > min2 + span * (1 - COMBO.top) + 1e-9) continue;
      const score = Math.min(bars, (2 * (lineHi - lineLo)) / span || bars);
      if (score > bestScore + 1e-9) {
        best = [y, { min: min2, max: clean(min2 + span), step: t }];
        bestScore = score;
      }
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
  if (!isNiceStep(s.step)) out.push(`step ${s.step} is not 1, 2 or 5 times a power of ten`);
  if (s.step < 10 ** -decimals - 1e-12) out.push(`step ${s.step} is finer than the labels' ${decimals} decimals`);
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
