// What fontconfig names the installed fonts (src/render/font-names.ts), kept
// in irdeck's cache: fc-list is not run again until something its answer
// depends on changes (a font file, fontconfig's cache folders, a font folder),
// and the answer is the same either way: a name only for a file that is the
// one fontconfig knows by it.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installedNames } from '../src/render/font-names.js';
import { findFont } from '../src/util/fonts.js';

const fresh = (what: string) => mkdtempSync(join(tmpdir(), `irdeck-${what}-`));
const VARS = ['PATH', 'HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME'] as const;
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));

let home: string;
let fonts: string;
let calls: string;
let a: string;
let b: string;

/** An fc-list that answers `lines` and counts its calls. */
function fakeFcList(lines: string[], exit = 0): void {
  const bin = fresh('fc-bin');
  writeFileSync(join(bin, 'answer'), lines.map((l) => `${l}\n`).join(''));
  writeFileSync(join(bin, 'fc-list'), `#!/bin/sh\necho x >> '${calls}'\ncat '${join(bin, 'answer')}'\nexit ${exit}\n`);
  chmodSync(join(bin, 'fc-list'), 0o755);
  process.env.PATH = `${bin}:${saved.PATH}`;
}
const fcCalls = () => { try { return readFileSync(calls, 'utf8').split('\n').filter(Boolean).length; } catch { return 0; } };
const entries = (cacheDir: string) => readdirSync(cacheDir).filter((f) => /^fonts-[0-9a-f]{32}\.json$/.test(f));

beforeEach(() => {
  // a home of its own: its caches and font folders are the test's
  home = fresh('fc-home');
  process.env.HOME = home;
  for (const k of ['XDG_CACHE_HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME'] as const) delete process.env[k];
  fonts = join(home, '.local/share/fonts');
  mkdirSync(fonts, { recursive: true });
  calls = join(home, 'calls');
  a = join(fonts, 'A.ttf');
  b = join(fonts, 'B.ttf');
  writeFileSync(a, 'a');
  writeFileSync(b, 'b');
  // B shares its name with another file: no local() for it
  fakeFcList([`${a}\tFont A,Font A Alias`, `${b}\tFont B`, `${join(fonts, 'sub/B2.ttf')}\tFont B`]);
});

afterEach(() => {
  for (const k of VARS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('the installed fonts fontconfig names', () => {
  it('a second run takes the answer from the cache, not from fc-list', () => {
    const cacheDir = fresh('fc-cache');
    const first = installedNames([a, b], cacheDir);
    expect([...first]).toEqual([[a, 'Font A'], [b, undefined]]);
    expect(fcCalls()).toBe(1);
    expect(entries(cacheDir)).toHaveLength(1);
    expect([...installedNames([a, b], cacheDir)]).toEqual([...first]);
    expect(fcCalls()).toBe(1);
    // without a cache, fc-list every time
    expect([...installedNames([a, b], undefined)]).toEqual([...first]);
    expect(fcCalls()).toBe(2);
  });

  it('fc-list is asked again when a font file, a fontconfig cache folder or a font folder changes', () => {
    const cacheDir = fresh('fc-cache');
    installedNames([a, b], cacheDir);
    const asked = () => { const n = fcCalls(); installedNames([a, b], cacheDir); return fcCalls() - n; };
    expect(asked()).toBe(0);
    utimesSync(a, new Date(), new Date(Date.now() + 5000)); // the font file itself
    expect(asked()).toBe(1);
    expect(asked()).toBe(0);
    mkdirSync(join(home, '.cache/fontconfig'), { recursive: true }); // fc-cache wrote the user's cache
    expect(asked()).toBe(1);
    mkdirSync(join(fonts, 'sub')); // a folder of fonts copied in
    expect(asked()).toBe(1);
    writeFileSync(join(fonts, 'sub/B2.ttf'), 'b2'); // a font copied into it
    expect(asked()).toBe(1);
    expect(asked()).toBe(0);
    expect([...installedNames([a], cacheDir)]).toEqual([[a, 'Font A']]); // other files asked about: another entry
    expect(fcCalls()).toBe(6);
  });

  it('a damaged entry is not used and is written again; a failing fc-list is not kept', () => {
    const cacheDir = fresh('fc-cache');
    installedNames([a, b], cacheDir);
    const [entry] = entries(cacheDir);
    const good = readFileSync(join(cacheDir, entry), 'utf8');
    for (const damage of ['{"names":{', `{"names":{"${a}":"Font A'); x","${b}":null}}`, '{"names":{}}']) {
      writeFileSync(join(cacheDir, entry), damage);
      expect([...installedNames([a, b], cacheDir)]).toEqual([[a, 'Font A'], [b, undefined]]);
      expect(readFileSync(join(cacheDir, entry), 'utf8')).toBe(good);
    }
    const failing = fresh('fc-cache');
    fakeFcList([`${a}\tFont A`], 1);
    expect([...installedNames([a, b], failing)]).toEqual([[a, undefined], [b, undefined]]);
    expect(entries(failing)).toEqual([]);
  });

  it('on this machine, from the cache as from fc-list: the Liberation files by their own names', () => {
    for (const k of VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    const paths = [findFont('Liberation Sans', 'normal'), findFont('Liberation Sans', 'bold')].filter((p) => p !== undefined);
    expect(paths).toHaveLength(2);
    const cacheDir = fresh('fc-cache');
    const asked = installedNames(paths, cacheDir);
    expect([...asked.values()]).toEqual(['Liberation Sans', 'Liberation Sans Bold']);
    expect(entries(cacheDir)).toHaveLength(1);
    expect([...installedNames(paths, cacheDir)]).toEqual([...asked]);
  });
});
