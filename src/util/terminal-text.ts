// Text from a data file or a key, written to a terminal: control characters,
// C1 controls and bidi controls are shown as \u escapes, so that a value or
// key holding ESC cannot move the cursor, recolour or rewrite the screen (also
// under --quiet, which still prints errors). Newlines are kept only where the
// caller says (a message of several lines).
/* eslint-disable no-control-regex -- finding control characters is the point */
const UNSAFE = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const UNSAFE_ONE_LINE = /[\x00-\x1F\x7F-\x9F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

const esc = (c: string) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function forTerminal(s: string, opts: { oneLine?: boolean } = {}): string {
  return s.replace(opts.oneLine ? UNSAFE_ONE_LINE : UNSAFE, esc);
}
