// Runs the real CLI (bin/irdeck.js) as a user would, capturing exit code and output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SAMPLE = join(ROOT, 'data/fy2008-1h.yaml');

export interface RunResult { code: number; stdout: string; stderr: string }

/** `bin` runs another copy of the program (a project folder with its own assets). */
export function irdeck(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number; bin?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [opts.bin ?? join(ROOT, 'bin/irdeck.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: opts.timeout ?? 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function sampleText(): string {
  return readFileSync(SAMPLE, 'utf8');
}

/** Write text (or bytes) to a fresh temporary file and return its path. */
export function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'irdeck-test-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Replace exactly one occurrence of `from` (fails loudly if it is not there once). */
export function replaceOnce(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  if (i < 0 || text.indexOf(from, i + 1) >= 0) throw new Error(`fixture edit: "${from}" must occur exactly once`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

/** 1-based line number of the first occurrence of `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" not found`);
  return text.slice(0, i).split('\n').length;
}

/**
 * A sample (a path under data/) with Japanese as its primary language, in a fresh temporary folder
 * under the sample's own name: the file the Japanese edition is built from (fy2008-1h.ja.pdf, .en.pdf).
 */
export function bilingualSample(data: string): string {
  return tempFile(basename(data), replaceOnce(readFileSync(join(ROOT, data), 'utf8'), 'languages: [en]', 'languages: [ja, en]'));
}
