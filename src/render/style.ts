// The chart style every renderer uses, from the theme.
import type { ChartStyle } from '../charts/spec.js';
import type { Theme } from '../theme.js';
import { twinOf } from '../util/fonts.js';

export function chartStyleOf(theme: Theme): ChartStyle {
  return {
    fontFamily: `${theme.fonts.latinTwin}, ${twinOf(theme.fonts.eastAsian)}`,
    pptxFont: theme.fonts.latin, fontSize: theme.sizes.chart, textColor: theme.colors.text, gridColor: theme.colors.grid,
  };
}
