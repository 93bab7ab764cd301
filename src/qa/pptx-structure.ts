// The PPTX structure gate: the checks PowerPoint makes before it offers to
// "repair" a file, made by us first. Each finding names the part and the rule.
// Known pptxgenjs repair triggers get a rule each, with the upstream issue.
import JSZip from 'jszip';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { posix } from 'node:path';
import { conformFindings } from '../util/ooxml-conform.js';

export interface StructureProblem { part: string; rule: string; message: string }

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: false, isArray: () => false });

function asArray<T>(x: T | T[] | undefined): T[] {
  return x === undefined ? [] : Array.isArray(x) ? x : [x];
}

/** Resolve a relationship target against the part that owns the .rels file. */
function resolveTarget(relsPath: string, target: string): string {
  // _rels/.rels belongs to the package itself: its targets are relative to the root
  if (relsPath === '_rels/.rels') return posix.normalize(target.replace(/^\//, ''));
  const owner = relsPath.replace(/_rels\/([^/]+)\.rels$/, '$1');
  const base = posix.dirname(owner);
  return target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(base, target));
}

export async function checkPptxStructure(buf: Buffer): Promise<StructureProblem[]> {
  const problems: StructureProblem[] = [];
  const add = (part: string, rule: string, message: string) => problems.push({ part, rule, message });
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buf);
  } catch (err) {
    return [{ part: '(zip)', rule: 'pptx/zip', message: `not a zip archive: ${(err as Error).message}` }];
  }
  const parts = Object.keys(zip.files).filter((p) => !zip.files[p].dir);
  const xml = new Map<string, string>();
  for (const p of parts) {
    if (!/\.(xml|rels)$/.test(p)) continue;
    const text = await zip.files[p].async('string');
    const valid = XMLValidator.validate(text);
    if (valid !== true) add(p, 'pptx/xml-well-formed', `not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
    else xml.set(p, text);
  }
  checkContentTypes(parts, xml, add);
  checkRelationships(parts, xml, add);
  checkPresentation(xml, add);
  checkCharts(parts, xml, add);
  await checkConformance(zip, parts, xml, add);
  return problems;
}

type Add = (part: string, rule: string, message: string) => void;

function checkContentTypes(parts: string[], xml: Map<string, string>, add: Add): void {
  const ct = xml.get('[Content_Types].xml');
  if (!ct) { add('[Content_Types].xml', 'pptx/content-types', 'missing'); return; }
  const doc = parser.parse(ct).Types ?? {};
  const defaults = new Set(asArray(doc.Default).map((d: Record<string, string>) => d['@Extension'].toLowerCase()));
  const overrides = asArray(doc.Override).map((o: Record<string, string>) => o['@PartName'].replace(/^\//, ''));
  const seen = new Set<string>();
  for (const o of overrides) {
    if (seen.has(o)) add('[Content_Types].xml', 'pptx/content-type-duplicate', `part ${o} is declared twice (PowerPoint offers to repair such a package)`);
    seen.add(o);
    if (!parts.includes(o)) add('[Content_Types].xml', 'pptx/content-type-orphan', `declares ${o}, which is not in the package`);
  }
  for (const p of parts) {
    if (p === '[Content_Types].xml') continue;
    // the extension after the last dot (posix.extname('_rels/.rels') is '')
    const ext = p.includes('.') ? p.slice(p.lastIndexOf('.') + 1).toLowerCase() : '';
    if (!seen.has(p) && !defaults.has(ext)) add(p, 'pptx/content-type-missing', 'no content type covers this part');
  }
}

function checkRelationships(parts: string[], xml: Map<string, string>, add: Add): void {
  for (const [p, text] of xml) {
    if (!p.endsWith('.rels')) continue;
    const rels = asArray(parser.parse(text).Relationships?.Relationship) as Record<string, string>[];
    const ids = new Set<string>();
    for (const r of rels) {
      if (ids.has(r['@Id'])) add(p, 'pptx/rel-duplicate-id', `relationship id ${r['@Id']} is used twice`);
      ids.add(r['@Id']);
      if (r['@TargetMode'] === 'External') continue;
      const target = resolveTarget(p, r['@Target']);
      if (!parts.includes(target)) add(p, 'pptx/rel-dangling', `${r['@Id']} points at ${target}, which is not in the package`);
    }
    // every r:id used by the owning part must resolve
    const owner = p.replace(/_rels\/([^/]+)\.rels$/, '$1');
    const ownerXml = xml.get(owner);
    if (ownerXml) {
      for (const m of ownerXml.matchAll(/r:(?:id|embed|link)="([^"]+)"/g)) {
        if (!ids.has(m[1])) add(owner, 'pptx/rid-unresolved', `uses relationship ${m[1]}, which ${p} does not define`);
      }
    }
  }
}

function checkPresentation(xml: Map<string, string>, add: Add): void {
  const pres = xml.get('ppt/presentation.xml');
  if (!pres) { add('ppt/presentation.xml', 'pptx/presentation', 'missing'); return; }
  const masters = [...pres.matchAll(/<p:sldMasterId [^>]*r:id="([^"]+)"/g)].map((m) => m[1]);
  if (new Set(masters).size !== masters.length) add('ppt/presentation.xml', 'pptx/master-duplicate', 'a slide master is listed twice');
  const slideIds = [...pres.matchAll(/<p:sldId id="(\d+)"/g)].map((m) => m[1]);
  if (new Set(slideIds).size !== slideIds.length) add('ppt/presentation.xml', 'pptx/slide-id-duplicate', 'two slides share an id');
  for (const id of slideIds) if (Number(id) < 256 || Number(id) > 2147483647) add('ppt/presentation.xml', 'pptx/slide-id-range', `slide id ${id} is outside 256..2147483647`);
}

/** Chart parts: each axis id is defined once, every plot's axes exist, the data is embedded. */
function checkCharts(parts: string[], xml: Map<string, string>, add: Add): void {
  for (const [p, text] of xml) {
    if (!/^ppt\/charts\/chart[^/]*\.xml$/.test(p)) continue;
    const axes = [...text.matchAll(/<c:(?:valAx|catAx|dateAx|serAx)>\s*<c:axId val="(\d+)"\/>/g)].map((m) => m[1]);
    const dup = axes.filter((a, i) => axes.indexOf(a) !== i);
    if (dup.length) add(p, 'pptx/chart-axis-duplicate', `axis id ${dup[0]} is defined twice (combo charts: gitbrent/PptxGenJS#1013, #1233)`);
    const plots = [...text.matchAll(/<c:(barChart|lineChart|areaChart|pieChart|doughnutChart)>([\s\S]*?)<\/c:\1>/g)];
    for (const [, kind, body] of plots) {
      for (const m of body.matchAll(/<c:axId val="(\d+)"\/>/g)) {
        if (!axes.includes(m[1])) add(p, 'pptx/chart-axis-orphan', `${kind} refers to axis ${m[1]}, which the chart does not define (pptxgenjs 4.0.1 writes a third axId for every 2D bar/line chart: gitbrent/PptxGenJS#1534)`);
      }
    }
    const rels = xml.get(p.replace(/charts\/([^/]+)$/, 'charts/_rels/$1.rels')) ?? '';
    const embed = /Target="([^"]+\.xlsx)"/.exec(rels);
    if (!embed) add(p, 'pptx/chart-no-workbook', 'no embedded workbook: the chart cannot be edited in PowerPoint');
    else if (!parts.includes(resolveTarget(p.replace(/charts\/([^/]+)$/, 'charts/_rels/$1.rels'), embed[1]))) add(p, 'pptx/chart-no-workbook', `embedded workbook ${embed[1]} is missing`);
  }
}

/**
 * Schema repairs PowerPoint or Excel would make (src/util/ooxml-conform.ts has each rule and its
 * upstream issue): every package part, and every part of each embedded workbook.
 */
async function checkConformance(zip: JSZip, parts: string[], xml: Map<string, string>, add: Add): Promise<void> {
  for (const [p, text] of xml) for (const r of conformFindings('package', p, text)) add(p, r.rule, r.message);
  for (const p of parts) {
    if (!p.endsWith('.xlsx')) continue;
    let book: JSZip;
    try {
      book = await JSZip.loadAsync(await zip.files[p].async('nodebuffer'));
    } catch (err) {
      add(p, 'xlsx/zip', `embedded workbook is not a zip archive: ${(err as Error).message}`);
      continue;
    }
    for (const name of Object.keys(book.files)) {
      if (!/\.(xml|rels)$/.test(name)) continue;
      const text = await book.files[name].async('string');
      for (const r of conformFindings('workbook', name, text)) add(`${p}!${name}`, r.rule, r.message);
    }
  }
}
