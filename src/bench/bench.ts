// npm run bench: the speed and memory targets the issues set, measured on this
// machine (medians of several runs), never asserted by timed tests.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadModel } from '../pipeline/load-model.js';
import { composeAndLayout } from '../pipeline/compose-deck.js';
import { PROJECT_ROOT } from '../util/project-root.js';
import { chartStyle } from '../pipeline/build.js';
import { benchPreview } from './preview.js';

const SAMPLE = join(PROJECT_ROOT, 'data/fy2008-1h.yaml');
const BIN = join(PROJECT_ROOT, 'bin/irdeck.js');

interface Row { name: string; median: number; unit: string; target?: number; runs: number[] }
const rows: Row[] = [];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Memory of a process and all its descendants, from /proc (KiB -> MiB): the
 * proportional set size (Pss), so pages Chromium's processes share are
 * counted once rather than once per process as a sum of RSS would.
 */
function treeRssMiB(root: number): number {
  const children = new Map<number, number[]>();
  let total = 0;
  const rss = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const rollup = readFileSync(`/proc/${d}/smaps_rollup`, 'utf8');
      const m = /^Pss:\s+(\d+)/m.exec(rollup);
      rss.set(Number(d), m ? Number(m[1]) : 0);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid)!.push(Number(d));
    } catch { /* process ended */ }
  }
  const walk = (pid: number) => { total += rss.get(pid) ?? 0; for (const c of children.get(pid) ?? []) walk(c); };
  walk(root);
  return total / 1024;
}

/** One CLI run. Memory sampling reads every /proc/PID/smaps_rollup, which costs CPU: timed runs do not sample. */
function runCli(args: string[], sampleMemory = false): Promise<{ ms: number; peakMiB: number; code: number }> {
  return new Promise((res) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore', cwd: PROJECT_ROOT });
    let peak = 0;
    const timer = sampleMemory ? setInterval(() => { peak = Math.max(peak, treeRssMiB(p.pid!)); }, 50) : undefined;
    p.on('exit', (code) => { clearInterval(timer); res({ ms: performance.now() - t0, peakMiB: peak, code: code ?? -1 }); });
  });
}

async function cli(name: string, args: string[], n: number, target?: number, memTarget?: number): Promise<void> {
  const runs: number[] = [];
  const mems: number[] = [];
  await runCli(args); // warm the file cache
  for (let i = 0; i < n; i++) {
    const r = await runCli(args);
    if (r.code !== 0) throw new Error(`${name}: exit ${r.code}`);
    runs.push(r.ms);
  }
  rows.push({ name, median: median(runs), unit: 'ms', target, runs });
  if (memTarget) for (let i = 0; i < 3; i++) mems.push((await runCli(args, true)).peakMiB);
  if (memTarget) rows.push({ name: `${name}: peak memory (Pss) of the process tree`, median: Math.max(...mems), unit: 'MiB', target: memTarget, runs: mems });
}

async function charts(n: number): Promise<void> {
  const { renderChartsPng } = await import('../charts/png.js');
  const laid = composeAndLayout(loadModel(SAMPLE));
  const items = laid.layout.slides.flatMap((s) => s.elements.flatMap((e) => (e.kind === 'chart' ? [{ spec: e.chart, box: e.box }] : [])));
  const runs: number[] = [];
  await renderChartsPng(items.slice(0, 1), chartStyle(laid.theme), 2); // fonts registered, Chart.js loaded
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await renderChartsPng(items, chartStyle(laid.theme), 2);
    runs.push(performance.now() - t0);
  }
  rows.push({ name: `render all ${items.length} sample charts to PNG (in process)`, median: median(runs), unit: 'ms', target: 600, runs });
}

async function main(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'irdeck-bench-'));
  await cli('irdeck check (CLI, wall)', ['check', SAMPLE], 7, 300);
  await charts(5);
  await cli('irdeck build --format pptx (CLI, wall, charts included)', ['build', SAMPLE, '--format', 'pptx', '--out', out, '--quiet'], 5, 800);
  await cli('irdeck build pptx+html+pdf (CLI, wall)', ['build', SAMPLE, '--out', out, '--quiet'], 5, 2000, 600);
  rows.push(await benchPreview(SAMPLE));
  console.log(`irdeck bench, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${resolve(PROJECT_ROOT)}`);
  for (const r of rows) {
    const verdict = r.target === undefined ? '' : r.median <= r.target ? `  ok (target ${r.target} ${r.unit})` : `  OVER TARGET (${r.target} ${r.unit})`;
    console.log(`${r.name.padEnd(62)} ${r.median.toFixed(0).padStart(6)} ${r.unit}${verdict}   runs: ${r.runs.map((x) => x.toFixed(0)).join(' ')}`);
  }
  if (rows.some((r) => r.target !== undefined && r.median > r.target)) process.exitCode = 1;
}

void main();
