// Reads one period's data file and turns it into typed data, or into a list of
// every problem found, each with file, line, column, data path and rule id.
// YAML is parsed keeping positions (LineCounter) so that schema errors, found
// on plain JS values, can be pointed back at the line the IR person typed;
// that reading is made only for a problem to report, or for a file the faster
// reader leaves to yaml (yaml-fast.ts): the positions the tie-out asks of a
// valid file come from the faster reading (yaml-positions.ts).
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { z } from '../util/zod.js';
import { dataSchema, LANGUAGES, type Data, type Lang } from './schema.js';
import { readFast } from './yaml-fast.js';
import { positionRecorder } from './yaml-positions.js';
import { textProblems } from './sanitize.js';
import { inputError, type Diagnostic } from '../errors.js';
import { readInput } from '../util/read-input.js';
export { inputError };

/** Larger than any real period file by two orders of magnitude; bigger is a mistake or an attack. */
export const MAX_BYTES = 1024 * 1024;
/** YAML aliases allowed; a "billion laughs" file needs far more. */
const MAX_ALIASES = 50;

export type DataPath = (string | number)[];

export interface Located {
  line: number;
  column: number;
}

export interface LoadedData {
  file: string;
  /** valid only when `problems` is empty; rules read it defensively either way */
  data: Data;
  /** schema and TODO errors (file and YAML errors are thrown at once: nothing can be read past them) */
  problems: Diagnostic[];
  /** line and column of a data path (or of its nearest existing parent) */
  locate(path: DataPath): Located;
  /** the languages the file lists (`languages:`; English when it lists none), the primary first */
  languages: Lang[];
  /** the data with its texts in one of `languages` (`data` is the primary's) */
  dataIn(lang: Lang): Data;
}

export interface LoadOptions {
  /**
   * 'now' (the default): positions are recorded while the file is read (every
   * build asks for them, for its tie-out); 'when-asked': the file is read again
   * for them if a position is asked for (a check asks only to report a problem).
   */
  positions?: 'now' | 'when-asked';
}

/** The file's `languages:` as far as they are valid (the schema reports the rest); English when none. */
function languagesOf(js: unknown): Lang[] {
  const listed = (js as { languages?: unknown } | null)?.languages;
  const valid = Array.isArray(listed) ? listed.filter((l): l is Lang => (LANGUAGES as readonly unknown[]).includes(l)) : [];
  return valid.length ? [...new Set(valid)] : ['en'];
}

export function pathToString(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s;
}

/**
 * Read, decode, parse, validate. A file that cannot be read as YAML throws an
 * IrdeckError (exit 2); schema problems are returned, so that the consistency
 * rules can still run and the user hears of every mistake in one pass.
 * `text` checks a file's would-be contents before they are written (import).
 */
export function loadData(file: string, text: string = readText(file), opts: LoadOptions = {}): LoadedData {
  // the values come from the faster reader when it can give exactly what yaml
  // would (data/yaml-fast.ts), and so do the positions the tie-out asks for
  // (data/yaml-positions.ts); the Document with positions is built for a
  // problem to report, or when the faster reader declines the file
  let withPositions: { doc: Document; lines: LineCounter } | undefined;
  const positioned = () => (withPositions ??= parseYaml(file, text));
  const recorder = positionRecorder(text);
  const heard = opts.positions !== 'when-asked';
  const fast = readFast(text, heard ? recorder.listener : undefined);
  // asked for later: the same reading again, heard this time (~3 ms of ~10 ms when not heard at all)
  if (!heard && fast !== undefined) recorder.onAsk = () => { readFast(text, recorder.listener); };
  const locateWith = () => (fast !== undefined && recorder.locator()) || locator(positioned().doc, positioned().lines);
  let locateIn: ((path: DataPath) => Located) | undefined;
  const locate = (path: DataPath) => (locateIn ??= locateWith())(path);
  const js = fast !== undefined ? fast : toPlain(file, positioned().doc);
  const diags: Diagnostic[] = [...todoMarks(file, text, positioned)];
  for (const t of textProblems(js)) {
    const at = (t.key && keyPosition(positioned().doc, positioned().lines, t.path.slice(0, -1), String(t.path.at(-1)))) || locate(t.path);
    diags.push({ file, ...at, path: pathToString(t.path), rule: t.rule, message: t.message, severity: 'error' });
  }
  // one reading per language: each gives the texts of its language, and its
  // missing texts; the problems every language shares are listed once
  const languages = languagesOf(js);
  const byLang = new Map<Lang, Data>();
  const seen = new Set<string>();
  for (const lang of languages) {
    const parsed = dataSchema(lang, languages).safeParse(js);
    byLang.set(lang, (parsed.success ? parsed.data : js) as Data);
    if (parsed.success) continue;
    for (const issue of parsed.error.issues) {
      const d = fromZodIssue(file, issue, js, positioned().doc, positioned().lines, locate);
      const key = `${d.line}:${d.column}:${d.path ?? ''}:${d.message}`;
      if (!seen.has(key)) diags.push(d);
      seen.add(key);
    }
  }
  const dataIn = (lang: Lang): Data => {
    const d = byLang.get(lang);
    if (!d) throw new Error(`${file} does not list the language ${lang}`);
    return d;
  };
  return { file, data: dataIn(languages[0]), problems: diags, locate, languages, dataIn };
}

