// `irdeck review <a.yaml> <b.yaml> --out DIR`: a review pack for sign-off.
// Both decks are built to PDF (the same pipeline as `build`), each page drawn
// to PNG by poppler's pdftoppm, and DIR/index.html shows every slide that
// changed, old beside new (src/period/review.ts). Files in several languages
// get a pack per edition both have, DIR/<lang>/index.html, and DIR/index.html
// links them: each edition is signed off on its own pages and sentences.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { ComposedDeck } from '../compose/compose.js';
import { EXIT_INPUT, EXIT_OK, IrdeckError } from '../errors.js';
import { slideDiffs, type SlideDiff } from '../period/diff.js';
import { reviewHtml, reviewIndexHtml, type ReviewEdition, type ReviewSide } from '../period/review.js';
import { build } from '../pipeline/build.js';
import { writeFileAtomic } from '../util/atomic.js';
import type { Io, Parsed } from './io.js';

/** 60 dpi: a 13.333 x 7.5 in slide is 800 x 450 px, readable beside its twin; ~60 KB a page. */
const DPI = 60;

function pages(pdf: string, dir: string): Buffer[] {
  try {
    execFileSync('pdftoppm', ['-r', String(DPI), '-png', pdf, join(dir, 'p')], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    throw new IrdeckError(`pdftoppm (poppler-utils, installed by scripts/setup-system) could not draw ${pdf}: ${(err as Error).message}`, { cause: err });
  }
  // pdftoppm numbers pages p-01.png ... with as many digits as the last page needs
  return readdirSync(dir).filter((f) => /^p-\d+\.png$/.test(f)).sort((x, y) => Number(x.slice(2, -4)) - Number(y.slice(2, -4))).map((f) => readFileSync(join(dir, f)));
}

/** One edition of a deck: its layout, its pages drawn, what it shows. */
type Edition = Omit<ReviewSide, 'name'> & { composed: ComposedDeck };
interface Side { name: string; /** by language, the file's order (the primary first) */ editions: Map<string, Edition> }

async function side(file: string, work: string, templatesDir: string | undefined, timeoutMs: number): Promise<Side> {
  const dir = mkdtempSync(join(work, 'deck-'));
  // every edition of the file, one build: one data load, one browser
  const r = await build(file, { formats: ['pdf'], outDir: dir, charts: 'native', templatesDir, timeoutMs });
  const pdfs = r.written.filter((w) => w.path.endsWith('.pdf'));
  const multi = r.decks.length > 1;
  const editions = new Map<string, Edition>();
  for (const d of r.decks) {
    // a file in several languages names each PDF by its language (deck.ja.pdf)
    const pdf = (multi ? pdfs.find((w) => w.path.endsWith(`.${d.lang}.pdf`)) : pdfs[0])!.path;
    const drawn = mkdtempSync(join(dir, `pages-${d.lang}-`));
    editions.set(d.lang, { layout: d.laid.layout, images: pages(pdf, drawn), composed: d.laid.composed });
  }
  return { name: relative(process.cwd(), resolve(file)) || file, editions };
}

const summary = (diffs: SlideDiff[]) => {
  const count = (status: string) => diffs.filter((d) => d.status === status).length;
  return `${diffs.length - count('unchanged')} slide(s) to review (${count('changed')} changed, ${count('added')} added, ${count('removed')} removed)`;
};

export async function runReview({ positionals, values }: Parsed, io: Io): Promise<number> {
  const templatesDir = values.templates as string | undefined;
  const timeoutMs = values.timeout ? Number(values.timeout) * 1000 : Number(process.env.IRDECK_TIMEOUT_MS ?? 30_000);
  const work = mkdtempSync(join(tmpdir(), 'irdeck-review-'));
  try {
    const a = await side(positionals[0], work, templatesDir, timeoutMs);
    const b = await side(positionals[1], work, templatesDir, timeoutMs);
    const outDir = resolve(values.out as string);
    // the editions both files have, in the new file's order; one edition each keeps the one page DIR/index.html
    const langs = [...b.editions.keys()].filter((l) => a.editions.has(l));
    for (const [file, s] of [[a.name, a], [b.name, b]] as const) {
      const lone = [...s.editions.keys()].filter((l) => !langs.includes(l));
      if (lone.length) io.out(`${file}: edition(s) ${lone.join(', ')} not in the other file, not reviewed`);
    }
    const listed = (s: Side) => [...s.editions.keys()].join(', ');
    if (langs.length === 0) throw new IrdeckError(`${a.name} and ${b.name} have no language in common (${listed(a)}; ${listed(b)})`, { exitCode: EXIT_INPUT });
    if (langs.length === 1) {
      const lang = langs[0];
      const diffs = slideDiffs(a.editions.get(lang)!.composed, b.editions.get(lang)!.composed);
      const out = join(outDir, 'index.html');
      writeFileAtomic(out, reviewHtml({ name: a.name, ...a.editions.get(lang)! }, { name: b.name, ...b.editions.get(lang)! }, diffs));
      io.out(`wrote ${relative(process.cwd(), out)}: ${summary(diffs)}`);
      return EXIT_OK;
    }
    // one pack per edition, DIR/<lang>/index.html, each with its own ticks; DIR/index.html links them
    const packs: ReviewEdition[] = [];
    for (const lang of langs) {
      const diffs = slideDiffs(a.editions.get(lang)!.composed, b.editions.get(lang)!.composed);
      const out = join(outDir, lang, 'index.html');
      const edition = { lang, editions: langs.map((l) => ({ lang: l, href: `../${l}/index.html` })) };
      writeFileAtomic(out, reviewHtml({ name: a.name, ...a.editions.get(lang)! }, { name: b.name, ...b.editions.get(lang)! }, diffs, edition));
      packs.push({ lang, href: `${lang}/index.html`, summary: summary(diffs) });
      io.out(`wrote ${relative(process.cwd(), out)} (${lang}): ${summary(diffs)}`);
    }
    const index = join(outDir, 'index.html');
    writeFileAtomic(index, reviewIndexHtml(a.name, b.name, packs));
    io.out(`wrote ${relative(process.cwd(), index)}: the ${langs.join(' and ')} packs`);
    return EXIT_OK;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
