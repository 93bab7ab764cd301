// ISO/IEC 29500 Transitional schema validation of PPTX files, every XML part and every part of the
// embedded workbooks, after Markup Compatibility processing (tests/util/ooxml_validate.py does the
// work, with one xmllint call for all parts of all files given).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './cli.js';

export const OOXML_SCHEMA = join(ROOT, 'tests/schemas/ooxml/all.xsd');

export interface SchemaReport {
  /** XML parts validated */
  parts: number;
  /** one line per error: "deck.pptx!part:line: message" (parts of a workbook: "deck.pptx!ppt/embeddings/x.xlsx!xl/styles.xml") */
  errors: string[];
}

/** Validates the PPTX files; the caller asserts errors is empty. */
export function ooxmlSchemaErrors(pptxFiles: string[]): SchemaReport {
  const out = execFileSync('/usr/bin/python3', [join(ROOT, 'tests/util/ooxml_validate.py'), OOXML_SCHEMA, ...pptxFiles], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out) as SchemaReport;
}
