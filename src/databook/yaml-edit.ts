// Figures written into a data file's text in place: each changed number
// replaces the bytes of its scalar and nothing else, so every comment, key
// order, quoting, flow or block style and line of the file stays as typed
// (the same splicing at node ranges as new-period, src/period/new-period.ts).
import { isScalar, parseDocument } from 'yaml';
import type { DataPath } from '../data/load.js';

export interface ScalarEdit { path: DataPath; value: number }

/** A number as YAML 1.2 reads it back: 16926, -138.3. */
export function yamlNumber(v: number): string {
  return Object.is(v, -0) ? '0' : String(v);
}

/** The text with each path's scalar replaced; paths with no scalar in the text are returned, not guessed. */
export function setScalars(input: string, edits: ScalarEdit[]): { text: string; missing: ScalarEdit[] } {
  const bom = input.startsWith('\uFEFF') ? '\uFEFF' : '';
  const src = input.slice(bom.length);
  const doc = parseDocument(src, { version: '1.2', uniqueKeys: true });
  const spans: { start: number; end: number; text: string }[] = [];
  const missing: ScalarEdit[] = [];
  for (const e of edits) {
    const node = doc.getIn(e.path, true);
    if (!isScalar(node) || !node.range) { missing.push(e); continue; }
    spans.push({ start: node.range[0], end: node.range[1], text: yamlNumber(e.value) });
  }
  spans.sort((a, b) => b.start - a.start);
  let text = src;
  for (const s of spans) text = text.slice(0, s.start) + s.text + text.slice(s.end);
  return { text: bom + text, missing };
}
