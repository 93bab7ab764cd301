// One hand-written sentence -> the claims it makes about figures: what
// (subject), which way (direction), how much (a typed figure) and against what
// (comparison, named periods). Language-neutral: every word comes from the
// lexicon. Helper calls ({{...}}) are computed, never claims; dates are dates.
import type { Basis, DirectionClass, FigureKind, Lexicon, Match, Matcher } from './lexicon.js';

export interface TypedFigure {
  kind: FigureKind; value: number; decimals: number;
  /** JPY million per unit typed (amounts), and the unit as typed ("billion", "億円") */
  scale: number; unit?: string;
  text: string;
}

export interface Claim {
  /** subject key from the lexicon; undefined: none named; null: a longer name the lexicon does not know */
  subject: string | undefined | null;
  subjectText?: string;
  direction?: DirectionClass;
  figure?: TypedFigure;
  basis?: Basis;
  /** the period the figure is for ("in 2Q08") and the one it is compared with ("vs 2Q07") */
  at?: string;
  base?: string;
  /**
   * the comparison stands right beside the figure ("44.6% YoY", 前年同期比44.6%):
   * the figure is a change even when no word of direction is known
   */
  attached?: boolean;
  /** the words of the claim as typed, for messages */
  text: string;
  start: number;
  end: number;
}

interface Fig { start: number; end: number; figure: TypedFigure }

/** Blank out a span, keeping positions (so every match still points into the original). */
function blank(s: string, start: number, end: number, ch: string): string {
  return s.slice(0, start) + ch.repeat(end - start) + s.slice(end);
}

function figuresIn(text: string, lex: Lexicon): Fig[] {
  const out: Fig[] = [];
  let rest = text;
  for (const { kind, re } of lex.figures) {
    re.lastIndex = 0;
    for (let m = re.exec(rest); m; m = re.exec(rest)) {
      const { value, decimals } = lex.parseNumber(m[1]);
      const unit = m[2]?.toLowerCase();
      const scale = unit ? (lex.file.scales[unit] ?? 1) : 1;
      out.push({ start: m.index, end: m.index + m[0].length, figure: { kind, value, decimals, scale, ...(unit ? { unit: m[2] } : {}), text: m[0] } });
    }
    // a figure is read once: "10.9%" is not also the count 10.9
    for (const f of out) rest = blank(rest, f.start, f.end, '\uE002');
  }
  return out.sort((a, b) => a.start - b.start);
}

const between = (text: string, a: number, b: number) => (a <= b ? text.slice(a, b) : '');

