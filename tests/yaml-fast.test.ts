// The faster reader (src/data/yaml-fast.ts) must give exactly what yaml gives,
// or decline and leave the file to yaml.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readFast } from '../src/data/yaml-fast.js';

/** the reference: the reading loadData makes when positions are needed */
function reference(text: string): { value?: unknown; errors: boolean } {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2' });
  if (doc.errors.length) return { errors: true };
  return { value: doc.toJS({ maxAliasCount: 50 }), errors: false };
}

const SCALARS = [
  '0', '-0', '+0', '007', '0o17', '0O17', '0x1F', '0X1F', '-0x1F', '0b101', '1_000', '1,000', '12950', '-44.6', '+.5', '.5', '5.', '1e3', '1E-3', '1e400', '-1e400',
  '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'NaN', 'inf', 'true', 'True', 'TRUE', 'tRUE', 'yes', 'no', 'on', 'off', 'y', 'n', '~', 'null', 'Null', 'NULL', 'nULL', '',
  '2008-11-13', '2008-11-13T10:00:00Z', '12:30', '1:20:30', '08/4~08/9', '1H08', '2Q08', '3,007.5', '(44.6%)', '10.9%', "'quoted'", '"dq \\u00e9"', '"tab\\there"',
  'plain with spaces', 'a#b', 'a # comment', '"#not comment"', '@at', '`tick', '|', '>',
];

describe('readFast', () => {
  it('gives what yaml gives for every scalar form tried, or declines', () => {
    for (const s of SCALARS) {
      for (const text of [`v: ${s}\n`, `v: [${s}]\n`, `- ${s}\n`, `${s}: key\n`]) {
        const fast = readFast(text);
        const ref = reference(text);
        if (fast === undefined) continue; // declined: yaml reads it
        expect(ref.errors, `fast read ${JSON.stringify(text)} that yaml rejects`).toBe(false);
        expect(isDeepStrictEqual(fast, ref.value), `${JSON.stringify(text)}: ${JSON.stringify(fast)} vs ${JSON.stringify(ref.value)}`).toBe(true);
      }
    }
  });

  it('keeps -0 and the other core-schema numbers as yaml reads them', () => {
    expect(Object.is((readFast('v: -0\n') as { v: number }).v, -0)).toBe(true);
    expect(readFast('v: 0x1F\nw: 0o17\nx: 1e400\ny: .nan\n')).toEqual({ v: 31, w: 15, x: Infinity, y: NaN });
    expect(readFast('v: 2008-11-13\nw: yes\n')).toEqual({ v: '2008-11-13', w: 'yes' });
  });

  it('declines collections and nulls as keys, anchors, aliases, tags, directives, several documents, merge keys, tabs and CR', () => {
    const declined = [
      '[1, 2]: x\n', 'a: {[1]: 2}\n', '~: null key\n', 'a: &x 1\nb: *x\n', 'a: !!str 1\n',
      '%YAML 1.2\n---\na: 1\n', 'a: 1\n---\nb: 2\n', 'a:\n  <<: {b: 1}\n', 'a:\n\t- 1\n', 'a: 1\r\nb: 2\r\n',
    ];
    for (const text of declined) {
      expect(readFast(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('declines what it finds fault with (duplicate keys, bad indentation), which yaml then reports', () => {
    for (const text of ['a: 1\na: 2\n', 'a: 1\n"a": 2\n', 'a:\n  - 1\n - 2\n', 'a: [1, 2\n', 'a: "open\n']) {
      expect(readFast(text), JSON.stringify(text)).toBeUndefined();
      expect(reference(text).errors).toBe(true);
    }
  });

  it('declines what yaml rejects and js-yaml reads all the same (a comment touching a node, lines indented too little)', () => {
    const laxer = ['a: [1, 2]#c\n', 'a: "x"#c\n', 'a: {b: 1}#c\n', "a: 'x'#c\n", 'a:\n  - {b: "x\n  y"}\n', 'a:\n  - { b:\n  c }\n', 'a:\n  b: [1,\n  2]\n', 'a: "x\ny"\n'];
    for (const text of laxer) {
      expect(reference(text).errors, JSON.stringify(text)).toBe(true);
      expect(readFast(text), JSON.stringify(text)).toBeUndefined();
    }
    // and reads what both accept
    for (const text of ['a: x#y\n', 'a: [1, 2] #c\n', 'a: "x" #c\n', "a: 'C#'\n", 'a: [x#y]\n', 'a:\n  b: [1,\n   2]\n', 'a:\n  b: "x\n   y"\n', 'a: |\n  x"#\n']) {
      expect(readFast(text), JSON.stringify(text)).toEqual(reference(text).value);
    }
  });

  it('reads both sample data files and the theme exactly as yaml does', () => {
    for (const f of ['data/fy2008-1h.yaml', 'data/fy2008-3q.yaml', 'assets/theme.yaml']) {
      const text = readFileSync(f, 'utf8');
      const fast = readFast(text);
      expect(fast, f).toBeDefined();
      expect(isDeepStrictEqual(fast, reference(text).value), f).toBe(true);
    }
  });

  it('multi-line plain, quoted and block scalars fold as yaml folds them', () => {
    const text = 'a: one\n  two\n\n  three\nb: "x\n  y"\nc: |\n  keep\n   indent\n\nd: >-\n  folded\n  text\n\n  para\ne: \'it\'\'s\'\n';
    expect(readFast(text)).toEqual(reference(text).value);
  });
});
