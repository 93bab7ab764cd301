// The nice-scale maker and the axis gate: scales it makes pass the gate, and
// each way an axis went wrong in the sample (an extreme added as an extra
// tick, a step that is not nice, too many intervals) fails it.
import { describe, expect, it } from 'vitest';
import { comboScales, niceScale, niceScales, scaleProblems, tickProblems, ticksOf } from '../src/charts/axis-scale.js';

describe('nice scales', () => {
  it('cover the range with a 1/2/5 step from a multiple of it to a multiple of it', () => {
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
    const [y, y2] = comboScales(14851, 18.5, 23.1, true)!;
    expect(scaleProblems(y, 0)).toEqual([]);
    expect(scaleProblems(y2, 1)).toEqual([]);
    const barTop = 14851 / y.max;
    const lineLow = (18.5 - y2.min) / (y2.max - y2.min);
    expect(lineLow).toBeGreaterThan(barTop + 0.1);
    // II-4: revenues up to 8,604, bandwidth 250..478 Gbps, no negative Gbps on the axis
    const [, bw] = comboScales(8604, 250.2, 478.2, false)!;
    expect(bw.min).toBeGreaterThanOrEqual(0);
    expect(scaleProblems(bw, 1)).toEqual([]);
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