/** Claims of one sentence, in order. */
export function findClaims(sentence: string, lex: Lexicon, subjectWords: Matcher<string>): Claim[] {
  // helpers: computed, and a direction word right before one belongs to the helper's figure
  const helpers: { start: number; end: number }[] = [];
  let text = sentence.replace(/\{\{[^}]*\}\}/g, (m, off: number) => { helpers.push({ start: off, end: off + m.length }); return '\uE001'.repeat(m.length); });
  text = text.replace(lex.dates, (m) => '\uE003'.repeat(m.length));
  const periods: Match<string>[] = [];
  lex.periods.lastIndex = 0;
  for (let m = lex.periods.exec(text); m; m = lex.periods.exec(text)) periods.push({ start: m.index, end: m.index + m[0].length, value: m[0], text: m[0] });
  for (const p of periods) text = blank(text, p.start, p.end, '\uE004');
  for (const nd of lex.notDirections.find(text)) text = blank(text, nd.start, nd.end, '\uE005');

  const subjects = subjectWords.find(text);
  const comparisons = lex.comparisons.find(text);
  // a direction inside a subject's name ("income before tax" has none, "one-time" neither) is not a direction
  const directions = lex.directions.find(text).filter((d) => !subjects.some((s) => d.start >= s.start && d.end <= s.end));
  const figures = figuresIn(text, lex).filter((f) => !subjects.some((s) => f.start >= s.start && f.end <= s.end));
  const bases = lex.baseWords.find(text);

  type Raw = { start: number; end: number; direction?: Match<DirectionClass>; figure?: Fig };
  const raws: Raw[] = [];
  const used = new Set<Fig>();
  for (const d of directions) {
    const next = text.slice(d.end);
    if (/^\s*\uE001/.test(next)) continue; // "up {{change a b}}": the helper's claim
    // "rose to JPY33.3 billion": the figure is the level reached, a claim of its own; the direction stands alone
    const to = figures.find((x) => !used.has(x) && x.start >= d.end && lex.levelAfter.test(between(text, d.end, x.start)));
    if (to) {
      used.add(to);
      raws.push({ start: d.start, end: d.end, direction: d }, { start: to.start, end: to.end, figure: to });
      continue;
    }
    const f = figures.find((x) => !used.has(x) && x.start >= d.end && lex.link.test(between(text, d.end, x.start)));
    const before = figures.find((x) => !used.has(x) && x.end <= d.start && /^\s*$/.test(between(text, x.end, d.start)));
    if (f) {
      used.add(f);
      raws.push({ start: d.start, end: f.end, direction: d, figure: f });
    } else if (before && (before.figure.kind !== 'count' || between(text, before.end, d.start) === '')) {
      // a count before its direction only when nothing stands between them: Japanese 214名増;
      // "1,824 up" in English leaves the count to be a level
      used.add(before);
      raws.push({ start: before.start, end: d.end, direction: d, figure: before });
    } else raws.push({ start: d.start, end: d.end, direction: d });
    // "rose 67.1% YoY and 3.4% QoQ": further figures joined to the same direction
    let last = raws[raws.length - 1];
    while (last.figure) {
      let from = last.end;
      const c = comparisons.find((x) => x.start >= from && /^[\s(]*$/.test(between(text, from, x.start)));
      if (c) from = c.end;
      from = Math.max(from, ...periods.filter((p) => p.start >= from && /^\s*(?:in\s*)?$/i.test(between(text, from, p.start))).map((p) => p.end));
      const g = figures.find((x) => !used.has(x) && x.start >= from && x.figure.kind === last.figure!.figure.kind && lex.join.test(between(text, from, x.start).replace(/[()]/g, ' ')));
      if (!g) break;
      used.add(g);
      last = { start: g.start, end: g.end, direction: d, figure: g };
      raws.push(last);
    }
  }
  // figures no direction governs: an amount, points or a percentage is still a claim (a level);
  // a plain number only right after a name and a linking word ("headcount was 1,824")
  for (const f of figures) {
    if (used.has(f)) continue;
    // a sign typed on the figure is its direction ("+10.9% YoY", "▲44.6%"), unless a word or number runs into it ("5-10%")
    const sign = text[f.start - 1];
    const signDir = sign === undefined ? undefined : lex.signOf(sign);
    if (signDir && (f.start < 2 || !lex.wordCharacter.test(text[f.start - 2]))) {
      raws.push({ start: f.start - 1, end: f.end, direction: { start: f.start - 1, end: f.start, value: signDir, text: sign }, figure: f });
      continue;
    }
    if (f.figure.kind !== 'count' || subjects.some((s) => s.end <= f.start && lex.levelLink.test(between(text, s.end, f.start)))) raws.push({ start: f.start, end: f.end, figure: f });
  }
  raws.sort((a, b) => a.start - b.start);

  const claims: Claim[] = [];
  raws.forEach((r, i) => {
    const prevEnd = i > 0 ? raws[i - 1].end : 0;
    const nextStart = i + 1 < raws.length ? raws[i + 1].start : text.length;
    // the subject: a name right after the direction ("lower SI revenue"), else the nearest one before the claim
    let subject: Claim['subject'];
    let subjectText: string | undefined;
    const after = r.direction && !r.figure ? subjects.find((s) => s.start >= r.direction!.end && /^\s*$/.test(between(text, r.direction!.end, s.start))) : undefined;
    let before = [...subjects].reverse().find((s) => s.end <= r.start);
    // "order backlog for systems construction": the name the others belong to
    for (let k = before ? subjects.indexOf(before) : -1; k > 0 && lex.ofWord.test(between(text, subjects[k - 1].end, subjects[k].start)); k--) before = subjects[k - 1];
    // "a 10.9% increase in revenues": a typed figure with no name before it is about the next one
    const following = r.figure ? subjects.find((x) => x.start >= r.end && x.end <= nextStart) : undefined;
    const s = after ?? before ?? following;
    if (s) {
      const lead = text.slice(0, s.start).trimEnd();
      const word = lex.words.chars ? (lead.match(lex.lastWord)?.[0] ?? '') : '';
      const ok = !lex.file.word_boundaries || word === '' || lex.leadWords.has(word.toLowerCase()) || /[\uE001-\uE005]/.test(word) || /^\d/.test(word);
      subject = ok ? s.value : null;
      subjectText = s.text;
    }
    // comparison and periods: in this claim's own stretch of the sentence
    const lo = prevEnd;
    const hi = nextStart;
    const inStretch = comparisons.filter((c) => c.start >= lo && c.end <= hi);
    // the comparison nearest the figure on the side the language writes it (English after, Japanese before)
    const ahead = lex.file.comparison_before_figure ? inStretch.filter((c) => c.end <= r.start).sort((a, b) => b.end - a.end)[0] : undefined;
    const near = ahead ?? inStretch.sort((a, b) => Math.abs(a.start - r.end) - Math.abs(b.start - r.end))[0];
    const attached = Boolean(r.figure && near && (lex.file.comparison_before_figure
      ? near.end <= r.figure.start && lex.comparisonGap.test(between(text, near.end, r.figure.start))
      : near.start >= r.figure.end && lex.comparisonGap.test(between(text, r.figure.end, near.start))));
    let at: string | undefined;
    let base: string | undefined;
    for (const p of periods.filter((x) => x.start >= lo && x.end <= hi)) {
      const isBase = bases.some((b) => b.end <= p.start && /^[\s\uE003]*(?:the\s+)?$/i.test(between(text, b.end, p.start)));
      if (isBase) base ??= p.value;
      else at ??= p.value;
    }
    claims.push({
      subject, subjectText,
      direction: r.direction?.value,
      figure: r.figure?.figure,
      basis: near?.value,
      attached,
      at, base,
      text: sentence.slice(r.start, Math.max(r.end, near && near.end <= hi ? near.end : r.end)).trim(),
      start: r.start,
      end: r.end,
    });
  });
  return claims;
}
