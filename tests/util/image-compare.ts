// Compares a rendered PNG with a reference image checked into tests/refs.
// IRDECK_UPDATE_REFS=1 writes the rendered image as the new reference; that is
// the only way a reference comes into being, so a missing one is a failure
// (a test that passes because there is nothing to compare with proves nothing).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PNG } from 'pngjs';
import pixelmatch from 'pixelmatch';

export interface CompareOptions {
  /** pixelmatch's colour distance per pixel, 0..1 (default 0.1) */
  threshold?: number;
  /** share of differing pixels still accepted, 0..1 (default 0.001) */
  maxDiffRatio?: number;
}

export interface CompareResult {
  /** differing pixels / all pixels; 1 when the images cannot be compared */
  diffRatio: number;
  ok: boolean;
  /** the differences in red over a faded copy, when there are any */
  diffPng?: Buffer;
  /** why it failed, or what was done (reference written) */
  message?: string;
}

export function updatingRefs(): boolean {
  return process.env.IRDECK_UPDATE_REFS === '1';
}

export function comparePng(actual: Buffer, referencePath: string, opts: CompareOptions = {}): CompareResult {
  if (updatingRefs()) {
    mkdirSync(dirname(referencePath), { recursive: true });
    writeFileSync(referencePath, actual);
    return { diffRatio: 0, ok: true, message: `reference written: ${referencePath}` };
  }
  if (!existsSync(referencePath)) {
    return { diffRatio: 1, ok: false, message: `no reference image ${referencePath}; run with IRDECK_UPDATE_REFS=1 and look at it before committing` };
  }
  const a = PNG.sync.read(actual);
  const r = PNG.sync.read(readFileSync(referencePath));
  if (a.width !== r.width || a.height !== r.height) {
    return { diffRatio: 1, ok: false, message: `size ${a.width}x${a.height} differs from the reference's ${r.width}x${r.height} (${referencePath})` };
  }
  const diff = new PNG({ width: a.width, height: a.height });
  const differing = pixelmatch(a.data, r.data, diff.data, a.width, a.height, { threshold: opts.threshold ?? 0.1 });
  const diffRatio = differing / (a.width * a.height);
  const ok = diffRatio <= (opts.maxDiffRatio ?? 0.001);
  return {
    diffRatio,
    ok,
    diffPng: differing > 0 ? PNG.sync.write(diff) : undefined,
    message: ok ? undefined : `${differing} pixels (${(diffRatio * 100).toFixed(3)}%) differ from ${referencePath}`,
  };
}
