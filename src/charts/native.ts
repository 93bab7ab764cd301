// A ChartSpec as a native, editable PowerPoint chart: the data travel inside
// the file (chart cache and an embedded workbook), so an IR officer can open
// "Edit Data" in PowerPoint and change a figure.
//
// pptxgenjs writes the chart's frame, part, relationships and workbook; what it
// cannot express or gets wrong is rewritten by finishNativeCharts(), which the
// PPTX renderer calls on the package pptxgenjs wrote:
//
// - every series is rewritten in schema order with its own fill, line,
//   marker and data labels (pptxgenjs gives all series of one chart type the
//   same labels, cannot hide the labels of one series, writes per-point
//   colours only for a single-series bar chart, and puts <c:marker> after
//   <c:dLbls> and <c:invertIfNegative> into line series, against the schema);
// - a <c:lineChart> gets its required <c:grouping> (pptxgenjs omits it);
// - a 2D bar or line chart loses the third <c:axId> that names no axis
//   (gitbrent/PptxGenJS#1534: PowerPoint offers to repair every such deck);
// - combo charts: data label positions are written per chart group and only
//   those the group allows (pptxgenjs does not check them when `type` is an
//   array, and an invalid <c:dLblPos> is one cause of gitbrent/PptxGenJS#1233);
// - blanks are left out of the number cache instead of written as empty
//   <c:v/> points, and the workbook gets the values the cache has (pptxgenjs
//   writes 0 and null both as an empty <v/>), totals as SUM formulas, and
//   without the broken table part pptxgenjs adds (gitbrent/PptxGenJS#1531);
// - series that are not to be read about (a bridge's invisible base, the
//   carrier of the total labels) are taken out of the legend;
// - text gets the East Asian font next to the Latin one.
//
// Choices that keep the chart editable and the same in PowerPoint and
// LibreOffice:
// - Totals over stacked columns: an extra line series of the sums (no line,
//   no marker) on the primary axis whose labels sit above its points. They are
//   data, not text boxes, so they move with the columns; in the workbook the
//   column is a SUM of the stacked columns.
// - A bridge (stacked columns on an invisible base, per-point colours): the
//   visible series is split by colour into series of its own ("Revenue target",
//   "Revenue target: decrease", ...), each with one colour and one number
//   format. A decrease is drawn as a positive height but labelled "(3,600)":
//   its series' number format writes positive numbers in parentheses, so the
//   label still comes from the data. A step too thin for its label has the
//   label moved beyond its end (up for an increase, down for a decrease).
// - A line's labels sit above its points, climbing a line or two, or going
//   under the point, where a total or another label would be (estimated
//   from the chart's size and the axes' ranges, as the PNG renderer does).
// - A doughnut's labels are fixed text ("1,071" over "39.9%", written by
//   formatNumber): with value and share both shown, PowerPoint applies the
//   one label number format to both and LibreOffice to the share only. The
//   slices stay data; after "Edit Data" the label texts need updating.
import type PptxGenJS from 'pptxgenjs';
import type { Box } from '../util/geometry.js';
import { escapeXml as esc } from '../util/escape.js';
import type { ChartAxis, ChartSpec, ChartStyle } from './spec.js';
import { numberFormatCode } from './excel-format.js';
import { finishChartXml, removeOrphanAxisIds } from './chart-xml.js';
import { hex6, planChart, y2Axis, type ChartPlan, type PlannedSeries } from './native-plan.js';
import { finishWorkbook } from './workbook.js';
import { ooxmlValues } from './ooxml-number.js';
import { estimatePlot } from './plot-estimate.js';
import { textWidth } from '../util/text-measure.js';

export { numberFormatCode };
export type { ChartPlan };

/** A chart added to a slide, with the plan finishNativeCharts completes it from. */
export interface NativeChart {
  /** the chart frame's name in the slide XML */
  objectName: string;
  plan: ChartPlan;
}

/** The object name a chart frame gets (PowerPoint's selection pane shows it). */
export function chartObjectName(spec: ChartSpec): string {
  return `Chart ${spec.id}`;
}

// ---------------------------------------------------------------- adding the chart

const LEGEND_POS = { bottom: 'b', right: 'r', top: 't' } as const;

/**
 * A value axis. A hidden axis is kept but drawn without labels or line: a
 * deleted secondary axis (<c:delete val="1"/>) makes LibreOffice plot its
 * series against the primary axis.
 */
