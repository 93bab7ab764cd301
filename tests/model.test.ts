// The seed deck's own numbers must come out of the model built from the sample data.
import { describe, expect, it } from 'vitest';
import { loadModel } from '../src/pipeline/load-model.js';
import { billion, changeWords, formatNumber, million, pctChange, percent } from '../src/model/format.js';
import { SAMPLE } from './util/cli.js';

const { model } = loadModel(SAMPLE);
const v = model.view;
const share = (k: string, which: 'cum' | 'cum_prior' | 'q' | 'q_ya') => percent((100 * v[which][k].value) / v[which].revenues.value);
const yoy = (k: string, a: 'cum' | 'q', b: 'cum_prior' | 'q_ya') => percent(pctChange(v[a][k].value, v[b][k].value)!);

describe('model: the seed figures', () => {
  it('1H08 revenues 33,254 up 10.9% YoY and operating income 1,005 down 44.6%', () => {
    expect(million(v.cum.revenues.value)).toBe('33,254');
    expect(changeWords(v.cum.revenues.value, v.cum_prior.revenues.value)).toBe('up 10.9%');
    expect(million(v.cum.operating_income.value)).toBe('1,005');
    expect(changeWords(v.cum.operating_income.value, v.cum_prior.operating_income.value)).toBe('down 44.6%');
  });

  it('I-1 table: JPY billion, % of revenues and YoY as the seed prints them', () => {
    const rows: [string, string, string, string, string, string][] = [
      // key, 1H08 %, 1H08 bn, 1H07 %, 1H07 bn, YoY
      ['revenues', '100.0%', '33.3', '100.0%', '30.0', '10.9%'],
      ['costs', '81.4%', '27.1', '79.4%', '23.8', '13.7%'],
      ['gross_margin', '18.6%', '6.2', '20.6%', '6.2', '(0.2%)'],
      ['sga', '15.5%', '5.2', '14.5%', '4.4', '18.4%'],
      ['operating_income', '3.0%', '1.0', '6.1%', '1.8', '(44.6%)'],
      ['income_before_tax', '2.3%', '0.8', '5.7%', '1.7', '(54.9%)'],
      ['net_income', '1.1%', '0.4', '11.6%', '3.5', '(89.4%)'],
    ];
    for (const [k, p1, b1, p0, b0, y] of rows) {
      expect([k, share(k, 'cum'), billion(v.cum[k].value), share(k, 'cum_prior'), billion(v.cum_prior[k].value), yoy(k, 'cum', 'cum_prior')]).toEqual([k, p1, b1, p0, b0, y]);
    }
  });

  it('2Q08 reference table as the seed prints it', () => {
    const rows: [string, string, string, string, string, string][] = [
      ['revenues', '100.0%', '16.9', '100.0%', '16.3', '3.9%'],
      ['costs', '81.4%', '13.8', '79.0%', '12.9', '7.1%'],
      ['gross_margin', '18.6%', '3.1', '21.0%', '3.4', '(8.2%)'],
      ['sga', '15.1%', '2.6', '14.1%', '2.3', '10.8%'],
      ['operating_income', '3.5%', '0.6', '6.9%', '1.1', '(47.2%)'],
      ['income_before_tax', '2.7%', '0.5', '5.8%', '0.9', '(51.5%)'],
      ['net_income', '1.2%', '0.2', '17.8%', '2.9', '(93.2%)'],
    ];
    for (const [k, p1, b1, p0, b0, y] of rows) {
      expect([k, share(k, 'q'), billion(v.q[k].value), share(k, 'q_ya'), billion(v.q_ya[k].value), yoy(k, 'q', 'q_ya')]).toEqual([k, p1, b1, p0, b0, y]);
    }
  });

  it('2Q08 recurring 13,379 up 14.0% YoY, up 2.5% QoQ; one-time 3,546 down 22.2% YoY and (in fact) up 8.2% QoQ', () => {
    expect(million(v.q.recurring.value)).toBe('13,379');
    expect(changeWords(v.q.recurring.value, v.q_ya.recurring.value)).toBe('up 14.0%');
    expect(changeWords(v.q.recurring.value, v.q_prev.recurring.value)).toBe('up 2.5%');
    expect(million(v.q.one_time.value)).toBe('3,546');
    expect(changeWords(v.q.one_time.value, v.q_ya.one_time.value)).toBe('down 22.2%');
    expect(changeWords(v.q.one_time.value, v.q_prev.one_time.value)).toBe('up 8.2%');
  });

  it('revenue and cost lines with the changes the seed states', () => {
    const c = (k: string) => [million(v.q[k].value), changeWords(v.q[k].value, v.q_ya[k].value), changeWords(v.q[k].value, v.q_prev[k].value)];
    expect(c('rev_connectivity_corporate')).toEqual(['3,218', 'up 7.0%', 'up 3.5%']);
    expect(c('rev_connectivity_home')).toEqual(['1,615', 'up 8.5%', 'up 1.2%']);
    expect(c('rev_outsourcing')).toEqual(['3,772', 'up 9.7%', 'up 2.2%']);
    expect(c('rev_systems_construction')).toEqual(['3,253', 'down 21.9%', 'up 7.2%']);
    expect(c('rev_systems_operation')).toEqual(['4,775', 'up 25.7%', 'up 2.6%']);
    expect(c('cost_connectivity_outsourcing')).toEqual(['7,276', 'up 10.3%', 'up 3.0%']);
    expect(c('cost_systems_integration')).toEqual(['6,154', 'up 3.6%', 'up 2.2%']);
    expect(c('sga')).toEqual(['2,550', 'up 10.8%', 'down 2.4%']);
    expect(changeWords(v.q.rev_systems_construction.value, v.q_ya.rev_systems_construction.value, 'abs')).toBe('down JPY914 million');
    expect(changeWords(v.q.cost_connectivity_outsourcing.value, v.q_ya.cost_connectivity_outsourcing.value, 'abs')).toBe('up JPY678 million');
    expect(changeWords(v.q.cost_atm.value, v.q_prev.cost_atm.value, 'abs')).toBe('up JPY71 million');
    expect(percent(v.q.sga_ratio.value)).toBe('15.1%');
    expect(formatNumber(v.q.gmr_systems_integration.value - v.q_prev.gmr_systems_integration.value, { decimals: 1 })).toBe('1.7');
  });

  it('operating and net income by quarter, employees and backlog', () => {
    expect(changeWords(v.q.operating_income.value, v.q_ya.operating_income.value)).toBe('down 47.2%');
    expect(changeWords(v.q.operating_income.value, v.q_prev.operating_income.value)).toBe('up 44.5%');
    expect(changeWords(v.q.net_income.value, v.q_ya.net_income.value)).toBe('down 93.2%');
    expect(changeWords(v.q.net_income.value, v.q_prev.net_income.value)).toBe('up 17.4%');
    const emp = model.metrics.employees.values;
    expect(v.q.employees.value - (emp[7] as number)).toBe(186);
    expect(v.q.employees.value - v.q_prev.employees.value).toBe(46);
    const bl = model.metrics.backlog_construction.values as number[];
    expect(changeWords(bl[9], bl[5])).toBe('down 40.4%');
    expect(changeWords(bl[9], bl[1])).toBe('up 31.7%');
    expect(bl[9] - bl[5]).toBe(-3734);
  });

  it('the full-year target revision 78.5 -> 73.0 bn reconciles with its factors', () => {
    const r = v.targets.full_year.revenues;
    expect(billion(r.previous!.value)).toBe('78.5');
    expect(billion(r.new.value)).toBe('73.0');
    expect(r.previous!.value + r.factors.reduce((s, f) => s + f.amount.value, 0)).toBe(r.new.value);
    expect(billion(r.change!.value)).toBe('(5.5)');
    const oi = v.targets.full_year.operating_income;
    expect(oi.previous!.value + oi.factors.reduce((s, f) => s + f.amount.value, 0)).toBe(oi.new.value);
    expect(billion(oi.change!.value)).toBe('(1.4)');
  });

  it('FY2008 forecast table and per-share figures', () => {
    const fy = v.fy_prior;
    const t = v.targets.full_year;
    expect(billion(t.revenues.new.value - fy.revenues.value)).toBe('6.2');
    expect(percent(pctChange(t.revenues.new.value, fy.revenues.value)!)).toBe('9.2%');
    expect(percent(pctChange(t.operating_income.new.value, fy.operating_income.value)!)).toBe('(20.2%)');
    expect(percent(pctChange(t.income_before_tax.new.value, fy.income_before_tax.value)!)).toBe('(31.2%)');
    expect(percent(pctChange(t.net_income.new.value, fy.net_income.value)!)).toBe('(45.9%)');
    expect(million(v.per_share.eps_current_year.value)).toBe('13,561');
    expect(million(v.per_share.eps_prior_year.value)).toBe('25,100');
    expect(million(v.per_share.eps_change.value)).toBe('(11,539)');
    expect(percent(pctChange(v.per_share.eps_current_year.value, v.per_share.eps_prior_year.value)!)).toBe('(46.0%)');
    expect(percent(pctChange(v.per_share.dividend_current_year.value, v.per_share.dividend_prior_year.value)!)).toBe('14.3%');
  });

  it('balance sheet changes as the seed prints them', () => {
    const changes = Object.fromEntries(v.bs.items.map((i) => [i.key, million(i.change.value)]));
    expect(changes).toEqual({
      cash: '(2,152)', receivables: '(2,275)', inventories: '353', prepaid: '143', securities: '(92)', property: '1,928',
      goodwill: '(38)', other_assets: '(154)', borrowings: '(2,150)', deficit: '161', aoci: '(163)', equity: '(1)', total_assets: '(2,427)',
    });
  });

  it('period words come from the data', () => {
    expect([model.period.label, model.period.priorLabel, model.period.quarter.label, model.period.months]).toEqual(['1H08', '1H07', '2Q08', '08/4~08/9']);
  });
});

describe('format: one rounding for every output', () => {
  it('rounds half away from zero on the decimal value, without float noise', () => {
    expect(formatNumber(2.675, { decimals: 2 })).toBe('2.68');
    expect(formatNumber(13.7499, { decimals: 1 })).toBe('13.7');
    expect(formatNumber(-0.04, { decimals: 1 })).toBe('0.0');
    expect(formatNumber(-2274.8)).toBe('(2,275)');
    expect(formatNumber(1234567.5)).toBe('1,234,568');
    expect(billion(-1362)).toBe('(1.4)');
    expect(changeWords(100, 100)).toBe('flat');
  });
});
