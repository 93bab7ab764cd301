// Every claim of every hand-written sentence of the data file, compared with
// the figure of its own subject: "Revenues rose 12% YoY" is checked against
// revenues (10.9%), not against whichever metric happens to give 12%.
// - a figure or word of direction the subject's figures contradict: error
//   `text/contradiction`, naming the subject and the right figure;
// - a typed figure with no subject the lexicon knows, or a comparison the data
//   does not have for it: error `text/unchecked`, unless the sentence ends with
//   the author's mark "[checked by: Name]" (the tie-out then says so);
// - a word of direction with no known subject ("circuit costs increased") is
//   prose: nothing to check it against, and nothing typed to list.
// Cost: one pass of a few regular expressions over each sentence (the sample:
// ~60 sentences, ~2 ms); positions are looked up only for a finding.
import type { DataPath, LoadedData } from '../data/load.js';
import { pathToString } from '../data/load.js';
import type { Diagnostic } from '../errors.js';
import type { Model } from '../model/build.js';
import { formatNumber, pctChange, roundsToZero, roundTo } from '../model/format.js';
import { findClaims, type Claim } from './claims.js';
import type { Basis, Lexicon } from './lexicon.js';
import { quarterBefore, subjectTable, yearBefore, type NameOf, type Subject, type SubjectTable } from './subjects.js';

import { checkedBy, CHECKED_MARK } from './marker.js';

export interface SentenceSource {
  path: DataPath;
  text: string;
  /** what the sentence compares with when it says nothing */
  defaultBasis?: Basis;
  /** words that name the subject when the sentence does not (a topic's title) */
  context?: string;
}

/** The hand-written texts of the data file, each with its data path. */
export function handWrittenSentences(data: unknown): SentenceSource[] {
  const d = data as Record<string, unknown>;
  const out: SentenceSource[] = [];
  const commentary = d.commentary;
  if (commentary && typeof commentary === 'object') {
    for (const [k, v] of Object.entries(commentary as Record<string, unknown>)) {
      if (typeof v === 'string') out.push({ path: ['commentary', k], text: v });
      else if (Array.isArray(v)) v.forEach((s, i) => { if (typeof s === 'string') out.push({ path: ['commentary', k, i], text: s }); });
    }
  }
  if (Array.isArray(d.topics)) {
    d.topics.forEach((t: unknown, i) => {
      const bullets = t && typeof t === 'object' ? (t as { bullets?: unknown }).bullets : undefined;
      const title = t && typeof t === 'object' ? (t as { title?: unknown }).title : undefined;
      const context = typeof title === 'string' ? title : undefined;
      if (Array.isArray(bullets)) bullets.forEach((s, j) => { if (typeof s === 'string') out.push({ path: ['topics', i, 'bullets', j], text: s, context }); });
    });
  }
  const targets = d.targets as Record<string, unknown> | undefined;
  for (const set of ['half', 'full_year']) {
    const t = targets?.[set] as Record<string, { factors?: unknown }> | undefined;
    for (const key of ['revenues', 'operating_income']) {
      const factors = t?.[key]?.factors;
      // a factor of a target revision is about the target: "fell short" means against the previous target
      if (Array.isArray(factors)) factors.forEach((f, i) => {
        const label = f && typeof f === 'object' ? (f as { label?: unknown }).label : undefined;
        if (typeof label === 'string') out.push({ path: ['targets', set, key, 'factors', i, 'label'], text: label, defaultBasis: 'target' });
      });
    }
  }
  return out;
}

/**
 * A claim about a change: it has a word of direction (or a sign), or its
 * comparison stands right beside the figure ("44.6% YoY"). A figure with its
 * comparison and a verb the lexicon does not know ("plunged 44.6% YoY") is
 * still a change, held to its size; without either it is a level ("rose 10.9%
 * YoY to JPY33.3 billion": the amount is the level reached).
 */
const isChange = (claim: Claim): boolean => claim.direction !== undefined || claim.attached === true;

/** One figure the data gives for a claim's subject: a change between two figures, a change typed as a fact, or a level. */
interface Candidate {
  what: string;
  to?: number;
  from?: number;
  /** signed per cent change; for a ratio also `points` */
  pct?: number;
  points?: number;
  diff?: number;
  level?: number;
  /** a level as a share of revenues (a percentage typed of an amount) */
  share?: number;
}

const isQuarter = (l: string) => /^[1-4]Q\d{2}$/.test(l);

function pairCandidate(table: SubjectTable, s: Subject, to: string, from: string, what: string, pointsKey?: string): Candidate | undefined {
  const a = table.value(s.key, to);
  const b = table.value(s.key, from);
  if (a === undefined || b === undefined) return undefined;
  const c: Candidate = { what: `${what} (${from} -> ${to}: ${fig(b)} -> ${fig(a)})`, to: a, from: b, pct: pctChange(a, b), diff: a - b };
  const rk = s.ratio ? s.key : pointsKey;
  if (rk) {
    const ra = table.value(rk, to);
    const rb = table.value(rk, from);
    if (ra !== undefined && rb !== undefined) c.points = ra - rb;
  }
  return c;
}

