// The chart part pptxgenjs wrote, rewritten from the plan where pptxgenjs
// cannot express it or gets it wrong (see charts/native.ts for the list):
// series in schema order with their own fills, markers and labels, the
// required <c:grouping>, no orphan axis ids, the East Asian font.
import { escapeXml as esc } from '../util/escape.js';
import { hex6, type ChartPlan, type LabelPlan, type LabelPos, type PlannedSeries } from './native-plan.js';

function solid(c: string): string {
  return `<a:solidFill><a:srgbClr val="${c}"/></a:solidFill>`;
}

function runProps(font: string, eastAsian: string, size: number, color: string, bold: boolean, tag = 'a:defRPr'): string {
  return `<${tag} sz="${Math.round(size * 100)}" b="${bold ? 1 : 0}" i="0" u="none" strike="noStrike" baseline="0">${solid(color)}<a:latin typeface="${esc(font)}"/><a:ea typeface="${esc(eastAsian)}"/><a:cs typeface="${esc(font)}"/></${tag}>`;
}

function txPr(font: string, eastAsian: string, size: number, color: string, bold: boolean): string {
  return `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>${runProps(font, eastAsian, size, color, bold)}</a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`;
}

const NO_LINE = '<a:ln><a:noFill/></a:ln>';
/** LibreOffice draws a leader line to a moved label unless told not to (Office 2013's extension) */
const NO_LEADER_LINES = '<c:extLst><c:ext uri="{CE6537A1-D6FC-4f65-9D91-7224C49458BB}" xmlns:c15="http://schemas.microsoft.com/office/drawing/2012/chart"><c15:showLeaderLines val="0"/></c:ext></c:extLst>';

function labelFlags(percent: boolean): string {
  return `<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="${percent ? 1 : 0}"/><c:showBubbleSize val="0"/>${percent ? '<c:separator>\n</c:separator>' : ''}`;
}

function dLbls(l: LabelPlan | undefined, font: string, eastAsian: string): string {
  if (!l) return '<c:dLbls><c:delete val="1"/></c:dLbls>';
  const pos = (p: LabelPos | undefined) => (p ? `<c:dLblPos val="${p}"/>` : '');
  const points = [...l.points.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([j, p]) => {
      if (p.delete) return `<c:dLbl><c:idx val="${j}"/><c:delete val="1"/></c:dLbl>`;
      const layout = p.dy ? `<c:layout><c:manualLayout><c:x val="0"/><c:y val="${p.dy.toFixed(4)}"/></c:manualLayout></c:layout>` : '';
      const color = p.color ?? l.color;
      const para = (t: string) => `<a:p><a:pPr>${runProps(font, eastAsian, l.size, color, l.bold)}</a:pPr><a:r>${runProps(font, eastAsian, l.size, color, l.bold, 'a:rPr')}<a:t>${esc(t)}</a:t></a:r></a:p>`;
      const rich = p.text ? `<c:tx><c:rich><a:bodyPr/><a:lstStyle/>${p.text.map(para).join('')}</c:rich></c:tx>` : '';
      return `<c:dLbl><c:idx val="${j}"/>${layout}${rich}<c:numFmt formatCode="${esc(p.formatCode ?? l.formatCode)}" sourceLinked="0"/><c:spPr><a:noFill/>${NO_LINE}</c:spPr>${txPr(font, eastAsian, l.size, color, l.bold)}${pos(p.position ?? l.position)}${labelFlags(Boolean(l.percent))}</c:dLbl>`;
    })
    .join('');
  return `<c:dLbls>${points}<c:numFmt formatCode="${esc(l.formatCode)}" sourceLinked="0"/><c:spPr><a:noFill/>${NO_LINE}</c:spPr>${txPr(font, eastAsian, l.size, l.color, l.bold)}${pos(l.position)}${labelFlags(Boolean(l.percent))}${l.percent ? '' : NO_LEADER_LINES}</c:dLbls>`;
}

interface SerParts {
  tx: string;
  cat: string;
  val: string;
}

