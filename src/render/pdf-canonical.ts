// Chromium's PDF is the same picture for the same page, but not always the same
// bytes: whether the logo drawn on every page is shared as one image or written
// again, and the order and numbers of its objects, depend on timing inside the
// browser (seen once in CI: a second build differed from the first). This pass
// makes the bytes a function of the content alone: subset fonts are named after
// their files, identical streams (images, colour profiles, font files) are
// merged, objects nobody refers to are dropped, the rest are numbered in the
// order they are reached from the catalog, and structure elements' IDs are
// numbered in the order of the structure tree (Chromium counts them across
// every document its renderer has laid out, so the second edition printed in
// one browser had IDs from node00002638 where a browser of its own gave
// node00000146).
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFRef, PDFStream, PDFString, type PDFContext, type PDFObject } from 'pdf-lib';

type RefMap = Map<PDFRef, PDFRef>;

/** Rewrite every reference inside `obj` (direct dictionaries, arrays and stream dictionaries); whether any was. */
function rewriteRefs(obj: PDFObject, map: RefMap, seen = new Set<PDFObject>()): boolean {
  if (seen.has(obj)) return false;
  seen.add(obj);
  let changed = false;
  const dict = obj instanceof PDFStream ? obj.dict : obj instanceof PDFDict ? obj : undefined;
  if (dict) {
    for (const [key, value] of dict.entries()) {
      const to = value instanceof PDFRef ? map.get(value) : undefined;
      if (to) {
        dict.set(key, to);
        changed = true;
      } else if (rewriteRefs(value, map, seen)) changed = true;
    }
  } else if (obj instanceof PDFArray) {
    for (let i = 0; i < obj.size(); i++) {
      const value = obj.get(i);
      const to = value instanceof PDFRef ? map.get(value) : undefined;
      if (to) {
        obj.set(i, to);
        changed = true;
      } else if (rewriteRefs(value, map, seen)) changed = true;
    }
  }
  return changed;
}

// Dictionaries that are safe to share when equal: resources, not things with an
// identity of their own (pages, annotations, structure elements).
const SHAREABLE_TYPES = new Set(['/Font', '/FontDescriptor', '/ExtGState']);

/** A stream, or a dictionary of a shareable type: what may be merged with an equal one. */
function mergeable(obj: PDFObject): boolean {
  return obj instanceof PDFStream || (obj instanceof PDFDict && SHAREABLE_TYPES.has(String(obj.get(PDFName.of('Type')))));
}

/** Equal objects have equal keys; streams of equal keys are compared byte for byte. */
function quickKey(obj: PDFObject): string {
  return obj instanceof PDFStream ? `s:${obj.getContents().length}:${obj.dict.toString()}` : `d:${obj.toString()}`;
}

const bytesOf = (s: PDFStream) => {
  const c = s.getContents();
  return Buffer.from(c.buffer, c.byteOffset, c.byteLength);
};

/**
 * Merge equal shareable objects until none are left (a merged image makes its
 * users equal too); returns each merged object's ref -> the ref it merged
 * into. Between rounds only the mergeable objects have their references
 * rewritten (their dictionaries are what the next round compares); the rest
 * of the document (~2,800 objects in the Japanese deck, the structure
 * elements most of them) is rewritten once, by renumber(). Streams are
 * compared by length and dictionary first and byte for byte only then, not
 * hashed, and each key is made again only for an object a round changed.
 */
