// Where a chart's labels sit against everything else drawn: the overlap gate
// the tests run over every chart (no label on another label, across a bar's
// edge or on a line), and the test a label planner uses to pick a clear spot
// among its candidates. Pure geometry in one unit (points or pixels, y down):
// the PNG renderer hands in what Chart.js drew, the native chart's planner
// its estimate of where PowerPoint will draw.

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface SceneLabel {
  text: string;
  rect: Rect;
}

/** What a chart draws, as far as its labels are concerned. */
export interface LabelScene {
  labels: SceneLabel[];
  /** each visible bar segment (a stacked column is several) */
  bars: Rect[];
  /** each line as the polyline through its points (a gap splits it) */
  lines: Point[][];
}

/**
 * How far two things may run into each other before it counts (in the
 * scene's unit): anti-aliasing and a glyph's side bearing, not a collision.
 */
export const TOLERANCE = 0.75;

function overlapX(a: Rect, b: Rect): number {
  return Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
}

function overlapY(a: Rect, b: Rect): number {
  return Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
}

export function rectsOverlap(a: Rect, b: Rect, tol = TOLERANCE): boolean {
  return overlapX(a, b) > tol && overlapY(a, b) > tol;
}

/** Is a inside b (to within tol)? */
function inside(a: Rect, b: Rect, tol: number): boolean {
  return a.x >= b.x - tol && a.y >= b.y - tol && a.x + a.w <= b.x + b.w + tol && a.y + a.h <= b.y + b.h + tol;
}

/** A label that crosses a bar's edge: partly on the bar, partly off it. Wholly on it or wholly off it is fine. */
export function crossesEdge(label: Rect, bar: Rect, tol = TOLERANCE): boolean {
  return rectsOverlap(label, bar, tol) && !inside(label, bar, tol);
}

/** Does the segment p-q pass through the rectangle shrunk by tol on every side? (Liang-Barsky clipping) */
export function segmentHits(p: Point, q: Point, r: Rect, tol = TOLERANCE): boolean {
  const x0 = r.x + tol;
  const x1 = r.x + r.w - tol;
  const y0 = r.y + tol;
  const y1 = r.y + r.h - tol;
  if (x1 <= x0 || y1 <= y0) return false;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [[-dx, p.x - x0], [dx, x1 - p.x], [-dy, p.y - y0], [dy, y1 - p.y]];
  for (const [a, b] of edges) {
    if (a === 0) {
      if (b < 0) return false;
      continue;
    }
    const t = b / a;
    if (a < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

export function lineHits(line: Point[], r: Rect, tol = TOLERANCE): boolean {
  for (let k = 1; k < line.length; k++) if (segmentHits(line[k - 1], line[k], r, tol)) return true;
  return false;
}

/** What a label at `rect` would run into: other labels placed so far, bar edges, lines (empty when clear). */
export function obstaclesOf(rect: Rect, scene: LabelScene, others: SceneLabel[] = scene.labels, tol = TOLERANCE): string[] {
  const out: string[] = [];
  for (const o of others) if (o.rect !== rect && rectsOverlap(rect, o.rect, tol)) out.push(`label "${o.text}"`);
  scene.bars.forEach((b, i) => { if (crossesEdge(rect, b, tol)) out.push(`the edge of bar ${i + 1}`); });
  scene.lines.forEach((l, i) => { if (lineHits(l, rect, tol)) out.push(`line ${i + 1}`); });
  return out;
}

/** The first candidate spot clear of everything in the scene and of `placed`; undefined when none is. */
export function firstClear(candidates: Rect[], scene: LabelScene, placed: SceneLabel[]): number | undefined {
  const k = candidates.findIndex((c) => obstaclesOf(c, scene, placed).length === 0);
  return k < 0 ? undefined : k;
}

/** The gate: every label that runs into another label, a bar's edge or a line, one sentence each. */
export function labelProblems(scene: LabelScene, tol = TOLERANCE): string[] {
  const out: string[] = [];
  scene.labels.forEach((l, i) => {
    const hits = obstaclesOf(l.rect, scene, scene.labels.slice(i + 1), tol);
    if (hits.length) out.push(`label "${l.text}" at (${l.rect.x.toFixed(1)}, ${l.rect.y.toFixed(1)}) runs into ${hits.join(', ')}`);
  });
  return out;
}
