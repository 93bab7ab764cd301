// Bad input: every case gives its error with file, line and field, exit code 2.
import { describe, expect, it } from 'vitest';
import { CASES } from './fixtures/bad/cases.js';
import { irdeck, lineOf, replaceOnce, sampleText, tempFile } from './util/cli.js';

const sample = sampleText();

describe('check: bad input', () => {
  it('the sample itself is clean (exit 0)', () => {
    const r = irdeck(['check', 'data/fy2008-1h.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1H FY2008/);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const content = c.make(sample);
    const file = tempFile(`${c.name}.yaml`, content);
    const t0 = Date.now();
    const r = irdeck(['check', file]);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith(file));
    const hit = lines.find((l) => l.includes(`(${c.rule}`) && c.says.test(l));
    expect(hit, `expected a ${c.rule} diagnostic matching ${c.says} in:\n${r.stderr}`).toBeDefined();
    if (c.lineOf) {
      const want = lineOf(content.toString(), c.lineOf);
      expect(hit!.startsWith(`${file}:${want}:`), `expected line ${want} in: ${hit}`).toBe(true);
    }
    // every problem line is in irdeck's words: none is zod's raw wording or a value that was never there
    for (const l of lines) expect(l, 'a problem line').not.toMatch(/\bundefined\b|Too (big|small):|Invalid (option|input|string)/);
  });

  it('reports five independent mistakes at once', () => {
    let s = sample;
    s = replaceOnce(s, '  short_name: IIJ', '  short_name: IIJ\n  shortname: IIJ'); // unknown key
    s = replaceOnce(s, 'dividend_current_year: 2000', 'dividend_current_year: "2,000"'); // number as text
    s = replaceOnce(s, 'values: [0, 0, 0, 0, 15, 20, 25, 30, 58, 67]', 'values: [0, 0, 0, 0, 15, 20, 25, 30, 58, -67]'); // negative headcount
    s = replaceOnce(s, '      previous: 78500', '      previous: 78000'); // bridge
    s = replaceOnce(s, '    revenues: 33254', '    revenues: 33524'); // half
    const file = tempFile('five.yaml', s);
    const r = irdeck(['check', file]);
    expect(r.code).toBe(2);
    const rules = ['schema/unknown-key', 'schema/type', 'schema/value', 'rule/bridge', 'rule/half-sum'];
    for (const rule of rules) expect(r.stderr, rule).toContain(`(${rule})`);
    expect(r.stderr).toMatch(/5 problems found/);
  });

  it('accepts what is harmless: a BOM and CRLF line endings', () => {
    const file = tempFile('crlf.yaml', `\uFEFF${sample.replace(/\n/g, '\r\n')}`);
    const r = irdeck(['check', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('a missing file and an unknown option are input errors', () => {
    expect(irdeck(['check', 'data/nope.yaml']).code).toBe(2);
    expect(irdeck(['check', '--bogus', 'data/fy2008-1h.yaml']).code).toBe(2);
  });
});
