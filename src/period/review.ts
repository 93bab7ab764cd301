// The review pack's page: every slide that changed between two decks, old and
// new rendering side by side with the changed elements outlined, the changed
// sentences and numbers listed under them, and a tick box per slide. Ticks,
// the reviewer's name and when each slide was ticked are kept in the page's
// localStorage (per pack) and exported as CSV. One self-contained file: the
// renderings are inlined PNGs, the script and styles inline, nothing fetched.
import { createHash } from 'node:crypto';
import type { Box, DeckLayout, Element, SlideLayout } from '../layout/types.js';
import { escapeHtml as esc } from '../util/escape.js';
import type { SlideDiff } from './diff.js';

export interface ReviewSide { name: string; layout: DeckLayout; /** PNG of each slide, by index */ images: (Buffer | undefined)[] }

/** The edition a pack reviews, of files in several languages, and where the other editions' packs are. */
export interface PackEdition { lang: string; editions: { lang: string; href: string }[] }

/** One edition's pack, as the index page lists it. */
export interface ReviewEdition { lang: string; href: string; summary: string }

/** The page DIR/index.html of files in several languages: a link to each edition's pack. */
export function reviewIndexHtml(a: string, b: string, packs: ReviewEdition[]): string {
  const items = packs.map((p) => `<li lang="${esc(p.lang)}"><a href="${esc(p.href)}" hreflang="${esc(p.lang)}">${esc(p.lang)}</a>: <span lang="en">${esc(p.summary)}</span></li>`).join('\n');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Review: ${esc(a)} -> ${esc(b)}</title>
<style>body{font:14px sans-serif;margin:16px;color:#222}</style></head><body>
<h1>Review pack: ${esc(a)} -> ${esc(b)}</h1>
<p>One pack per edition, each with its own slides, changes and ticks:</p>
<ul id="editions">
${items}
</ul>
</body></html>
`;
}

/** Boxes of the elements that differ between two renderings of a slide (matched by element id). */
export function changedRegions(a: SlideLayout | undefined, b: SlideLayout | undefined): { old: Box[]; new: Box[] } {
  const key = (e: Element) => JSON.stringify(e);
  const ea = new Map((a?.elements ?? []).filter((e) => !e.background).map((e) => [e.id, e]));
  const eb = new Map((b?.elements ?? []).filter((e) => !e.background).map((e) => [e.id, e]));
  const old: Box[] = [];
  const now: Box[] = [];
  for (const [id, e] of ea) { const o = eb.get(id); if (!o || key(o) !== key(e)) old.push(e.box); }
  for (const [id, e] of eb) { const o = ea.get(id); if (!o || key(o) !== key(e)) now.push(e.box); }
  return { old, new: now };
}

const pct = (x: number, of: number) => `${((100 * x) / of).toFixed(2)}%`;

function figure(side: ReviewSide, index: number, boxes: Box[], caption: string): string {
  const png = index >= 0 ? side.images[index] : undefined;
  if (!png) return `<figure class="none"><figcaption>${esc(caption)}</figcaption><div class="blank">not in this deck</div></figure>`;
  const { width, height } = side.layout;
  const marks = boxes.map((b) => `<i class="mark" style="left:${pct(b.x, width)};top:${pct(b.y, height)};width:${pct(b.w, width)};height:${pct(b.h, height)}"></i>`).join('');
  return `<figure><figcaption>${esc(caption)}</figcaption><div class="shot"><img alt="${esc(caption)}" src="data:image/png;base64,${png.toString('base64')}">${marks}</div></figure>`;
}

/** Links to the other editions' packs, the edition shown named without one. */
function editionLinks(edition: PackEdition): string {
  const link = (e: PackEdition['editions'][number]) => (e.lang === edition.lang
    ? `<b aria-current="page">${esc(e.lang)}</b>`
    : `<a href="${esc(e.href)}" hreflang="${esc(e.lang)}">${esc(e.lang)}</a>`);
  return `<nav class="editions" aria-label="Editions">${edition.editions.map(link).join(' ')}</nav>`;
}

/** The review page for the slides that changed, were added or were removed. */
export function reviewHtml(a: ReviewSide, b: ReviewSide, diffs: SlideDiff[], edition?: PackEdition): string {
  const shown = diffs.filter((d) => d.status !== 'unchanged');
  // the edition is part of the pack: its ticks are its own
  const listed = shown.map((d) => [d.status, ...d.text, ...d.rest].join('\n')).join('\n');
  const packId = createHash('sha256').update(`${a.name}\n${b.name}\n${edition ? `${edition.lang}\n` : ''}${listed}`).digest('hex').slice(0, 16);
  const sections = shown.map((d) => {
    const id = (d.b ?? d.a)!.id;
    const title = (d.b ?? d.a)!.title;
    const where = [d.aIndex >= 0 ? `slide ${d.aIndex + 1} of ${a.name}` : '', d.bIndex >= 0 ? `slide ${d.bIndex + 1} of ${b.name}` : ''].filter(Boolean).join(', ');
    const r = changedRegions(d.aIndex >= 0 ? a.layout.slides[d.aIndex] : undefined, d.bIndex >= 0 ? b.layout.slides[d.bIndex] : undefined);
    const changes = d.status === 'changed' ? [...d.text, ...d.rest.map((x) => x.trim())] : [d.status === 'added' ? 'slide added' : 'slide removed'];
    return `<section class="slide" data-slide="${esc(id)}" data-title="${esc(title)}" data-status="${d.status}">
<h2><span class="status ${d.status}">${d.status}</span> ${esc(title)} <small>${esc(id)}: ${esc(where)}</small></h2>
<div class="pair">${figure(a, d.aIndex, r.old, `old: ${a.name}`)}${figure(b, d.bIndex, r.new, `new: ${b.name}`)}</div>
<ul class="changes"${edition ? ` lang="${esc(edition.lang)}"` : ''}>${changes.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>
<label class="tick"><input type="checkbox" data-slide="${esc(id)}"> reviewed <span class="who"></span></label>
</section>`;
  }).join('\n');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>Review: ${esc(a.name)} -> ${esc(b.name)}${edition ? ` (${esc(edition.lang)})` : ''}</title>
<style>
.editions a{color:#fff}
body{font:14px sans-serif;margin:0;background:#f4f4f4;color:#222}
header{position:sticky;top:0;background:#1d3557;color:#fff;padding:10px 16px;display:flex;gap:16px;align-items:center;z-index:2}
header h1{font-size:16px;margin:0;flex:1}
#left{font-weight:bold}
section.slide{background:#fff;margin:16px;padding:12px 16px;border:1px solid #ccc}
section.slide.done{opacity:.6}
h2{font-size:15px;margin:0 0 8px}
h2 small{color:#666;font-weight:normal}
.status{font-size:11px;text-transform:uppercase;padding:2px 6px;border-radius:3px;background:#e9c46a}
.status.added{background:#90be6d}.status.removed{background:#f28482}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}
figure{margin:0}
figcaption{font-size:12px;color:#555;margin-bottom:4px}
.shot{position:relative;border:1px solid #999;line-height:0}
.shot img{width:100%;height:auto}
.mark{position:absolute;border:2px solid #e63946;background:rgba(230,57,70,.12);box-sizing:border-box}
.blank{border:1px dashed #999;aspect-ratio:16/9;display:flex;align-items:center;justify-content:center;color:#999}
ul.changes{font:12px monospace;margin:8px 0;padding-left:18px;max-height:16em;overflow:auto}
.tick{font-weight:bold}
</style></head><body>
<header><h1>Review pack: ${esc(a.name)} -> ${esc(b.name)}${edition ? ` <span class="edition" lang="${esc(edition.lang)}">(${esc(edition.lang)})</span>` : ''}</h1>
${edition ? editionLinks(edition) : ''}
<span><span id="left">${shown.length}</span> of ${shown.length} slide(s) left to review</span>
<label>Reviewer <input id="reviewer" size="14"></label>
<button id="export" type="button">Export CSV</button></header>
<main>
${sections || '<p style="margin:16px">No slide changed.</p>'}
</main>
<script>
(() => {
  const KEY = 'irdeck-review:${packId}';
  let state = {};
  try { state = JSON.parse(localStorage.getItem(KEY) || '{}'); } catch (e) { state = {}; }
  const save = () => { try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) {} };
  const reviewer = document.getElementById('reviewer');
  reviewer.value = state.reviewer || '';
  reviewer.addEventListener('input', () => { state.reviewer = reviewer.value; save(); });
  const boxes = [...document.querySelectorAll('input[type=checkbox][data-slide]')];
  const ticks = () => (state.ticks = state.ticks || {});
  const show = () => {
    let left = 0;
    for (const b of boxes) {
      const t = ticks()[b.dataset.slide];
      b.checked = Boolean(t);
      const sec = b.closest('section');
      sec.classList.toggle('done', b.checked);
      sec.querySelector('.who').textContent = t ? '(' + (t.by || 'someone') + ', ' + t.at + ')' : '';
      if (!b.checked) left++;
    }
    document.getElementById('left').textContent = String(left);
  };
  for (const b of boxes) b.addEventListener('change', () => {
    if (b.checked) ticks()[b.dataset.slide] = { by: reviewer.value, at: new Date().toISOString() };
    else delete ticks()[b.dataset.slide];
    save(); show();
  });
  const cell = (s) => { s = String(s); if (/^[=+\\-@]/.test(s)) s = "'" + s; return /[",\\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
  document.getElementById('export').addEventListener('click', () => {
    const rows = [['slide_id', 'title', 'status', 'reviewed', 'reviewer', 'ticked_at']];
    for (const b of boxes) {
      const sec = b.closest('section');
      const t = ticks()[b.dataset.slide];
      rows.push([b.dataset.slide, sec.dataset.title, sec.dataset.status, t ? 'yes' : 'no', t ? t.by : '', t ? t.at : '']);
    }
    const csv = rows.map((r) => r.map(cell).join(',')).join('\\n') + '\\n';
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    a.download = 'review-${packId}.csv';
    document.body.appendChild(a); a.click(); a.remove();
  });
  show();
})();
</script>
</body></html>
`;
}
