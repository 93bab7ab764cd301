// Where each value and key of a data file was typed, recorded while js-yaml
// reads it (yaml-fast.ts), so that a build need not build yaml's Document.
//
// Why: every build asks for positions (the tie-out names the line of every
// figure), and yaml's Document with positions took 45-70 ms of the main
// thread of each build of the sample (parseYaml in `node --cpu-prof`), more
// CPU in all (a cold process's first position: below). js-yaml calls a
// listener when it opens and closes a node; the tree of those events, matched
// to the value js-yaml returns, gives the offsets yaml's nodes have:
// - a node starts at its first character past the spaces, line breaks and
//   comments before it (a quote, `|`/`>`, `{`/`[`, the first `-` or key);
// - an empty value starts past the `:` and the spaces after it, as yaml's
//   empty scalar does;
// - paths are looked up as yaml's getIn looks them up (keys by their core
//   schema value: the key `2008` is the number, not the text "2008"), and the
//   line and column are yaml's LineCounter's (1-based, in UTF-16 code units).
// Events of a shape the tree does not know (an empty list entry, an explicit
// `?` key without value, a pair in a flow list) do not match the value: then
// there are no positions here, and load.ts builds the Document as before.
// tests/yaml-positions.test.ts compares every path of the samples, hand-made
// edge cases and mutated samples with yaml's positions.
//
// Measured on data/fy2008-1h.yaml against main, in alternating runs on the
// 2-core machine (other work running): `irdeck build` took 2.65 s of CPU on
// main and 2.51 s with these positions (user+sys, median of 10 runs of
// /usr/bin/time; perf stat task-clock, median of 10: 2721 and 2559 ms), with
// no parseYaml left in its profile; `irdeck check`, which asks for no
// position, 340.9 and 341.0 ms (task-clock, median of 30). A cold process's
// first position costs ~6 ms of CPU here, ~157 ms with the Document
// (process.cpuUsage around loadData and one locate, median of 40).
import type { EventType, State } from 'js-yaml';

type Path = readonly (string | number)[];

interface Located {
  line: number;
  column: number;
}

/** A node as yaml's Document has it: its start offset, and its pairs or items. */
interface PNode {
  start: number;
  pairs?: { key: unknown; keyStart: number; value: PNode }[];
  items?: PNode[];
}

/** One composeNode call of js-yaml: where it began, what it read, and the calls inside it. */
interface Frame {
  open: number;
  end: number;
  kind: string | null;
  result: unknown;
  children: Frame[];
}

/** load.ts's locator: the start of the node at `path`, or (missing) of the key or node of its nearest parent */
export type Locate = (path: Path) => Located;

export interface PositionRecorder {
  /** js-yaml's `listener` option */
  listener: (event: EventType, state: State) => void;
  /** the positions of what was read, or undefined when the events do not match the value read */
  locator(): Locate | undefined;
  /** called once when positions are first asked for: it may feed the listener then (load.ts) */
  onAsk?: () => void;
}

/** Records js-yaml's events while it reads `text`; the positions are worked out when first asked for. */
export function positionRecorder(text: string): PositionRecorder {
  // a flat log while js-yaml reads (most runs never ask where anything is):
  // an open as its position, a close as ~position with its kind and result
  const marks: number[] = [];
  const kinds: (string | null)[] = [];
  const results: unknown[] = [];
  let done: Locate | null | undefined;
  const rec: PositionRecorder = {
    listener: (event, state) => {
      if (event === 'open') marks.push(state.position);
      else {
        marks.push(~state.position);
        kinds.push(state.kind);
        results.push(state.result);
      }
    },
    locator() {
      if (done === undefined) {
        rec.onAsk?.();
        const top = frames(marks, kinds, results);
        const root = top && toNode(text, top);
        done = root ? locatorOf(text, root) : null;
      }
      return done ?? undefined;
    },
  };
  return rec;
}

/** The log's tree of calls: the one outermost, or undefined if the log is not of one. */
function frames(marks: number[], kinds: (string | null)[], results: unknown[]): Frame | undefined {
  const stack: Frame[] = [{ open: 0, end: 0, kind: null, result: undefined, children: [] }];
  let closed = 0;
  for (const m of marks) {
    if (m >= 0) stack.push({ open: m, end: 0, kind: null, result: undefined, children: [] });
    else {
      const f = stack.pop();
      if (!f || stack.length === 0) return undefined;
      f.end = ~m;
      f.kind = kinds[closed];
      f.result = results[closed++];
      stack[stack.length - 1].children.push(f);
    }
  }
  return stack.length === 1 && stack[0].children.length === 1 ? stack[0].children[0] : undefined;
}

