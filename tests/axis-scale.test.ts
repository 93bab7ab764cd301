// The nice-scale maker and the axis gate: scales it makes pass the gate, and
// each way an axis went wrong in the sample (an extreme added as an extra
// tick, a step that is not nice, too many intervals) fails it.
import { describe, expect, it } from 'vitest';
import { comboScales, niceScale, niceScales, scaleProblems, tickProblems, ticksOf } from '../src/charts/axis-scale.js';

describe('nice scales', () => {
  it('cover the range with a 1/2/2.5/5 step from a multiple of it to a multiple of it', () => {
    for (const [lo, hi] of [[0, 16926], [0, 13782 * 1.12], [-3900, 2600], [0, 2.1], [9, 23.1], [0, 0.37], [0, 1824], [-1405, 1987]]) {
      const s = niceScale(lo, hi);
      expect(s.min, `${lo}..${hi}`).toBeLessThanOrEqual(lo);
      expect(s.max, `${lo}..${hi}`).toBeGreaterThanOrEqual(hi);
      expect(scaleProblems(s, 2), `${lo}..${hi}: ${JSON.stringify(s)}`).toEqual([]);
    }
  });

  it('give two axes of one chart the same number of intervals when asked together', () => {
    const [a, b] = niceScales([[0, 30000], [5, 23.1]]);
    expect(ticksOf(a).length).toBe(ticksOf(b).length);
  });

  it('keep a combination chart\'s line above its bars\' labels, on nice scales', () => {
    // II-3: stacked costs up to 14,851, gross margin ratio 18.5%..23.1%
    const [y, y2] = comboScales([10942, 12869, 14851, 14220, 13303, 13782], [20.1, 21.0, 19.1, 23.1, 18.5, 18.6], true, 0.065)!;
    expect(scaleProblems(y, 0)).toEqual([]);
    expect(scaleProblems(y2, 1)).toEqual([]);
    const barTop = 14851 / y.max;
    const lineLow = (18.5 - y2.min) / (y2.max - y2.min);
    expect(lineLow).toBeGreaterThan(barTop + 0.1);
    // II-4: revenues 5,610..8,604, bandwidth 250..478 Gbps (unlabelled): no negative Gbps, each point under its column's top
    const tops = [5610, 5742, 5878, 6025, 6871, 7935, 8150, 8285, 8396, 8604];
    const bandwidth = [250.2, 270.4, 296.8, 323.5, 345.1, 372.6, 398.0, 421.3, 446.9, 478.2];
    const [rev, bw] = comboScales(tops, bandwidth, false, 0.15)!;
    expect(bw.min).toBeGreaterThanOrEqual(0);
    expect(scaleProblems(bw, 1)).toEqual([]);
    bandwidth.forEach((v, j) => expect((v - bw.min) / (bw.max - bw.min)).toBeLessThan(tops[j] / rev.max));
    expect(8604 / rev.max).toBeGreaterThan(0.5);
  });
});

describe('the axis gate fails on the axes the sample once had', () => {
  it("II-3's right axis 25.0/20.0/15.0/10.0/9.0%", () => {
    expect(tickProblems([9, 10, 15, 20, 25], 1).join('; ')).toMatch(/do not step evenly/);
  });
  it("II-5's 11,000 printed over 10,000", () => {
    expect(tickProblems([0, 2000, 4000, 6000, 8000, 10000, 11000], 0).join('; ')).toMatch(/do not step evenly/);
    expect(scaleProblems({ min: 0, max: 11000, step: 2000 }, 0).join('; ')).toMatch(/max 11000 is not a multiple/);
  });
  it('a step the labels cannot write (0.25 with one decimal)', () => {
    expect(scaleProblems({ min: 0, max: 1, step: 0.25 }, 1).join('; ')).toMatch(/finer than the labels' 1 decimals/);
  });
  it("II-6's 17.0% top and a step of 3", () => {
    expect(scaleProblems({ min: 5, max: 17, step: 3 }, 1).join('; ')).toMatch(/step 3 is not/);
  });
  it('an axis whose range is left to the renderer', () => {
    expect(scaleProblems({ min: 0 }, 0).join('; ')).toMatch(/not fixed/);
  });
  it('a step finer than the labels show, and too many intervals', () => {
    expect(scaleProblems({ min: 0, max: 1, step: 0.05 }, 1).join('; ')).toMatch(/finer than/);
    expect(scaleProblems({ min: 0, max: 1000, step: 100 }, 0).join('; ')).toMatch(/10 intervals/);
  });
});
