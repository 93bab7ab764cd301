// Hand-typed changes in the data file's sentences are compared with the model:
// the opposite direction is an error, a figure nothing gives is a warning.
import { describe, expect, it } from 'vitest';
import { loadData } from '../src/data/load.js';
import { buildModel } from '../src/model/build.js';
import { checkTypedNumbers, findTypedChanges } from '../src/compose/typed-numbers.js';
import { irdeck, lineOf, ROOT, sampleText, tempFile } from './util/cli.js';

const SI_OPERATION = /( {2}si_operation:\n {4}- en: )[^\n]*/;

/** The sample with its si_operation sentence replaced. */
function withSentence(sentence: string): string {
  const s = sampleText();
  expect(SI_OPERATION.test(s), 'the sample has commentary.si_operation').toBe(true);
  return s.replace(SI_OPERATION, (_m, head: string) => `${head}${sentence}`);
}

function typedDiagnostics(text: string, name: string) {
  const file = tempFile(name, text);
  const loaded = loadData(file);
  expect(loaded.problems).toEqual([]);
  return { file, diags: checkTypedNumbers(loaded, buildModel(loaded.data)) };
}

describe('typed numbers: finding them', () => {
  it('direction word, percentage, optional YoY/QoQ', () => {
    const got = (s: string) => findTypedChanges(s).map((t) => `${t.direction} ${t.value}${t.basis ? ` ${t.basis}` : ''}`);
    expect(got('Revenues were up 8.2% QoQ')).toEqual(['up 8.2 QoQ']);
    expect(got('One-time revenues (down 22.2% YoY, down 8.2% QoQ)')).toEqual(['down 22.2 YoY', 'down 8.2 QoQ']);
    expect(got('Personnel costs increased by 13.7% YoY')).toEqual(['up 13.7 YoY']);
    expect(got('Purchasing costs fell 21.9% with construction')).toEqual(['down 21.9']);
    expect(got('Outsourcing costs rose 67.1% YoY and 3.4% QoQ')).toEqual(['up 67.1 YoY', 'up 3.4 QoQ']);
    expect(got('Established July 2007 (60.2% consolidated subsidiary)')).toEqual([]);
    expect(got('Revenues {{change q.revenues q_ya.revenues}} YoY, up {{pct q.x}}')).toEqual([]);
  });
});

describe('typed numbers: against the model', () => {
  it('a typed change in the wrong direction is an error naming the metric and the line', () => {
    const text = withSentence('One-time revenues were JPY3,546 million (down 22.2% YoY, down 8.2% QoQ)');
    const { file, diags } = typedDiagnostics(text, 'contradiction.yaml');
    const errors = diags.filter((d) => d.rule === 'text/contradiction');
    expect(errors).toHaveLength(1);
    expect(errors[0].severity).toBe('error');
    expect(errors[0].line).toBe(lineOf(text, 'One-time revenues were JPY3,546 million'));
    expect(errors[0].path).toBe('commentary.si_operation[0]');
    expect(errors[0].message).toMatch(/says down 8\.2% QoQ, but one_time rose 8\.2% QoQ \(1Q08 -> 2Q08: 3,278 -> 3,546\)/);
    expect(errors[0].file).toBe(file);
  });

  it('the same direction is fine', () => {
    const { diags } = typedDiagnostics(withSentence('One-time revenues were JPY3,546 million (down 22.2% YoY, up 8.2% QoQ)'), 'agrees.yaml');
    expect(diags.filter((d) => d.path === 'commentary.si_operation[0]')).toEqual([]);
  });

  it('a figure no metric gives is a warning; a fact with unit % makes it traceable', () => {
    const text = withSentence('Data center revenues rose 12.3% YoY');
    const { diags } = typedDiagnostics(text, 'untraceable.yaml');
    const w = diags.find((d) => d.path === 'commentary.si_operation[0]');
    expect(w?.rule).toBe('text/untraceable');
    expect(w?.severity).toBe('warning');
    expect(w?.message).toMatch(/no data path gives; use a helper or add a fact/);
    const withFact = text.replace('\nfacts:\n', '\nfacts:\n  data_center_growth_yoy: { value: 12.3, unit: "%", source: presentation page I-4 }\n');
    const again = typedDiagnostics(withFact, 'fact.yaml').diags;
    expect(again.find((d) => d.path === 'commentary.si_operation[0]')).toBeUndefined();
  });

  it('the 3Q sample types no changes by hand', () => {
    const loaded = loadData(`${ROOT}/data/fy2008-3q.yaml`);
    expect(checkTypedNumbers(loaded, buildModel(loaded.data))).toEqual([]);
  });
});

describe('typed numbers: irdeck check', () => {
  it('exits 2 naming the sentence line and one_time', () => {
    const text = withSentence('One-time revenues were JPY3,546 million (down 22.2% YoY, down 8.2% QoQ)');
    const file = tempFile('contradiction.yaml', text);
    const r = irdeck(['check', file]);
    expect(r.code).toBe(2);
    const line = lineOf(text, 'One-time revenues were JPY3,546 million');
    const hit = r.stderr.split('\n').find((l) => l.includes('(text/contradiction)'));
    expect(hit, r.stderr).toBeDefined();
    expect(hit!.startsWith(`${file}:${line}:`)).toBe(true);
    expect(hit).toContain('one_time');
  });

  it('"up 8.2% QoQ" is no contradiction', () => {
    const file = tempFile('agrees.yaml', withSentence('One-time revenues were JPY3,546 million (down 22.2% YoY, up 8.2% QoQ)'));
    const r = irdeck(['check', file]);
    expect(r.stderr).not.toContain('text/contradiction');
    expect(r.code).toBe(0);
  });
});