/** Past spaces, line breaks and comments: where the node js-yaml began to look for at `p` starts. */
function skipSeparation(text: string, p: number): number {
  for (;;) {
    const c = text.charCodeAt(p);
    if (c === 0x20 || c === 0x0a) p++;
    else if (c === 0x23 && (p === 0 || text.charCodeAt(p - 1) === 0x20 || text.charCodeAt(p - 1) === 0x0a)) {
      const nl = text.indexOf('\n', p);
      if (nl < 0) return text.length;
      p = nl;
    } else return p;
  }
}

function skipSpaces(text: string, p: number): number {
  while (text.charCodeAt(p) === 0x20) p++;
  return p;
}

/** The node a frame read, or undefined if its events are not of a shape known here. */
function toNode(text: string, f: Frame): PNode | undefined {
  if (f.kind === 'scalar') return { start: skipSeparation(text, f.open) };
  // readBlockMapping tries a node as a key and keeps it when no `:` follows:
  // the outer call then has one call inside it, whose result it took
  if (f.children.length === 1 && f.children[0].result === f.result) return toNode(text, f.children[0]);
  if (f.kind === 'sequence') {
    if (!Array.isArray(f.result) || f.children.length !== f.result.length) return undefined;
    const items: PNode[] = [];
    for (const c of f.children) {
      const item = c.kind === null ? undefined : toNode(text, c);
      if (!item) return undefined;
      items.push(item);
    }
    return { start: skipSeparation(text, f.open), items };
  }
  if (f.kind === 'mapping') {
    const n = f.children.length;
    if (n % 2 !== 0 || Object.keys(f.result as object).length !== n / 2) return undefined;
    const pairs: NonNullable<PNode['pairs']> = [];
    for (let i = 0; i < n; i += 2) {
      const k = f.children[i];
      const v = f.children[i + 1];
      if (k.kind !== 'scalar') return undefined;
      let value: PNode | undefined;
      if (v.kind === null) {
        // an empty value: yaml's empty scalar is past the `:` and the spaces after it
        const colon = skipSpaces(text, k.end);
        if (text.charCodeAt(colon) !== 0x3a) return undefined;
        value = { start: skipSpaces(text, colon + 1) };
      } else value = toNode(text, v);
      if (!value) return undefined;
      pairs.push({ key: k.result, keyStart: skipSeparation(text, k.open), value });
    }
    return { start: skipSeparation(text, f.open), pairs };
  }
  return undefined;
}

/** yaml's Seq.get index: a non-negative integer, or a string that is one as a number. */
function itemIndex(key: string | number): number | undefined {
  const idx = key && typeof key === 'string' ? Number(key) : key;
  return typeof idx === 'number' && Number.isInteger(idx) && idx >= 0 ? idx : undefined;
}

function locatorOf(text: string, root: PNode): Locate {
  let lineStarts: number[] | undefined;
  // yaml's LineCounter.linePos
  const at = (offset: number): Located => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    }
    let low = 0;
    let high = lineStarts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (lineStarts[mid] < offset) low = mid + 1;
      else high = mid;
    }
    if (lineStarts[low] === offset) return { line: low + 1, column: 1 };
    if (low === 0) return { line: 0, column: offset };
    return { line: low, column: offset - lineStarts[low - 1] + 1 };
  };
  // yaml's doc.getIn(path, true): map keys by strict equality with the key's value
  const getIn = (path: Path, n: number): PNode | undefined => {
    let node: PNode | undefined = root;
    for (let i = 0; i < n && node; i++) {
      const p = path[i];
      if (node.pairs) node = node.pairs.find((pair) => pair.key === p)?.value;
      else if (node.items) {
        const idx = itemIndex(p);
        node = idx === undefined ? undefined : node.items[idx];
      } else node = undefined;
    }
    return node;
  };
  // load.ts's keyPosition: the first key whose value reads as `key`
  const keyAt = (parent: Path, key: string): Located | undefined => {
    const pair = getIn(parent, parent.length)?.pairs?.find((p) => String(p.key) === key);
    return pair && at(pair.keyStart);
  };
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = getIn(path, n);
      if (!node) continue;
      if (n < path.length && n > 0 && typeof path[n - 1] === 'string') {
        const key = keyAt(path.slice(0, n - 1), path[n - 1] as string);
        if (key) return key;
      }
      return at(node.start);
    }
    return { line: 1, column: 1 };
  };
}
