// The label gate's geometry on scenes built by hand: each kind of collision
// the sample once had is found, and clear placements pass.
import { describe, expect, it } from 'vitest';
import { firstClear, labelProblems, segmentHits, type LabelScene } from '../src/charts/label-gate.js';

const label = (text: string, x: number, y: number, w = 30, h = 12) => ({ text, rect: { x, y, w, h } });

describe('label gate', () => {
  it('passes labels clear of each other, inside or above their bars, off the line', () => {
    const scene: LabelScene = {
      bars: [{ x: 10, y: 100, w: 40, h: 100 }, { x: 60, y: 80, w: 40, h: 120 }],
      labels: [label('4,850', 15, 140), label('10,942', 15, 85), label('12,869', 65, 65)],
      lines: [[{ x: 30, y: 30 }, { x: 80, y: 20 }]],
    };
    expect(labelProblems(scene)).toEqual([]);
  });

  it('finds two labels on each other (II-9\'s rotated factor names)', () => {
    const scene: LabelScene = { bars: [], lines: [], labels: [label('Unprofitable project', 0, 0, 80), label('Unrealized SI profit', 60, 4, 80)] };
    expect(labelProblems(scene).join('; ')).toMatch(/"Unprofitable project".*runs into label "Unrealized SI profit"/);
  });

  it('finds a label across a bar\'s edge', () => {
    const scene: LabelScene = { bars: [{ x: 10, y: 100, w: 40, h: 100 }], lines: [], labels: [label('5,610', 15, 94)] };
    expect(labelProblems(scene).join('; ')).toMatch(/the edge of bar 1/);
  });

  it('finds a label on a line (II-3\'s 19.1% on the ratio line)', () => {
    const line = [{ x: 0, y: 40 }, { x: 50, y: 60 }, { x: 100, y: 20 }];
    const scene: LabelScene = { bars: [], lines: [line], labels: [label('19.1%', 35, 42)] };
    expect(labelProblems(scene).join('; ')).toMatch(/"19.1%".*line 1/);
    // under the point it is clear: the planner's choice
    const below = { x: 35, y: 64, w: 30, h: 12 };
    expect(firstClear([{ x: 35, y: 42, w: 30, h: 12 }, below], scene, [])).toBe(1);
  });

  it('tells a segment through a box from one that passes by', () => {
    const r = { x: 10, y: 10, w: 20, h: 10 };
    expect(segmentHits({ x: 0, y: 15 }, { x: 40, y: 15 }, r)).toBe(true);
    expect(segmentHits({ x: 0, y: 5 }, { x: 40, y: 5 }, r)).toBe(false);
    expect(segmentHits({ x: 0, y: 0 }, { x: 9, y: 30 }, r)).toBe(false);
    expect(segmentHits({ x: 20, y: 0 }, { x: 20, y: 30 }, r)).toBe(true);
  });
});
