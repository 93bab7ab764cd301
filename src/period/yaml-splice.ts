// Editing a YAML file as text at the positions of its nodes, so that what is
// not edited (comments, their alignment, quoting, blank lines) stays byte for
// byte: new-period's roll-forward is a list of such edits.
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';

interface Edit { start: number; end: number; text: string }

/** Text edits at node positions, applied at once from the end of the file backwards. */
export class Splicer {
  private edits: Edit[] = [];
  constructor(readonly src: string) {}

  slice(node: Node): string {
    return this.src.slice(node.range![0], node.range![1]).replace(/\s+$/, '');
  }

  /** Replace a node's text; a block node's range runs to the next line, which stays. */
  replace(node: Node, text: string): void {
    const [start, end] = node.range!;
    const old = this.src.slice(start, end);
    const body = old.replace(/\s+$/, '');
    const trail = old.slice(body.length);
    if (trail.includes('\n')) { this.edits.push({ start, end, text: `${text}${trail}` }); return; }
    // a comment aligned after the value stays aligned: "kind: nine_months  # ..." keeps its column
    const after = /^( +)#/.exec(this.src.slice(end));
    if (after && !body.includes('\n')) {
      const pad = Math.max(1, after[1].length - (text.length - body.length));
      this.edits.push({ start, end: end + after[1].length, text: `${text}${' '.repeat(pad)}` });
      return;
    }
    this.edits.push({ start, end, text });
  }

  span(start: number, end: number, text: string): void {
    this.edits.push({ start, end, text });
  }

  lineStart(pos: number): number {
    return this.src.lastIndexOf('\n', pos - 1) + 1;
  }

  /** The position just after the end of the line holding pos. */
  nextLine(pos: number): number {
    const i = this.src.indexOf('\n', pos);
    return i < 0 ? this.src.length : i + 1;
  }

  apply(): string {
    const sorted = [...this.edits].sort((a, b) => b.start - a.start || b.end - a.end);
    let out = this.src;
    let limit = Infinity;
    for (const e of sorted) {
      if (e.end > limit) throw new Error(`internal: overlapping edits at ${e.start}..${e.end}`);
      out = out.slice(0, e.start) + e.text + out.slice(e.end);
      limit = e.start;
    }
    return out;
  }
}

/** The last character of a node's content (before trailing newlines and comments). */
export function contentEnd(node: Node, src: string): number {
  if (isScalar(node) || (isSeq(node) && node.flow) || (isMap(node) && node.flow)) {
    const [start, end] = node.range!;
    return start + src.slice(start, end).replace(/\s+$/, '').length;
  }
  let end = node.range![0];
  const items = (node as YAMLMap | YAMLSeq).items as unknown[];
  for (const it of items) {
    const parts = isPairLike(it) ? [it.key, it.value] : [it];
    for (const p of parts) if (p && typeof p === 'object' && 'range' in p && (p as Node).range) end = Math.max(end, contentEnd(p as Node, src));
  }
  return end;
}

export function isPairLike(x: unknown): x is Pair<unknown, unknown> {
  return typeof x === 'object' && x !== null && 'key' in x && 'value' in x;
}

export function mapGet(map: unknown, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  const v = map.get(key, true);
  return v && typeof v === 'object' && 'range' in v ? (v as Node) : undefined;
}

export function pairOf(map: unknown, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  return (map.items as Pair<Node, Node | null>[]).find((p) => isScalar(p.key) && String(p.key.value) === key);
}

/** The indentation and dash of a block sequence item's line, e.g. "  - ". */
export function dashPrefix(s: Splicer, item: Node): string {
  const ls = s.lineStart(item.range![0]);
  const head = s.src.slice(ls, item.range![0]);
  return /^\s*-\s+$/.test(head) ? head : `${' '.repeat(Math.max(0, head.length - 2))}- `;
}

/**
 * Drop some items of a sequence and append others (text as it should appear).
 * A flow sequence is rewritten on its line; a block sequence loses the dropped
 * items' lines and gains new "- " lines.
 */
export function rollSeq(s: Splicer, seq: YAMLSeq, keep: (item: Node, i: number) => boolean, append: string[], whenEmpty = '[]'): void {
  const items = seq.items as Node[];
  const kept = items.filter((it, i) => keep(it, i));
  if (kept.length === items.length && append.length === 0) return;
  if (seq.flow || items.length === 0) {
    const all = [...kept.map((it) => s.slice(it)), ...append];
    s.replace(seq, all.length ? `[${all.join(', ')}]` : whenEmpty);
    return;
  }
  if (kept.length === 0 && append.length === 0) { s.replace(seq, whenEmpty); return; }
  const prefix = dashPrefix(s, items[0]);
  items.forEach((it, i) => {
    if (keep(it, i)) return;
    const start = s.lineStart(it.range![0]);
    const end = i + 1 < items.length ? s.lineStart(items[i + 1].range![0]) : s.nextLine(contentEnd(it, s.src));
    s.span(start, end, '');
  });
  if (append.length) {
    const last = items[items.length - 1];
    const at = s.nextLine(contentEnd(last, s.src));
    const eol = at === s.src.length && !s.src.endsWith('\n') ? '\n' : '';
    s.span(at, at, `${eol}${append.map((a) => `${prefix}${a}\n`).join('')}`);
  }
}

/** Delete a mapping entry with its lines (key line to the end of its value). */
export function deletePair(s: Splicer, pair: Pair<Node, Node | null>): void {
  const start = s.lineStart(pair.key.range![0]);
  const end = s.nextLine(pair.value ? contentEnd(pair.value, s.src) : pair.key.range![1]);
  s.span(start, end, '');
}
