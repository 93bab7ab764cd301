// npm run qa: the fidelity report. Builds the deck, renders every slide twice
// (the PDF as printed by Chromium; the PPTX as LibreOffice draws it), and
// writes out/qa/index.html with the two side by side and their difference,
// slide by slide. Fails when a slide's renderings disagree: their words
// differ, or more than 8% of the pixels differ (see tests/visual.test.ts for
// why 8%), or the structure gate finds a problem in the PPTX.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import pixelmatch from 'pixelmatch';
import { build } from '../pipeline/build.js';
import { checkPptxStructure } from './pptx-structure.js';
import { crop } from './images.js';
import { escapeHtml as esc } from '../util/escape.js';

const MAX_DIFF = 0.08;
const MIN_WORDS = 0.9;

function pages(pdf: string, dir: string, prefix: string): string[] {
  execFileSync('pdftoppm', ['-r', '60', '-png', pdf, join(dir, prefix)]);
  return readdirSync(dir).filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png')).sort();
}

function words(pdf: string, page: number): Set<string> {
  return new Set(execFileSync('pdftotext', ['-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' }).match(/[A-Za-z]{3,}|\(?\d[\d,.]*%?\)?/g) ?? []);
}

async function main(): Promise<number> {
  const file = process.argv[2] ?? 'data/fy2008-1h.yaml';
  const qa = resolve('out/qa');
  rmSync(qa, { recursive: true, force: true });
  mkdirSync(qa, { recursive: true });
  const { laid } = await build(file, { formats: ['pptx', 'pdf'], outDir: qa, charts: 'native' });
  const name = file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
  const pdf = join(qa, `${name}.pdf`);
  const pptx = join(qa, `${name}.pptx`);
  const structure = await checkPptxStructure(readFileSync(pptx));
  const profile = mkdtempSync(join(tmpdir(), 'irdeck-qa-lo-'));
  execFileSync('libreoffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', join(qa, 'lo'), pptx], { stdio: 'ignore', timeout: 180_000 });
  const loPdf = join(qa, 'lo', `${name}.pdf`);
  const a = pages(pdf, qa, 'pdf');
  const b = pages(loPdf, qa, 'pptx');
  const rows: string[] = [];
  let failures = structure.length;
  laid.layout.slides.forEach((s, i) => {
    const pa = PNG.sync.read(readFileSync(join(qa, a[i])));
    const pb = b[i] ? PNG.sync.read(readFileSync(join(qa, b[i]))) : undefined;
    const w = Math.min(pa.width, pb?.width ?? pa.width);
    const h = Math.min(pa.height, pb?.height ?? pa.height);
    let ratio = 1;
    if (pb) {
      const diff = new PNG({ width: w, height: h });
      ratio = pixelmatch(crop(pa, w, h).data, crop(pb, w, h).data, diff.data, w, h, { threshold: 0.3 }) / (w * h);
      writeFileSync(join(qa, `diff-${String(i + 1).padStart(2, '0')}.png`), PNG.sync.write(diff));
    }
    const wa = words(pdf, i + 1);
    const wb = words(loPdf, i + 1);
    const shared = [...wa].filter((x) => wb.has(x)).length / Math.max(1, wa.size);
    const ok = ratio <= MAX_DIFF && shared >= MIN_WORDS;
    if (!ok) failures++;
    rows.push(`<tr class="${ok ? 'ok' : 'bad'}"><th>${s.number}<br>${esc(s.title)}<br>${ok ? 'ok' : 'DIFFERS'}<br>` +
      `pixels ${(ratio * 100).toFixed(1)}%<br>words ${(shared * 100).toFixed(0)}%</th><td><img src="${a[i]}" alt="PDF slide ${s.number}"></td>` +
      `<td>${b[i] ? `<img src="${b[i]}" alt="PPTX slide ${s.number}">` : 'missing'}</td>` +
      `<td><img src="diff-${String(i + 1).padStart(2, '0')}.png" alt="difference"></td></tr>`);
  });
  const css = 'body{font:13px sans-serif;margin:16px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px;vertical-align:top}' +
    'th{width:150px;text-align:left}img{width:400px}.bad th{background:#fdd}.ok th{background:#efe}';
  const fails = `A slide fails when over ${MAX_DIFF * 100}% of pixels differ or under ${MIN_WORDS * 100}% of the PDF's words are in the PPTX rendering.`;
  const gate = structure.length
    ? `<b>${structure.length} problem(s)</b><ul>${structure.map((p) => `<li>${esc(p.part)}: ${esc(p.message)} (${esc(p.rule)})</li>`).join('')}</ul>`
    : 'passed';
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>irdeck QA: ${esc(name)}</title><style>${css}</style></head><body>
<h1>irdeck QA: ${esc(name)}</h1><p>PDF (Chromium) | PPTX (LibreOffice) | difference. ${fails}</p>
<p>PPTX structure gate: ${gate}</p>
<table><tr><th>slide</th><th>PDF</th><th>PPTX via LibreOffice</th><th>difference</th></tr>${rows.join('\n')}</table></body></html>`;
  writeFileSync(join(qa, 'index.html'), html);
  console.log(`QA report: ${join(qa, 'index.html')} — ${laid.layout.slides.length} slides, ${failures} failure(s)`);
  return failures ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (err) => { console.error(err); process.exitCode = 1; });
