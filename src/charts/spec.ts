// A chart description at the level of data: what to draw, never how.
// Both renderers (Chart.js to PNG, pptxgenjs native chart) read only this.
// Finance-specific shapes (a revision bridge) are turned into plain stacked
// bars with an invisible base before they get here, so renderers stay generic.

/** How a number is written on a label or an axis. */
export interface NumberFormat {
  /** digits after the decimal point */
  decimals: number;
  /** 1,234 rather than 1234 */
  thousands: boolean;
  /** (1,234) rather than -1,234 */
  parensForNegative: boolean;
  /** a negative written between other marks than parentheses or a minus: Japanese △1,234 is { before: '△', after: '' } */
  negative?: { before: string; after: string };
  /** text after the number, e.g. "%" or " Gbps" */
  suffix?: string;
  /** text before the number, e.g. "JPY" */
  prefix?: string;
}

export interface ChartSeries {
  /** legend name */
  name: string;
  /** one value per category; null leaves a gap */
  values: (number | null)[];
  /** bars stack (when the chart is stacked) or cluster; lines are drawn over them */
  type: 'bar' | 'line';
  /** 'y2' is the secondary axis on the right */
  axis: 'y' | 'y2';
  /** hex colour without '#', e.g. "1F4E79" */
  color: string;
  /**
   * Per-category colour override (hex without '#'); used by bridges so that
   * ups and downs are coloured apart within one series.
   */
  pointColors?: (string | null)[];
  /** drawn but not seen: the base of a bridge; never labelled, never in the legend */
  invisible?: boolean;
  /** write each value on its bar or point */
  labels: boolean;
  /**
   * Optional: the number written on each label when it differs from the
   * drawn value. A bridge draws a decrease as a positive height on an
   * invisible base, but its label must read "(3,600)"; null writes no label.
   */
  labelValues?: (number | null)[];
  format: NumberFormat;
  /** the data path the values come from (for speaker notes and the tie-out) */
  source?: string;
}

export interface ChartAxis {
  title?: string;
  format: NumberFormat;
  min?: number;
  max?: number;
  /**
   * Distance between ticks. Compose fixes min, max and step of every value
   * axis (src/charts/axis-scale.ts) and both renderers draw exactly that.
   */
  step?: number;
  /** hide the axis line and tick labels (the values are on the bars) */
  hidden?: boolean;
}

export interface ChartSpec {
  /** unique within the deck, safe as a file name: [a-z0-9-]+ */
  id: string;
  kind: 'bar' | 'doughnut';
  /** bars of different series on top of each other (true) or side by side */
  stacked: boolean;
  title?: string;
  /** category labels along the x axis (quarters), or slice labels for a doughnut */
  categories: string[];
  series: ChartSeries[];
  axes: { y: ChartAxis; y2?: ChartAxis };
  /** for stacked bars: write the sum of the visible bar series over each column */
  totalLabels?: { format: NumberFormat };
  legend: 'bottom' | 'right' | 'top' | 'none';
  /** text under the chart, e.g. "Source: ... ; 1Q06-4Q06 illustrative" */
  source?: string;
  /** alt text generated from the data: what it shows, latest value and change */
  alt: string;
  /**
   * Words a renderer adds of its own accord, in the deck's language: the name
   * of the totals series and of a bridge's decreases ("{name}" is the series).
   */
  words: { total: string; decrease: string };
}

/** Fonts and sizes a chart renderer needs; comes from the theme. */
export interface ChartStyle {
  /** CSS font family list for Chart.js, e.g. "Liberation Sans, Noto Sans CJK JP" */
  fontFamily: string;
  /** font face name for PowerPoint, e.g. "Arial" */
  pptxFont: string;
  /** base font size in points at slide scale */
  fontSize: number;
  textColor: string;
  gridColor: string;
}
