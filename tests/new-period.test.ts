// `irdeck new-period`: the next quarter's file rolled forward from the sample,
// refused by `check` until every TODO is filled, and accepted once it is.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, parse, parseDocument, type Document } from 'yaml';
import { rollForward } from '../src/period/new-period.js';
import { irdeck, replaceOnce, ROOT, SAMPLE, sampleText, tempFile } from './util/cli.js';

const THIRD = join(ROOT, 'data/fy2008-3q.yaml');
const tempDir = () => mkdtempSync(join(tmpdir(), 'irdeck-newperiod-'));

/** Data paths of every TODO scalar in a YAML document. */
function todoPaths(doc: Document): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    if (isScalar(node)) { if (node.value === 'TODO') out.push(path); return; }
    if (isMap(node)) for (const p of node.items) walk(p.value, [...path, String((p.key as { value: unknown }).value)]);
    else if (isSeq(node)) node.items.forEach((it, i) => walk(it, [...path, i]));
  };
  walk(doc.contents, []);
  return out;
}

describe('new-period: rolling the 1H sample forward to 3Q', () => {
  const rolled = rollForward(sampleText());
  const before = parse(sampleText());
  const after = parse(rolled);

  it('quarters roll: 1Q06 out, 3Q08 in; the period becomes 9M FY2008', () => {
    expect(after.quarters).toEqual([...before.quarters.slice(1), '3Q08']);
    expect(after.period.kind).toBe('nine_months');
    expect(after.period.fiscal_year).toBe(2008);
    expect(after.period.presentation_date).toBe('TODO');
    expect(rolled.split('\n')[0]).toContain('9M FY2008 (April-December 2008)');
  });

  it('every series drops its first value and gets TODO; illustrative lists drop 1Q06', () => {
    expect(after.revenues.total.values).toEqual([...before.revenues.total.values.slice(1), 'TODO']);
    expect(after.cash_flows.financing.values).toEqual([...before.cash_flows.financing.values.slice(1), 'TODO']);
    expect(after.employees.groups.iij.values.at(-1)).toBe('TODO');
    expect(after.revenues.total.illustrative).toEqual(before.revenues.total.illustrative.filter((q: string) => q !== '1Q06'));
    expect(after.revenues.lines.outsourcing.illustrative).toBe(true);
  });

  it('targets: half dropped for nine months; the new full-year targets become the previous ones', () => {
    expect(after.targets.half).toBeUndefined();
    expect(after.targets.full_year.revenues).toEqual({ previous: before.targets.full_year.revenues.new, new: 'TODO', factors: [{ label: 'TODO', amount: 'TODO' }] });
    expect(after.targets.full_year.net_income).toEqual({ previous: before.targets.full_year.net_income.new, new: 'TODO' });
  });

  it('balance sheet still compares with the fiscal year end; current figures are TODO', () => {
    expect(after.balance_sheet.previous_date).toBe(before.balance_sheet.previous_date);
    expect(after.balance_sheet.current_date).toBe('2008-12-31');
    for (const [i, it] of after.balance_sheet.items.entries()) {
      expect(it.current).toBe('TODO');
      expect(it.previous).toBe(before.balance_sheet.items[i].previous);
    }
  });

  it('reported gains 9M08, capex breakdown moves to 9M08, press-release facts carry over', () => {
    expect(after.reported.at(-1)).toEqual({ period: '9M08', source: 'TODO', revenues: 'TODO', operating_income: 'TODO', net_income: 'TODO' });
    expect(after.reported.slice(0, -1)).toEqual(before.reported);
    expect(after.capex_breakdown.period).toBe('9M08');
    expect(after.capex_breakdown.items.every((i: { amount: unknown }) => i.amount === 'TODO')).toBe(true);
    expect(after.facts.buyback_max_shares.value).toBe(before.facts.buyback_max_shares.value);
    expect(after.facts.mobile_contracts.value).toBe('TODO');
    // every language's text of a sentence is to be written again
    const todo = { en: 'TODO', ja: 'TODO' };
    expect(after.commentary.si_costs).toEqual([todo, todo, todo]);
    expect(after.commentary.buyback).toEqual(todo);
    expect(after.topics.map((t: { title: string }) => t.title)).toEqual(before.topics.map(() => todo));
  });

  it('keeps the file as typed: comments, their alignment and untouched blocks stay byte for byte', () => {
    expect(rolled).toContain('  kind: nine_months        # first_quarter | half | nine_months | full_year');
    expect(rolled).toContain('# Every series says where it came from (source) and whether it is illustrative:');
    const tail = (s: string) => s.slice(s.indexOf('group_companies:'));
    expect(tail(rolled)).toBe(tail(sampleText()));
    expect(rolled).toContain('[270.4, 296.8, 323.5, 345.1, 372.6, 398.0, 421.3, 446.9, 478.2, TODO]');
  });

  it('block and flow sequences roll to the same data', () => {
    const flow = sampleText();
    const block = flow
      .replace('quarters: [1Q06, 2Q06, 3Q06, 4Q06, 1Q07, 2Q07, 3Q07, 4Q07, 1Q08, 2Q08]',
        `quarters:\n${['1Q06', '2Q06', '3Q06', '4Q06', '1Q07', '2Q07', '3Q07', '4Q07', '1Q08', '2Q08'].map((q) => `  - ${q}`).join('\n')}`)
      .replace('    illustrative: [1Q06, 2Q06]\n    values: [12950, 13490, 13587, 17028, 13696, 16294, 18359, 18486, 16328, 16926]',
        '    illustrative:\n      - 1Q06   # split of 1H06\n      - 2Q06\n    values:\n' +
        [12950, 13490, 13587, 17028, 13696, 16294, 18359, 18486, 16328, 16926].map((v) => `      - ${v}`).join('\n'));
    expect(block).not.toBe(flow);
    expect(parse(rollForward(block))).toEqual(parse(rollForward(flow)));
  });

  it('CRLF files stay CRLF', () => {
    const out = rollForward(sampleText().replace(/\n/g, '\r\n'));
    expect(out.includes('\r\n')).toBe(true);
    expect(/[^\r]\n/.test(out)).toBe(false);
    expect(parse(out)).toEqual(after);
  });
});

