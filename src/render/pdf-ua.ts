// What PDF/UA-1 (ISO 14289-1) asks of the PDF that Chromium cannot say from the HTML; the rest
// (headings, lists, tables, alt text, reading order) is in the HTML (src/render/html.ts).
// - an XMP metadata stream naming the PDF/UA part, with the title and language (veraPDF 5-1,
//   7.1-8, 7.1-9): Chromium writes only the Info dictionary;
// - unmarked drawings (decorations, page furniture) as Artifacts (7.1-3): pdf-artifacts.ts;
// - each list item's content in an LBody (7.2-20: LI holds only Lbl and LBody): Chromium puts the
//   item's content straight into LI;
// - header cells with their Scope (7.5-1): Chromium writes TH without attributes.
// Every step is a function of the document alone, so the bytes stay reproducible.
import { deflateSync, inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';
import { markArtifacts } from './pdf-artifacts.js';

export interface UaMetadata {
  title: string;
  author: string;
  subject: string;
  lang: string;
  /** ISO date-time of creation and modification */
  date: string;
  producer: string;
  creator: string;
}

const xmlEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The XMP packet: Dublin Core title, creator, description and language, the PDF/UA identification. */
export function xmpPacket(m: UaMetadata): string {
  const alt = (v: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${xmlEsc(v)}</rdf:li></rdf:Alt>`;
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    ' xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title>${alt(m.title)}</dc:title>`,
    `<dc:creator><rdf:Seq><rdf:li>${xmlEsc(m.author)}</rdf:li></rdf:Seq></dc:creator>`,
    `<dc:description>${alt(m.subject)}</dc:description>`,
    `<dc:language><rdf:Bag><rdf:li>${xmlEsc(m.lang)}</rdf:li></rdf:Bag></dc:language>`,
    `<pdf:Producer>${xmlEsc(m.producer)}</pdf:Producer>`,
    `<xmp:CreatorTool>${xmlEsc(m.creator)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${m.date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${m.date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${m.date}</xmp:MetadataDate>`,
    '<pdfuaid:part>1</pdfuaid:part>',
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

function setMetadata(doc: PDFDocument, m: UaMetadata): void {
  const ctx = doc.context;
  const bytes = Buffer.from(xmpPacket(m), 'utf8');
  // uncompressed, as XMP readers that scan files for packets expect
  const stream = PDFRawStream.of(ctx.obj({ Type: 'Metadata', Subtype: 'XML', Length: bytes.length }), bytes);
  doc.catalog.set(PDFName.of('Metadata'), ctx.register(stream));
}

/** Every page's content streams with their unmarked drawings made Artifacts. */
function markPages(doc: PDFDocument): void {
  const ctx = doc.context;
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'));
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
    for (const ref of refs) {
      if (!(ref instanceof PDFRef)) continue;
      const stream = ctx.lookup(ref);
      if (!(stream instanceof PDFRawStream)) continue;
      const filter = stream.dict.get(PDFName.of('Filter'));
      if (filter !== undefined && String(filter) !== '/FlateDecode') continue;
      const raw = filter === undefined ? Buffer.from(stream.contents) : inflateSync(stream.contents);
      const marked = markArtifacts(raw);
      if (marked === raw) continue;
      const data = deflateSync(marked);
      const dict = stream.dict.clone(ctx);
      dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
      dict.delete(PDFName.of('DecodeParms'));
      dict.set(PDFName.of('Length'), ctx.obj(data.length));
      ctx.assign(ref, PDFRawStream.of(dict, data));
    }
  }
}

/** LI content into an LBody; TH with Scope Column (irdeck's tables have header rows only). */
function fixStructure(doc: PDFDocument): void {
  const ctx = doc.context;
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'));
  if (!(root instanceof PDFDict)) return;
  const K = PDFName.of('K');
  const P = PDFName.of('P');
  const S = PDFName.of('S');
  const seen = new Set<PDFObject>();
  const walk = (obj: PDFObject | undefined): void => {
    const node = obj instanceof PDFRef ? ctx.lookup(obj) : obj;
    if (!(node instanceof PDFDict) && !(node instanceof PDFArray)) return;
    if (seen.has(node)) return;
    seen.add(node);
    if (node instanceof PDFArray) { for (const k of node.asArray()) walk(k); return; }
    const type = String(node.get(S));
    if (type === '/LI') wrapListBody(node);
    if (type === '/TH' && !node.has(PDFName.of('A'))) node.set(PDFName.of('A'), ctx.obj({ O: 'Table', Scope: 'Column' }));
    walk(node.get(K));
  };
  const wrapListBody = (li: PDFDict) => {
    const kids = li.get(K);
    const list = kids instanceof PDFArray ? kids.asArray() : kids ? [kids] : [];
    const elems = list.map((k) => (k instanceof PDFRef ? ctx.lookup(k) : k));
    // only structure-element kids can move (content straight under LI would need the parent tree changed)
    if (!elems.length || !elems.every((e) => e instanceof PDFDict && e.has(S))) return;
    const already = elems.every((e) => ['/LBody', '/Lbl'].includes(String((e as PDFDict).get(S))));
    if (already) return;
    const liRef = (elems[0] as PDFDict).get(P);
    if (!(liRef instanceof PDFRef)) return;
    const body = ctx.obj({ Type: 'StructElem', S: 'LBody', P: liRef });
    body.set(K, kids instanceof PDFArray ? kids : ctx.obj([kids!]));
    const bodyRef = ctx.register(body);
    for (const e of elems) (e as PDFDict).set(P, bodyRef);
    li.set(K, bodyRef);
  };
  walk(root.get(K));
}

/** The PDF/UA-1 additions, in place. */
export function finishPdfUa(doc: PDFDocument, meta: UaMetadata): void {
  setMetadata(doc, meta);
  markPages(doc);
  fixStructure(doc);
}