/**
 * A YAML file of the project's own (assets/theme.yaml) read against its
 * schema: every problem is an input error at its line (exit 2), as for a data
 * file, not a stack trace. `shown` is the name the messages give the file.
 */
export function loadYamlFile<S extends z.ZodMiniType>(file: string, schema: S, shown = file): z.infer<S> {
  const text = readText(file, shown);
  const fast = readFast(text);
  let positioned: { doc: Document; lines: LineCounter } | undefined;
  const at = () => (positioned ??= parseYaml(shown, text));
  const js = fast !== undefined ? fast : toPlain(shown, at().doc);
  let locateIn: ((path: DataPath) => Located) | undefined;
  const locate = (path: DataPath) => (locateIn ??= locator(at().doc, at().lines))(path);
  const diags: Diagnostic[] = textProblems(js).map((t) => {
    const pos = (t.key && keyPosition(at().doc, at().lines, t.path.slice(0, -1), String(t.path.at(-1)))) || locate(t.path);
    return { file: shown, ...pos, path: pathToString(t.path), rule: t.rule, message: t.message, severity: 'error' as const };
  });
  const parsed = schema.safeParse(js);
  if (!parsed.success) diags.push(...parsed.error.issues.map((i) => fromZodIssue(shown, i, js, at().doc, at().lines, locate)));
  if (diags.length) throw inputError(diags);
  return (parsed as { data: z.infer<S> }).data;
}

function fail(file: string, rule: string, message: string, line = 0, column = 0): never {
  throw inputError([{ file, line, column, rule, message, severity: 'error' }]);
}

function readText(file: string, shown = file): string {
  const bytes = readInput(file, MAX_BYTES, (rule, message) => fail(shown, rule, message));
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '') fail(shown, 'file/empty', 'the file is empty; start from the sample data/fy2008-1h.yaml or `irdeck new-period`');
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    fail(shown, 'file/encoding', 'the file is UTF-16; save it as UTF-8');
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) fail(shown, 'file/binary', `the file holds binary data (a NUL byte at offset ${nul}); it is not a YAML text file`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstBadUtf8(bytes);
    fail(shown, 'file/encoding', 'the file is not valid UTF-8 (saved as Shift_JIS or Latin-1?); save it as UTF-8', at.line, at.column);
  }
  return text.replace(/^\uFEFF/, ''); // a BOM is harmless: accept it
}

function firstBadUtf8(bytes: Buffer): Located {
  const dec = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    try { dec.decode(bytes.subarray(0, mid)); lo = mid; } catch { hi = mid; }
  }
  const before = bytes.subarray(0, lo).toString('utf8');
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

function parseYaml(file: string, text: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2' });
  if (doc.errors.length > 0) {
    throw inputError(doc.errors.map((e) => {
      const pos = lines.linePos(e.pos[0]);
      return { file, line: pos.line, column: pos.col, rule: `yaml/${e.code.toLowerCase().replace(/_/g, '-')}`, message: yamlMessage(e.code, e.message), severity: 'error' as const };
    }));
  }
  return { doc, lines };
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') return `${first} (each key may appear once; a second value would silently replace the first)`;
  return first;
}

function toPlain(file: string, doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/alias/i.test(msg)) fail(file, 'yaml/alias-bomb', `too many YAML alias expansions (more than ${MAX_ALIASES}); a data file needs none`);
    fail(file, 'yaml/invalid', msg);
  }
}

/** Positions as yaml's Document gives them: the reference, which tests/yaml-positions.test.ts holds the faster ones to. */
export function documentLocator(file: string, text: string): (path: DataPath) => Located {
  const { doc, lines } = parseYaml(file, text);
  return locator(doc, lines);
}

function locator(doc: Document, lines: LineCounter): (path: DataPath) => Located {
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
      if (node && node.range) {
        // a missing field is reported at the key of the mapping that lacks it ("period:"),
        // which is where the IR person will add it
        if (n < path.length && n > 0 && typeof path[n - 1] === 'string') {
          const key = keyPosition(doc, lines, path.slice(0, n - 1), path[n - 1] as string);
          if (key) return key;
        }
        const pos = lines.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return { line: 1, column: 1 };
  };
}

