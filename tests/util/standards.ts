// One call that holds every file a build wrote to the standards: PPTX against the ISO/IEC 29500
// schemas, PDF against PDF/UA-1's machine-checkable rules, HTML against html-validate and axe-core.
// Every test that builds a deck can call it; tests/standards.test.ts does for each sample deck.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeAndLayout } from '../../src/pipeline/compose-deck.js';
import { loadModel } from '../../src/pipeline/load-model.js';
import { axeViolations, htmlValidateErrors } from './html-standards.js';
import { ooxmlSchemaErrors } from './ooxml-schema.js';
import { pdfUaProblems, readPdfReport, type UaExpect } from './pdfua.js';

/** What the PDF of the deck built from `dataFile` must say (title, language, which pages have footers). */
export function uaExpect(dataFile: string): UaExpect {
  const { layout } = composeAndLayout(loadModel(dataFile));
  return {
    title: layout.meta.title,
    lang: layout.meta.lang,
    pagesWithFurniture: layout.slides.flatMap((s, i) => (s.elements.some((e) => e.kind === 'text' && e.role === 'footer') ? [i] : [])),
  };
}

export interface StandardsReport { pptx: string[]; pdf: string[]; html: string[]; axe: string[] }

/** Every problem of every PPTX, PDF and HTML file in `outDir`, built from `dataFile`. */
export async function standardsProblems(outDir: string, dataFile: string): Promise<StandardsReport> {
  const files = readdirSync(outDir).map((f) => join(outDir, f));
  const pptx = files.filter((f) => f.endsWith('.pptx'));
  const pdfs = files.filter((f) => f.endsWith('.pdf'));
  const htmls = files.filter((f) => f.endsWith('.html'));
  const want = pdfs.length ? uaExpect(dataFile) : undefined;
  const html: string[] = [];
  for (const f of htmls) for (const e of await htmlValidateErrors(readFileSync(f, 'utf8'))) html.push(`${f}:${e}`);
  return {
    pptx: pptx.length ? ooxmlSchemaErrors(pptx).errors : [],
    pdf: pdfs.flatMap((f) => pdfUaProblems(readPdfReport(f), want!).map((p) => `${f}: ${p}`)),
    html,
    axe: htmls.length ? await axeViolations(htmls) : [],
  };
}
