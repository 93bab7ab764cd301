// Hand-typed sentences of the data file, checked against the figures of their
// own subject (src/check/, templates/locales/en.check.yaml): each sentence
// below replaces the sample's commentary.si_operation and must come out clean,
// or as an error on that line naming the subject.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSentences } from '../src/check/check-sentences.js';
import { findClaims } from '../src/check/claims.js';
import { loadLexicon } from '../src/check/lexicon.js';
import { subjectTable } from '../src/check/subjects.js';
import { loadData } from '../src/data/load.js';
import { loadLocale } from '../src/locale/load.js';
import { metricName } from '../src/compose/metric-names.js';
import { buildModel } from '../src/model/build.js';
import { irdeck, lineOf, ROOT, sampleText, tempFile } from './util/cli.js';

const LEX = loadLexicon(join(ROOT, 'templates/locales/en.check.yaml'));
// messages name a metric as the deck does: the locale's name for it
const EN = loadLocale(join(ROOT, 'templates/locales/en.yaml'));
const NAMES = (m: Parameters<typeof metricName>[1]) => metricName(EN, m);
const SI_OPERATION = /( {2}si_operation:\n {4}- en: )[^\n]*/;

function withSentence(sentence: string): string {
  const s = sampleText();
  expect(SI_OPERATION.test(s), 'the sample has commentary.si_operation').toBe(true);
  return s.replace(SI_OPERATION, (_m, head: string) => `${head}${JSON.stringify(sentence)}`);
}

function diagnose(text: string, name = 'sentence.yaml') {
  const file = tempFile(name, text);
  const loaded = loadData(file);
  expect(loaded.problems).toEqual([]);
  return { file, diags: checkSentences(loaded, buildModel(loaded.data), LEX, NAMES) };
}

type Expect = 'clean' | { rule: 'text/contradiction' | 'text/unchecked'; subject?: string; right?: RegExp };
const bad = (subject: string, right?: RegExp): Expect => ({ rule: 'text/contradiction', subject, right });
const unchecked: Expect = { rule: 'text/unchecked' };

