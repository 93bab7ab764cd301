// The tie-out report: every number shown on every slide, with the data path it
// comes from, its unrounded value and source note. An auditor ticks the deck
// off from it before publication.
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import type { Laid } from './compose-deck.js';

const csvCell = (s: string | number | boolean) => {
  const t = String(s);
  // a cell that a spreadsheet would run as a formula is written as text
  const safe = /^[=+\-@\t\r]/.test(t) && !/^-?\d/.test(t) ? `'${t}` : t;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export interface TieOutRow { slide: number; slideId: string; element: string; shown: string; path: string; value: number; source: string; illustrative: boolean }

export function tieOutRows(laid: Laid): TieOutRow[] {
  const rows: TieOutRow[] = [];
  laid.composed.slides.forEach((s, i) => {
    for (const t of s.tieout) {
      for (const f of t.figs) rows.push({ slide: i + 1, slideId: s.id, element: t.element, shown: t.text, path: f.path, value: f.value, source: f.source, illustrative: f.illustrative });
      if (t.typedAt) rows.push({ slide: i + 1, slideId: s.id, element: t.element, shown: t.text, path: t.typedAt, value: Number(t.text.replace(/[,%]/g, '')), source: 'typed in the text (not computed)', illustrative: false });
    }
    for (const c of s.charts) c.series.filter((x) => !x.invisible).forEach((x) => x.values.forEach((v, k) => {
      if (v !== null) rows.push({ slide: i + 1, slideId: s.id, element: `chart ${c.id}`, shown: `${x.name} ${c.categories[k]}`, path: `${x.source ?? ''}`, value: v, source: c.source ?? '', illustrative: false });
    }));
  });
  return rows;
}

export function writeTieOut(outDir: string, name: string, laid: Laid, written: { path: string; bytes: number }[]): void {
  const rows = tieOutRows(laid);
  const header = ['slide', 'slide_id', 'element', 'shown', 'data_path', 'value', 'source', 'illustrative'];
  const csv = [header.join(','), ...rows.map((r) => [r.slide, r.slideId, r.element, r.shown, r.path, r.value, r.source, r.illustrative].map(csvCell).join(','))].join('\n') + '\n';
  const path = join(outDir, `${name}.tieout.csv`);
  writeFileAtomic(path, csv);
  written.push({ path, bytes: Buffer.byteLength(csv) });
}
