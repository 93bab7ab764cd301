// `irdeck review <a.yaml> <b.yaml> --out DIR`: a review pack for sign-off.
// Both decks are built to PDF (the same pipeline as `build`), each page drawn
// to PNG by poppler's pdftoppm, and DIR/index.html shows every slide that
// changed, old beside new (src/period/review.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { ComposedDeck } from '../compose/compose.js';
import { EXIT_OK, IrdeckError } from '../errors.js';
import { slideDiffs } from '../period/diff.js';
import { reviewHtml, type ReviewSide } from '../period/review.js';
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

type Side = ReviewSide & { composed: ComposedDeck };

async function side(file: string, work: string, templatesDir: string | undefined, timeoutMs: number): Promise<Side> {
  const dir = mkdtempSync(join(work, 'deck-'));
  const r = await build(file, { formats: ['pdf'], outDir: dir, charts: 'native', templatesDir, timeoutMs });
  const pdf = r.written.find((w) => w.path.endsWith('.pdf'))!.path;
  return { name: relative(process.cwd(), resolve(file)) || file, layout: r.laid.layout, images: pages(pdf, dir), composed: r.laid.composed };
}

export async function runReview({ positionals, values }: Parsed, io: Io): Promise<number> {
  const templatesDir = values.templates as string | undefined;
  const timeoutMs = values.timeout ? Number(values.timeout) * 1000 : Number(process.env.IRDECK_TIMEOUT_MS ?? 30_000);
  const work = mkdtempSync(join(tmpdir(), 'irdeck-review-'));
  try {
    const a = await side(positionals[0], work, templatesDir, timeoutMs);
    const b = await side(positionals[1], work, templatesDir, timeoutMs);
    const diffs = slideDiffs(a.composed, b.composed);
    const out = resolve(values.out as string, 'index.html');
    writeFileAtomic(out, reviewHtml(a, b, diffs));
    const n = diffs.filter((d) => d.status !== 'unchanged').length;
    const count = (status: string) => diffs.filter((d) => d.status === status).length;
    io.out(`wrote ${relative(process.cwd(), out)}: ${n} slide(s) to review (${count('changed')} changed, ${count('added')} added, ${count('removed')} removed)`);
    return EXIT_OK;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
