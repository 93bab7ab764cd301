// The preview's navigation: previous/next, the slide number, an overview
// grid of all slides and, for a file in several languages, a link to each
// edition (/?lang=en), added around the deck's markup (which stays untouched).
// The slide shown is the page's #N, so a reload or a switch of edition keeps it.
import type { Diagnostic } from '../errors.js';
import { escapeHtml as esc } from '../util/escape.js';

const STYLE = `<style>
#irdeck-nav{position:fixed;top:0;left:0;right:0;z-index:10;display:flex;gap:.6em;align-items:center;background:#1f3864;color:#fff;font:14px sans-serif;padding:6px 12px}
#irdeck-nav button{font:inherit;padding:2px 10px}
#irdeck-editions a{color:#fff;padding:0 4px}#irdeck-editions [aria-current]{font-weight:bold;text-decoration:none}
#irdeck-problems{position:fixed;bottom:0;left:0;right:0;z-index:10;background:#fdd;color:#600;font:13px sans-serif;padding:6px 12px;max-height:30vh;overflow:auto}
body.irdeck-overview main{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;padding:48px 12px}
body.irdeck-overview .slide{zoom:.22;margin:0!important;cursor:pointer}
body.document{padding-top:48px!important}
</style>`;

const SCRIPT = `<script>(function(){
var slides=[].slice.call(document.querySelectorAll('section.slide'));var i=0;
function show(n){i=Math.max(0,Math.min(slides.length-1,n));slides[i].scrollIntoView();document.getElementById('irdeck-pos').textContent=(i+1)+' / '+slides.length;
history.replaceState(null,'','#'+(i+1));}
[].slice.call(document.querySelectorAll('#irdeck-editions a')).forEach(function(a){a.addEventListener('click',function(e){e.preventDefault();location.href=a.getAttribute('href')+'#'+(i+1);});});
document.getElementById('irdeck-prev').onclick=function(){show(i-1);};
document.getElementById('irdeck-next').onclick=function(){show(i+1);};
document.getElementById('irdeck-grid').onclick=function(){document.body.classList.toggle('irdeck-overview');};
slides.forEach(function(s,k){s.addEventListener('click',function(){if(document.body.classList.contains('irdeck-overview')){document.body.classList.remove('irdeck-overview');show(k);}});});
document.addEventListener('keydown',function(e){if(e.key==='ArrowRight'||e.key==='PageDown')show(i+1);if(e.key==='ArrowLeft'||e.key==='PageUp')show(i-1);});
show((parseInt(location.hash.slice(1),10)||1)-1);})();</script>`;

/** The edition a page shows, of the file's languages (the primary first). */
export interface EditionNav { lang: string; languages: string[] }

function editionLinks(e: EditionNav): string {
  const link = (l: string) => `<a href="/?lang=${encodeURIComponent(l)}" hreflang="${esc(l)}" lang="${esc(l)}"${l === e.lang ? ' aria-current="page"' : ''}>${esc(l)}</a>`;
  return `<span id="irdeck-editions" aria-label="Editions">${e.languages.map(link).join('')}</span>`;
}

export function navigation(html: string, titles: string[], problems: Diagnostic[], edition?: EditionNav): string {
  const bar = `<nav id="irdeck-nav" aria-label="Slides"><button id="irdeck-prev" type="button">&larr;</button><span id="irdeck-pos">1 / ${titles.length}</span>` +
    `<button id="irdeck-next" type="button">&rarr;</button><button id="irdeck-grid" type="button">Overview</button>${edition ? editionLinks(edition) : ''}<span>irdeck preview</span></nav>`;
  const warn = problems.length ? `<div id="irdeck-problems" role="alert">${problems.map((p) => `<div>${esc(p.path ?? '')}: ${esc(p.message)} (${esc(p.rule)})</div>`).join('')}</div>` : '';
  return html.replace('</head>', `${STYLE}</head>`).replace(/<body([^>]*)>/, `<body$1>${bar}${warn}`).replace('</body>', `${SCRIPT}</body>`);
}
