// Issue 14, the build's moving parts: the outputs of one build are one set
// (published together or not at all, also when the browser fails or the build
// is killed at any moment), signals release the lock and remove the staging
// folder and the browser profile, the browser is owned as a process group,
// and a deck holding every allowed kind of text opens in an XML parser and in
// LibreOffice.
import { createHash } from 'node:crypto';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { replaceOnce, ROOT, sampleText, tempFile } from './util/cli.js';

const BIN = join(ROOT, 'bin/irdeck.js');

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, stderr: r.stderr, pid: r.pid ?? -1 };
}

/** sha256 of the outputs in a folder (hidden entries are listed by leftovers()). */
function outputs(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).filter((n) => !n.startsWith('.')).sort()) out[f] = createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
  return out;
}

function leftovers(dir: string, pids: number[]): string[] {
  return [...readdirSync(dir).filter((f) => f.startsWith('.')), ...readdirSync(tmpdir()).filter((f) => pids.some((p) => f.startsWith(`irdeck-chrome-${p}-`)))];
}

// two sets of the same deck: the previous one (another company name: every output differs) and the new one
const newData = join(mkdtempSync(join(tmpdir(), 'irdeck-hb-new-')), 'deck.yaml');
const oldData = join(mkdtempSync(join(tmpdir(), 'irdeck-hb-old-')), 'deck.yaml');
const oldSet = mkdtempSync(join(tmpdir(), 'irdeck-hb-oldset-'));
const newSet = mkdtempSync(join(tmpdir(), 'irdeck-hb-newset-'));
let oldSnap: Record<string, string>;
let newSnap: Record<string, string>;

beforeAll(() => {
  writeFileSync(newData, sampleText());
  writeFileSync(oldData, replaceOnce(sampleText(), '    en: Internet Initiative Japan Inc.', '    en: Internet Initiative Japan Ltd.'));
  const a = run(['build', oldData, '--out', oldSet, '--quiet']);
  const b = run(['build', newData, '--out', newSet, '--quiet']);
  expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
  oldSnap = outputs(oldSet);
  newSnap = outputs(newSet);
  expect(Object.keys(oldSnap)).toHaveLength(5);
  for (const k of Object.keys(oldSnap)) expect(oldSnap[k], k).not.toBe(newSnap[k]);
});

function withOldSet(): string {
  const dir = mkdtempSync(join(tmpdir(), 'irdeck-hb-out-'));
  for (const f of readdirSync(oldSet)) cpSync(join(oldSet, f), join(dir, f));
  return dir;
}

