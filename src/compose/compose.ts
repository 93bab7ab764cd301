// compose: deck definition (templates/) + model -> slides with their content as
// plain text, tables of strings and chart specs, not yet positioned. Every
// sentence is rendered from a template over the model; every figure shown is
// recorded with its data path (tie-out) and named in the speaker notes.
import type Handlebars from 'handlebars';
import type { ChartSpec } from '../charts/spec.js';
import { inputError, type Diagnostic } from '../errors.js';
import type { Model } from '../model/build.js';
import { fig, type Fig } from '../model/fig.js';
import { styled, writeDate } from '../locale/numbers.js';
import { periodLabelName, periodView, quarterName, type PeriodView } from '../locale/period.js';
import type { Locale } from '../locale/schema.js';
import { fill } from '../locale/words.js';
import { parseQuarter } from '../util/periods.js';
import type { Theme } from '../theme.js';
import { ChartDefError, composeChart } from './charts.js';
import type { BulletDefT, LoadedDeckDef, SlideDef, TableDefT } from './deck-def.js';
import { checkedBy, CHECKED_MARK } from '../check/marker.js';
import { CONDITIONS } from './conditions.js';
import { createHandlebars, Recorder } from './helpers.js';
import { renderTemplate, TemplateError, type TemplateSource } from './template.js';
import { own } from '../util/own.js';

export interface ComposedBullet { text: string; level: number; bold?: boolean }

export interface ComposedTable {
  columns: number[];
  headerRows: number;
  rows: string[][];
  align?: ('left' | 'center' | 'right')[];
  boldRows?: number[];
  fontSize?: number;
}

export interface TieOut {
  element: string;
  text: string;
  figs: Fig[];
  /** for a number typed in a sentence or template rather than written by a helper: where it was typed */
  typedAt?: string;
  /** a typed date (2008-11-14, 2008.10.24): one date, not three numbers */
  date?: boolean;
  /** the author's "[checked by: Name]" on the sentence the number was typed in */
  checkedBy?: string;
}

// a date as irdeck writes it (ISO, or the {{date}} helper's 2008.11.13) before any number, so its parts are not numbers
const NUMBER = /\d{4}-\d{2}-\d{2}|\d{4}\.\d{1,2}\.\d{1,2}|\d+(?:[.,]\d+)*%?/g;
const DATE = /^\d{4}[-.]\d{1,2}[-.]\d{1,2}$/;

/** Numbers in a rendered text that no helper wrote: they were typed, and the tie-out says where. */
function typedNumbers(ctx: Ctx, out: string, shown: string[], src: TemplateSource, element: string): TieOut[] {
  const rest = shown.reduce((t, s) => t.split(s).join(' '), out);
  const checkedBy = ctx.checkedBy;
  // where it was typed is read when the tie-out is written, not while composing; the file as the project names it
  return (rest.match(NUMBER) ?? []).map((n) => Object.defineProperty(
    { element, text: n, figs: [], ...(DATE.test(n) ? { date: true } : {}), ...(checkedBy ? { checkedBy } : {}) } as TieOut,
    'typedAt',
    { get: () => `${ctx.fileName(src.file)}:${src.line} (${src.path})`, enumerable: true },
  ));
}

/**
 * A sentence of the data file as a template source. Its line and column are
 * looked up when read (a problem to report, the tie-out), not while composing
 * (data/yaml-positions.ts; yaml's Document for a file the fast reader declines).
 */
function dataSource(ctx: Ctx, text: string, path: string, dataPath: (string | number)[]): TemplateSource {
  let at: { line: number; column: number } | undefined;
  const where = () => (at ??= ctx.locateData(dataPath));
  return Object.defineProperties({ text, file: ctx.dataFile, path, origin: 'data' } as TemplateSource, {
    line: { get: () => where().line, enumerable: true },
    column: { get: () => where().column, enumerable: true },
  });
}

export interface ComposedSlide {
  id: string;
  layout: SlideDef['layout'];
  title: string;
  subtitle?: string;
  section?: string;
  unit?: string;
  bullets: ComposedBullet[];
  bullets2: ComposedBullet[];
  table?: ComposedTable;
  charts: ChartSpec[];
  cards?: { title: string; bullets: string[] }[];
  body?: string;
  notes: string;
  tieout: TieOut[];
  /** set on the second and later slides of a table that continues */
  continued?: boolean;
  /** what a screen reader calls the slide ("Slide 3: Summary of 1H08 Financial Results") */
  label: string;
}