function candidates(claim: Claim, s: Subject, table: SubjectTable, model: Model, defaultBasis?: Basis): Candidate[] {
  const P = model.period;
  const basis = claim.basis ?? (claim.base ? undefined : defaultBasis);
  const change = isChange(claim);
  if (s.kind === 'fact') {
    if (!change && s.levels?.length) return s.levels.map((l) => ({ what: `${l.path} = ${fig(l.value)}`, level: l.value }));
    // a named base period is the fact's basis when it is the quarter or the year before
    const at = claim.at ?? P.quarter.label;
    const fromBase = claim.base === quarterBefore(at) ? 'QoQ' : claim.base === yearBefore(at) ? 'YoY' : 'other';
    const wantBasis = basis ?? (claim.base ? fromBase : undefined);
    return (s.changes ?? []).filter((c) => !wantBasis || !c.basis || c.basis === wantBasis)
      .map((c) => ({ what: `${c.basis ?? 'a change'} ${pctText(c.value)} (${c.path})`, pct: c.value, level: c.value }));
  }
  if (s.kind === 'bs') {
    const b = table.bs(s.key);
    if (!b) return [];
    const what = `${b.previousLabel} -> ${b.currentLabel}: ${fig(b.previous)} -> ${fig(b.current)}`;
    return [{ what, to: b.current, from: b.previous, pct: pctChange(b.current, b.previous), diff: b.current - b.previous, level: b.current }];
  }
  if (basis === 'target') {
    return table.targets(s.key).map((t) => ({ what: `${t.fromLabel} -> ${t.toLabel}: ${fig(t.from)} -> ${fig(t.to)}`, to: t.to, from: t.from, pct: pctChange(t.to, t.from), diff: t.to - t.from }));
  }
  const ats = claim.at ? [claim.at] : [...new Set([P.label, P.quarter.label])];
  if (!change) {
    return ats.flatMap((at) => {
      const v = table.value(s.key, at);
      if (v === undefined) return [];
      const rev = table.value('revenues', at);
      return [{ what: `${at}: ${fig(v)}`, level: v, share: rev ? (100 * v) / rev : undefined }];
    });
  }
  const pairs: [string, string, string][] = [];
  if (claim.base) {
    const at = claim.at ?? (isQuarter(claim.base) ? P.quarter.label : P.label);
    pairs.push([at, claim.base, `against ${claim.base}`]);
  } else if (basis === 'YoY') {
    for (const at of ats) pairs.push([at, yearBefore(at), `YoY in ${at}`]);
  } else if (basis === 'QoQ') {
    for (const at of ats.filter(isQuarter)) pairs.push([at, quarterBefore(at)!, `QoQ in ${at}`]);
  } else {
    // nothing stated: the period against a year before, or the latest quarter against a year or a quarter before
    for (const at of ats) {
      pairs.push([at, yearBefore(at), `YoY in ${at}`]);
      if (isQuarter(at)) pairs.push([at, quarterBefore(at)!, `QoQ in ${at}`]);
    }
  }
  return pairs.map(([to, from, what]) => pairCandidate(table, s, to, from, what, s.ratioKey)).filter((c): c is Candidate => c !== undefined);
}

const fig = (x: number) => formatNumber(x, { decimals: Number.isInteger(x) ? 0 : Math.abs(x) < 100 ? 1 : 0 });
const pctText = (x: number) => `${x > 0 ? 'up' : x < 0 ? 'down' : 'flat'} ${formatNumber(Math.abs(x), { decimals: 1 })}%`;

/** +1 up, -1 down, 0 flat, 'steady' within the tolerance; better/worse follow the subject. */
function wanted(claim: Claim, s: Subject): 1 | -1 | 0 | 'steady' | undefined {
  switch (claim.direction) {
    case 'up': return 1;
    case 'down': return -1;
    case 'better': return s.cost ? -1 : 1;
    case 'worse': return s.cost ? 1 : -1;
    case 'flat': return 0;
    case 'steady': return 'steady';
    default: return undefined;
  }
}

/** Does the claim agree with this figure of its subject, within the rounding typed? */
function agrees(claim: Claim, s: Subject, c: Candidate, lex: Lexicon): boolean {
  const dir = wanted(claim, s);
  const f = claim.figure;
  const changeOf = () => (s.ratio ? c.points : c.pct);
  if (!f) {
    const ch = changeOf();
    if (ch === undefined) return true;
    // "flat" and "unchanged" are whole per cent: -0.2% is flat in any IR text
    if (dir === 0) return roundsToZero(ch, 0);
    if (dir === 'steady') return Math.abs(ch) <= lex.file.steady_tolerance;
    return !roundsToZero(ch, 1) && Math.sign(ch) === dir;
  }
  const signOk = (v: number) => dir === undefined || dir === 'steady' || dir === 0 || roundsToZero(v, f.decimals) || Math.sign(v) === dir;
  const fits = (v: number | undefined) => v !== undefined && roundTo(Math.abs(v), f.decimals) === f.value && signOk(v);
  if (!isChange(claim)) {
    // a level: "gross margin ratio was 23.3%", "revenues were JPY16,926 million", "68% of revenues"
    if (f.kind === 'percent') return fits(s.ratio || s.kind === 'fact' ? c.level : c.share);
    if (f.kind === 'points') return fits(c.points);
    return fits(c.level === undefined ? undefined : c.level / f.scale);
  }
  if (f.kind === 'percent') return fits(c.pct) || (s.ratio && fits(c.points));
  if (f.kind === 'points') return fits(c.points);
  return fits(c.diff === undefined ? undefined : c.diff / f.scale);
}

