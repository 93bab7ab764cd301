// Template errors: a missing field, an unknown helper, a syntax error each name
// the template's file and line, all at once, exit code 2 — never an empty string.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { irdeck, lineOf, replaceOnce, ROOT } from './util/cli.js';

function brokenTemplates(edit: (s: string) => string): { dir: string; text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'irdeck-tpl-'));
  const text = edit(readFileSync(join(ROOT, 'templates/deck.yaml'), 'utf8'));
  writeFileSync(join(dir, 'deck.yaml'), text);
  return { dir, text };
}

describe('templates', () => {
  it('reports a missing field, an unknown helper and a syntax error with their lines', () => {
    const { dir, text } = brokenTemplates((s) => {
      s = replaceOnce(s, 'title: "Revenues"', 'title: "Revenues {{q.revenuez}}"');
      s = replaceOnce(s, 'title: "SG&A Expenses/R&D"', 'title: "SG&A {{money q.sga}}"');
      s = replaceOnce(s, 'title: "Number of Employees"', 'title: "Employees {{#if q.employees}"');
      return s;
    });
    const r = irdeck(['check', 'data/fy2008-1h.yaml', '--templates', dir]);
    expect(r.code).toBe(2);
    const file = join(dir, 'deck.yaml');
    expect(r.stderr).toContain(`${file}:${lineOf(text, 'revenuez')}:`);
    expect(r.stderr).toMatch(/"revenuez" does not exist in the model\s+\(template\/missing-field\)/);
    expect(r.stderr).toContain(`${file}:${lineOf(text, '{{money')}:`);
    expect(r.stderr).toMatch(/unknown helper "money"/);
    expect(r.stderr).toContain(`${file}:${lineOf(text, '{{#if q.employees}')}:`);
    expect(r.stderr).toMatch(/\(template\/syntax\)/);
  });

  it('a data sentence naming a missing field points at the data file line', () => {
    const data = readFileSync(join(ROOT, 'data/fy2008-1h.yaml'), 'utf8');
    const broken = replaceOnce(data, 'Up to {{int facts.buyback_max_shares}} shares', 'Up to {{int facts.buyback_max_sharez}} shares');
    const dir = mkdtempSync(join(tmpdir(), 'irdeck-data-'));
    const file = join(dir, 'p.yaml');
    writeFileSync(file, broken);
    const r = irdeck(['check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:${lineOf(broken, 'buyback_max_sharez')}:`);
  });
});