export interface ComposedDeck {
  meta: { title: string; subject: string; keywords: string[]; lang: string };
  /** words the layout and renderers put on slides of their own accord, in the deck's language */
  words: { draft: string; logo: string };
  footer: string;
  slides: ComposedSlide[];
}

interface Ctx {
  hb: typeof Handlebars;
  rec: Recorder;
  deck: LoadedDeckDef;
  dataFile: string;
  /** a file as the tie-out names it (relative to the project, the same from any working directory) */
  fileName: (file: string) => string;
  /** set while a sentence the author marked "[checked by: Name]" is composed */
  checkedBy?: string;
  /** where section numbering is: the section's numeral, its numbered groups so far, the last group */
  numbering: { numeral: string; count: number; group?: string };
  locateData: (path: (string | number)[]) => { line: number; column: number };
  view: object;
  problems: Diagnostic[];
  tie: TieOut[];
  model: Model;
  /** the words and number formats of the deck's language */
  locale: Locale;
  /** the period in the locale's words (the view's `period`) */
  period: PeriodView;
  /** the data's quarters (1Q08...) in the locale's words */
  quarterNames: string[];
  /** the CAPEX breakdown's period (the data's 1H08) in the locale's words */
  capexPeriod: string;
  /** texts the period produces, longest first */
  periodWords: string[];
}

/** Render one template; on failure record the problem and return '' so composing goes on and every problem is reported. */
function text(ctx: Ctx, src: TemplateSource, element: string, context: object = ctx.view): string {
  ctx.rec.shown = [];
  try {
    const out = renderTemplate(ctx.hb, src, context);
    for (const s of ctx.rec.shown) ctx.tie.push({ element, text: s.text, figs: s.figs });
    // period words (1H08, FY2008, 08/4~08/9, the presentation date) come from the data's period
    const period = ctx.periodWords.filter((w) => out.includes(w));
    for (const w of period) ctx.tie.push({ element, text: w, figs: [], typedAt: 'period (data file: period.*)' });
    ctx.tie.push(...typedNumbers(ctx, out, [...ctx.rec.shown.map((s) => s.text), ...period], src, element));
    return out;
  } catch (err) {
    if (err instanceof TemplateError) { ctx.problems.push(err.diagnostic); return ''; }
    throw err;
  }
}

function tpl(ctx: Ctx, t: string, path: string, element: string, context?: object): string {
  return text(ctx, ctx.deck.source(t, path), element, context);
}

function bullets(ctx: Ctx, defs: BulletDefT[] | undefined, path: string, element: string): ComposedBullet[] {
  const out: ComposedBullet[] = [];
  (defs ?? []).forEach((d, i) => {
    if (typeof d === 'string') { out.push({ text: tpl(ctx, d, `${path}[${i}]`, element), level: 0 }); return; }
    if ('commentary' in d) {
      const entry = own((ctx.view as Model['view']).commentary, d.commentary);
      if (entry === undefined && d.optional) return;
      if (entry === undefined) {
        ctx.problems.push({
          ...ctx.deck.source(d.commentary, `${path}[${i}]`), path: `${path}[${i}].commentary`,
          rule: 'template/missing-field', message: `the data file has no commentary "${d.commentary}"`, severity: 'error',
        });
        return;
      }
      const list = Array.isArray(entry) ? entry : [entry];
      list.forEach((s, j) => {
        // the author's mark is for the checker and the tie-out, not for the slide
        ctx.checkedBy = checkedBy(s);
        const src = dataSource(ctx, s.replace(CHECKED_MARK, ''), `commentary.${d.commentary}`, ['commentary', d.commentary, ...(Array.isArray(entry) ? [j] : [])]);
        out.push({ text: text(ctx, src, element), level: d.level ?? 0 });
        ctx.checkedBy = undefined;
      });
      return;
    }
    if (d.with_commentary && own((ctx.view as Model['view']).commentary, d.with_commentary) === undefined) return;
    out.push({ text: tpl(ctx, d.text, `${path}[${i}].text`, element), level: d.level ?? 0, bold: d.bold });
  });
  return out;
}

function listFor(view: Model['view'], each: NonNullable<TableDefT['each']>): object[] {
  if (each === 'bs.items') return view.bs.items;
  return view[each] as object[];
}