// The 1H08 sample: revenues 33,254 (1H07 29,990, +10.9%); 2Q08 16,926 (2Q07 16,294, 1Q08 16,328);
// recurring +18.9% 1H, +14.0% YoY and +2.5% QoQ in 2Q08; operating income 1,005 (-44.6%), 2Q08 +44.5% QoQ.
const CASES: [string, Expect][] = [
  // percentages, YoY and QoQ, the period or its latest quarter
  ['Revenues rose 10.9% YoY', 'clean'],
  ['Revenues rose 11% YoY', 'clean'],
  ['Revenues rose 12% YoY', bad('Total Revenues', /rose 10\.9% YoY in 1H08 \(1H07 -> 1H08: 29,990 -> 33,254\)/)],
  ['Sales rose 3.9% YoY in 2Q08', 'clean'],
  ['Net sales were up 3.7% QoQ', 'clean'],
  ['Sales were up 10.9 percent year on year', 'clean'],
  ['Recurring revenues grew 14.0% YoY in 2Q08', 'clean'],
  ['Recurring revenues grew 18.9% YoY', 'clean'],
  ['Recurring revenues grew 9.9% YoY', bad('Recurring Revenues', /18\.9% YoY in 1H08.*14\.0% YoY in 2Q08/)],
  ['One-time revenues were down 22.2% YoY and up 8.2% QoQ', 'clean'],
  ['One-time revenues were down 22.2% YoY and down 8.2% QoQ', bad('One-time Revenues', /rose 8\.2% QoQ in 2Q08/)],
  ['Operating income was down 4.5% QoQ', bad('Operating Income', /rose 44\.5% QoQ in 2Q08/)],
  ['Operating income rose 44.5% QoQ but fell 47.2% YoY', 'clean'],
  ['Operating profit fell 44.6% YoY', 'clean'],
  ['Net income fell 3.0% YoY', bad('Net Income', /fell 89\.4% YoY in 1H08/)],
  ['Net profit rose 17.4% QoQ', 'clean'],
  ['Revenues rose 10.9% YoY, while operating income fell 44.6% YoY', 'clean'],
  ['Revenues rose 10.9% YoY, while operating income rose 44.6% YoY', bad('Operating Income')],
  ['Pre-tax income increased 54.9% YoY', bad('Income before Income Tax', /fell 54\.9%/)],
  ['Income before income tax decreased 54.9% YoY', 'clean'],
  ['SG&A expenses fell 2.4% QoQ', 'clean'],
  ['SG&A expenses fell 2.4% YoY', bad('SG&A/R&D')],
  ['Capital expenditure rose 27.5% QoQ', 'clean'],
  ['CAPEX decreased 7.4% YoY', bad('CAPEX (incl. capital lease)', /rose 7\.4% YoY in 1H08/)],
  ['EBITDA declined 11.7% YoY', 'clean'],
  ['Order backlog fell 40.4% YoY', 'clean'],
  // a verb the lexicon does not know, with a comparison: a change all the same, held to its size
  ['Operating income nosedived 44.6% YoY', 'clean'],
  ['Operating income nosedived 4.6% YoY', bad('Operating Income', /fell 44\.6% YoY in 1H08/)],
  ['Net income slumped 89.4% YoY and revenue growth was 10.9%', 'clean'],
  ['Net income soared 89.4% YoY', bad('Net Income', /fell 89\.4% YoY in 1H08/)],
  // "to" a figure after a direction: the level reached, the direction checked on its own
  ['Revenues increased to JPY33,254 million, up 10.9% YoY', 'clean'],
  ['Revenues rose 10.9% YoY to JPY33.3bn', 'clean'],
  ['Revenues rose 10.9% YoY to JPY34.3bn', bad('Total Revenues', /33,254/)],
  ['Revenues fell to JPY33,254 million', bad('Total Revenues', /rose 10\.9% YoY/)],
  // a sign typed on the figure is its direction
  ['Revenue +10.9% YoY', 'clean'],
  ['Revenue -10.9% YoY', bad('Total Revenues', /rose 10\.9% YoY in 1H08/)],
  ['Operating income ▲44.6% YoY', 'clean'],
  ['Revenues: JPY33.3 billion (-10.9% YoY)', bad('Total Revenues')],
  // a name after "attributable to" belongs to the one before it
  ['Net income attributable to IIJ fell 89.4% YoY', 'clean'],
  // as many decimals as typed: 29,990 -> 33,254 is 10.88%
  ['Revenues rose 10.88% YoY', 'clean'],
  ['Revenues rose 10.90% YoY', bad('Total Revenues', /rose 10\.88% YoY in 1H08/)],
  // named periods as the base
  ['Revenues rose 10.9% from 1H07', 'clean'],
  ['Recurring revenues grew 14.0% compared with 2Q07', 'clean'],
  ['Operating income rose 44.5% vs 1Q08', 'clean'],
  ['Operating income rose 44.5% vs 2Q07', bad('Operating Income', /against 2Q07/)],
  // points, ratios and levels
  ['SI gross margin ratio rose 1.7 points QoQ', 'clean'],
  ['SI gross margin ratio fell 1.7 points QoQ', bad('Gross Margin Ratio (Systems Integration)', /rose 1\.7 points/)],
  ['Gross margin fell 2.1 points YoY', 'clean'],
  ['The connectivity gross margin ratio fell 0.4 points QoQ', 'clean'],
  ['Recurring revenues were 79.5% of revenues', 'clean'],
  ['Revenues were JPY33.3 billion', 'clean'],
  ['Revenues were JPY34.5 billion', bad('Total Revenues')],
  // amounts in million and billion
  ['Revenues grew by JPY632 million YoY in 2Q08', 'clean'],
  ['Revenues decreased by JPY632 million YoY in 2Q08', bad('Total Revenues', /rose by 632/)],
  ['Order backlog fell JPY3,734 million YoY', 'clean'],
  ['Cash and cash equivalents fell JPY2,152 million', 'clean'],
  ['Cash rose JPY2,152 million', bad('Cash and Cash Equivalents')],
  ['Revenues fell JPY5.5 billion against the previous target', 'clean'],
  ['Operating income fell 26.9% vs previous target', 'clean'],
  ['Order backlog for systems construction decreased 40.4% YoY', 'clean'],
  ['Order backlog for systems construction increased 40.4% YoY', bad('Order Backlog (Systems Construction)')],
  // counts
  ['Headcount was 1,824', 'clean'],
  ['Headcount was 1,900', bad('Number of Employees', /1,824/)],
  ['Employees increased mainly from hiring in 2 subsidiaries', 'clean'],
  ['Employees rose by 46 QoQ', 'clean'],
  ['Headcount fell by 46 QoQ', bad('Number of Employees', /rose by 46 QoQ in 2Q08/)],
  ['Employees increased by 214 YoY', 'clean'],
  ['Bandwidth increased 31.3 Gbps QoQ', 'clean'],
  // words of direction alone
  ['Connectivity gross margin ratio improved', bad('Gross Margin Ratio (Connectivity and Outsourcing Services)')],
  ['Net income worsened YoY', 'clean'],
  ['SG&A improved QoQ', 'clean'],
  ['SG&A worsened QoQ', bad('SG&A/R&D')],
  ['Free cash flow improved QoQ', 'clean'],
  ['Bandwidth was flat QoQ', bad('Total Contracted Bandwidth')],
  ['Costs were unchanged YoY', bad('Total Costs')],
  ['Gross margin was flat YoY', 'clean'],
  ['Gross margin was about the same as 1H07', 'clean'],
  ['EBITDA was about the same as 1H07', bad('Adjusted EBITDA')],
  ['Operating income declined QoQ', bad('Operating Income')],
  // facts that name their subject
  ['Personnel related costs rose 13.7% YoY', 'clean'],
  ['Personnel related costs rose 1.1% QoQ', bad('personnel related costs')],
  // figures with nothing to check them against, and the author's mark
  ['Data center revenues rose 12.3% YoY', unchecked],
  ['A 12.3% increase from new customers', unchecked],
  ['Data center revenues rose 12.3% YoY [checked by: Tanaka]', 'clean'],
  // prose, helpers, dates
  ['Circuit costs increased with the backbone upgrade', 'clean'],
  ['Revenues {{change q.revenues q_ya.revenues}} YoY', 'clean'],
  ['Purchasing period from 2008-11-14 to 2009-01-30', 'clean'],
];

