// The zip pptxgenjs writes its package with, in the bundle (scripts/bundle.mjs
// points pptxgenjs's `import JSZip from 'jszip'` here): the few calls it
// makes, on Node's native code.
//
// Why: pptxgenjs's package is only an envelope. finishPackage (render/pptx.ts)
// unpacks it at once and writes every part again, and finishWorkbook does the
// same with each chart's embedded workbook, which pptxgenjs zips on its own
// and hands over as base64. JSZip does all of that in JavaScript (a CRC per
// part, base64 both ways, its worker pipeline): ~110 ms of a PPTX of the
// sample's 19 charts, profiled; this writes stored archives with native CRC
// and base64 in a few. The parts are the same, so the finished PPTX is the
// same bytes with either zip (tests/pptx-zip.test.ts builds it both ways).
//
// Used by pptxgenjs 4.0 (pptxgen.es.js): new JSZip(); folder(name), chained;
// file(name, text) and file(name, base64, { base64: true }); generateAsync
// with type 'base64' (each workbook) or 'nodebuffer' (the package).
import { writeZip } from '../util/zip.js';

type Content = string | Buffer;

/** Any date: finishPackage dates every entry again, and these archives are never written out. */
const ENVELOPE_DATE = new Date(Date.UTC(1980, 0, 1));

export default class PptxgenjsZip {
  private readonly parts: Map<string, Content>;
  private readonly root: string;

  constructor(parts?: Map<string, Content>, root = '') {
    this.parts = parts ?? new Map();
    this.root = root;
  }

  /** A folder: its files go into the same archive under its path (pptxgenjs only chains folders). */
  folder(name: string): PptxgenjsZip {
    return new PptxgenjsZip(this.parts, `${this.root}${name.replace(/\/?$/, '/')}`);
  }

  file(name: string, data: Content, options?: { base64?: boolean }): this {
    const unknown = Object.keys(options ?? {}).filter((k) => k !== 'base64');
    if (unknown.length) throw new Error(`pptxgenjs-zip: file(${name}) with options ${unknown.join(', ')} is not supported`);
    this.parts.set(`${this.root}${name}`, options?.base64 && typeof data === 'string' ? Buffer.from(data, 'base64') : data);
    return this;
  }

  async generateAsync(options: { type?: string }): Promise<Buffer | string> {
    const zip = writeZip([...this.parts], ENVELOPE_DATE, { store: true });
    if (options.type === 'nodebuffer') return zip;
    if (options.type === 'base64') return zip.toString('base64');
    throw new Error(`pptxgenjs-zip: generateAsync of type ${String(options.type)} is not supported`);
  }
}
