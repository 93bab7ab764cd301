// A figure is a number that knows where it came from. Templates receive figures,
// not bare numbers, so every number a slide shows can be traced back to a data
// path and its source note (the tie-out report), and a number with no path is
// visibly a number someone typed.

export interface Fig {
  readonly value: number;
  /** data path or formula, e.g. "revenues.total.values[9]" or "sum(revenues.total 1Q08..2Q08)" */
  readonly path: string;
  readonly source: string;
  readonly illustrative: boolean;
  /** unit of value: JPY million, a count, Gbps, or a percentage */
  readonly unit: Unit;
}

export type Unit = 'jpy' | 'count' | 'gbps' | 'pct' | 'jpy_per_share';

export function fig(value: number, path: string, source: string, illustrative: boolean, unit: Unit): Fig {
  return Object.freeze({ value, path, source, illustrative, unit });
}

export function isFig(x: unknown): x is Fig {
  return typeof x === 'object' && x !== null && typeof (x as Fig).value === 'number' && typeof (x as Fig).path === 'string';
}