function table(ctx: Ctx, def: TableDefT, path: string): ComposedTable {
  let rows: string[][];
  const header = (def.header ?? []).map((row, r) => row.map((c, i) => tpl(ctx, c, `${path}.header[${r}][${i}]`, `table.header`)));
  if (def.quarterly) {
    const m = ctx.model;
    const from = Math.max(0, m.quarters.length - def.quarterly.last);
    const qs = m.quarters.slice(from);
    header.push(['', ...ctx.quarterNames.slice(from)]);
    rows = def.quarterly.rows.map((row, r) => {
      const metric = own(m.metrics, row.metric);
      if (!metric) {
        ctx.problems.push({
          ...ctx.deck.source(row.metric, `${path}.quarterly.rows[${r}]`), path: `${path}.quarterly.rows[${r}].metric`,
          rule: 'deck/unknown-metric', message: `unknown metric "${row.metric}"`, severity: 'error',
        });
        return [row.label];
      }
      return [tpl(ctx, row.label, `${path}.quarterly.rows[${r}].label`, `table.r${r + 1}`), ...qs.map((_, j) => {
        const i = from + j;
        const v = metric.values[i];
        if (v === null || v === undefined) return '';
        const f = fig(v, `${metric.path}[${i}]`, metric.source, metric.illustrative[i], metric.unit);
        const shown = styled(ctx.locale, v, 'million');
        ctx.tie.push({ element: `table.r${r + 1}`, text: shown, figs: [f] });
        return shown;
      })];
    });
  } else if (def.each) {
    const cells = def.cells ?? [];
    rows = listFor(ctx.view as Model['view'], def.each).map((item, r) => cells.map((c, i) => tpl(ctx, c, `${path}.cells[${i}]`, `table.r${r + 1}`, { ...ctx.view, item })));
  } else {
    rows = (def.rows ?? []).map((row, r) => row.map((c, i) => tpl(ctx, c, `${path}.rows[${r}][${i}]`, `table.r${r + 1}`)));
  }
  return { columns: def.columns, headerRows: header.length, rows: [...header, ...rows], align: def.align, boldRows: def.bold_rows, fontSize: def.font_size };
}

/** Speaker notes: where the slide's numbers come from, and which are illustrative. */
function notesFor(loc: Locale['notes'], lists: Pick<Locale['charts'], 'list' | 'items'>, tie: TieOut[], charts: ChartSpec[], extra: string): string {
  const sources = new Map<string, Set<string>>();
  const illustrative = new Set<string>();
  for (const t of tie) for (const f of t.figs) {
    if (!sources.has(f.source)) sources.set(f.source, new Set());
    sources.get(f.source)!.add(f.path.replace(/\[\d+\]$/, '').replace(/ @\S+$/, ''));
    if (f.illustrative) illustrative.add(t.text);
  }
  const lines: string[] = [];
  if (extra) lines.push(extra, '');
  if (sources.size) {
    lines.push(loc.sources);
    for (const [src, paths] of sources) lines.push(fill(loc.source, { paths: [...paths].join(', '), source: src }));
  }
  for (const c of charts) {
    const series = c.series.filter((s) => !s.invisible).map((s) => fill(loc.chart_series, { name: s.name, source: s.source ?? loc.chart_series_model }));
    lines.push(fill(loc.chart, { title: c.title ?? c.id, series: series.join(lists.items), note: c.source ? fill(loc.chart_note, { note: c.source }) : '' }));
  }
  if (illustrative.size) lines.push(fill(loc.illustrative, { figures: [...illustrative].slice(0, 12).join(lists.list) }));
  return lines.join('\n');
}

/**
 * "II-6. ": the section's numeral (the "II." its heading starts with) and the
 * place of the slide's group among the numbered groups of that section so far.
 */
function sectionNumber(ctx: Ctx, section: string | undefined, group: string): string {
  const numeral = /^([IVXLC]+)\./.exec(section ?? '')?.[1] ?? '';
  const n = ctx.numbering;
  if (n.numeral !== numeral) Object.assign(n, { numeral, count: 0, group: undefined });
  if (n.group !== group) { n.count++; n.group = group; }
  return numeral ? `${numeral}-${n.count}. ` : `${n.count}. `;
}

