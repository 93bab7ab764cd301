// Schema conformance repairs of the XML pptxgenjs writes (ISO/IEC 29500 Transitional), one rule each:
// where the part is, how to tell it needs the repair, and the repair. The renderer applies them
// (src/render/pptx.ts for the package, src/charts/workbook.ts for embedded workbooks); the PPTX
// structure gate (src/qa/pptx-structure.ts) reports any part that still needs one. A new trigger
// is one more entry here, with its upstream issue.

export interface ConformRule {
  /** the rule name the structure gate reports */
  rule: string;
  /** 'package' parts of the PPTX, or 'workbook' parts of an embedded .xlsx */
  scope: 'package' | 'workbook';
  /** which parts it applies to */
  part: RegExp;
  /** what is wrong, and whose bug it is */
  message: string;
  /** true when `xml` needs the repair */
  needs(xml: string): boolean;
  /** the repaired part */
  repair(xml: string): string;
}

const NOTES_MASTER_LIST = /<p:notesMasterIdLst>[\s\S]*?<\/p:notesMasterIdLst>/;
const BGPR = /<p:bgPr(\s[^>]*)?>([\s\S]*?)<\/p:bgPr>/g;
const HAS_EFFECTS = /<a:effect(?:Lst|Dag)\b/;
const DEFAULT_XF = '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
  + '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
  + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>';

export const CONFORM_RULES: readonly ConformRule[] = [
  {
    rule: 'pptx/presentation-order',
    scope: 'package',
    part: /^ppt\/presentation\.xml$/,
    message: 'p:notesMasterIdLst must follow p:sldMasterIdLst (CT_Presentation is a sequence); pptxgenjs 4.0.1 writes it after p:sldIdLst (no upstream issue filed yet)',
    needs: (xml) => {
      const notes = xml.search(NOTES_MASTER_LIST);
      const slides = xml.indexOf('<p:sldIdLst>');
      return notes >= 0 && slides >= 0 && notes > slides;
    },
    repair: (xml) => {
      const list = NOTES_MASTER_LIST.exec(xml)?.[0];
      if (!list) return xml;
      return xml.replace(list, '').replace('</p:sldMasterIdLst>', `</p:sldMasterIdLst>${list}`);
    },
  },
  {
    rule: 'pptx/bgpr-effects',
    scope: 'package',
    part: /^ppt\/(slideLayouts|slideMasters|slides)\/[^/]+\.xml$/,
    message: 'p:bgPr has no a:effectLst, which PowerPoint adds when it repairs the file (gitbrent/PptxGenJS#1442)',
    needs: (xml) => [...xml.matchAll(BGPR)].some((m) => !HAS_EFFECTS.test(m[2])),
    repair: (xml) => xml.replace(BGPR, (all, attrs: string | undefined, body: string) => (HAS_EFFECTS.test(body) ? all : `<p:bgPr${attrs ?? ''}>${body}<a:effectLst/></p:bgPr>`)),
  },
  {
    rule: 'xlsx/cell-formats',
    scope: 'workbook',
    part: /^xl\/styles\.xml$/,
    message: 'the workbook\'s styles have no cellXfs, so its cells refer to a format that is not there'
      + ' (Excel repairs it; pptxgenjs 4.0.1 writes this styles part for every chart, no upstream issue filed yet)',
    needs: (xml) => !/<cellXfs\b/.test(xml),
    // CT_Stylesheet's order: numFmts, fonts, fills, borders, cellStyleXfs, cellXfs, cellStyles, dxfs, ...
    repair: (xml) => xml.replace(/(<\/borders>|<borders[^>]*\/>)/, `$1${DEFAULT_XF}`),
  },
];

/** `xml` of part `name` with every repair of `scope` that applies to it. */
export function conformPart(scope: ConformRule['scope'], name: string, xml: string): string {
  let out = xml;
  for (const r of CONFORM_RULES) if (r.scope === scope && r.part.test(name) && r.needs(out)) out = r.repair(out);
  return out;
}

/** The rules part `name` of `scope` still breaks. */
export function conformFindings(scope: ConformRule['scope'], name: string, xml: string): ConformRule[] {
  return CONFORM_RULES.filter((r) => r.scope === scope && r.part.test(name) && r.needs(xml));
}
