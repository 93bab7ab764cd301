// V8's code cache (src/util/code-cache.ts): a file runs the same with and
// without it; a cache is written when there is none or V8 refuses it, and
// used the next time; a damaged one is refused, not run; a file written anew
// never runs with its former cache. And `irdeck check`, bundled on its own to
// run from the cache, says what the split bundle says, with only a check's
// code in it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleEntryName, runCached, saveCodeCaches } from '../src/util/code-cache.js';
import { ROOT, SAMPLE, irdeck, replaceOnce, sampleText, tempFile } from './util/cli.js';

const BUNDLE = join(ROOT, 'dist/bundle/cmd-check.cjs');

/** Runs `file` through the cache in a fresh node process (no in-process module or compilation cache), as bin/irdeck.js does. */
function runFresh(file: string, cacheDir: string): { use: string; value: unknown } {
  const script = `import { createRequire } from 'node:module';
    const { runCached, saveCodeCaches } = createRequire(import.meta.url)(${JSON.stringify(join(ROOT, 'dist/bundle/code-cache.cjs'))});
    const r = runCached(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)}, 'v8-test.bin');
    saveCodeCaches();
    console.log(JSON.stringify({ use: r.use, value: r.exports.value() }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { use: string; value: unknown };
}

describe('code cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'irdeck-v8-'));
  const file = join(dir, 'mod.cjs');
  writeFileSync(file, [
    "'use strict';",
    'function f(n) { return n <= 1 ? n : f(n - 1) + f(n - 2); }',
    "module.exports = { value: () => [f(20), __filename.endsWith('mod.cjs'), typeof require('node:path').join] };",
  ].join('\n'));
  const expected = [6765, true, 'function'];

  it('is written when there is none, then used, and the file runs the same', () => {
    expect(runFresh(file, dir)).toEqual({ use: 'none', value: expected });
    const entry = join(dir, 'v8-test.bin');
    expect(statSync(entry).size).toBeGreaterThan(0);
    expect(runFresh(file, dir)).toEqual({ use: 'used', value: expected });
  });

  it('a damaged cache is refused (the file compiles as without one) and written again', () => {
    const entry = join(dir, 'v8-test.bin');
    runFresh(file, dir);
    const good = readFileSync(entry);
    const bad = Buffer.from(good);
    for (let i = 16; i < bad.length; i += 7) bad[i] ^= 0x5a;
    writeFileSync(entry, bad);
    expect(runFresh(file, dir)).toEqual({ use: 'rejected', value: expected });
    expect(runFresh(file, dir)).toEqual({ use: 'used', value: expected });
  });

  it('without a cache folder: off, nothing written', () => {
    const other = mkdtempSync(join(tmpdir(), 'irdeck-v8-off-'));
    const copy = join(other, 'mod.cjs');
    writeFileSync(copy, readFileSync(file));
    const r = runCached(copy, undefined, 'v8-test.bin');
    saveCodeCaches();
    expect(r.use).toBe('off');
    expect((r.exports as { value: () => unknown }).value()).toEqual(expected);
    expect(readdirSync(other)).toEqual(['mod.cjs']);
  });

  it("a cache folder module written anew (same length) never runs with the former one's cache", () => {
    // V8 checks only the source's length: the entry's name carries the hash of its text
    const modDir = mkdtempSync(join(tmpdir(), 'irdeck-v8-mod-'));
    const mod = join(modDir, 'tpl-x.cjs');
    const run = () => {
      const script = `import { createRequire } from 'node:module';
        const { requireCachedModule, saveCodeCaches } = createRequire(import.meta.url)(${JSON.stringify(join(ROOT, 'dist/bundle/code-cache.cjs'))});
        const m = requireCachedModule(${JSON.stringify(mod)}); saveCodeCaches(); console.log(m.value());`;
      return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).stdout.trim();
    };
    writeFileSync(mod, "module.exports = { value: () => 'first' };\n");
    expect(run()).toBe('first');
    expect(run()).toBe('first');
    writeFileSync(mod, "module.exports = { value: () => 'other' };\n");
    expect(run()).toBe('other');
    expect(readdirSync(modDir).filter((f) => f.endsWith('.v8'))).toHaveLength(2);
  });

  it("a bundle's entry is named for the file and the runtime: a rebuilt bundle gets another", () => {
    const a = bundleEntryName(file);
    expect(a).toMatch(/^v8-mod-.*\.bin$/);
    expect(a).toContain(process.version);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n`);
    expect(bundleEntryName(file)).not.toBe(a);
  });
});

describe('irdeck check from its own bundle', () => {
  /** The split ES module bundle's answer to the same command (what every other command runs). */
  const splitBundle = (args: string[]) => {
    const script = `import { main } from ${JSON.stringify(join(ROOT, 'dist/bundle/main.js'))}; process.exitCode = await main(${JSON.stringify(args)});`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const noTime = (s: string) => s.replace(/ in \d+ ms/g, ' in N ms');

  it('holds a check and nothing of the renderers', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    expect(text).toContain('node_modules/zod/');
    expect(text).toContain('src/check/claims.ts');
    for (const pkg of ['pptxgenjs', 'puppeteer-core', 'pdf-lib', 'chart.js', 'exceljs']) expect(text, pkg).not.toContain(`node_modules/${pkg}/`);
    expect(text.length).toBeLessThan(1.5e6);
  });

  it('says what the split bundle says, for a good file and a broken one', () => {
    const broken = tempFile('broken.yaml', replaceOnce(sampleText(), 'company:', 'company:\n  nmae: x'));
    const cases: [string[], number][] = [[['check', SAMPLE], 0], [['check', broken], 2], [['check', join(ROOT, 'data/none.yaml')], 2]];
    for (const [args, code] of cases) {
      const own = irdeck(args);
      expect(own.code, own.stderr).toBe(code);
      const split = splitBundle(args);
      expect(own.code, own.stderr).toBe(split.code);
      expect(noTime(own.stdout)).toBe(noTime(split.stdout));
      expect(own.stderr).toBe(split.stderr);
    }
  });

  it('runs from the cache after one run (IRDECK_TRACE=1 says so), and without it when the cache is off', () => {
    irdeck(['check', SAMPLE]);
    const again = irdeck(['check', SAMPLE], { env: { IRDECK_TRACE: '1' } });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('code cache used');
    const off = irdeck(['check', SAMPLE], { env: { IRDECK_TRACE: '1', IRDECK_CACHE: 'off' } });
    expect(off.code).toBe(0);
    expect(off.stderr).toContain('code cache off');
    expect(off.stdout).toContain('0 error(s), 0 warning(s)');
  });
});
