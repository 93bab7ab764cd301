// PDF/UA-1 (ISO 14289-1, 7.1) wants every drawing in a page either tagged (inside marked content
// the structure tree refers to) or marked as an Artifact. Chromium tags what the accessibility tree
// holds and leaves everything else unmarked: aria-hidden bullet glyphs, footers and page numbers,
// rules, bands, card frames and the page's white ground (veraPDF rule 7.1-3: 137 operations in the
// sample). HTML has no way to say "artifact", so this pass wraps each unmarked drawing operation of a
// content stream, with the path or operands it draws, in `/Artifact BMC ... EMC`. It reads the
// stream once with a small lexer (strings, names, arrays, dictionaries, inline images) and copies it
// with the markers inserted.

// byte classes: 0 regular, 1 white space, 2 delimiter
const CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = 1;
for (const c of '()<>[]{}/%') CLASS[c.charCodeAt(0)] = 2;
// operator kinds, looked up by the operator's bytes packed into a number (every operator here is 1-3 bytes)
const BEGIN = 1; // BDC, BMC
const END = 2; // EMC
const BUILD = 3; // path construction
const PAINT = 4; // path painting (ends a path)
const SHOW = 5; // text showing, XObjects, shadings
const INLINE = 6; // BI
const pack = (w: string) => [...w].reduce((n, ch, j) => n + ch.charCodeAt(0) * 256 ** j, 0);
const KIND = new Map<number, number>([
  ...['BDC', 'BMC'].map((w) => [pack(w), BEGIN] as const),
  [pack('EMC'), END],
  ...['m', 'l', 'c', 'v', 'y', 'h', 're'].map((w) => [pack(w), BUILD] as const),
  ...['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'n'].map((w) => [pack(w), PAINT] as const),
  ...['Tj', 'TJ', "'", '"', 'Do', 'sh'].map((w) => [pack(w), SHOW] as const),
  [pack('BI'), INLINE],
]);
const ARTIFACT = Buffer.from('/Artifact', 'latin1');
const MCID = Buffer.from('/MCID', 'latin1');
const sameBytes = (s: Uint8Array, at: number, word: Uint8Array) => {
  for (let j = 0; j < word.length; j++) if (s[at + j] !== word[j]) return false;
  return true;
};
const isNumberStart = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
const OPEN = Buffer.from('/Artifact BMC\n', 'latin1');
const CLOSE = Buffer.from('\nEMC', 'latin1');

/** A function giving the next BDC, BMC or EMC operator at or after a position (-1: none). */
function markerFinder(s: Buffer): (from: number) => number {
  const words = ['BDC', 'BMC', 'EMC'].map((w) => Buffer.from(w, 'latin1'));
  const next = [-2, -2, -2];
  const isToken = (j: number) => (j === 0 || CLASS[s[j - 1]] !== 0) && (j + 3 >= s.length || CLASS[s[j + 3]] !== 0);
  return (from) => {
    let best = -1;
    for (let w = 0; w < 3; w++) {
      if (next[w] !== -1 && next[w] < from) {
        let j = s.indexOf(words[w], from);
        while (j >= 0 && !isToken(j)) j = s.indexOf(words[w], j + 1);
        next[w] = j;
      }
      if (next[w] >= 0 && (best < 0 || next[w] < best)) best = next[w];
    }
    return best;
  };
}

/**
 * The content stream with every drawing operation that is neither tagged nor an artifact wrapped
 * in an Artifact sequence; the stream itself if it has none (the same bytes, not a copy).
 * One pass over the bytes in one function, allocating nothing per operator: it runs once per build,
 * cold, so it is written for the interpreter as much as for the optimiser.
 */
export function markArtifacts(s: Buffer): Buffer {
  const out: Buffer[] = [];
  let copied = 0;
  // per open marked-content sequence: does it mark its content (an MCID, or an Artifact)?
  const stack: boolean[] = [];
  let marked = 0;
  let pathStart = -1;
  const n = s.length;
  let i = 0;
  let start = -1; // where the current operator's operands begin
  let marks = false; // do they name /Artifact or hold an /MCID key?
  // Inside tagged content only BDC, BMC and EMC matter. Without literal strings (Chromium writes
  // text as hex strings, which cannot hold an operator between delimiters) they are found with
  // the native indexOf rather than byte by byte: ~4x less time for the first (cold) call.
  const skip = s.indexOf(0x28) < 0 ? markerFinder(s) : undefined;
  while (i < n) {
    if (marked > 0 && skip) {
      const j = skip(i);
      if (j < 0) break;
      i = j + 3;
      if (s[j] === 0x45) { if (stack.pop()) marked--; } else stack.push(false); // EMC; a nested BDC or BMC
      start = -1;
      marks = false;
      continue;
    }
    const c = s[i];
    const k = CLASS[c];
    if (k === 1) { i++; continue; }
    const at = i;
    if (k === 2) {
      if (c === 0x25) { while (i < n && s[i] !== 0x0a && s[i] !== 0x0d) i++; continue; } // % comment
      if (start < 0) start = at;
      if (c === 0x28) { // ( literal string ), balanced, with \\ escapes
        let depth = 0;
        for (; i < n; i++) {
          const b = s[i];
          if (b === 0x5c) i++;
          else if (b === 0x28) depth++;
          else if (b === 0x29 && --depth === 0) { i++; break; }
        }
      } else if (c === 0x3c && s[i + 1] !== 0x3c) { // <hex string>
        while (i < n && s[i] !== 0x3e) i++;
        i++;
      } else if (c === 0x2f) { // /Name
        i++;
        while (i < n && CLASS[s[i]] === 0) i++;
        const len = i - at;
        if ((len === 9 && sameBytes(s, at, ARTIFACT)) || (len === 5 && sameBytes(s, at, MCID))) marks = true;
      } else i += (c === 0x3c && s[i + 1] === 0x3c) || (c === 0x3e && s[i + 1] === 0x3e) ? 2 : 1; // << >> [ ] { }
      continue;
    }
    while (i < n && CLASS[s[i]] === 0) i++;
    const len = i - at;
    if (isNumberStart(c) || len > 3) { if (start < 0) start = at; continue; } // numbers; true, false, null
    const kind = KIND.get(len === 1 ? c : len === 2 ? c + s[at + 1] * 256 : c + s[at + 1] * 256 + s[at + 2] * 65536);
    const from = start < 0 ? at : start;
    const operandsMark = marks;
    start = -1;
    marks = false;
    if (kind === undefined) continue;
    let to = i;
    if (kind === INLINE) { // BI: the image data runs from ID to EI, each between white space
      let j = at + 2;
      while (j < n && !(s[j] === 0x49 && s[j + 1] === 0x44 && CLASS[s[j - 1]] === 1 && CLASS[s[j + 2]] === 1)) j++;
      j += 3;
      while (j < n && !(CLASS[s[j - 1]] === 1 && s[j] === 0x45 && s[j + 1] === 0x49 && (j + 2 >= n || CLASS[s[j + 2]] !== 0))) j++;
      i = to = Math.min(n, j + 2);
    }
    if (kind === BEGIN) { stack.push(operandsMark); if (operandsMark) marked++; continue; }
    if (kind === END) { if (stack.pop()) marked--; continue; }
    if (marked > 0) { pathStart = -1; continue; }
    if (kind === BUILD) { if (pathStart < 0) pathStart = from; continue; }
    const wrapFrom = kind === PAINT && pathStart >= 0 ? pathStart : from;
    pathStart = -1;
    out.push(s.subarray(copied, wrapFrom), OPEN, s.subarray(wrapFrom, to), CLOSE);
    copied = to;
  }
  if (copied === 0) return s;
  out.push(s.subarray(copied));
  return Buffer.concat(out);
}
