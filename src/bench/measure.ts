// How the bench measures one thing: a CLI run's wall time, or its process
// tree's peak memory, and LibreOffice converting a PPTX to PDF (the yardstick
// every speed target is a ratio to, see bench.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Memory of a process and all its descendants, from /proc (KiB -> MiB): the
 * proportional set size (Pss), so pages Chromium's processes share are
 * counted once rather than once per process as a sum of RSS would.
 */
function treePssMiB(root: number): number {
  const children = new Map<number, number[]>();
  const pss = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${d}/smaps_rollup`, 'utf8'));
      pss.set(Number(d), m ? Number(m[1]) : 0);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid)!.push(Number(d));
    } catch { /* the process ended while we looked */ }
  }
  let total = 0;
  const walk = (pid: number): void => { total += pss.get(pid) ?? 0; for (const c of children.get(pid) ?? []) walk(c); };
  walk(root);
  return total / 1024;
}

export interface Run { ms: number; peakMiB: number; code: number }

/** One run of a command. Memory sampling reads every /proc/PID/smaps_rollup, which costs CPU: timed runs do not sample. */
export function run(cmd: string, args: string[], cwd: string, sampleMemory = false): Promise<Run> {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const p = spawn(cmd, args, { stdio: 'ignore', cwd });
    let peak = 0;
    const timer = sampleMemory ? setInterval(() => { peak = Math.max(peak, treePssMiB(p.pid!)); }, 50) : undefined;
    p.on('error', rej);
    p.on('exit', (code) => { clearInterval(timer); res({ ms: performance.now() - t0, peakMiB: peak, code: code ?? -1 }); });
  });
}

/**
 * LibreOffice converting the sample PPTX to PDF: a fixed amount of CPU work
 * from a program that does not change with irdeck, run in the same minutes
 * as irdeck's own runs, so a ratio to it cancels most of this machine's
 * drift (the same build measured 1.6 s one day and 2.5 s the next; LibreOffice
 * drifts with it). Its own profile, made once by a warm-up run (the first
 * conversion of a new profile takes twice as long).
 */
export function libreOfficeConverter(pptx: string): () => Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'irdeck-bench-lo-'));
  const args = [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', join(dir, 'out'), pptx];
  return () => run('soffice', args, dir);
}