function mergeDuplicates(ctx: PDFContext): RefMap {
  const merged: RefMap = new Map();
  let candidates = ctx.enumerateIndirectObjects().filter(([, obj]) => mergeable(obj));
  // an object's key is made again only when a round rewrote a reference in it
  const keys = new Map<PDFObject, string>();
  for (let round = 0; round < 8; round++) {
    const groups = new Map<string, [PDFRef, PDFObject][]>();
    const map: RefMap = new Map();
    for (const [ref, obj] of candidates) {
      let key = keys.get(obj);
      if (key === undefined) keys.set(obj, (key = quickKey(obj)));
      const group = groups.get(key);
      if (!group) {
        groups.set(key, [[ref, obj]]);
        continue;
      }
      const same = obj instanceof PDFStream ? group.find(([, o]) => bytesOf(o as PDFStream).equals(bytesOf(obj))) : group[0];
      if (same) map.set(ref, same[0]);
      else group.push([ref, obj]);
    }
    if (map.size === 0) break;
    candidates = candidates.filter(([ref]) => !map.has(ref));
    for (const [, obj] of candidates) if (rewriteRefs(obj, map)) keys.delete(obj);
    for (const dup of map.keys()) ctx.delete(dup);
    for (const [dup, canon] of merged) merged.set(dup, map.get(canon) ?? canon);
    for (const [dup, canon] of map) merged.set(dup, canon);
  }
  return merged;
}

/**
 * A subset font's name starts with six letters that only tell subsets apart
 * (AAAAAA+, BAAAAA+ in the order the browser met them); derive them from the
 * font file instead, so that the name, too, follows from the content.
 */
function renameSubsets(ctx: PDFContext): void {
  const names = new Map<string, PDFName>();
  const dicts: PDFDict[] = [];
  for (const [, obj] of ctx.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict)) continue;
    dicts.push(obj);
    const name = obj.get(PDFName.of('FontName'));
    const file = ['FontFile2', 'FontFile3', 'FontFile'].map((k) => obj.lookup(PDFName.of(k))).find((f) => f instanceof PDFStream);
    const m = /^\/[A-Z]{6}\+(.+)$/.exec(String(name));
    if (!m || !(file instanceof PDFStream)) continue;
    const digest = createHash('sha256').update(file.getContents()).digest();
    const tag = [...digest.subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
    names.set(String(name), PDFName.of(`${tag}+${m[1]}`));
  }
  if (names.size === 0) return;
  for (const dict of dicts) {
    for (const key of ['FontName', 'BaseFont'].map((k) => PDFName.of(k))) {
      const to = names.get(String(dict.get(key)));
      if (to) dict.set(key, to);
    }
  }
}

/**
 * Number the objects in the order a depth-first walk from the trailer reaches
 * them, a merged object's references going to the one it merged into. Each
 * reference is rewritten as the walk meets it: one pass over the document
 * (a walk and then a rewrite of every object took ~50 ms of the Japanese PDF).
 */
function renumber(ctx: PDFContext, merged: RefMap): void {
  const objects: PDFObject[] = [];
  const numbered: RefMap = new Map();
  const seen = new Set<PDFObject>();
  const renumbered = (old: PDFRef): PDFRef => {
    const ref = merged.get(old) ?? old;
    let to = numbered.get(ref);
    if (to) return to;
    to = PDFRef.of(objects.length + 1);
    numbered.set(ref, to);
    const obj = ctx.lookup(ref);
    if (obj === undefined) throw new Error(`the printed PDF refers to object ${ref.toString()}, which it does not have`);
    objects.push(obj);
    visit(obj);
    return to;
  };
  // every container is visited once, so every reference in it is rewritten once
  const visit = (obj: PDFObject): void => {
    if (seen.has(obj)) return;
    seen.add(obj);
    const dict = obj instanceof PDFStream ? obj.dict : obj instanceof PDFDict ? obj : undefined;
    if (dict) {
      if (dict !== obj) seen.add(dict);
      for (const [key, value] of dict.entries()) {
        if (value instanceof PDFRef) dict.set(key, renumbered(value));
        else visit(value);
      }
    } else if (obj instanceof PDFArray) {
      for (let i = 0; i < obj.size(); i++) {
        const value = obj.get(i);
        if (value instanceof PDFRef) obj.set(i, renumbered(value));
        else visit(value);
      }
    }
  };
  const { Root: root, Info: info } = ctx.trailerInfo;
  const top = (v: PDFObject | undefined) => (v instanceof PDFRef ? renumbered(v) : (v !== undefined && visit(v), v));
  const newRoot = top(root);
  const newInfo = top(info);

  for (const [ref] of ctx.enumerateIndirectObjects()) ctx.delete(ref);
  objects.forEach((obj, i) => ctx.assign(PDFRef.of(i + 1), obj));
  ctx.largestObjectNumber = objects.length;
  if (newRoot) ctx.trailerInfo.Root = newRoot;
  if (newInfo) ctx.trailerInfo.Info = newInfo;
  ctx.trailerInfo.ID = undefined; // an id would only restate what the content already fixes
}