function axisOptions(axis: ChartAxis, style: ChartStyle, primary: boolean): PptxGenJS.IChartPropsAxisVal {
  return {
    valAxisMinVal: axis.min,
    valAxisMaxVal: axis.max,
    valAxisMajorUnit: axis.step,
    valAxisHidden: false,
    valAxisLabelPos: axis.hidden ? 'none' : 'nextTo',
    valAxisLabelFormatCode: numberFormatCode(axis.format),
    valAxisLabelFontFace: style.pptxFont,
    valAxisLabelFontSize: style.fontSize,
    valAxisLabelColor: hex6(style.textColor),
    valAxisLineShow: false,
    valAxisMajorTickMark: 'none',
    valAxisMinorTickMark: 'none',
    showValAxisTitle: Boolean(axis.title) && !axis.hidden,
    valAxisTitle: axis.title,
    valAxisTitleFontFace: style.pptxFont,
    valAxisTitleFontSize: style.fontSize,
    valAxisTitleColor: hex6(style.textColor),
    // gridlines from the left axis only, and none when it is hidden (a bridge)
    valGridLine: primary && !axis.hidden ? { color: hex6(style.gridColor), size: 0.75, style: 'solid' } : { style: 'none' },
  };
}

function catOptions(style: ChartStyle, hidden: boolean): PptxGenJS.IChartPropsAxisCat {
  return {
    catAxisHidden: hidden,
    catAxisLabelFontFace: style.pptxFont,
    catAxisLabelFontSize: style.fontSize,
    catAxisLabelColor: hex6(style.textColor),
    catAxisLineColor: hex6(style.gridColor),
    catAxisLineSize: 0.75,
    catAxisMajorTickMark: 'none',
    catAxisMinorTickMark: 'none',
    catAxisLabelPos: 'low',
    catGridLine: { style: 'none' },
  };
}

/**
 * Adds `spec` as a native chart at `box`. The chart is finished (labels,
 * colours, legend, workbook) by finishNativeCharts() on the written package;
 * renderPptx does that.
 */
export function addNativeChart(slide: PptxGenJS.Slide, spec: ChartSpec, box: Box, style: ChartStyle): NativeChart {
  const plan = planChart(spec, style, box);
  const objectName = chartObjectName(spec);

  const text = hex6(style.textColor);
  const common: PptxGenJS.IChartOpts = {
    x: box.x,
    y: box.y,
    w: box.w,
    h: box.h,
    objectName,
    altText: spec.alt,
    showLegend: spec.legend !== 'none',
    legendPos: spec.legend === 'none' ? 'b' : LEGEND_POS[spec.legend],
    legendFontFace: style.pptxFont,
    legendFontSize: style.fontSize,
    legendColor: text,
    showTitle: Boolean(spec.title),
    title: spec.title,
    titleFontFace: style.pptxFont,
    titleFontSize: Math.round(style.fontSize * 1.15 * 2) / 2,
    titleColor: text,
    titleBold: true,
    chartArea: { roundedCorners: false, fill: { color: 'FFFFFF' } },
    dataLabelFontFace: style.pptxFont,
    dataLabelFontSize: style.fontSize,
    dataLabelColor: text,
    displayBlanksAs: 'gap',
  };
  // categories that do not fit on one line get a line break (the PNG's lines: charts/category-lines.ts)
  const widthOf = (t: string, size: number, bold?: boolean) => textWidth(t, style.pptxFont, size, bold);
  const labels = estimatePlot(spec, { w: box.w * 72, h: box.h * 72 }, style.fontSize, widthOf).categories.map((l) => l.join('\n'));
  const data = (list: PlannedSeries[]) => list.map((p) => ({ name: p.name, labels: labels.slice(), values: ooxmlValues(p.values) as number[] }));
  // enough colours for every series index: pptxgenjs picks a *random* marker
  // colour when a series' index is past the end of chartColors
  const total = plan.series.length;
  const colors = (list: PlannedSeries[]) => {
    const own = list.map((p) => p.fill ?? p.line?.color ?? p.pointFills?.find((c) => c) ?? text);
    while (own.length < Math.max(total, 2)) own.push(own[own.length - 1] ?? text);
    return own;
  };

  if (spec.kind === 'doughnut') {
    const p = plan.series[0];
    const fills = (p.pointFills ?? []).map((c) => c ?? text);
    while (fills.length < Math.max(2, labels.length)) fills.push(text);
    slide.addChart('doughnut', data([p]), { ...common, chartColors: fills, holeSize: 45, showValue: Boolean(p.labels), showPercent: Boolean(p.labels), dataLabelFormatCode: p.labels?.formatCode });
    return { objectName, plan };
  }

  const groups: { list: PlannedSeries[]; type: 'bar' | 'line'; secondary: boolean }[] = [
    { list: plan.series.filter((p) => p.kind === 'bar' && p.axis === 'y'), type: 'bar', secondary: false },
    { list: plan.series.filter((p) => p.kind === 'bar' && p.axis === 'y2'), type: 'bar', secondary: true },
    { list: plan.series.filter((p) => p.kind === 'line' && p.axis === 'y'), type: 'line', secondary: false },
    { list: plan.series.filter((p) => p.kind === 'line' && p.axis === 'y2'), type: 'line', secondary: true },
  ].filter((g) => g.list.length > 0) as { list: PlannedSeries[]; type: 'bar' | 'line'; secondary: boolean }[];
  const hasY2 = groups.some((g) => g.secondary);
  const types: PptxGenJS.IChartMulti[] = groups.map((g) => ({
    type: g.type,
    data: data(g.list),
    options: {
      chartColors: colors(g.list),
      barGrouping: g.type === 'bar' ? (spec.stacked ? 'stacked' : 'clustered') : undefined,
      barGapWidthPct: plan.gapWidth,
      secondaryValAxis: g.secondary,
      secondaryCatAxis: g.secondary,
      lineDataSymbol: 'circle',
      lineDataSymbolSize: 5,
      lineSize: 2,
    },
  }));
  const opts: PptxGenJS.IChartOpts = { ...common, barDir: 'col', ...catOptions(style, false), ...axisOptions(spec.axes.y, style, true) };
  if (hasY2) {
    opts.valAxes = [axisOptions(spec.axes.y, style, true), axisOptions(y2Axis(spec), style, false)];
    opts.catAxes = [catOptions(style, false), catOptions(style, true)];
  }
  slide.addChart(types, opts as unknown as PptxGenJS.IChartMulti[], opts);
  return { objectName, plan };
}

