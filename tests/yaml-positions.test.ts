// Positions from js-yaml's reading (src/data/yaml-positions.ts) must be the
// ones yaml's Document gives (load.ts's locator), for every node and key of
// the samples, of hand-made edge cases and of mutated samples; a build's
// positions must need no Document; a file they decline falls back to it.
import { readFileSync } from 'node:fs';
import * as jsYaml from 'js-yaml';
import * as yaml from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { documentLocator, loadData, type DataPath, type Located } from '../src/data/load.js';
import { readFast } from '../src/data/yaml-fast.js';
import { positionRecorder, type Locate } from '../src/data/yaml-positions.js';

// counts the Documents built, passing every call through
vi.mock('yaml', async (original) => {
  const real = await original<typeof yaml>();
  return { ...real, parseDocument: vi.fn(real.parseDocument) };
});
// counts js-yaml's readings and what they are told, the same way
vi.mock('js-yaml', async (original) => {
  const real = await original<typeof jsYaml>();
  return { ...real, load: vi.fn(real.load) };
});

const SAMPLES = ['data/fy2008-1h.yaml', 'data/fy2008-3q.yaml'].flatMap((f) => {
  const text = readFileSync(f, 'utf8');
  const bilingual = text.replace(/^languages: \[en\]/m, 'languages: [ja, en]');
  expect(bilingual).not.toBe(text);
  return [[f, text], [`${f} with languages: [ja, en]`, bilingual]] as const;
});

/** The fast locator of a text, or undefined where readFast or the recorder declines it. */
function fastLocator(text: string): Locate | undefined {
  const recorder = positionRecorder(text);
  return readFast(text, recorder.listener) === undefined ? undefined : recorder.locator();
}

/** Every path to a value, root first. */
function paths(v: unknown, path: DataPath = [], out: DataPath[] = []): DataPath[] {
  out.push(path);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...path, i], out));
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) paths((v as Record<string, unknown>)[k], [...path, k], out);
  return out;
}

/**
 * Every path asked both ways: the value's node; its language (how a
 * bilingual build asks for texts: a plain text's key then); a missing key (the
 * key of the mapping that lacks it); an index, as a number and as text; and,
 * for the keys the core schema reads as numbers or booleans, those values.
 */
function differences(fast: Locate, ref: (p: DataPath) => Located, value: unknown): string[] {
  const out: string[] = [];
  for (const p of paths(value)) {
    for (const q of [p, [...p, 'ja'], [...p, 'en'], [...p, 'no_such_key', 'x'], [...p, 0], [...p, '1'], [...p, 2008], [...p, 1.5], [...p, true as unknown as string]]) {
      const a = fast(q);
      const b = ref(q);
      if (a.line !== b.line || a.column !== b.column) out.push(`${JSON.stringify(q)}: ${a.line}:${a.column}, yaml ${b.line}:${b.column}`);
    }
  }
  return out;
}

function compare(text: string): { compared: number; differ: string[] } {
  const fast = fastLocator(text);
  if (!fast) throw new Error(`positions declined ${JSON.stringify(text.slice(0, 60))}`);
  const value = readFast(text);
  return { compared: paths(value).length, differ: differences(fast, documentLocator('t.yaml', text), value) };
}

