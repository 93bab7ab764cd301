// Numbers as a chart's cache and its embedded workbook hold them ("Edit Data" shows them to a user).
// Derived figures carry binary float noise (13379.4 summed from the data file's one-decimal figures is
// 13379.400000000001; 1.1 - 0.1 is 0.9999999999999999). A double holds 15 significant decimal digits
// reliably, so a value rounded to 15 significant digits and written in JavaScript's shortest form
// reads back as the figure the data file writes (or, for a ratio, its 15-digit decimal), never noise.

/** `v` rounded to the 15 significant digits a double holds, as a number (its String() is the shortest decimal). */
export function ooxmlNumber(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(15)) : v;
}

/** A series' values for the cache: noise rounded away, gaps (null) kept. */
export function ooxmlValues(values: readonly (number | null | undefined)[]): (number | null)[] {
  return values.map((v) => (v === null || v === undefined ? null : ooxmlNumber(v)));
}