const idText = (v: PDFObject | undefined): string | undefined => (v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined);

/**
 * Structure elements' /ID strings renamed node00000001, node00000002, ... in
 * the order a depth-first walk of the structure tree meets them, with what
 * names them: table cells' /Headers and the root's /IDTree (rewritten as one
 * flat, sorted name tree).
 */
function renameStructIds(ctx: PDFContext, catalog: PDFDict): void {
  const root = catalog.lookup(PDFName.of('StructTreeRoot'));
  if (!(root instanceof PDFDict)) return;
  const ID = PDFName.of('ID');
  const K = PDFName.of('K');
  const names = new Map<string, string>();
  const elems: PDFDict[] = [];
  const seen = new Set<PDFObject>();
  const walk = (obj: PDFObject | undefined): void => {
    const node = obj instanceof PDFRef ? ctx.lookup(obj) : obj;
    if (node === undefined || seen.has(node)) return;
    seen.add(node);
    if (node instanceof PDFArray) { for (let i = 0; i < node.size(); i++) walk(node.get(i)); return; }
    if (!(node instanceof PDFDict)) return;
    elems.push(node);
    const id = idText(node.get(ID));
    if (id !== undefined && !names.has(id)) names.set(id, `node${String(names.size + 1).padStart(8, '0')}`);
    walk(node.get(K));
  };
  walk(root.get(K));
  if (names.size === 0) return;
  const renamed = (v: PDFObject | undefined) => {
    const t = idText(v);
    return t !== undefined && names.has(t) ? PDFString.of(names.get(t)!) : undefined;
  };
  const HEADERS = PDFName.of('Headers');
  for (const elem of elems) {
    const id = renamed(elem.get(ID));
    if (id) elem.set(ID, id);
    const attrs = elem.lookup(PDFName.of('A'));
    for (const a of attrs instanceof PDFArray ? attrs.asArray().map((x) => ctx.lookup(x)) : [attrs]) {
      const headers = a instanceof PDFDict ? a.lookup(HEADERS) : undefined;
      if (!(headers instanceof PDFArray)) continue;
      for (let i = 0; i < headers.size(); i++) {
        const to = renamed(headers.get(i));
        if (to) headers.set(i, to);
      }
    }
  }
  const tree = root.lookup(PDFName.of('IDTree'));
  if (!(tree instanceof PDFDict)) return;
  const pairs: [string, PDFObject][] = [];
  const leaves = (n: PDFObject | undefined): void => {
    const d = n instanceof PDFRef ? ctx.lookup(n) : n;
    if (!(d instanceof PDFDict)) return;
    const list = d.lookup(PDFName.of('Names'));
    if (list instanceof PDFArray) {
      for (let i = 0; i + 1 < list.size(); i += 2) {
        const key = idText(list.get(i));
        if (key !== undefined) pairs.push([names.get(key) ?? key, list.get(i + 1)]);
      }
    }
    const kids = d.lookup(PDFName.of('Kids'));
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) leaves(kids.get(i));
  };
  leaves(tree);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  root.set(PDFName.of('IDTree'), ctx.obj({ Names: pairs.flatMap(([k, v]) => [PDFString.of(k), v]) }));
}

export function canonicalize(ctx: PDFContext): void {
  const catalog = ctx.lookup(ctx.trailerInfo.Root);
  if (catalog instanceof PDFDict) renameStructIds(ctx, catalog);
  renameSubsets(ctx);
  renumber(ctx, mergeDuplicates(ctx));
}
