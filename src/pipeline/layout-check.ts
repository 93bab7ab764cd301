// Layout problems as diagnostics: text that does not fit stops check and build,
// because a clipped slide must not ship.
import type { Diagnostic } from '../errors.js';
import type { Laid } from './compose-deck.js';

export function layoutDiagnostics(file: string, laid: Laid): Diagnostic[] {
  return laid.problems.map((p) => ({ file, line: 0, column: 0, path: `slide ${p.slide} (${p.slideId}) ${p.element}`, rule: 'layout/overflow', message: `${p.message} (overflow ${p.overflowPt} pt)`, severity: 'error' as const }));
}
