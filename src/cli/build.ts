// `irdeck build`: the deck in every format asked for, with its stages shown as
// they run (a live line on a terminal, plain lines otherwise, nothing with --quiet).
import { existsSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { EXIT_INPUT, EXIT_OK, IrdeckError } from '../errors.js';
import { build } from '../pipeline/build.js';
import { DEFAULT_FORMATS, FORMAT_NAMES as FORMATS, type Format } from '../pipeline/outputs.js';
import type { Io, Parsed } from './io.js';

export function parseFormats(s: string | undefined): Format[] {
  if (!s) return [...DEFAULT_FORMATS];
  const list = s.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = list.filter((x) => !FORMATS.includes(x as Format));
  if (bad.length || list.length === 0) throw new IrdeckError(`--format takes a comma-separated list of ${FORMATS.join(', ')}; got "${s}"`, { exitCode: EXIT_INPUT });
  return list as Format[];
}

function size(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

export async function runBuild({ values, positionals }: Parsed, io: Io): Promise<number> {
  const charts = values.charts as string;
  if (charts !== 'native' && charts !== 'image') throw new IrdeckError(`--charts is native or image, got "${charts}"`, { exitCode: EXIT_INPUT });
  const timeoutMs = values.timeout ? Number(values.timeout) * 1000 : Number(process.env.IRDECK_TIMEOUT_MS ?? 30_000);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new IrdeckError('--timeout takes a number of seconds', { exitCode: EXIT_INPUT });
  if (!(values.out as string).trim()) throw new IrdeckError('--out needs a folder name (an empty one would write into the working folder)', { exitCode: EXIT_INPUT });
  if (existsSync(values.out as string) && !statSync(values.out as string).isDirectory()) throw new IrdeckError(`--out ${values.out}: this is a file, not a folder`, { exitCode: EXIT_INPUT });
  const quiet = Boolean(values.quiet);
  const live = io.isTTY && !quiet;
  const t0 = performance.now();
  const result = await build(positionals[0], {
    formats: parseFormats(values.format as string | undefined),
    outDir: values.out as string,
    charts,
    draft: Boolean(values.draft),
    templatesDir: values.templates as string | undefined,
    languages: (values.lang as string | undefined)?.split(',').map((l) => l.trim()).filter(Boolean),
    timeoutMs,
    progress: quiet ? undefined : (e) => {
      if (!e.done) { if (live) process.stderr.write(`\r\x1b[K  ${e.stage} ...`); return; }
      // IRDECK_TRACE=1 adds when each stage ended, counted from the process's start
      const line = `  ${e.stage.padEnd(8)} ${Math.round(e.ms ?? 0)} ms${process.env.IRDECK_TRACE ? ` (ended at ${Math.round(performance.now())} ms)` : ''}`;
      if (live) process.stderr.write(`\r\x1b[K${line}\n`); else io.err(line);
    },
  });
  if (!quiet) {
    for (const w of result.written) io.out(`wrote ${relative(process.cwd(), w.path) || w.path} (${size(w.bytes)})`);
    const slides = result.decks.length === 1 ? `${result.laid.layout.slides.length} slides` : result.decks.map((d) => `${d.laid.layout.slides.length} slides (${d.lang})`).join(', ');
    io.out(`${slides} in ${Math.round(performance.now() - t0)} ms`);
    if (process.env.IRDECK_TRACE) {
      const u = process.cpuUsage();
      const m = process.memoryUsage();
      const mib = (n: number) => Math.round(n / 2 ** 20);
      io.err(`  cpu of this process (all threads): ${Math.round(u.user / 1000)} ms user, ${Math.round(u.system / 1000)} ms system; ` +
        `memory: rss ${mib(m.rss)} MiB, heap ${mib(m.heapUsed)}/${mib(m.heapTotal)} MiB, external ${mib(m.external)} MiB, ` +
        `peak rss ${mib(process.resourceUsage().maxRSS * 1024)} MiB`);
    }
  }
  return EXIT_OK;
}