export function checkSentences(loaded: LoadedData, model: Model, lex: Lexicon, nameOf?: NameOf): Diagnostic[] {
  let table: SubjectTable | undefined;
  const out: Diagnostic[] = [];
  for (const src of handWrittenSentences(loaded.data)) {
    const by = checkedBy(src.text);
    const text = src.text.replace(CHECKED_MARK, '');
    table ??= subjectTable(model, lex, nameOf);
    for (const claim of findClaims(text, lex, table.matcher)) {
      const where = () => ({ file: loaded.file, ...loaded.locate(src.path), path: pathToString(src.path) });
      const typed = claim.figure !== undefined;
      // a topic's bullet is about its title unless it names something else
      if (claim.subject === undefined && src.context) claim.subject = table.matcher.find(src.context)[0]?.value;
      const s = claim.subject ? table.get(claim.subject) : undefined;
      if (!s) {
        if (typed && !by) {
          const named = claim.subject === null ? `"${claim.subjectText}" is part of a longer name the checker does not know` : 'no subject the checker knows is named before it';
          const fix = `name the figure (see templates/locales/${lex.file.language}.check.yaml), write it with a helper or a fact, or end the sentence with [checked by: <name>]`;
          out.push({ ...where(), rule: 'text/unchecked', severity: 'error', message: `"${claim.text}" is a typed figure with nothing to check it against (${named}): ${fix}` });
        }
        continue;
      }
      const cands = candidates(claim, s, table, model, src.defaultBasis);
      if (cands.length === 0) {
        const against = `${claim.basis ? ` (${claim.basis})` : ''}${claim.base ? ` (against ${claim.base})` : ''}`;
        const message = `"${claim.text}": the data has no figure of ${s.name} to compare it with${against}; correct the sentence or end it with [checked by: <name>]`;
        if (typed && !by) out.push({ ...where(), rule: 'text/unchecked', severity: 'error', message });
        continue;
      }
      if (cands.some((c) => agrees(claim, s, c, lex))) continue;
      const shown = cands.slice(0, 3).map((c) => right(s, c, claim)).join('; ');
      const message = `"${claim.text}" (subject: ${s.name}), but ${shown}; correct the sentence or write it with a helper ({{change a b}})`;
      out.push({ ...where(), rule: 'text/contradiction', severity: 'error', message });
    }
  }
  return out;
}

/** The right figure for a message, in the kind the claim typed. */
function right(s: Subject, c: Candidate, claim: Claim): string {
  const f = claim.figure;
  if (!isChange(claim) && f) {
    const share = c.share === undefined ? 'not known' : `${formatNumber(c.share, { decimals: Math.max(1, f.decimals) })}% of revenues`;
    if (f.kind === 'percent' && !s.ratio && s.kind !== 'fact') return `it is ${share} (${c.what})`;
    // an amount typed in a larger unit (billion, 億円): the figure in that unit too, to the digits typed and one more
    if (f.kind === 'amount' && f.scale !== 1 && c.level !== undefined) return `it is ${c.what} (${formatNumber(c.level / f.scale, { decimals: f.decimals + 1 })}${f.unit ? ` ${f.unit}` : ''})`;
    return `it is ${c.what}`;
  }
  const verb = (x: number) => (x > 0 ? 'rose' : x < 0 ? 'fell' : 'was flat');
  // to the decimals typed, at least one: "10.90%" is answered with 10.88%, not with a 10.9% that reads the same
  const dp = Math.max(1, f?.decimals ?? 1);
  if (f?.kind === 'amount' && c.diff !== undefined) return `${s.name} ${verb(c.diff)} by ${formatNumber(Math.abs(c.diff) / f.scale, { decimals: f.scale > 1 ? 1 : 0 })} ${c.what}`;
  if ((s.ratio || f?.kind === 'points') && c.points !== undefined) return `${s.name} ${verb(c.points)} ${formatNumber(Math.abs(c.points), { decimals: dp })} points ${c.what}`;
  if (f?.kind === 'count' && c.diff !== undefined) return `${s.name} ${c.diff > 0 ? 'rose' : 'fell'} by ${fig(Math.abs(c.diff))} ${c.what}`;
  const p = c.pct;
  if (p === undefined) return `${s.name}: ${c.what}`;
  return `${s.name} ${roundsToZero(p, dp) ? 'was flat' : `${p > 0 ? 'rose' : 'fell'} ${formatNumber(Math.abs(p), { decimals: dp })}%`} ${c.what}`;
}
