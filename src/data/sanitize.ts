// One text check for every string read from a YAML file (the data file,
// templates/deck.yaml, assets/theme.yaml) and for every mapping key, run at
// load time so a character no output can carry never reaches a renderer:
// - C0 controls other than tab and newline, DEL and C1 controls: XML 1.0 cannot
//   hold most of them (a "\x01" in the company name made 28 PPTX parts that no
//   XML parser or LibreOffice opens) and on a terminal they are escape codes;
// - noncharacters (U+FDD0..U+FDEF and U+xFFFE/U+xFFFF in every plane) and lone
//   surrogates: not characters at all; XML refuses U+FFFE/U+FFFF and a UTF-8
//   writer silently turns a lone surrogate into U+FFFD;
// - bidi overrides and isolates (U+202A..U+202E, U+2066..U+2069): they make a
//   text read differently from how it is stored ("up 8.2%" shown reversed while
//   the typed-number check reads the stored order). RTL text needs none of them;
// - invisible characters next to a digit (U+200B and its kin): "8.\u200B2%" is
//   shown as 8.2% but is no number to the typed-number check.
// Mapping keys JavaScript gives a meaning to (__proto__, constructor, ...) are
// refused too: a revenue line named __proto__ vanished inside an object map.
// The cost on valid input is one regular-expression test per string.

export type TextPath = (string | number)[];

export interface TextProblem {
  path: TextPath;
  rule: string;
  message: string;
  /** the problem is the last element of path, a key, rather than its value */
  key?: boolean;
}

const NONCHARS = Array.from({ length: 17 }, (_, p) => `\\u{${(p * 0x10000 + 0xfffe).toString(16)}}\\u{${(p * 0x10000 + 0xffff).toString(16)}}`).join('');
const INVISIBLE = '\\u00AD\\u061C\\u180E\\u200B-\\u200F\\u2060-\\u2064\\uFEFF';
/** Anything worth a closer look: one test per string on the fast path. */
const SUSPECT = new RegExp(`[\\x00-\\x08\\x0B-\\x1F\\x7F-\\x9F\\uFDD0-\\uFDEF${NONCHARS}\\u202A-\\u202E\\u2066-\\u2069\\uD800-\\uDFFF${INVISIBLE}]`, 'u');

interface CharClass { rule: string; what: string; test: RegExp }
const CLASSES: CharClass[] = [
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  { rule: 'text/control', what: 'a control character', test: /[\x00-\x08\x0B-\x1F\x7F-\x9F]/gu },
  { rule: 'text/noncharacter', what: 'a noncharacter', test: new RegExp(`[\\uFDD0-\\uFDEF${NONCHARS}]`, 'gu') },
  { rule: 'text/surrogate', what: 'a lone surrogate (half of a character)', test: /[\uD800-\uDFFF]/gu },
  { rule: 'text/bidi', what: 'a bidi override or isolate (it makes the text read differently from how it is stored)', test: /[\u202A-\u202E\u2066-\u2069]/gu },
  // only beside a digit: ZWJ and ZWNJ belong inside emoji and Persian words
  { rule: 'text/invisible', what: 'an invisible character inside a figure', test: new RegExp(`(?<=\\d[${INVISIBLE}]*)[${INVISIBLE}]|[${INVISIBLE}](?=[${INVISIBLE}]*\\d)`, 'gu') },
];

/** Keys that name JavaScript's own object machinery: as a map key they are lost or reach the prototype. */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The problems of one string, one per class found (each naming its characters and where they are). */
export function textProblemsOf(s: string): { rule: string; message: string }[] {
  if (!SUSPECT.test(s)) return [];
  const out: { rule: string; message: string }[] = [];
  for (const c of CLASSES) {
    const hits = [...s.matchAll(c.test)];
    if (hits.length === 0) continue;
    const chars = [...new Set(hits.map((m) => codePoint(m[0])))];
    const at = [...s.slice(0, hits[0].index)].length + 1;
    const which = `${chars.slice(0, 4).join(', ')}${chars.length > 4 ? ', ...' : ''}`;
    out.push({ rule: c.rule, message: `holds ${c.what}: ${which} (first at character ${at}${hits.length > 1 ? `, ${hits.length} in all` : ''}); retype the text without it` });
  }
  return out;
}

/** Every problem in every string and key of a parsed YAML value. */
export function textProblems(value: unknown): TextProblem[] {
  const out: TextProblem[] = [];
  const walk = (v: unknown, path: TextPath) => {
    if (typeof v === 'string') {
      for (const p of textProblemsOf(v)) out.push({ path, ...p });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...path, i]));
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        const at = [...path, k];
        if (RESERVED_KEYS.has(k)) out.push({ path: at, key: true, rule: 'text/reserved-key', message: `"${k}" cannot be used as a name here (JavaScript reserves it for its own objects); rename it` });
        for (const p of textProblemsOf(k)) out.push({ path: at, key: true, rule: p.rule, message: `the key ${p.message}` });
        walk((v as Record<string, unknown>)[k], at);
      }
    }
  };
  walk(value, []);
  return out;
}