/** The position of a key itself (for unknown keys), rather than of its value. */
function keyPosition(doc: Document, lines: LineCounter, parent: DataPath, key: string): Located | undefined {
  const node = parent.length ? doc.getIn(parent, true) : doc.contents;
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) {
      const pos = lines.linePos(pair.key.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return undefined;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}${v.length > 40 ? ` (${v.length} characters)` : ''}`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

/**
 * What a bound or a list of choices asks for, in words, where the schema gave
 * none of its own: zod's "Too big: expected number to be <=12" read "expected
 * Too big: ..." in a problem line; it is "a number of at most 12".
 */
function boundOrChoice(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === 'invalid_value' && /^Invalid option/.test(issue.message)) {
    return `one of ${issue.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}`;
  }
  if ((issue.code !== 'too_big' && issue.code !== 'too_small') || !/^Too (big|small):/.test(issue.message)) return undefined;
  const big = issue.code === 'too_big';
  const n = Number(big ? issue.maximum : issue.minimum);
  const inclusive = issue.inclusive !== false;
  if (issue.origin === 'string') return `text of ${big ? 'at most' : 'at least'} ${n} character${n === 1 ? '' : 's'}`;
  if (issue.origin === 'array' || issue.origin === 'set') return `a list of ${big ? 'at most' : 'at least'} ${n} item${n === 1 ? '' : 's'}`;
  return `a number ${inclusive ? (big ? 'of at most' : 'of at least') : (big ? 'less than' : 'greater than')} ${n}`;
}

function fromZodIssue(file: string, issue: z.core.$ZodIssue, js: unknown, doc: Document, lines: LineCounter, locate: (p: DataPath) => Located): Diagnostic {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const at = keyPosition(doc, lines, path, key);
    const pos = at ?? locate(path);
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return { file, ...pos, path: pathToString([...path, key]), rule: 'schema/unknown-key', message: `unknown key ${keys} (a typo? keys here are fixed by the format)`, severity: 'error' };
  }
  const found = valueAt(js, path);
  const own = issue.code === 'custom' ? (issue.params as { rule?: string } | undefined)?.rule : undefined;
  if (own) return { file, ...locate(path), path: pathToString(path), rule: own, message: issue.message, severity: 'error' };
  if (issue.code === 'invalid_union' && found !== null && typeof found === 'object' && !Array.isArray(found)) {
    const keys = Object.keys(found).map((k) => `"${k}"`).join(', ');
    const shape = `{ ${LANGUAGES.map((l) => `${l}: "..."`).join(', ')} }`;
    return { file, ...locate(path), path: pathToString(path), rule: 'schema/value', message: `expected some text, or texts by language (${shape}), found a mapping with ${keys}`, severity: 'error' };
  }
  const missing = found === undefined;
  const pos = locate(path);
  const rule = missing ? 'schema/missing' : issue.code === 'invalid_type' ? 'schema/type' : 'schema/value';
  const expected = boundOrChoice(issue) ?? issue.message.replace(/^Invalid input: expected /, 'a ').replace(/^Invalid input/, 'a valid value').replace(/, received \w+$/, '')
    .replace(/^a object$/, 'a mapping (key: value lines)').replace(/^a array$/, 'a list').replace(/^a string$/, 'some text');
  const message = missing ? `missing: expected ${expected}` : `expected ${expected}, found ${describe(found)}`;
  return { file, ...pos, path: pathToString(path), rule, message, severity: 'error' };
}

/** Every TODO left by `irdeck new-period` (or by hand): a deck must not go out with one. */
function todoMarks(file: string, text: string, positioned: () => { doc: Document; lines: LineCounter }): Diagnostic[] {
  const out: Diagnostic[] = [];
  // a value can only say TODO if the text does, or spells it with an escape ("TO\x44O"): skip the walk otherwise
  if (!/TODO|\\[xuU]/.test(text)) return out;
  const { doc, lines } = positioned();
  visit(doc, {
    Scalar(_key, node, ancestors) {
      if (typeof node.value === 'string' && /\bTODO\b/.test(node.value) && node.range) {
        const pos = lines.linePos(node.range[0]);
        // keys of the pairs and indices in the sequences on the way down (factors[0].label.ja)
        const path: PropertyKey[] = [];
        ancestors.forEach((a, i) => {
          if (isPair(a)) path.push(isScalar(a.key) ? String(a.key.value) : '?');
          else if (isSeq(a)) path.push(a.items.indexOf((ancestors[i + 1] ?? node) as (typeof a.items)[number]));
        });
        out.push({ file, line: pos.line, column: pos.col, path: pathToString(path), rule: 'data/todo', message: `still marked TODO: ${JSON.stringify(node.value.slice(0, 60))}`, severity: 'error' });
      }
    },
  });
  return out;
}
