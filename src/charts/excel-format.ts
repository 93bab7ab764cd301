// Excel number-format codes for native chart labels, axes and the embedded
// workbook, written so that PowerPoint shows a number exactly as the deck's
// number writer (charts/format.ts) does.
import type { NumberFormat } from './spec.js';

/** A literal inside an Excel format code: "JPY", or char by char with a backslash if it holds a quote. */
function literal(text: string | undefined): string {
  if (!text) return '';
  if (!text.includes('"')) return `"${text}"`;
  return [...text].map((c) => `\\${c}`).join('');
}

function digits(f: NumberFormat): string {
  const int = f.thousands ? '#,##0' : '0';
  return f.decimals > 0 ? `${int}.${'0'.repeat(f.decimals)}` : int;
}

/**
 * The Excel number format code that writes numbers as formatNumber does:
 * {decimals:0, thousands, parens} -> `#,##0;(#,##0)`; a "%" suffix is a
 * literal (`0.0"%"`), never Excel's percent (which would multiply by 100).
 */
export function numberFormatCode(f: NumberFormat): string {
  const body = `${literal(f.prefix)}${digits(f)}${literal(f.suffix)}`;
  if (f.negative) return `${body};${literal(f.negative.before)}${body}${literal(f.negative.after)}`;
  return f.parensForNegative ? `${body};(${body})` : body;
}

/**
 * A format that writes a positive number as formatNumber writes its negative:
 * a bridge's decrease is drawn as a positive height and read as "(3,600)".
 */
export function negatedFormatCode(f: NumberFormat): string {
  const body = `${literal(f.prefix)}${digits(f)}${literal(f.suffix)}`;
  if (f.negative) return `${literal(f.negative.before)}${body}${literal(f.negative.after)};${body};${body}`;
  return f.parensForNegative ? `(${body});${body};${body}` : `-${body};${body};${body}`;
}
