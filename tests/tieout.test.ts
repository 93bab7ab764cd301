// The tie-out names files relative to the project, so it is the same from any
// working directory, and a typed date is one date row, not three numbers.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { irdeck, ROOT, SAMPLE } from './util/cli.js';

function tieout(cwd: string, file: string): string {
  const out = mkdtempSync(join(tmpdir(), 'irdeck-tieout-'));
  const r = irdeck(['build', file, '--format', 'pptx', '--out', out, '--quiet'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return readFileSync(join(out, 'fy2008-1h.tieout.csv'), 'utf8');
}

describe('tie-out', () => {
  const here = tieout(ROOT, 'data/fy2008-1h.yaml');

  it('is byte-identical from another working directory', () => {
    expect(tieout(tmpdir(), SAMPLE)).toBe(here);
    expect(here).not.toContain(ROOT);
    expect(here).toMatch(/,templates\/deck\.yaml:\d+ \(/);
    expect(here).toMatch(/,data\/fy2008-1h\.yaml:\d+ \(commentary\.buyback\)/);
  });

  it('lists a typed date as one date row', () => {
    const buyback = here.split('\n').filter((l) => l.includes('(commentary.buyback)'));
    expect(buyback.map((l) => l.split(',').slice(3, 4).concat(l.split(',').slice(5, 7)).join(' '))).toEqual([
      // typed in the data as {{date "2008-11-14"}}: written in the deck's one date style
      '2008.11.14 2008.11.14 typed date',
      '2009.01.30 2009.01.30 typed date',
    ]);
  });
});

describe('the tie-out report of the Japanese edition', () => {
  it('marks what the slides show as Japanese, its own words staying English (WCAG 3.1.2)', async () => {
    const { composeAndLayout } = await import('../src/pipeline/compose-deck.js');
    const { checkedIn, loadModel } = await import('../src/pipeline/load-model.js');
    const { tieOutFiles } = await import('../src/pipeline/tieout.js');
    const html = (lang: 'ja' | 'en') => new Map(tieOutFiles(composeAndLayout(checkedIn(loadModel(SAMPLE), lang), { lang }), 'x')).get('tieout.html')!;
    const ja = html('ja');
    expect(ja).toMatch(/^<!DOCTYPE html><html lang="en">/);
    const shown = [...ja.matchAll(/<tr[^>]*><td>\d+<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td( lang="ja")?>([^<]*)<\/td>/g)];
    expect(shown.length).toBeGreaterThan(100);
    expect(shown.filter((m) => !m[1])).toEqual([]);
    expect(shown.some((m) => /売上高/.test(m[2]))).toBe(true);
    expect(html('en')).not.toMatch(/lang="ja"/);
  }, 60_000);
});
