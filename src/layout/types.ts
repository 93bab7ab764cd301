// The one geometry every renderer draws: positioned elements on a
// 13.333 x 7.5 inch slide. The PPTX, the HTML and (through the HTML) the PDF
// all place exactly these boxes, so the outputs agree by construction.
import type { ChartSpec } from '../charts/spec.js';
import type { Box } from '../util/geometry.js';

export const SLIDE_W = 13.333;
export const SLIDE_H = 7.5;

export type { Box };

/** A run of text with one style. Text is always plain text, never markup. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** hex without '#' */
  color?: string;
  /** a superscript note mark such as "*" */
  superscript?: boolean;
}

export interface Paragraph {
  runs: Run[];
  /** indentation level, 0 = top */
  level: number;
  /** bullet character, or none */
  bullet?: string;
  align?: 'left' | 'center' | 'right';
  /** points of space before the paragraph */
  spaceBefore?: number;
  /**
   * Japanese text only: offsets into the runs' joined text where the layout
   * starts a new line (between phrases, under kinsoku). Renderers break there
   * and nowhere else (layout/lines.ts).
   */
  lineStarts?: number[];
}

export interface TextStyle {
  /** font face as PowerPoint names it (Arial); renderers map it to their twin */
  font: string;
  /** points */
  size: number;
  color: string;
  bold?: boolean;
  /** background fill, hex without '#' */
  fill?: string;
  align: 'left' | 'center' | 'right';
  valign: 'top' | 'middle' | 'bottom';
  /** inner margin in inches (all sides) */
  inset: number;
  /** line height as a multiple of the font size */
  lineHeight: number;
}

interface ElementBase {
  /** unique within the slide, used by checks and the tie-out: "title", "table", "chart-1" */
  id: string;
  box: Box;
  /** may other elements overlap this one? (background bands, markers) */
  background?: boolean;
}

export interface TextElement extends ElementBase {
  kind: 'text';
  /** 'title' becomes the slide title placeholder in PPTX and <h1> in HTML */
  role: 'title' | 'subtitle' | 'body' | 'note' | 'footer' | 'marker' | 'label';
  paragraphs: Paragraph[];
  style: TextStyle;
}

export interface TableCell {
  runs: Run[];
  align?: 'left' | 'center' | 'right';
  bold?: boolean;
  fill?: string;
  color?: string;
  /** Japanese text only: where the layout starts a new line (as Paragraph.lineStarts) */
  lineStarts?: number[];
  /** spans */
  colspan?: number;
  rowspan?: number;
}

export interface TableElement extends ElementBase {
  kind: 'table';
  /** column widths in inches; they add up to box.w */
  columns: number[];
  /** row heights in inches; they add up to box.h */
  rowHeights: number[];
  rows: TableCell[][];
  /** how many leading rows are the header */
  headerRows: number;
  style: {
    font: string;
    size: number;
    color: string;
    headerFill: string;
    headerColor: string;
    border: string;
    /** fill of every other body row, or none */
    stripeFill?: string;
    /** cell inner margin, inches */
    inset: number;
  };
  /** a short description for screen readers */
  caption?: string;
}

export interface ChartElement extends ElementBase {
  kind: 'chart';
  chart: ChartSpec;
}

export interface ImageElement extends ElementBase {
  kind: 'image';
  /** absolute path of the image file (PNG, JPEG or SVG) */
  path: string;
  alt: string;
}

export interface ShapeElement extends ElementBase {
  kind: 'shape';
  shape: 'rect' | 'line';
  fill?: string;
  line?: { color: string; width: number };
}

export type Element = TextElement | TableElement | ChartElement | ImageElement | ShapeElement;

export interface SlideLayout {
  /** 1-based page number */
  number: number;
  /** stable id from the deck definition, e.g. "results-1h" */
  id: string;
  /** the slide's title as plain text (bookmarks, outline, tests) */
  title: string;
  /** the section this slide belongs to, e.g. "I. 1st Half Financial Results" */
  section?: string;
  /** what a screen reader calls the slide, in the deck's language */
  label: string;
  elements: Element[];
  /** speaker notes: where the slide's numbers come from */
  notes: string;
}

export interface DeckMeta {
  title: string;
  author: string;
  subject: string;
  company: string;
  /** BCP 47, e.g. "en" */
  lang: string;
  /** ISO date the deck is presented; used as the document date for reproducible files */
  date: string;
  keywords?: string[];
}

export interface DeckLayout {
  meta: DeckMeta;
  width: number;
  height: number;
  slides: SlideLayout[];
  /** draft marking requested */
  draft?: boolean;
  /** the words of the draft mark, in the deck's language */
  draftMark: string;
}