// each case as its lines
const EDGE_CASES: [string, string[]][] = [
  ['comments before, between and after', ['# lead', '', '  # indented', 'languages: [ja, en]   # trailing', '', 'company:', '  # before the first key', '', '  name: x # c', '  short: IIJ', '# end']],
  ['flow maps by language, on one line and over lines', [
    'a: {ja: "日本語", en: English}', 'b: { en: x,', '     ja: y }', 'c:', '  { value: 1, unit: { en: shares, ja: "株" } }', 'd: [1,', '  2, 3]', 'e: [', '  x, y', '  ]', '']],
  ['block scalars', [
    'a: |', '  keep', '   this', '', 'b: >', '  folded', '  text', 'c: |-', '  x', 'd: >+', '  y', '', 'e: |2', '    indented', 'f: | # c', '  x',
    'g:', '  - |', '    in a list', '  - >-', '    folded', '    in a list', 'h: |', '', '  after a blank', 'i:', '  |', '  next line', '']],
  ['quoted keys and values', ["'quoted key': 1", '"dq key": 2', "'it''s': 'it''s'", '"esc\\u00e9": "x\\"y"', '"a b": {"c d": 1}', '']],
  ["lists of mappings, nested lists, lists at the key's indentation", [
    'list:', '  - period: 1H06', '    value: 1', '  - period: FY06', '    value: [1, 2]', '  -   spaced: x', '  - - nested', '    - list', '  - [a, b]', '  - {c: d}',
    'flat:', '- x', '- y: 1', '  z: 2', '']],
  ['empty values', ['a:', 'b:   ', 'c:   # comment', 'd: {x: , y: 1}', 'e: {x:   # c', '  , y: 2}', 'f:', '  g:', '  h: 1', 'k: []', 'l: {}', 'm: [ ]', 'n:']],
  ['Japanese and characters outside the BMP (columns are UTF-16 code units)', ['会社名: 株式会社インターネット', '説明: { ja: "〒101-0051 東京都", en: Tokyo }', '𠮷野家: 𠮷 text', 'k: "𠮷𠮷" ', 'l: [𠮷, 𠮷𠮷, x]', '']],
  ['keys the core schema reads as numbers and booleans', ['2008: a', '1.5: b', 'true: c', '0x1F: d', '"2009": e', '-0: f', '.inf: g', '']],
  ['multi-line plain and quoted scalars', ['a:', '  multi line', '  plain text', 'b: "multi', '  line dq"', "c: 'multi", "  line sq'", 'd: "line1\\', '  line2"', 'e: >-', '  one', '', '  two', '']],
  ['odd spacing and #', ['a  : 1', 'b :', 'c: b#c', 'd: "x" # c', 'e: x #y', 'f: 1', '  ', '', 'g:', '    ', '  h: 2', '']],
  ['an explicit key, __proto__, JSON style', ['? a', ': b', '__proto__: 1', 'x: {"a":1, "b": [1,2]}', '']],
  ['a root list', ['- a', '- b: 1', '  c: 2', '- - d', '']],
  ['a root scalar', ['hello', '']],
];