/** The number cache of a <c:val> block without empty points (a blank is a missing point, not an empty <c:v/>). */
function cleanVal(val: string, formatCode: string): string {
  return val
    .replace(/<c:pt idx="\d+">\s*<c:v>\s*<\/c:v>\s*<\/c:pt>/g, '')
    .replace(/<c:formatCode>[^<]*<\/c:formatCode>/, `<c:formatCode>${esc(formatCode)}</c:formatCode>`);
}

function serXml(p: PlannedSeries, idx: number, parts: SerParts, font: string, eastAsian: string): string {
  const head = `<c:idx val="${idx}"/><c:order val="${idx}"/>${parts.tx}`;
  const val = cleanVal(parts.val, p.labels?.formatCode ?? 'General');
  if (p.kind === 'line') {
    const line = p.line ? `<a:ln w="${Math.round(p.line.width * 12700)}" cap="rnd">${solid(p.line.color)}<a:round/></a:ln>` : NO_LINE;
    const marker = p.marker
      ? `<c:marker><c:symbol val="circle"/><c:size val="${p.marker.size}"/><c:spPr>${solid(p.marker.fill)}<a:ln w="9525">${solid('FFFFFF')}</a:ln></c:spPr></c:marker>`
      : '<c:marker><c:symbol val="none"/></c:marker>';
    return `<c:ser>${head}<c:spPr><a:noFill/>${line}</c:spPr>${marker}${dLbls(p.labels, font, eastAsian)}${parts.cat}${val}<c:smooth val="0"/></c:ser>`;
  }
  if (p.kind === 'slice') {
    const dPt = (p.pointFills ?? [])
      .map((c, j) => `<c:dPt><c:idx val="${j}"/><c:bubble3D val="0"/><c:spPr>${solid(c ?? '1F3864')}<a:ln w="19050">${solid('FFFFFF')}</a:ln></c:spPr></c:dPt>`)
      .join('');
    return `<c:ser>${head}<c:spPr><a:ln w="19050">${solid('FFFFFF')}</a:ln></c:spPr>${dPt}${dLbls(p.labels, font, eastAsian)}${parts.cat}${val}</c:ser>`;
  }
  const fill = p.fill ? solid(p.fill) : '<a:noFill/>';
  const dPt = (p.pointFills ?? [])
    .map((c, j) => (c ? `<c:dPt><c:idx val="${j}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/><c:spPr>${solid(c)}${NO_LINE}</c:spPr></c:dPt>` : ''))
    .join('');
  return `<c:ser>${head}<c:spPr>${fill}${NO_LINE}</c:spPr><c:invertIfNegative val="0"/>${dPt}${dLbls(p.labels, font, eastAsian)}${parts.cat}${val}</c:ser>`;
}

function block(xml: string, tag: string): string {
  const m = new RegExp(`<${tag}>[\\s\\S]*?</${tag}>`).exec(xml);
  return m ? m[0] : '';
}

/** Axis ids as pptxgenjs wrote them: [primary, secondary] category and value axes. */
function axisIds(xml: string): { cat: string[]; val: string[] } {
  const ids = (tag: string) => [...xml.matchAll(new RegExp(`<c:${tag}>\\s*<c:axId val="(\\d+)"/>`, 'g'))].map((m) => m[1]);
  return { cat: ids('catAx'), val: ids('valAx') };
}

