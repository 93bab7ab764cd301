// The checker finds subject, direction and comparison words with an index by
// first character (src/check/lexicon.ts phraseMatcher); it must find exactly
// what one alternation regex of all phrases, longest first, finds. Compared
// over every string of both samples, over the lexicon's own phrases in
// sentences, and over texts mutated to hit the edges (case, '&' and letters
// against a phrase, punctuation, non-ASCII).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { loadLexicon, phraseMatcher, regexPhraseMatcher, type WordMode } from '../src/check/lexicon.js';
import { ROOT } from './util/cli.js';

function strings(x: unknown, out: string[] = []): string[] {
  if (typeof x === 'string') out.push(x);
  else if (Array.isArray(x)) for (const v of x) strings(v, out);
  else if (x && typeof x === 'object') for (const v of Object.values(x)) strings(v, out);
  return out;
}

/** A small deterministic generator, so a failure names a text that comes back. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

function mutations(text: string, next: () => number): string[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  const out = [text.toUpperCase(), text.replace(/\s/g, '&'), text.replace(/ /g, '  ')];
  for (let i = 0; i < 6; i++) {
    const at = Math.floor(next() * (text.length + 1));
    out.push(text.slice(0, at) + pick(['x', '&', '-', '.', ' ', '7', 'é', '売', '𠮷', '(', ')']) + text.slice(at));
  }
  return out;
}

const lexicons = readdirSync(join(ROOT, 'templates/locales')).filter((f) => f.endsWith('.check.yaml'));

describe('phrase matcher', () => {
  it('there is a lexicon to test', () => expect(lexicons.length).toBeGreaterThan(0));

  for (const name of lexicons) {
    it(`finds what one regex of all phrases finds: ${name}`, () => {
      const lex = loadLexicon(join(ROOT, 'templates/locales', name));
      const mode: WordMode = lex.words;
      const f = lex.file;
      const phrases: [string, string][] = [
        ...Object.entries(f.subjects).flatMap(([k, ws]) => ws.map((w): [string, string] => [w, k])),
        ...Object.entries(f.directions).flatMap(([k, ws]) => ws.map((w): [string, string] => [w, k])),
        ...Object.entries(f.comparisons).flatMap(([k, ws]) => ws.map((w): [string, string] => [w, k])),
      ];
      const fast = phraseMatcher(phrases, mode);
      const slow = regexPhraseMatcher(phrases, mode);
      const next = rng(20261201);
      const texts = [
        ...['fy2008-1h.yaml', 'fy2008-3q.yaml'].flatMap((d) => strings(load(readFileSync(join(ROOT, 'data', d), 'utf8')))),
        ...phrases.map(([p]) => `${p} ${phrases[Math.floor(next() * phrases.length)][0]}, ${p}.`),
        '', '&', 'İstanbul revenues rose',
      ];
      let compared = 0;
      for (const t of texts) {
        for (const m of [t, ...mutations(t, next)]) {
          expect(fast.find(m), m).toEqual(slow.find(m));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(1000);
      // and it finds something: the comparison is not of two empty lists
      expect(fast.find('Recurring revenues rose 14.0% YoY').length + fast.find('売上高は前年同期比').length).toBeGreaterThan(0);
    });
  }
});