describe('positions from js-yaml\'s reading', () => {
  it.each(SAMPLES)('are yaml\'s for every path of %s', (_name, text) => {
    const { compared, differ } = compare(text);
    expect(compared).toBeGreaterThan(1000);
    expect({ differ: differ.length, first: differ.slice(0, 10) }).toEqual({ differ: 0, first: [] });
  });

  it.each(EDGE_CASES)('are yaml\'s for %s', (_name, lines) => {
    const { differ } = compare(lines.join('\n'));
    expect({ differ: differ.length, first: differ.slice(0, 10) }).toEqual({ differ: 0, first: [] });
  });

  it('count columns in UTF-16 code units, as yaml does', () => {
    const text = '𠮷野家: 𠮷 text\n';
    // 𠮷 is one character and two code units: the value starts at the 6th character, the 7th unit
    expect(documentLocator('t.yaml', text)(['𠮷野家'])).toEqual({ line: 1, column: 7 });
    expect(fastLocator(text)!(['𠮷野家'])).toEqual({ line: 1, column: 7 });
  });

  it('would notice a position one line or one column off', () => {
    const text = SAMPLES[0][1];
    const fast = fastLocator(text)!;
    const ref = documentLocator('t.yaml', text);
    const value = readFast(text);
    for (const [dl, dc] of [[0, 1], [0, -1], [1, 0], [-1, 0]]) {
      const off: Locate = (p) => { const at = fast(p); return { line: at.line + dl, column: at.column + dc }; };
      expect(differences(off, ref, value).length, `${dl}:${dc}`).toBeGreaterThan(1000);
    }
    // a single node off is noticed too
    const kind = fast(['period', 'kind']);
    const oneOff: Locate = (p) => (p.join('.') === 'period.kind' ? { ...kind, column: kind.column + 1 } : fast(p));
    expect(differences(oneOff, ref, value)).toEqual([`["period","kind"]: ${kind.line}:${kind.column + 1}, yaml ${kind.line}:${kind.column}`]);
  });

  it('are yaml\'s for mutated samples that both readers accept', () => {
    // single-character edits at pseudo-random places: the shapes a hand edit makes
    const base = SAMPLES[0][1];
    const edits = [' ', '\n', ':', '- ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '|', '>', '?', '  ', '\n  ', ': ', '日', '𠮷', '|-\n  ', '\n\n'];
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    let compared = 0;
    for (let i = 0; i < 60; i++) {
      let text = base;
      for (let j = 1 + rnd(2); j > 0; j--) {
        const at = rnd(text.length);
        const edit = edits[rnd(edits.length)];
        const op = rnd(3);
        text = text.slice(0, at) + (op === 1 ? '' : edit) + text.slice(op === 0 ? at : at + 1);
      }
      const fast = fastLocator(text);
      if (!fast) continue;
      let ref: (p: DataPath) => Located;
      try {
        ref = documentLocator('t.yaml', text);
      } catch {
        continue; // only yaml rejects it: no positions to compare
      }
      compared++;
      expect(differences(fast, ref, readFast(text)).slice(0, 10), `edit ${i}`).toEqual([]);
    }
    expect(compared).toBeGreaterThan(30);
  });

  it('are not had for what the tree of events does not know, and yaml\'s Document gives them', () => {
    for (const text of ['a:\n  -\n  - x\n', 'a: [b: 1]\n', 'a: {b, c: 1}\n', '? a\nb: 1\n']) {
      expect(readFast(text), JSON.stringify(text)).toBeDefined();
      expect(fastLocator(text), JSON.stringify(text)).toBeUndefined();
      const loaded = loadData('t.yaml', text);
      const ref = documentLocator('t.yaml', text);
      for (const p of paths(loaded.data)) expect(loaded.locate(p), JSON.stringify([text, p])).toEqual(ref(p));
    }
  });

  it('spare a build of the sample the Document, and a declined file falls back to it', () => {
    const parseDocument = vi.mocked(yaml.parseDocument);
    for (const [name, text] of SAMPLES) {
      parseDocument.mockClear();
      const loaded = loadData('t.yaml', text);
      for (const p of paths(loaded.data)) loaded.locate(p);
      expect(parseDocument, name).not.toHaveBeenCalled();
    }
    // an anchor: readFast leaves the file to yaml, and the positions come from its Document
    const text = SAMPLES[0][1].replace('short_name: IIJ', 'short_name: &s IIJ');
    parseDocument.mockClear();
    const loaded = loadData('t.yaml', text);
    const at = loaded.locate(['company', 'short_name']);
    expect(parseDocument).toHaveBeenCalledTimes(1);
    expect(at).toEqual(documentLocator('t.yaml', text)(['company', 'short_name']));
    expect(at.line).toBe(text.slice(0, text.indexOf('short_name: &s')).split('\n').length);
  });

  it('asked for later (a check), are the same, from a second reading and not the Document', () => {
    const parseDocument = vi.mocked(yaml.parseDocument);
    const load = vi.mocked(jsYaml.load);
    for (const [name, text] of SAMPLES) {
      const now = loadData('t.yaml', text);
      parseDocument.mockClear();
      load.mockClear();
      const later = loadData('t.yaml', text, { positions: 'when-asked' });
      // read once, no listener: nothing recorded until a position is asked for
      expect(load, name).toHaveBeenCalledTimes(1);
      expect(load.mock.calls[0][1]?.listener, name).toBeUndefined();
      expect(later.data, name).toEqual(now.data);
      for (const p of paths(now.data)) expect(later.locate(p), JSON.stringify([name, p])).toEqual(now.locate(p));
      // the second reading, heard, is made once for all the positions asked
      expect(load, name).toHaveBeenCalledTimes(2);
      expect(parseDocument, name).not.toHaveBeenCalled();
    }
  });
});
