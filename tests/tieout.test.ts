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
