// Who is at fault when new-period fails: a file that is not a period is the
// user's (exit 2); a fault inside the roll-forward is irdeck's (exit 1), not
// reported as if the user's file were wrong (it used to exit 2 for both).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { IrdeckError } from '../src/errors.js';
import { SAMPLE } from './util/cli.js';

const fault = vi.hoisted(() => ({ on: false }));
vi.mock('../src/period/new-period.js', async (original) => {
  const real = await original<typeof import('../src/period/new-period.js')>();
  return { ...real, roll: (text: string) => { if (fault.on) throw new Error('internal: overlapping edits at 10..12'); return real.roll(text); } };
});

const { main } = await import('../src/cli/main.js');
const { roll } = await import('../src/period/new-period.js');

function run(argv: string[]): { code: Promise<number>; err: string[] } {
  const err: string[] = [];
  return { code: main(argv, { out: () => undefined, err: (s) => err.push(s), isTTY: false }), err };
}

describe('new-period exit codes', () => {
  it('an internal fault while rolling forward exits 1', async () => {
    fault.on = true;
    try {
      const r = run(['new-period', SAMPLE, '--to', 'next', '--out', join(mkdtempSync(join(tmpdir(), 'irdeck-np-')), 'next.yaml')]);
      expect(await r.code).toBe(1);
      expect(r.err.join('\n')).toContain('internal error rolling forward: internal: overlapping edits');
    } finally {
      fault.on = false;
    }
  });

  it('the same run without the fault exits 0', async () => {
    const r = run(['new-period', SAMPLE, '--to', 'next', '--out', join(mkdtempSync(join(tmpdir(), 'irdeck-np-')), 'next.yaml')]);
    expect(await r.code, r.err.join('\n')).toBe(0);
  });

  it('a text that is not a period file is an input error (exit 2)', () => {
    for (const text of ['a: [1', 'company: x\n', 'period: {kind: half, fiscal_year: 2008, first_month: 4}\nquarters: [3Q08]\n']) {
      let thrown: unknown;
      try { roll(text); } catch (err) { thrown = err; }
      expect(thrown).toBeInstanceOf(IrdeckError);
      expect((thrown as IrdeckError).exitCode).toBe(2);
    }
  });
});
