// A faster first reading of a data file, with the same result as the
// reference reading (the `yaml` package, YAML 1.2 core schema, which keeps
// every node's position for error messages).
//
// Why: building yaml's Document costs ~50 ms of a ~0.3 s check, and most runs
// need no position at all (positions are for problems and for the tie-out).
// js-yaml reads the same 30 KB in ~13 ms. Two readers are only worth having if
// they cannot disagree, so:
// - plain scalars are resolved by yaml's own core-schema tags (the same
//   regular expressions and resolve functions, in the same order), plugged
//   into js-yaml as its implicit types: `-0`, `0x1F`, `0o17`, `.inf`, `1e400`
//   mean to both what they mean to yaml;
// - anything else the two might treat differently is left to yaml: anchors,
//   aliases, tags, directives, several documents, merge keys, null keys, tabs,
//   CR and the unusual line breaks, and every file js-yaml finds fault with
//   (duplicate keys included);
// - so is what yaml rejects and js-yaml reads all the same: a comment touching
//   the end of a flow collection or quoted text (`[1, 2]#`), and continuation
//   lines of either indented too little (js-yaml only warns of them, and of
//   a closing bracket at its parent's column, which yaml warns of too);
// - the file is read again with yaml, lazily, when a problem is reported
//   (its position), so an error found only by the stricter reader is reported
//   with it; the positions of a valid file (the tie-out's) come from js-yaml's
//   own reading (yaml-positions.ts).
import { FAILSAFE_SCHEMA, load, Type, type EventType, type LoadOptions, type State } from 'js-yaml';
import { isScalar, Schema } from 'yaml';

interface CoreTag {
  tag: string;
  default?: boolean | 'key';
  test?: RegExp;
  resolve: (value: string, onError: (message: string) => void, options: object) => unknown;
}

// Constructs and characters the readers might treat differently: left to yaml.
const DECLINE = [
  /(?:^|[\s[{,])[&*!][^\s]/m, // an anchor, alias or tag where a node starts
  /^%/m, // a directive
  /^(?:---|\.\.\.)(?:\s|$)/m, // document markers: a data file is one document
  /<</, // a merge key
  /[\]}]\s*:(?:\s|$)/m, // a flow collection as a key: the readers write it as different text
  /[\t\r\u0085\u2028\u2029\uFEFF]/, // tabs, CR, NEL, LS, PS, BOM
];

// A null read as a mapping key becomes "null" in js-yaml and "" in yaml: nulls
// are read as a marker object, which js-yaml names "[object Object]" as a key,
// and a file with such a key is left to yaml.
const NULL_KEY = '[object Object]';
const NULL = Object.freeze({});

/** Marked nulls back to null; false if a mapping has a null key. */
function unmark(v: unknown): boolean {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (v[i] === NULL) v[i] = null;
      else if (!unmark(v[i])) return false;
    }
  } else if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (k === NULL_KEY) return false;
      if (o[k] === NULL) o[k] = null;
      else if (!unmark(o[k])) return false;
    }
  }
  return true;
}

let schema: ReturnType<typeof FAILSAFE_SCHEMA.extend> | undefined;

/** js-yaml's schema: strings, sequences and mappings, and yaml's core scalars as implicit types. */
function coreSchema(): ReturnType<typeof FAILSAFE_SCHEMA.extend> {
  if (schema) return schema;
  const tags = (new Schema({ schema: 'core' }).tags as unknown as CoreTag[]).filter((t) => t.default === true && t.test);
  const fail = (message: string) => { throw new Error(message); };
  const construct = (t: CoreTag, data: string) => {
    // yaml's resolvers may wrap the value in a Scalar node (to keep its format); the value is inside
    const v = t.resolve(data, fail, { intAsBigInt: false });
    const value = isScalar(v) ? v.value : v;
    return value === null ? NULL : value;
  };
  // Most plain scalars of a data file (every key, every word) are strings that
  // no tag takes: one regex of all the tags' tests, which matches exactly when
  // one of them does (each is anchored; alternatives without flags or
  // back-references keep their meaning), turns them away with one test instead
  // of eight; a scalar it takes gets the first tag that matches, in yaml's order.
  const plain = tags.every((t) => t.test!.flags === '' && !/\\[1-9k]/.test(t.test!.source));
  const any = plain ? new RegExp(tags.map((t) => `(?:${t.test!.source})`).join('|')) : undefined;
  const implicit = any
    ? [new Type('tag:irdeck,2026:core', {
        kind: 'scalar',
        resolve: (data: unknown) => typeof data === 'string' && any.test(data),
        construct: (data: string) => construct(tags.find((t) => t.test!.test(data))!, data),
      })]
    : tags.map((t, i) => new Type(`tag:irdeck,2026:core-${i}`, {
        kind: 'scalar',
        resolve: (data: unknown) => typeof data === 'string' && t.test!.test(data),
        construct: (data: string) => construct(t, data),
      }));
  schema = FAILSAFE_SCHEMA.extend({ implicit });
  return schema;
}

/**
 * The file's data as yaml would give it, or undefined when only yaml should
 * read this file. `listener` hears js-yaml's events (yaml-positions.ts).
 */
export function readFast(text: string, listener?: LoadOptions['listener']): unknown {
  if (DECLINE.some((re) => re.test(text))) return undefined;
  let value: unknown;
  // what yaml rejects and js-yaml reads: a comment touching the node before it
  // (after a plain scalar js-yaml is past its spaces), and what js-yaml warns
  // of (continuation lines indented too little: its one warning DECLINE leaves)
  // (watched only in a file with a `#` right after something else: not the samples)
  let lax = false;
  const watch = !/\S#/.test(text) ? listener : (event: EventType, state: State) => {
    if (event === 'close' && state.input.charCodeAt(state.position) === 0x23 && !/\s/.test(state.input[state.position - 1])) lax = true;
    listener?.call(state, event, state);
  };
  try {
    value = load(text, { schema: coreSchema(), json: false, listener: watch, onWarning: () => { lax = true; } });
  } catch {
    return undefined; // yaml reads it and reports what is wrong, with its position
  }
  if (lax) return undefined;
  if (value === NULL) return null;
  return unmark(value) ? value : undefined;
}
