// One call that holds every file a build wrote to the standards: PPTX against the ISO/IEC 29500
// schemas, PDF against PDF/UA-1's machine-checkable rules, HTML against html-validate and axe-core.
// Every test that builds a deck can call it; tests/standards.test.ts does for each sample deck,
// each edition of a file in several languages held to its own language (deck.ja.pdf to ja).
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Lang } from '../../src/data/schema.js';
import { composeAndLayout } from '../../src/pipeline/compose-deck.js';
import { checkedIn, loadModel } from '../../src/pipeline/load-model.js';
import { axeViolations, htmlValidateErrors } from './html-standards.js';
import { ooxmlSchemaErrors } from './ooxml-schema.js';
import { pdfUaProblems, readPdfReport, type UaExpect } from './pdfua.js';

/** What the PDF of the deck built from `dataFile` (in `lang`, default its primary language) must say (title, language, which pages have footers). */
export function uaExpect(dataFile: string, lang?: Lang): UaExpect {
  const checked = loadModel(dataFile);
  const { layout } = lang ? composeAndLayout(checkedIn(checked, lang), { lang }) : composeAndLayout(checked);
  return {
    title: layout.meta.title,
    lang: layout.meta.lang,
    pagesWithFurniture: layout.slides.flatMap((s, i) => (s.elements.some((e) => e.kind === 'text' && e.role === 'footer') ? [i] : [])),
  };
}

/** The edition a file is of: "deck.ja.pdf" of a file listing [ja, en] is ja; a single-language file's outputs are unnamed. */
export function editionOf(file: string, languages: readonly Lang[]): Lang | undefined {
  return languages.length > 1 ? languages.find((l) => basename(file).includes(`.${l}.`)) : undefined;
}

/** The language the HTML says it is in: its html element's lang. */
export const htmlLang = (html: string): string | undefined => /<html[^>]*\slang="([^"]*)"/.exec(html)?.[1];

export interface StandardsReport { pptx: string[]; pdf: string[]; html: string[]; axe: string[] }

/** Every problem of every PPTX, PDF and HTML file in `outDir`, built from `dataFile`. */
export async function standardsProblems(outDir: string, dataFile: string): Promise<StandardsReport> {
  const files = readdirSync(outDir).map((f) => join(outDir, f));
  const pptx = files.filter((f) => f.endsWith('.pptx'));
  const pdfs = files.filter((f) => f.endsWith('.pdf'));
  const htmls = files.filter((f) => f.endsWith('.html'));
  const languages = loadModel(dataFile).loaded.languages;
  const wants = new Map<Lang | undefined, UaExpect>();
  const want = (lang: Lang | undefined) => wants.get(lang) ?? wants.set(lang, uaExpect(dataFile, lang)).get(lang)!;
  const html: string[] = [];
  for (const f of htmls) {
    const text = readFileSync(f, 'utf8');
    for (const e of await htmlValidateErrors(text)) html.push(`${f}:${e}`);
    // a deck's page is in its edition's language (a tie-out report is the team's, in English, whatever the edition)
    const lang = editionOf(f, languages);
    if (lang && !f.endsWith('.tieout.html') && htmlLang(text) !== lang) html.push(`${f}: html lang is ${JSON.stringify(htmlLang(text))}, not ${lang}`);
  }
  return {
    pptx: pptx.length ? ooxmlSchemaErrors(pptx).errors : [],
    pdf: pdfs.flatMap((f) => pdfUaProblems(readPdfReport(f), want(editionOf(f, languages))).map((p) => `${f}: ${p}`)),
    html,
    axe: htmls.length ? await axeViolations(htmls) : [],
  };
}