describe('new-period: the last period\'s prose kept as a draft', () => {
  const DRAFT = 'TODO  # was: ';
  /** The rolled file with every draft mark deleted, as an author who keeps the old wording would. */
  const accept = (text: string) => text.split(DRAFT).join('').replace(/^( *)#\| /gm, '$1');

  it('each sentence is TODO with its old text beside it, as typed', () => {
    const rolled = rollForward(sampleText());
    const lines = rolled.split('\n').filter((l) => l.includes(DRAFT));
    // every commentary line and every topic title and bullet of the 1H sample
    const before = parse(sampleText());
    // (a text in two languages is two sentences to write again)
    type Text = string | Record<string, string>;
    const texts = (t: Text) => (typeof t === 'string' ? 1 : Object.keys(t).length);
    const sentences = Object.values(before.commentary as Record<string, Text | Text[]>).flat().reduce((n: number, t) => n + texts(t), 0)
      + (before.topics as { title: Text; bullets: Text[] }[]).reduce((n, t) => n + texts(t.title) + t.bullets.reduce((m: number, b) => m + texts(b), 0), 0);
    expect(lines.length).toBe(sentences);
    expect(rolled).toContain('    - en: TODO  # was: Affected by the weak economy and an unprofitable systems integration project\n');
    expect(rolled).toContain('      ja: TODO  # was: 景気減速および不採算のシステムインテグレーション案件の影響\n');
    expect(rolled).toContain(`      en: TODO  # was: '"SMFv2" Compatible Routers'\n`);
  });

  it('deleting the marks gives back the old prose exactly (quotes and all)', () => {
    const before = parse(sampleText());
    const kept = parse(accept(rollForward(sampleText())));
    expect(kept.commentary).toEqual(before.commentary);
    expect(kept.topics).toEqual(before.topics);
  });

  it('a sentence typed over several lines is kept too, each line beside its mark', () => {
    const text = replaceOnce(sampleText(), '    en: Up to', '    en: >-\n      Up to\n      at most');
    const rolled = rollForward(text);
    expect(parse(rolled).commentary.buyback).toEqual({ en: 'TODO', ja: 'TODO' });
    expect(rolled).toContain('    en: TODO  # was: >-\n      #| Up to\n      #| at most');
    expect(parse(accept(rolled)).commentary.buyback).toEqual(parse(text).commentary.buyback);
  });

  it('a sentence inside a flow list gets TODO alone (a comment would swallow the rest of the line)', () => {
    const typed = '  revenues:\n    - en: Affected by the weak economy and an unprofitable systems integration project\n      ja: 景気減速および不採算のシステムインテグレーション案件の影響';
    const text = replaceOnce(sampleText(), typed, '  revenues: [Affected by the weak economy, and more]');
    const rolled = rollForward(text);
    expect(parse(rolled).commentary.revenues).toEqual(['TODO', 'TODO']);
    expect(rolled).toContain('  revenues: [TODO, TODO]\n');
  });

  it('check refuses the draft while any one sentence is still marked', () => {
    const rolled = rollForward(sampleText());
    const i = rolled.indexOf(DRAFT);
    // the first sentence still marked, every other one accepted as it was
    const text = `${rolled.slice(0, i + DRAFT.length)}${accept(rolled.slice(i + DRAFT.length))}`;
    expect(text.split(DRAFT).length).toBe(2);
    const file = tempFile('draft.yaml', text);
    const c = irdeck(['check', file]);
    expect(c.code).toBe(2);
    const line = text.slice(0, i).split('\n').length;
    expect(c.stderr).toMatch(new RegExp(`:${line}:\\d+  error  commentary\\.revenues\\[0\\]\\.en: still marked TODO`));
  });
});

describe('new-period of a file in two languages', () => {
  const bilingual = replaceOnce(sampleText(), 'languages: [en]', 'languages: [ja, en]');
  const rolled = rollForward(bilingual);

  it('each language\'s prose is TODO with its own old text beside it', () => {
    const after = parse(rolled);
    expect(after.languages).toEqual(['ja', 'en']);
    expect(after.commentary.revenues[0]).toEqual({ en: 'TODO', ja: 'TODO' });
    expect(rolled).toContain('    - en: TODO  # was: Affected by the weak economy and an unprofitable systems integration project\n');
    expect(rolled).toContain('      ja: TODO  # was: 景気減速および不採算のシステムインテグレーション案件の影響\n');
    // every Japanese text of the commentary and the topics has its mark
    const before = parse(bilingual);
    const ja = [...Object.values(before.commentary as Record<string, unknown>).flat(), ...(before.topics as { title: unknown; bullets: unknown[] }[]).flatMap((t) => [t.title, ...t.bullets])]
      .filter((t): t is { ja: string } => typeof t === 'object' && t !== null && 'ja' in t);
    expect(ja.length).toBeGreaterThan(20);
    const marked = rolled.split('\n').filter((l) => /^\s*(- )?ja: TODO {2}# was: /.test(l)).length;
    expect(marked).toBe(ja.length);
  });

  it('a new revision factor\'s label is to be written in each language (a plain TODO would be one text for both)', () => {
    const after = parse(rolled);
    expect(after.targets.full_year.revenues.factors).toEqual([{ label: { ja: 'TODO', en: 'TODO' }, amount: 'TODO' }]);
    expect(after.targets.full_year.operating_income.factors).toEqual([{ label: { ja: 'TODO', en: 'TODO' }, amount: 'TODO' }]);
    // a one-language file keeps the one TODO
    expect(parse(rollForward(sampleText())).targets.full_year.revenues.factors).toEqual([{ label: 'TODO', amount: 'TODO' }]);
    // the half-year targets a new year's 1H file gains (9M -> FY -> 1Q -> 1H): their factors too
    const nextHalf = rollForward(rollForward(rollForward(rolled)));
    expect(parse(nextHalf).period.kind).toBe('half');
    expect(parse(nextHalf).targets.half.revenues.factors).toEqual([{ label: { ja: 'TODO', en: 'TODO' }, amount: 'TODO' }]);
  });

  it('check lists each language\'s TODO at its line', () => {
    const file = tempFile('bi-3q.yaml', rolled);
    const r = irdeck(['check', file]);
    expect(r.code).toBe(2);
    const line = rolled.split('\n').findIndex((l) => l.includes('{ label: { ja: TODO, en: TODO }')) + 1;
    expect(r.stderr).toMatch(new RegExp(`bi-3q\\.yaml:${line}:\\d+  error  targets\\.full_year\\.revenues\\.factors.*label\\.ja: still marked TODO`));
    expect(r.stderr).toMatch(new RegExp(`bi-3q\\.yaml:${line}:\\d+  error  targets\\.full_year\\.revenues\\.factors.*label\\.en: still marked TODO`));
  });
});

describe('new-period: the command', () => {
  it('writes a file that check refuses, listing each TODO with its line', () => {
    const out = join(tempDir(), 'fy2008-3q.yaml');
    const r = irdeck(['new-period', 'data/fy2008-1h.yaml', '--to', 'fy2008-3q', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/9M FY2008/);
    const text = readFileSync(out, 'utf8');
    const c = irdeck(['check', out]);
    expect(c.code).toBe(2);
    const todoLines = c.stderr.split('\n').filter((l) => l.includes('(data/todo)'));
    const expected = text.split('\n').flatMap((l, i) => (/\bTODO\b/.test(l) && !l.trimStart().startsWith('#') ? [i + 1] : []));
    expect(expected.length).toBeGreaterThan(50);
    const reported = new Set(todoLines.map((l) => Number(l.slice(out.length + 1).split(':')[0])));
    for (const line of expected) expect(reported.has(line), `line ${line} (${text.split('\n')[line - 1].trim()}) is not reported`).toBe(true);
    for (const l of todoLines) expect(l).toMatch(new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+  error  .*still marked TODO`));
    // each names its field with the list indices on the way (a value of a series, a bullet of the commentary)
    expect(todoLines.some((l) => / {2}error {2}revenues\.total\.values\[\d+\]: still marked TODO/.test(l))).toBe(true);
    expect(todoLines.some((l) => / {2}error {2}commentary\.\w+\[\d+\](\.\w+)?: still marked TODO/.test(l))).toBe(true);
  });

  it('filled in (values of data/fy2008-3q.yaml at the same paths), check accepts it', () => {
    const dir = tempDir();
    const out = join(dir, 'filled.yaml');
    expect(irdeck(['new-period', SAMPLE, '--to', 'x', '--out', out]).code).toBe(0);
    const doc = parseDocument(readFileSync(out, 'utf8'));
    const third = parseDocument(readFileSync(THIRD, 'utf8'));
    const paths = todoPaths(doc);
    expect(paths.length).toBeGreaterThan(100);
    for (const p of paths) {
      let v = third.getIn(p);
      // the 1H sample may grow a fact or a sentence the 3Q sample does not have:
      // a fact nothing refers to goes, a sentence gets neutral words
      if (v === undefined && p[0] === 'facts') { doc.deleteIn(p.slice(0, 2)); continue; }
      if (v === undefined && (p[0] === 'commentary' || p[0] === 'topics')) v = 'A sentence written for the new quarter';
      expect(v, `data/fy2008-3q.yaml has no value at ${p.join('.')}`).toBeDefined();
      expect(v).not.toBe('TODO');
      doc.setIn(p, v);
    }
    writeFileSync(out, doc.toString({ lineWidth: 0 }));
    const c = irdeck(['check', out]);
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/9M FY2008 \(9M08 vs 9M07; quarters 2Q06\.\.3Q08\)/);
  });

  it('the 3Q sample passes check as a nine-months deck', () => {
    const c = irdeck(['check', 'data/fy2008-3q.yaml']);
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
    expect(c.stdout).toContain('9M08');
    expect(c.stdout).toContain('3Q08');
  });

  it('writes next to the source by default and never overwrites without --force', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    copyFileSync(SAMPLE, join(dir, 'data/fy2008-1h.yaml'));
    const target = join(dir, 'data/fy2008-3q.yaml');
    const first = irdeck(['new-period', 'data/fy2008-1h.yaml', '--to', 'fy2008-3q'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(target)).toBe(true);

    writeFileSync(target, 'hand-edited: keep me\n');
    const again = irdeck(['new-period', 'data/fy2008-1h.yaml', '--to', 'fy2008-3q'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists.*--force/);
    expect(readFileSync(target, 'utf8')).toBe('hand-edited: keep me\n');

    const forced = irdeck(['new-period', 'data/fy2008-1h.yaml', '--to', 'fy2008-3q', '--force'], { cwd: dir });
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(target, 'utf8')).toContain('kind: nine_months');
  });

  it('refuses a source with problems, and a missing --to', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, sampleText().replace('    revenues: 33254', '    revenues: 33524'));
    const r = irdeck(['new-period', bad, '--to', 'next']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('(rule/half-sum)');
    expect(existsSync(join(dir, 'next.yaml'))).toBe(false);
    expect(irdeck(['new-period', SAMPLE]).code).toBe(2);
  });
});
