// The deck adapts to its period: the 3Q sample builds to every format and its
// titles and comparisons say 3Q/9M where the 1H deck says 2Q/1H.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { irdeck, ROOT } from './util/cli.js';

function build(name: string): string {
  const out = mkdtempSync(join(tmpdir(), `irdeck-${name}-`));
  const r = irdeck(['build', join(ROOT, `data/${name}.yaml`), '--out', out, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  return execFileSync('pdftotext', [join(out, `${name}.pdf`), '-'], { encoding: 'utf8' });
}

describe('period words come from the period', () => {
  it('1H deck says 1H08 and 2Q08; 3Q deck says 9M08 and 3Q08 in the same places', () => {
    const h = build('fy2008-1h');
    const q = build('fy2008-3q');
    expect(h).toContain('1H FY2008 Consolidated Financial Results');
    expect(h).toContain('Summary of 1H08 Financial Results');
    expect(h).toContain('Reference: Consolidated Financial Results for 2Q08');
    expect(q).toContain('9M FY2008 Consolidated Financial Results');
    expect(q).toContain('Summary of 9M08 Financial Results');
    expect(q).toContain('Consolidated Financial Results for 9M08');
    expect(q).toContain('Reference: Consolidated Financial Results for 3Q08');
    // no title or period label of the 3Q deck names the half
    for (const wrong of ['1H FY2008', 'Summary of 1H08', 'Results for 1H08', 'Targets for 1H08', '1st Half Financial Results', 'for 2Q08']) expect(q, wrong).not.toContain(wrong);
  });
});
