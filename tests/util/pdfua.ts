// PDF/UA-1 (ISO 14289-1) as far as a machine can check it here: the structure tree and the content
// streams read by tests/util/pdfua_check.py (pikepdf), judged by the rules below. Rule ids are
// veraPDF's (shared/pdfua/PDFUA-1.xml); README.md says which rules a person must still check.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './cli.js';
import { hasJapanese } from './pdf-words.js';

export interface PdfElement { type: string; alt: string | null; actualText: boolean; scope: string | null; depth: number; page: number | null; mcids: [number, number][]; kids: string[] }
export interface PdfPageMarks { untagged: Record<string, number>; mcids: number[]; artifacts: number; textInArtifacts: number; nested: number }
export interface PdfReport {
  pages: number;
  xmp: string | null;
  lang: string | null;
  marked: boolean;
  displayDocTitle: boolean;
  infoTitle: string | null;
  elements: PdfElement[];
  content: PdfPageMarks[];
}

export function readPdfReport(pdf: string): PdfReport {
  return JSON.parse(execFileSync('/usr/bin/python3', [join(ROOT, 'tests/util/pdfua_check.py'), pdf], { encoding: 'utf8', maxBuffer: 64 << 20 })) as PdfReport;
}

export interface UaExpect {
  title: string;
  lang: string;
  /** 0-based pages whose slide has a footer or page number (these must be Artifacts) */
  pagesWithFurniture: number[];
}

const xmlEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const HEADING = /^H([1-6])$/;
// ISO 32000-1, 14.8.4: the standard structure types
const STANDARD = new Set(['Document', 'Part', 'Art', 'Sect', 'Div', 'BlockQuote', 'Caption', 'TOC', 'TOCI', 'Index', 'NonStruct', 'Private',
  'H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'P', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'THead', 'TBody', 'TFoot',
  'Span', 'Quote', 'Note', 'Reference', 'BibEntry', 'Code', 'Link', 'Annot', 'Ruby', 'RB', 'RT', 'RP', 'Warichu', 'WT', 'WP', 'Figure', 'Formula', 'Form']);
const CONTENT = new Set(['P', 'L', 'Table', 'Figure', 'Caption']);

/** Every broken rule, as "rule id: what"; [] for a conforming file. */
export function pdfUaProblems(r: PdfReport, want: UaExpect): string[] {
  const out: string[] = [];
  const bad = (rule: string, what: string) => out.push(`${rule}: ${what}`);
  // 5-1, 7.1-8, 7.1-9: XMP metadata identifying PDF/UA-1, with the title; dc:language for the language
  if (!r.xmp) bad('7.1-8', 'no XMP metadata stream in the catalog');
  else {
    if (!/<pdfuaid:part>1<\/pdfuaid:part>/.test(r.xmp)) bad('5-1', 'XMP does not say pdfuaid:part 1');
    if (!r.xmp.includes(`<rdf:li xml:lang="x-default">${xmlEsc(want.title)}</rdf:li>`) || !/<dc:title>/.test(r.xmp)) bad('7.1-9', 'XMP dc:title is not the document title');
    if (!r.xmp.includes(`<dc:language><rdf:Bag><rdf:li>${want.lang}</rdf:li>`)) bad('dc:language', `XMP dc:language is not ${want.lang}`);
  }
  if (r.infoTitle !== want.title) bad('7.1-9', `Info title is ${JSON.stringify(r.infoTitle)}`);
  if (!r.displayDocTitle) bad('7.1-10', 'ViewerPreferences lack DisplayDocTitle true');
  if (!r.marked) bad('6.2-1', 'MarkInfo Marked is not true');
  if (!r.elements.some((e) => e.type === 'Document')) bad('7.1-11', 'no structure tree rooted in StructTreeRoot');
  if (r.lang !== want.lang) bad('7.2-29', `catalog Lang is ${JSON.stringify(r.lang)}`);
  // 7.1-3: every drawing tagged or an Artifact
  r.content.forEach((p, i) => {
    const ops = Object.entries(p.untagged);
    if (ops.length) bad('7.1-3', `page ${i + 1}: ${ops.map(([op, n]) => `${n} x ${op}`).join(', ')} neither tagged nor Artifact`);
    if (p.nested) bad('7.1-1', `page ${i + 1}: ${p.nested} Artifact and tagged sequences nested in each other`);
  });
  // footers and page numbers: text drawn as Artifact on every slide that has them
  for (const i of want.pagesWithFurniture) if (!r.content[i] || r.content[i].textInArtifacts === 0) bad('artifact-furniture', `page ${i + 1}: its footer and page number are not Artifacts`);
  const types = new Set(r.elements.map((e) => e.type));
  for (const e of r.elements) {
    if (!STANDARD.has(e.type)) bad('7.1-5', `${e.type} is not a standard structure type and has no role mapping`);
    const where = `page ${e.page === null ? '?' : e.page + 1}`;
    if (e.type === 'Figure' && !e.alt && !e.actualText) bad('7.3-1', `${where}: a Figure without Alt`);
    // (ISO 14289-1 7.2: the natural language of all text, Alt included, is determinable) an Alt with no Lang of its own is in the document's: Japanese in a Japanese deck, none in another's
    if (e.type === 'Figure' && e.alt && hasJapanese(e.alt) !== (want.lang === 'ja')) bad('alt-language', `${where}: an Alt not in ${want.lang}: ${e.alt.slice(0, 40)}`);
    if (e.type === 'LI' && e.kids.some((k) => k !== 'Lbl' && k !== 'LBody')) bad('7.2-20', `${where}: LI holds ${e.kids.join(', ')}`);
    if (e.type === 'L' && e.kids.some((k) => !['L', 'LI', 'Caption'].includes(k))) bad('7.2-19', `${where}: L holds ${e.kids.join(', ')}`);
    if (e.type === 'Table' && e.kids.some((k) => !['TR', 'THead', 'TBody', 'TFoot', 'Caption'].includes(k))) bad('7.2-3', `${where}: Table holds ${e.kids.join(', ')}`);
    if (e.type === 'TR' && e.kids.some((k) => k !== 'TH' && k !== 'TD')) bad('7.2-10', `${where}: TR holds ${e.kids.join(', ')}`);
    if (e.type === 'TH' && !e.scope) bad('7.5-1', `${where}: TH without Scope`);
  }
  for (const [child, parents] of [['LI', ['L']], ['LBody', ['LI']], ['TR', ['Table', 'THead', 'TBody', 'TFoot']], ['TD', ['TR']], ['TH', ['TR']]] as const) {
    if (!types.has(child)) continue;
    for (const e of r.elements) if (e.kids.includes(child) && !(parents as readonly string[]).includes(e.type)) bad('7.2-17', `${child} inside ${e.type}`);
  }
  // 7.4.2-1: headings start at H1 and never skip a level
  let level = 0;
  for (const e of r.elements) {
    const m = HEADING.exec(e.type);
    if (!m) continue;
    if (Number(m[1]) > level + 1) bad('7.4.2-1', `page ${(e.page ?? -1) + 1}: ${e.type} after H${level || '(none)'}`);
    level = Number(m[1]);
  }
  // reading order: on each page the title (H1) comes before the body's content
  const firstOnPage = new Map<number, string>();
  for (const e of r.elements) if (e.page !== null && (HEADING.test(e.type) || CONTENT.has(e.type)) && !firstOnPage.has(e.page)) firstOnPage.set(e.page, e.type);
  for (const [page, type] of firstOnPage) if (!HEADING.test(type)) bad('reading-order', `page ${page + 1}: ${type} comes before the slide's title`);
  return out;
}
