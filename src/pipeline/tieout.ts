// The tie-out report: every number shown on every slide, with the data path it
// comes from, its unrounded value and source note. An auditor ticks the deck
// off from it before publication.
import type { Laid } from './compose-deck.js';
import { escapeHtml as esc } from '../util/escape.js';

const csvCell = (s: string | number | boolean) => {
  const t = String(s);
  // a cell that a spreadsheet would run as a formula is written as text; only a
  // cell that is a number and nothing else keeps its sign ("-1+1+cmd|..." is a formula)
  const safe = /^[=+\-@\t\r]/.test(t) && !/^-?\d+(\.\d+)?(e[+-]\d+)?$/.test(t) ? `'${t}` : t;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export interface TieOutRow { slide: number; slideId: string; element: string; shown: string; path: string; value: number | string; source: string; illustrative: boolean }

export function tieOutRows(laid: Laid): TieOutRow[] {
  const rows: TieOutRow[] = [];
  laid.composed.slides.forEach((s, i) => {
    for (const t of s.tieout) {
      for (const f of t.figs) rows.push({ slide: i + 1, slideId: s.id, element: t.element, shown: t.text, path: f.path, value: f.value, source: f.source, illustrative: f.illustrative });
      if (t.typedAt) {
        const period = t.typedAt.startsWith('period');
        const source = period ? 'the period of the data file' : t.date ? 'typed date' : t.checkedBy ? `typed, checked by ${t.checkedBy}` : 'typed in the text (not computed)';
        rows.push({ slide: i + 1, slideId: s.id, element: t.element, shown: t.text, path: t.typedAt, value: period || t.date ? t.text : Number(t.text.replace(/[,%]/g, '')), source, illustrative: false });
      }
    }
    for (const c of s.charts) c.series.filter((x) => !x.invisible).forEach((x) => x.values.forEach((v, k) => {
      if (v !== null) {
        rows.push({
          slide: i + 1, slideId: s.id, element: `chart ${c.id}`, shown: `${x.name} ${c.categories[k]}`,
          path: `${x.source ?? ''}`, value: v, source: c.source ?? '', illustrative: false,
        });
      }
    }));
  });
  return rows;
}

/** The tie-out as CSV (for a spreadsheet) and HTML (for a person): [extension, content]. */
export function tieOutFiles(laid: Laid, name: string): [string, string][] {
  const rows = tieOutRows(laid);
  const header = ['slide', 'slide_id', 'element', 'shown', 'data_path', 'value', 'source', 'illustrative'];
  const csv = [header.join(','), ...rows.map((r) => [r.slide, r.slideId, r.element, r.shown, r.path, r.value, r.source, r.illustrative].map(csvCell).join(','))].join('\n') + '\n';
  return [['tieout.csv', csv], ['tieout.html', tieOutHtml(name, rows, laid.layout.meta.lang)]];
}

/**
 * The same rows for a person: grouped by slide, typed and illustrative figures
 * marked. The report's own words are English; what the slides show is in the
 * deck's language, and says so (WCAG 3.1.2), so a screen reader reads 売上高 as Japanese.
 */
function tieOutHtml(name: string, rows: TieOutRow[], deckLang: string): string {
  const shownLang = deckLang === 'en' ? '' : ` lang="${esc(deckLang)}"`;
  const body = rows.map((r) => `<tr class="${r.source.startsWith('typed') ? 'typed' : ''}${r.illustrative ? ' ill' : ''}">` +
    `<td>${r.slide}</td><td>${esc(r.slideId)}</td><td>${esc(r.element)}</td><td${shownLang}>${esc(r.shown)}</td><td><code>${esc(r.path)}</code></td>` +
    `<td>${esc(r.value)}</td><td>${esc(r.source)}</td><td>${r.illustrative ? 'yes' : ''}</td><td><input type="checkbox" aria-label="ticked"></td></tr>`).join('\n');
  const csp = `default-src 'none'; style-src 'unsafe-inline'`;
  const css = 'body{font:13px sans-serif;margin:16px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}' +
    'tr.typed{background:#fff6dd}tr.ill td:nth-child(8){color:#a00}';
  const intro = 'Every number shown on every slide, with the data path it comes from, its unrounded value and its source. ' +
    'Rows in yellow were typed in a sentence or template rather than computed.';
  const head = '<tr><th>slide</th><th>id</th><th>element</th><th>shown</th><th>data path</th><th>value</th><th>source</th><th>illustrative</th><th>ticked</th></tr>';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">` +
    `<title>Tie-out: ${esc(name)}</title><style>${css}</style></head>` +
    `<body><main><h1>Tie-out report: ${esc(name)}</h1><p>${intro}</p>` +
    `<table><thead>${head}</thead><tbody>${body}</tbody></table></main></body></html>\n`;
}