function composeSlide(ctx: Ctx, s: SlideDef, i: number, theme: Theme): ComposedSlide[] {
  ctx.tie = [];
  const p = `slides[${i}]`;
  const bare = tpl(ctx, s.title, `${p}.title`, 'title');
  const subtitle = s.subtitle ? tpl(ctx, s.subtitle, `${p}.subtitle`, 'subtitle') : undefined;
  const section = s.section ? tpl(ctx, s.section, `${p}.section`, 'section') : undefined;
  const title = `${s.number ? sectionNumber(ctx, section, s.number) : ''}${bare}`;
  const slide: ComposedSlide = {
    id: s.id,
    layout: s.layout,
    title,
    subtitle,
    section,
    unit: s.unit ? tpl(ctx, s.unit, `${p}.unit`, 'unit') : undefined,
    bullets: bullets(ctx, s.bullets, `${p}.bullets`, 'bullets'),
    bullets2: bullets(ctx, s.bullets2, `${p}.bullets2`, 'bullets2'),
    table: s.table ? table(ctx, s.table, `${p}.table`) : undefined,
    charts: [],
    cards: s.cards === 'topics' ? (ctx.view as Model['view']).topics.map((t) => ({ title: t.title, bullets: t.bullets.map((b) => b.replace(CHECKED_MARK, '')) })) : undefined,
    body: s.body ? tpl(ctx, s.body, `${p}.body`, 'body') : undefined,
    notes: '',
    tieout: [],
    label: '',
  };
  (s.charts ?? []).forEach((c, j) => {
    const chartTitle = c.title ? tpl(ctx, c.title, `${p}.charts[${j}].title`, `chart-${j + 1}`) : undefined;
    try {
      const env = { model: ctx.model, theme, locale: ctx.locale, quarters: ctx.quarterNames, capexPeriod: ctx.capexPeriod };
      slide.charts.push(composeChart(c, env, chartTitle, (t) => tpl(ctx, t, `${p}.charts[${j}]`, `chart-${j + 1}`)));
    } catch (err) {
      if (!(err instanceof ChartDefError)) throw err;
      ctx.problems.push({ ...ctx.deck.source(c.id, `${p}.charts[${j}]`), path: `${p}.charts[${j}]`, rule: 'deck/chart', message: err.message, severity: 'error' });
    }
  });
  // cards show the data's topics as written: their numbers are typed, and the tie-out says where
  const topics = (ctx.view as Model['view']).topics;
  (slide.cards ?? []).forEach((c, k) => [c.title, ...c.bullets].forEach((t, j) => {
    const src = dataSource(ctx, t, `topics[${k}]`, ['topics', k, ...(j === 0 ? ['title'] : ['bullets', j - 1])]);
    ctx.checkedBy = j === 0 ? undefined : checkedBy(topics[k]?.bullets[j - 1] ?? '');
    ctx.tie.push(...typedNumbers(ctx, t, [], src, `card-${k + 1}`));
    ctx.checkedBy = undefined;
  }));
  const extraNotes = s.notes ? tpl(ctx, s.notes, `${p}.notes`, 'notes') : '';
  slide.tieout = ctx.tie;
  slide.notes = notesFor(ctx.locale.notes, ctx.locale.charts, ctx.tie, slide.charts, extraNotes);
  return splitTable(slide, s.table?.max_rows, ctx.locale);
}

/** A long table continues on the next slide, header repeated, instead of overflowing. */
function splitTable(slide: ComposedSlide, maxRows: number | undefined, loc: Locale): ComposedSlide[] {
  const t = slide.table;
  if (!t || !maxRows || t.rows.length - t.headerRows <= maxRows) return [slide];
  const header = t.rows.slice(0, t.headerRows);
  const body = t.rows.slice(t.headerRows);
  const out: ComposedSlide[] = [];
  // as few slides as max_rows allows, with their rows balanced: 25 rows at 12 a
  // slide are 9 + 8 + 8, not 12 + 12 + a slide that holds one row
  const parts = Math.ceil(body.length / maxRows);
  for (let part = 0, k = 0; part < parts; part++) {
    // the first (body.length % parts) slides take one row more
    const per = Math.floor(body.length / parts) + (part < body.length % parts ? 1 : 0);
    out.push({
      ...slide,
      id: part === 0 ? slide.id : `${slide.id}-${part + 1}`,
      title: part === 0 ? slide.title : fill(loc.slides.continued, { title: slide.title }),
      continued: part > 0,
      table: { ...t, rows: [...header, ...body.slice(k, k + per)] },
      tieout: slide.tieout.filter((e) => !e.element.startsWith('table.r') || inRange(e.element, k, per)),
    });
    k += per;
  }
  return out;
}