describe('hand-written sentences against their subjects', () => {
  it(`${CASES.length} typed sentences: clean, or an error on their line naming the subject`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    const failures: string[] = [];
    for (const [sentence, want] of CASES) {
      const text = withSentence(sentence);
      const { file, diags } = diagnose(text);
      const line = lineOf(text, JSON.stringify(sentence));
      if (want === 'clean') {
        if (diags.length) failures.push(`${sentence}: expected clean, got ${diags.map((d) => d.message).join(' | ')}`);
        continue;
      }
      const hit = diags.filter((d) => d.rule === want.rule);
      const d = hit[0];
      const ok = hit.length >= 1 && diags.length === hit.length && d.line === line && d.file === file && d.path === 'commentary.si_operation[0]' && d.severity === 'error'
        && (!want.subject || d.message.includes(`(subject: ${want.subject})`)) && (!want.right || want.right.test(d.message));
      const got = diags.map((x) => `${x.line} ${x.rule} ${x.message}`).join(' | ') || 'nothing';
      if (!ok) failures.push(`${sentence}: expected ${want.rule}${want.subject ? ` (${want.subject})` : ''} on line ${line}, got ${got}`);
    }
    expect(failures).toEqual([]);
  });

  it('both samples: every hand-written sentence is clean, and neither uses the mark', () => {
    for (const name of ['fy2008-1h.yaml', 'fy2008-3q.yaml']) {
      const loaded = loadData(join(ROOT, 'data', name));
      expect(checkSentences(loaded, buildModel(loaded.data), LEX, NAMES)).toEqual([]);
      expect(loaded.data && JSON.stringify(loaded.data)).not.toMatch(/\[checked by:/i);
    }
  });

  it('the claims of a sentence: subject, direction, figure, comparison', () => {
    const loaded = loadData(join(ROOT, 'data/fy2008-1h.yaml'));
    const t = subjectTable(buildModel(loaded.data), LEX, NAMES);
    const got = (s: string) => findClaims(s, LEX, t.matcher).map((c) => [c.subject, c.direction, c.figure && `${c.figure.kind} ${c.figure.value}`, c.basis, c.at, c.base].filter(Boolean).join(' '));
    expect(got('Outsourcing revenues rose 9.7% YoY and 2.2% QoQ in 2Q08')).toEqual(['rev_outsourcing up percent 9.7 YoY', 'rev_outsourcing up percent 2.2 QoQ 2Q08']);
    expect(got('IP service revenues increased')).toEqual(['up']);
    expect(got('Purchasing period from 2008-11-14 to 2009-01-30')).toEqual([]);
    expect(got('Up to {{int facts.buyback_max_shares}} shares')).toEqual([]);
    expect(got('Personnel related costs and expenses were about the same level as 1Q08')).toEqual(['fact:personnel related costs steady 1Q08']);
  });
});

describe('irdeck check and build refuse a contradicted sentence', () => {
  it('check exits 2 naming the line, the subject and the right figure', () => {
    const text = withSentence('Net income fell 3.0% YoY');
    const file = tempFile('contradiction.yaml', text);
    const r = irdeck(['check', file]);
    expect(r.code, r.stderr).toBe(2);
    const hit = r.stderr.split('\n').find((l) => l.includes('(text/contradiction)'));
    expect(hit, r.stderr).toBeDefined();
    expect(hit!.startsWith(`${file}:${lineOf(text, 'Net income fell 3.0% YoY')}:`)).toBe(true);
    expect(hit).toContain('subject: Net Income');
    expect(hit).toContain('fell 89.4% YoY in 1H08');
  });

  it('build exits 2 and writes nothing', () => {
    const file = tempFile('untyped.yaml', withSentence('Data center revenues rose 12.3% YoY'));
    const out = join(file, '..', 'out');
    const r = irdeck(['build', file, '--format', 'pptx', '--out', out]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('(text/unchecked)');
    expect(existsSync(out) ? readdirSync(out).filter((f) => !f.startsWith('.')) : []).toEqual([]);
  });

  it('the mark lets it pass; the slide shows the sentence without it and the tie-out says who checked', () => {
    const file = tempFile('marked.yaml', withSentence('Data center revenues rose 12.3% YoY [checked by: Tanaka]'));
    const out = join(file, '..', 'out');
    const r = irdeck(['build', file, '--format', 'html', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const csv = readFileSync(join(out, 'marked.tieout.csv'), 'utf8');
    expect(csv).toMatch(/12\.3%,[^\n]*,12\.3,"typed, checked by Tanaka",/);
    const html = readFileSync(join(out, 'marked.html'), 'utf8');
    expect(html).toContain('Data center revenues rose 12.3% YoY');
    expect(html).not.toContain('checked by');
  });
});
