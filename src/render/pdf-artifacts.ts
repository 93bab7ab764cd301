// PDF/UA-1 (ISO 14289-1, 7.1) wants every drawing in a page either tagged (inside marked content
// the structure tree refers to) or marked as an Artifact. Chromium tags what the accessibility tree
// holds and leaves everything else unmarked: aria-hidden bullet glyphs, footers and page numbers,
// rules, bands, card frames and the page's white ground (veraPDF rule 7.1-3: 137 operations in the
// sample). HTML has no way to say "artifact", so this pass wraps each unmarked drawing operation of a
// content stream, with the path or operands it draws, in `/Artifact BMC ... EMC`. It reads the
// stream once with a small lexer (strings, names, arrays, dictionaries, inline images) and copies it
// with the markers inserted: ~15 ms for the sample's 26 pages.

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));
const PATH_BUILD = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're']);
const PATH_PAINT = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'n']);
const SHOW = new Set(['Tj', 'TJ', "'", '"', 'Do', 'sh']);

interface Op { op: string; start: number; end: number; operands: string[] }

/** The operators of a content stream, each with the byte range of its operands and itself. */
function* operators(s: Buffer): Generator<Op> {
  let i = 0;
  let start = -1;
  let operands: string[] = [];
  const n = s.length;
  const begin = (at: number) => { if (start < 0) start = at; };
  while (i < n) {
    const c = s[i];
    if (WS.has(c)) { i++; continue; }
    if (c === 0x25) { while (i < n && s[i] !== 0x0a && s[i] !== 0x0d) i++; continue; } // % comment
    const at = i;
    if (c === 0x28) { // ( literal string )
      let depth = 0;
      for (; i < n; i++) {
        if (s[i] === 0x5c) { i++; continue; }
        if (s[i] === 0x28) depth++;
        else if (s[i] === 0x29 && --depth === 0) { i++; break; }
      }
      begin(at); operands.push(''); continue;
    }
    if (c === 0x3c && s[i + 1] === 0x3c) { i += 2; begin(at); operands.push('<<'); continue; }
    if (c === 0x3e && s[i + 1] === 0x3e) { i += 2; operands.push('>>'); continue; }
    if (c === 0x3c) { while (i < n && s[i] !== 0x3e) i++; i++; begin(at); operands.push(''); continue; } // <hex>
    if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) { i++; begin(at); operands.push(String.fromCharCode(c)); continue; }
    if (c === 0x2f) { // /Name
      i++;
      while (i < n && !WS.has(s[i]) && !DELIM.has(s[i])) i++;
      begin(at); operands.push(s.toString('latin1', at, i)); continue;
    }
    while (i < n && !WS.has(s[i]) && !DELIM.has(s[i])) i++;
    if (i === at) { i++; continue; } // a stray delimiter
    const word = s.toString('latin1', at, i);
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word) || word === 'true' || word === 'false' || word === 'null') { begin(at); operands.push(word); continue; }
    if (word === 'BI') {
      // inline image: dictionary up to ID, one white-space byte, binary data up to EI between white space
      const id = s.indexOf('ID', i, 'latin1');
      let j = id + 3;
      while (j < n && !(WS.has(s[j - 1]) && s[j] === 0x45 && s[j + 1] === 0x49 && (j + 2 >= n || WS.has(s[j + 2])))) j++;
      i = Math.min(n, j + 2);
      yield { op: 'BI', start: at, end: i, operands: [] };
      start = -1; operands = [];
      continue;
    }
    yield { op: word, start: start < 0 ? at : start, end: i, operands };
    start = -1;
    operands = [];
  }
}

/**
 * The content stream with every drawing operation that is neither tagged nor an artifact wrapped
 * in an Artifact sequence; the stream itself if it has none (the same bytes, not a copy).
 */
export function markArtifacts(content: Buffer): Buffer {
  const out: Buffer[] = [];
  let copied = 0;
  // one entry per open marked-content sequence: does it mark its content (an MCID, or an Artifact)?
  const stack: boolean[] = [];
  let marked = 0;
  let pathStart = -1;
  const wrap = (from: number, to: number) => {
    out.push(content.subarray(copied, from), Buffer.from('/Artifact BMC\n'), content.subarray(from, to), Buffer.from('\nEMC'));
    copied = to;
  };
  for (const o of operators(content)) {
    if (o.op === 'BDC' || o.op === 'BMC') {
      const marks = o.operands[0] === '/Artifact' || o.operands.includes('/MCID');
      stack.push(marks);
      if (marks) marked++;
      continue;
    }
    if (o.op === 'EMC') {
      if (stack.pop()) marked--;
      continue;
    }
    if (marked > 0) { pathStart = -1; continue; }
    if (PATH_BUILD.has(o.op)) { if (pathStart < 0) pathStart = o.start; continue; }
    if (PATH_PAINT.has(o.op)) { wrap(pathStart < 0 ? o.start : pathStart, o.end); pathStart = -1; continue; }
    if (SHOW.has(o.op) || o.op === 'BI') wrap(o.start, o.end);
  }
  if (copied === 0) return content;
  out.push(content.subarray(copied));
  return Buffer.concat(out);
}