function inRange(element: string, k: number, n: number): boolean {
  const r = Number(element.slice('table.r'.length)) - 1;
  return r >= k && r < k + n;
}

function periodWords(model: Model, p: PeriodView, quarters: string[], loc: Locale): string[] {
  const d = model.data.period.presentation_date;
  const short = (iso: string) => writeDate(loc, iso, 'short') ?? iso;
  const announced = model.data.targets.announced;
  const words = [
    p.title, p.label, p.priorLabel, p.months, p.priorMonths, p.quarterMonths, p.yearAgoQuarterMonths, p.fyLong, p.fyShort, p.priorFyShort, p.quarter.label, p.prevQuarter.label, p.yearAgoQuarter.label,
    ...quarters, d, short(d), announced, short(announced), model.view.bs.current_date, model.view.bs.previous_date,
  ];
  return [...new Set(words)].sort((a, b) => b.length - a.length);
}

interface ComposeInput {
  model: Model;
  deck: LoadedDeckDef;
  dataFile: string;
  /** how the tie-out names a file (default: as given) */
  fileName?: (file: string) => string;
  locateData: (path: (string | number)[]) => { line: number; column: number };
  theme: Theme;
  /** the language's words and number formats (templates/locales/<lang>.yaml): the deck is composed in it */
  locale: Locale;
}

/** Compose every slide; throws one input error listing every template problem. */
export function composeDeck(input: ComposeInput): ComposedDeck {
  const rec = new Recorder();
  const { model, locale } = input;
  const firstMonth = model.data.period.first_month;
  const period = periodView(locale, model.period, firstMonth);
  const quarterNames = model.quarters.map((q) => quarterName(locale, parseQuarter(q), model.period.fiscalYear, firstMonth));
  // the data's own period names (the CAPEX breakdown's 1H08) in the locale's words
  const capexPeriod = periodLabelName(locale, model.view.capex_breakdown.period, model.period.fiscalYear, firstMonth);
  const ctx: Ctx = {
    hb: createHandlebars(() => rec, locale, { fiscalYear: model.period.fiscalYear, firstMonth }),
    rec,
    deck: input.deck,
    dataFile: input.dataFile,
    fileName: input.fileName ?? ((f) => f),
    numbering: { numeral: '', count: 0 },
    locateData: input.locateData,
    view: { ...model.view, period, capex_breakdown: { ...model.view.capex_breakdown, period: capexPeriod } },
    capexPeriod,
    problems: [],
    tie: [],
    model,
    locale,
    period,
    quarterNames,
    periodWords: periodWords(model, period, quarterNames, locale),
  };
  const kind = input.model.period.kind;
  const slides = input.deck.def.slides
    .map((s, i) => [s, i] as const)
    .filter(([s]) => (!s.only_for || s.only_for.includes(kind)) && (s.when ?? []).every((c) => CONDITIONS[c](input.model.data)))
    .flatMap(([s, i]) => composeSlide(ctx, s, i, input.theme));
  ctx.tie = [];
  const meta = input.deck.def.meta;
  const out: ComposedDeck = {
    meta: { title: tpl(ctx, meta.title, 'meta.title', 'meta'), subject: tpl(ctx, meta.subject, 'meta.subject', 'meta'), keywords: meta.keywords ?? [], lang: locale.lang },
    footer: tpl(ctx, input.deck.def.footer, 'footer', 'footer', { ...ctx.view, year: input.model.data.period.presentation_date.slice(0, 4) }),
    words: { draft: locale.slides.draft, logo: locale.slides.logo },
    slides,
  };
  slides.forEach((s, i) => { s.label = fill(locale.slides.label, { number: i + 1, title: s.title }); });
  const ids = new Set<string>();
  for (const s of slides) {
    if (ids.has(s.id)) ctx.problems.push({ ...input.deck.source(s.id, 'slides'), path: 'slides', rule: 'deck/duplicate-id', message: `two slides have the id "${s.id}"`, severity: 'error' });
    ids.add(s.id);
  }
  if (ctx.problems.length) throw inputError(ctx.problems);
  return out;
}