export interface FinishOptions {
  /** the East Asian font for chart text */
  eastAsian: string;
  /** the date of the embedded workbooks' entries and properties */
  date: Date;
}

/**
 * Finishes the native charts of a written package in place (`files`: part
 * name -> XML text or bytes): series, labels, legend and workbook per the
 * plans addNativeChart returned, and the chart repairs every
 * chart part needs.
 */
export async function finishNativeCharts(charts: readonly NativeChart[], files: Map<string, Buffer | string>, opts: FinishOptions): Promise<void> {
  const plans = new Map(charts.map((c) => [c.objectName, c.plan]));
  for (const [name, xml] of files) {
    if (!/^ppt\/slides\/slide\d+\.xml$/.test(name) || typeof xml !== 'string') continue;
    const rels = files.get(name.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels'));
    if (typeof rels !== 'string') continue;
    for (const frame of xml.matchAll(/<p:graphicFrame>([\s\S]*?)<\/p:graphicFrame>/g)) {
      const rid = /<c:chart r:id="([^"]+)"/.exec(frame[1])?.[1];
      if (!rid) continue;
      const objectName = /<p:cNvPr id="\d+" name="([^"]*)"/.exec(frame[1])?.[1] ?? '';
      const target = new RegExp(`<Relationship Id="${rid}" [^>]*Target="([^"]+)"`).exec(rels)?.[1];
      if (!target) continue;
      const part = target.startsWith('/') ? target.slice(1) : `ppt/slides/${target}`.replace(/slides\/\.\.\//, '');
      const chartXml = files.get(part);
      if (typeof chartXml !== 'string') continue;
      const plan = [...plans.entries()].find(([n]) => esc(n) === objectName)?.[1];
      if (!plan) {
        files.set(part, removeOrphanAxisIds(chartXml));
        continue;
      }
      files.set(part, finishChartXml(chartXml, plan, opts.eastAsian));
      const chartRels = files.get(part.replace(/charts\/([^/]+)$/, 'charts/_rels/$1.rels'));
      const book = typeof chartRels === 'string' ? /Target="([^"]+\.xlsx)"/.exec(chartRels)?.[1] : undefined;
      if (book) {
        const bookPart = book.startsWith('/') ? book.slice(1) : `ppt/charts/${book}`.replace(/charts\/\.\.\//, '');
        const bytes = files.get(bookPart);
        if (bytes instanceof Buffer) files.set(bookPart, await finishWorkbook(bytes, plan, opts.date));
      }
    }
  }
}