/** Rewrites one chart part from its plan. */
export function finishChartXml(xml: string, plan: ChartPlan, eastAsian: string): string {
  const font = plan.style.pptxFont;
  const sers = [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((m) => m[1]);
  if (sers.length !== plan.series.length) throw new Error(`chart "${plan.spec.id}": ${sers.length} series written, ${plan.series.length} planned`);
  const parts: SerParts[] = sers.map((s) => ({ tx: block(s, 'c:tx'), cat: block(s, 'c:cat'), val: block(s, 'c:val') }));
  const first = xml.search(/<c:(barChart|lineChart|doughnutChart)>/);
  const lastClose = Math.max(xml.lastIndexOf('</c:barChart>') + '</c:barChart>'.length, xml.lastIndexOf('</c:lineChart>') + '</c:lineChart>'.length, xml.lastIndexOf('</c:doughnutChart>') + '</c:doughnutChart>'.length);
  if (first < 0 || lastClose <= first) throw new Error(`chart "${plan.spec.id}": no plot found in the chart part`);

  let groupsXml: string;
  if (plan.spec.kind === 'doughnut') {
    groupsXml = `<c:doughnutChart><c:varyColors val="1"/>${serXml(plan.series[0], 0, parts[0], font, eastAsian)}<c:firstSliceAng val="0"/><c:holeSize val="45"/></c:doughnutChart>`;
  } else {
    const ax = axisIds(xml);
    const primary = [ax.cat[0], ax.val[0]];
    const secondary = [ax.cat[1] ?? ax.cat[0], ax.val[1] ?? ax.val[0]];
    const axIds = (secondaryAxes: boolean) => (secondaryAxes ? secondary : primary).map((id) => `<c:axId val="${id}"/>`).join('');
    const indexed = plan.series.map((p, i) => ({ p, i }));
    const group = (kind: 'bar' | 'line', axis: 'y' | 'y2') => indexed.filter(({ p }) => p.kind === kind && p.axis === axis);
    const out: string[] = [];
    for (const axis of ['y', 'y2'] as const) {
      const g = group('bar', axis);
      if (!g.length) continue;
      out.push(`<c:barChart><c:barDir val="col"/><c:grouping val="${plan.spec.stacked ? 'stacked' : 'clustered'}"/><c:varyColors val="0"/>${g.map(({ p, i }) => serXml(p, i, parts[i], font, eastAsian)).join('')}<c:gapWidth val="${plan.gapWidth}"/><c:overlap val="${plan.overlap}"/>${axIds(axis === 'y2')}</c:barChart>`);
    }
    for (const axis of ['y', 'y2'] as const) {
      const g = group('line', axis);
      if (!g.length) continue;
      out.push(`<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${g.map(({ p, i }) => serXml(p, i, parts[i], font, eastAsian)).join('')}<c:marker val="1"/>${axIds(axis === 'y2')}</c:lineChart>`);
    }
    groupsXml = out.join('');
  }
  let out = xml.slice(0, first) + groupsXml + xml.slice(lastClose);

  // legend: series that are not read about are not listed
  const hidden = plan.spec.kind === 'doughnut' ? [] : plan.series.map((p, i) => (p.inLegend ? -1 : i)).filter((i) => i >= 0);
  if (hidden.length) out = out.replace(/(<c:legendPos val="[a-z]+"\/>)/, `$1${hidden.map((i) => `<c:legendEntry><c:idx val="${i}"/><c:delete val="1"/></c:legendEntry>`).join('')}`);

  // East Asian text in titles, axes and legend (pptxgenjs writes only <a:latin>)
  out = out.replace(/(<a:latin typeface="[^"]*"\/>)(?!\s*<a:ea )/g, `$1<a:ea typeface="${esc(eastAsian)}"/>`);
  // chart-wide text defaults, for anything the parts above leave unstyled
  out = out.replace('<c:externalData', `${txPr(font, eastAsian, plan.style.fontSize, hex6(plan.style.textColor), false)}<c:externalData`);
  return removeOrphanAxisIds(out);
}

/**
 * gitbrent/PptxGenJS#1534: 2D bar and line charts name a third axis
 * (the series axis of 3D charts) that is never written; PowerPoint then
 * offers to repair the file. Any <c:axId> inside a plot that names no axis
 * of the chart is dropped.
 */
export function removeOrphanAxisIds(xml: string): string {
  const defined = new Set([...xml.matchAll(/<c:(?:valAx|catAx|dateAx|serAx)>\s*<c:axId val="(\d+)"\/>/g)].map((m) => m[1]));
  return xml.replace(/<c:(barChart|lineChart|areaChart|bar3DChart|line3DChart|scatterChart|radarChart)>([\s\S]*?)<\/c:\1>/g, (whole, kind: string, body: string) => {
    const fixed = body.replace(/<c:axId val="(\d+)"\/>/g, (m: string, id: string) => (defined.has(id) ? m : ''));
    return `<c:${kind}>${fixed}</c:${kind}>`;
  });
}