function startBuild(out: string) {
  const p = spawn(process.execPath, [BIN, 'build', newData, '--out', out, '--quiet'], { cwd: ROOT, stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: string | null }>((ok) => p.on('exit', (code, signal) => ok({ code, signal })));
  return { p, exited };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('one build, one set of outputs', () => {
  it('killed (SIGKILL) at several moments: the previous set or the new one, never a mix; the next run cleans up', async () => {
    const { cleanLeftovers } = await import(pathToFileURL(join(ROOT, 'dist/util/publish.js')).href);
    const killed: number[] = [];
    let out = '';
    for (const delay of [250, 700, 1300, 2100, 3200]) {
      out = withOldSet();
      const { p, exited } = startBuild(out);
      await sleep(delay);
      p.kill('SIGKILL');
      await exited;
      killed.push(p.pid!);
      // what the next run does first: a publish cut short is undone
      cleanLeftovers(out);
      const after = outputs(out);
      expect([oldSnap, newSnap], `killed after ${delay} ms`).toContainEqual(after);
    }
    const r = run(['build', newData, '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(outputs(out)).toEqual(newSnap);
    expect(leftovers(out, [...killed, r.pid])).toEqual([]);
  });

  it('SIGTERM and SIGINT: exit 128+n, the lock released, staging folder and browser profile removed', async () => {
    for (const [sig, delay] of [['SIGTERM', 900], ['SIGINT', 1600], ['SIGTERM', 2400]] as const) {
      const out = withOldSet();
      const { p, exited } = startBuild(out);
      await sleep(delay);
      p.kill(sig);
      const e = await exited;
      // finished before the signal (0), or ended by it: with the handler's code, or by the signal itself before any handler was needed
      expect([0, sig === 'SIGTERM' ? 143 : 130, null], `${sig} after ${delay} ms`).toContain(e.code);
      expect(leftovers(out, [p.pid!])).toEqual([]);
      expect([oldSnap, newSnap]).toContainEqual(outputs(out));
    }
  });
});

describe('browser trouble', () => {
  const fake = (body: string) => {
    const f = tempFile('fake-chrome', `#!/bin/sh\n${body}\n`);
    execFileSync('chmod', ['+x', f]);
    return f;
  };
  /** A build with the browser `chrome` into an out/ holding the previous set: exit code, one message line, out/ unchanged. */
  const withBrowser = (chrome: string, code: number, extra: string[] = []) => {
    const out = withOldSet();
    const r = run(['build', newData, '--out', out, '--quiet', ...extra], { IRDECK_CHROME: chrome });
    expect(r.code, r.stderr).toBe(code);
    if (code !== 0) {
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(chrome);
      expect(outputs(out)).toEqual(oldSnap);
    }
    expect(leftovers(out, [r.pid])).toEqual([]);
    return r.stderr;
  };

  it('not executable, or writing garbage on the DevTools pipe: exit 2 naming the browser', () => {
    const noexec = tempFile('chrome-noexec', '#!/bin/sh\n');
    expect(withBrowser(noexec, 2)).toContain('is not executable');
    expect(withBrowser(fake('echo garbage; printf "junk\\0" >&4; sleep 60'), 2)).toContain('is not a Chromium');
  });

  it('a wrapper that starts Chromium without exec: the build ends, Chromium with it', () => {
    const wrapper = fake('/usr/bin/chromium "$@"');
    withBrowser(wrapper, 0);
    // no Chromium of this build is left running (its profile names it)
    expect(spawnSync('pgrep', ['-f', 'irdeck-chrome-']).stdout.toString().split('\n').filter(Boolean).filter((pid) => {
      try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(wrapper); } catch { return false; }
    })).toEqual([]);
  });

  it('a browser that hangs: ends after the configured timeout and says which', () => {
    expect(withBrowser(fake('sleep 600'), 1, ['--timeout', '3'])).toMatch(/did not start within 3 s \(--timeout\)/);
  });
});

describe('every allowed kind of text', () => {
  it('tab, newline, emoji, CJK, RTL, characters XML escapes: the PPTX is well-formed XML throughout and opens in LibreOffice', () => {
    const allowed = 'Tab\\there and a line\\nbreak; 日本語のテキスト; עברית and مرحبا; emoji 🌐 👩\\u200D💻; <b>&amp;</b> "q" \'a\' ]]>';
    const text = replaceOnce(sampleText(), '    - en: Affected by the weak economy and an unprofitable systems integration project', `    - en: "${allowed.replace(/"/g, '\\"')}"`);
    const file = tempFile('allowed.yaml', text);
    const out = mkdtempSync(join(tmpdir(), 'irdeck-hb-allowed-'));
    const r = run(['build', file, '--format', 'pptx', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const parts = mkdtempSync(join(tmpdir(), 'irdeck-hb-parts-'));
    execFileSync('unzip', ['-q', join(out, 'allowed.pptx'), '-d', parts]);
    const xml = execFileSync('find', [parts, '-name', '*.xml', '-o', '-name', '*.rels'], { encoding: 'utf8' }).trim().split('\n');
    expect(xml.length).toBeGreaterThan(50);
    // xmllint exits non-zero and names the part when any one is not well-formed
    expect(spawnSync('xmllint', ['--noout', ...xml]).status).toBe(0);
    const slides = xml.filter((f) => /slides\/slide\d+\.xml$/.test(f)).map((f) => readFileSync(f, 'utf8')).join('');
    for (const s of ['日本語のテキスト', 'עברית and مرحبا', '🌐 👩\u200D💻', '&lt;b&gt;&amp;amp;&lt;/b&gt;', ']]&gt;']) expect(slides).toContain(s);
    const lo = mkdtempSync(join(tmpdir(), 'irdeck-hb-lo-'));
    execFileSync('libreoffice', [`-env:UserInstallation=file://${lo}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', lo, join(out, 'allowed.pptx')], { stdio: 'ignore', timeout: 120_000 });
    expect(execFileSync('pdfinfo', [join(lo, 'allowed.pdf')], { encoding: 'utf8' })).toMatch(/Pages:\s+26\n/);
  });
});
