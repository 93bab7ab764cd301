// Text widths kept between runs (src/util/text-measure.ts): used when the font
// files are the same, measured again when they are not, and never wrong.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Measure = typeof import('../src/util/text-measure.js');
const fresh = async (): Promise<Measure> => {
  vi.resetModules();
  return import('../src/util/text-measure.js');
};

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'irdeck-widths-')); });

describe('width cache', () => {
  /** One run measures "Revenues" and saves; the saved file is changed by `edit`; a second run measures again. */
  async function measuredTwice(edit: (saved: { fonts: Record<string, string>; widths: Record<string, Record<string, number>> }) => void): Promise<{ first: number; second: number }> {
    const a = await fresh();
    a.useWidthCache(dir);
    const first = a.textWidth('Revenues', 'Arial', 20);
    a.saveWidthCache();
    const saved = JSON.parse(readFileSync(join(dir, 'widths.json'), 'utf8'));
    expect(saved.widths['Liberation Sans|0']['20|Revenues']).toBe(first);
    edit(saved);
    writeFileSync(join(dir, 'widths.json'), JSON.stringify(saved));
    const b = await fresh();
    b.useWidthCache(dir);
    return { first, second: b.textWidth('Revenues', 'Arial', 20) };
  }

  it('writes what it measured, and a later run reads it instead of measuring', async () => {
    // a planted width: a run that reads the cache must return it
    const { first, second } = await measuredTwice((saved) => { saved.widths['Liberation Sans|0']['20|Revenues'] = 123.5; });
    expect(first).toBeGreaterThan(50);
    expect(second).toBe(123.5);
  });

  it('measures again when the font files are not those the widths were measured with', async () => {
    const { first, second } = await measuredTwice((saved) => {
      saved.widths['Liberation Sans|0']['20|Revenues'] = 123.5;
      saved.fonts['Liberation Sans|0'] = '/usr/share/fonts/some-other-version.ttf:1:1';
    });
    expect(second).toBe(first);
  });

  it('a damaged cache file is ignored', async () => {
    writeFileSync(join(dir, 'widths.json'), '{"format":1, "widths": [');
    const a = await fresh();
    a.useWidthCache(dir);
    expect(a.textWidth('Revenues', 'Arial', 20)).toBeGreaterThan(50);
  });

  it('bold and regular are kept apart', async () => {
    const a = await fresh();
    a.useWidthCache(dir);
    expect(a.textWidth('Revenues', 'Arial', 20, true)).toBeGreaterThan(a.textWidth('Revenues', 'Arial', 20, false));
  });
});
