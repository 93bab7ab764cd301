// Issue 14: hostile input, odd files and failing parts. Each class of fault is
// tried once (the fix is at the class's root, so one case per class); every
// case asserts the exit code, the message (file, line, field), that the
// previous set of outputs in out/ is byte-identical, and that no staging
// folder, temporary file, lock or browser profile is left behind.
import { createHash } from 'node:crypto';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineOf, replaceOnce, ROOT, SAMPLE, sampleText, tempFile } from './util/cli.js';

const BIN = join(ROOT, 'bin/irdeck.js');

interface Run { code: number | null; signal: string | null; stdout: string; stderr: string; pid: number }
function run(args: string[], env: NodeJS.ProcessEnv = {}, timeout = 90_000): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, pid: r.pid ?? -1 };
}

/** sha256 of every file in a folder, hidden ones included. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) out[f] = createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
  return out;
}

/** What a build may leave behind: staging folders, temporary files, locks (all hidden), and its browser profile. */
function leftovers(dir: string, pids: number[] = []): string[] {
  const inOut = readdirSync(dir).filter((f) => f.startsWith('.'));
  const profiles = readdirSync(tmpdir()).filter((f) => pids.some((p) => f.startsWith(`irdeck-chrome-${p}-`)));
  return [...inOut, ...profiles];
}

// the previous set: the sample built once (PPTX and tie-out; the browser's faults are in hardening-build.test.ts)
const prev = mkdtempSync(join(tmpdir(), 'irdeck-h-prev-'));
beforeAll(() => {
  const a = run(['build', SAMPLE, '--format', 'pptx', '--out', prev, '--quiet']);
  expect(a.code, a.stderr).toBe(0);
});

/** A fresh out/ holding the previous set, its files named as `name`'s outputs. */
function outWith(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'irdeck-h-out-'));
  for (const f of readdirSync(prev)) cpSync(join(prev, f), join(dir, f.replace('fy2008-1h', name)));
  return dir;
}

/** Build `file` into an out/ with the previous set; assert exit 2, out/ unchanged, nothing left. */
function refused(file: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Run {
  const name = file.split('/').at(-1)!.replace(/\.yaml$/, '');
  const out = outWith(name);
  const before = snapshot(out);
  const r = run(['build', file, '--out', out, '--quiet', '--format', 'pptx', ...extra], env);
  expect(r.code, r.stderr).toBe(2);
  expect(snapshot(out)).toEqual(before);
  expect(leftovers(out, [r.pid])).toEqual([]);
  return r;
}

const edit = (name: string, ...pairs: [string, string][]) => {
  let t = sampleText();
  for (const [a, b] of pairs) t = replaceOnce(t, a, b);
  return { file: tempFile(`${name}.yaml`, t), text: t };
};
const diag = (file: string, line: number, path: string, rule: string) => new RegExp(`${file.replace(/[.]/g, '\\.')}:${line}:\\d+  error  ${path.replace(/[.[\]]/g, '\\$&')}: .*\\(${rule}\\)`);

describe('text no output can carry is refused at load, every problem at once', () => {
  it('C0 and C1 controls, noncharacters, lone surrogates, bidi controls, invisible characters in figures', () => {
    const { file, text } = edit('chars',
      ['    en: Internet Initiative Japan Inc.', '    en: "Internet\\x01 Initiative\\u0085 Japan"'],
      ['      en: Total Revenues', '      en: "Total \\uFFFE Revenues \\U0010FFFF"'],
      ['        en: Connectivity Services (Home Use)', '        en: "Connectivity \\uD800 Services"'],
      ['    - en: Affected by the weak economy and an unprofitable systems integration project', '    - en: "Affected by the \\u202Eweak\\u202C economy"'],
      ['    - en: Higher circuit and network operation costs (fixed costs) and the initial costs of 2 new subsidiaries', '    - en: "Costs rose 8.\\u200B2% on the year"'],
    );
    const r = refused(file);
    // (each a language's text of a { en, ja } map: the path ends in .en)
    expect(r.stderr).toMatch(diag(file, lineOf(text, 'Internet\\x01'), 'company.name.en', 'text/control'));
    expect(r.stderr).toMatch(/company\.name\.en: holds a control character: U\+0001, U\+0085/);
    expect(r.stderr).toMatch(diag(file, lineOf(text, 'Total \\uFFFE'), 'revenues.total.label.en', 'text/noncharacter'));
    expect(r.stderr).toMatch(/U\+FFFE, U\+10FFFF/);
    expect(r.stderr).toMatch(diag(file, lineOf(text, 'Connectivity \\uD800'), 'revenues.lines.connectivity_home.label.en', 'text/surrogate'));
    expect(r.stderr).toMatch(diag(file, lineOf(text, '\\u202Eweak'), 'commentary.revenues[0].en', 'text/bidi'));
    expect(r.stderr).toMatch(diag(file, lineOf(text, '8.\\u200B2%'), 'commentary.costs_connectivity[0].en', 'text/invisible'));
    expect(r.stderr).toMatch(/irdeck: 5 problems found/);
  });

  it('a key holding ESC is shown escaped, also under --quiet; __proto__ and constructor as names are refused', () => {
    const { file, text } = edit('keys',
      ['    connectivity_home:', '    __proto__:'],
      ['    outsourcing:', '    constructor:'],
      ['  short_name: IIJ', '  short_name: IIJ\n  "\\e[2J\\e[31mred": 1'],
    );
    const r = refused(file);
    expect(r.stderr).not.toContain('\x1b');
    expect(r.stderr).toContain('\\u001b[2J');
    expect(r.stderr).toMatch(diag(file, lineOf(text, '__proto__:'), 'revenues.lines.__proto__', 'text/reserved-key'));
    expect(r.stderr).toMatch(diag(file, lineOf(text, 'constructor:'), 'revenues.lines.constructor', 'text/reserved-key'));
    // a name given as a value finds only the map's own entries, never Object's constructor
    const v = edit('valuekey', ['      revenue_lines: [systems_construction, systems_operation]', '      revenue_lines: [systems_construction, systems_operation, constructor, toString]']);
    const rv = refused(v.file);
    expect(rv.stderr).toMatch(diag(v.file, lineOf(v.text, 'constructor, toString]'), 'costs.lines.systems_integration.revenue_lines[2]', 'rule/unknown-line'));
    expect(rv.stderr).toMatch(/revenue_lines\[3\]: revenue line "toString" does not exist/);
  });

  it('assets/theme.yaml is held to the same check, with its file and line', async () => {
    const { loadTheme } = await import(pathToFileURL(join(ROOT, 'dist/theme.js')).href);
    const t = replaceOnce(readFileSync(join(ROOT, 'assets/theme.yaml'), 'utf8'), 'footer: "Copyright', 'footer: "\\u202ECopyright');
    const f = tempFile('theme.yaml', t);
    let err: { exitCode: number; diagnostics: { line: number; path: string; rule: string }[] } | undefined;
    try { loadTheme(f); } catch (e) { err = e as typeof err; }
    expect(err?.exitCode).toBe(2);
    expect(err?.diagnostics.map((d) => [d.line, d.path, d.rule])).toEqual([[lineOf(t, 'footer: "'), 'footer', 'text/bidi']]);
  });

  it('templates/deck.yaml is held to the same check, with its file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'irdeck-h-tpl-'));
    cpSync(join(ROOT, 'templates'), dir, { recursive: true });
    const deck = join(dir, 'deck.yaml');
    const t = replaceOnce(readFileSync(deck, 'utf8'), '    title: Contents', '    title: "Con\\x07tents"');
    writeFileSync(deck, t);
    const r = refused(SAMPLE, ['--templates', dir]);
    expect(r.stderr).toMatch(diag(deck, lineOf(t, 'Con\\x07tents'), 'slides.1.title', 'text/control'));
  });
});

describe('sentences are bounded and every number shown has a data path', () => {
  const S1 = '    - en: Affected by the weak economy and an unprofitable systems integration project';
  const S2 = '    - en: SI revenues increased despite an unprofitable systems integration project';
  const S3 = '    - en: Higher circuit and network operation costs (fixed costs) and the initial costs of 2 new subsidiaries';
  it('literals where a figure belongs, loops, lookups of nothing, mappings printed, {{log}}, non-finite results: each an error with its line', () => {
    const nested = `${'{{#each @root.quarters}}'.repeat(9)}x${'{{/each}}'.repeat(9)}`;
    const { file, text } = edit('tpl',
      [S1, '    - en: "Revenues were {{change 144.6 100}}, or {{jpy 99999}}"'],
      [S2, `    - en: "${nested}"`],
      [S3, '    - en: "{{lookup facts \\"typo\\"}} and {{facts}}"'],
      ['    - en: Systems construction revenue fell short of our budget and an unprofitable systems integration project had an impact', '    - en: "{{log \\"hi\\"}}"'],
      ['facts:\n', 'facts:\n  zero: { value: 0, source: test }\n  huge: { value: 1.23456789012e+29, source: test }\n'],
      ['  costs_connectivity:\n', '  costs_connectivity:\n    - "{{jpy facts.huge}}"\n'],
      ['  costs_si:\n', '  costs_si:\n    - "{{share facts.hiho_revenue_1h_current facts.zero}}"\n'],
    );
    const r = refused(file);
    expect(r.stderr).toMatch(diag(file, lineOf(text, '{{change 144.6'), 'commentary.revenues', 'template/literal'));
    expect(r.stderr).toMatch(diag(file, lineOf(text, '{{#each'), 'commentary.costs_si', 'template/block'));
    expect(r.stderr).toMatch(diag(file, lineOf(text, '{{lookup'), 'commentary.costs_connectivity', 'template/missing-field'));
    expect(r.stderr).toMatch(diag(file, lineOf(text, '{{log'), 'commentary.summary_business', 'template/log'));
    expect(r.stderr).toMatch(diag(file, lineOf(text, '{{share facts.hiho'), 'commentary.costs_si', 'template/not-finite'));
    expect(r.stderr).toMatch(diag(file, lineOf(text, '{{jpy facts.huge}}'), 'commentary.costs_connectivity', 'template/not-finite'));
    expect(r.stderr).not.toContain('\x1b');
    // the mapping printed, reported once the lookup is gone
    const m = edit('obj', [S3, '    - en: "{{facts}}"']);
    expect(refused(m.file).stderr).toMatch(diag(m.file, lineOf(m.text, '{{facts}}'), 'commentary.costs_connectivity', 'template/not-text'));
  });

  it('a template from templates/ that loops without end runs out of its step budget', () => {
    const dir = mkdtempSync(join(tmpdir(), 'irdeck-h-loop-'));
    cpSync(join(ROOT, 'templates'), dir, { recursive: true });
    const deck = join(dir, 'deck.yaml');
    const loop = `${'{{#each @root.quarters}}'.repeat(6)}x${'{{/each}}'.repeat(6)}`;
    const t = replaceOnce(readFileSync(deck, 'utf8'), '    title: Contents', `    title: "${loop}"`);
    writeFileSync(deck, t);
    const r = refused(SAMPLE, ['--templates', dir]);
    expect(r.stderr).toMatch(diag(deck, lineOf(t, loop), 'slides[1].title', 'template/budget'));
  });
});

describe('files and options a user gets wrong are exit 2 with one line naming them', () => {
  it('a FIFO, /dev/zero, a folder, a name too long as the data file', () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'irdeck-h-fifo-')), 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(refused(fifo).stderr).toMatch(/fifo\.yaml {2}error {2}this is not a regular file .*\(file\/not-regular\)/);
    expect(refused('/dev/zero').stderr).toContain('(file/not-regular)');
    const folder = mkdtempSync(join(tmpdir(), 'irdeck-h-dir-'));
    expect(refused(folder).stderr).toMatch(/this is a folder, not a data file {2}\(file\/unreadable\)/);
    expect(refused(join(tmpdir(), 'x'.repeat(300), 'long.yaml')).stderr).toContain('the path is too long');
  });

  it('a logo that is a symbolic link in assets/ to a file outside the project', () => {
    const outside = tempFile('outside.png', readFileSync(join(ROOT, 'assets/logo.png')));
    const link = join(ROOT, 'assets', `.test-link-${process.pid}.png`);
    symlinkSync(outside, link);
    try {
      const { file, text } = edit('symlogo', ['  logo: assets/sample/wordmark.png', `  logo: assets/.test-link-${process.pid}.png`]);
      expect(refused(file).stderr).toMatch(diag(file, lineOf(text, '  logo:'), 'company.logo', 'path/outside'));
    } finally {
      rmSync(link);
    }
  });

  it('--out "" and --out naming a file; a --to too long; a preview port in use', async () => {
    const r1 = run(['build', SAMPLE, '--out', '', '--quiet']);
    expect([r1.code, r1.stderr.trim().split('\n').length]).toEqual([2, 1]);
    expect(r1.stderr).toContain('--out needs a folder name');
    const f = tempFile('a-file', 'x');
    const r2 = run(['build', SAMPLE, '--out', f, '--quiet']);
    expect([r2.code, r2.stderr.trim()]).toEqual([2, `irdeck: --out ${f}: this is a file, not a folder`]);
    const r3 = run(['new-period', SAMPLE, '--to', 'x'.repeat(300)]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/^irdeck: --to: the name is 300 bytes long/);
    const { createServer } = await import('node:net');
    const busy = createServer();
    await new Promise<void>((ok) => busy.listen(0, '127.0.0.1', ok));
    const port = (busy.address() as { port: number }).port;
    const child = spawn(process.execPath, [BIN, 'preview', SAMPLE, '--port', String(port)], { cwd: ROOT });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    const code = await new Promise<number | null>((ok) => child.on('exit', ok));
    busy.close();
    expect(code).toBe(2);
    expect(err.trim().split('\n').at(-1)).toBe(`irdeck: port ${port} on 127.0.0.1: is in use by another program; choose another with --port (EADDRINUSE)`);
  });
});

describe('file systems that fail', () => {
  // a small file system of its own needs mount (root here); elsewhere these cases cannot be made
  const mnt = mkdtempSync(join(tmpdir(), 'irdeck-h-mnt-'));
  const canMount = process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=900k', 'tmpfs', mnt]).status === 0;
  afterAll(() => { if (canMount) spawnSync('umount', ['-l', mnt]); });
  it.runIf(canMount)('a full disk (ENOSPC) and a read-only one (EROFS): exit 2 naming the file, the previous set untouched', () => {
    for (const f of readdirSync(prev)) cpSync(join(prev, f), join(mnt, f));
    const before = snapshot(mnt);
    const full = run(['build', SAMPLE, '--format', 'pptx', '--out', mnt, '--quiet']);
    expect(full.code, full.stderr).toBe(2);
    expect(full.stderr).toMatch(new RegExp(`^irdeck: ${mnt}/\\S+: the disk is full \\(ENOSPC\\)\\n$`));
    expect(snapshot(mnt)).toEqual(before);
    expect(leftovers(mnt)).toEqual([]);
    expect(spawnSync('mount', ['-o', 'remount,ro', mnt]).status).toBe(0);
    const ro = run(['build', SAMPLE, '--format', 'pptx', '--out', mnt, '--quiet']);
    expect(ro.code, ro.stderr).toBe(2);
    expect(ro.stderr).toMatch(new RegExp(`^irdeck: ${mnt}/\\S+: is on a read-only file system \\(EROFS\\)\\n$`));
    expect(snapshot(mnt)).toEqual(before);
  });
});

/** The cells of a CSV as a spreadsheet reads them (quoted cells may hold commas, quotes and newlines). */
function csvCells(csv: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === '\n') { cells.push(cell); cell = ''; } else cell += c;
  }
  return cells;
}

describe('the tie-out CSV runs no formula', () => {
  it('every cell starting with = + - @ tab or CR is text, unless it is a number and nothing else', () => {
    // each a source note of a series (YAML double-quoted: \\t is a tab; a CR is refused at load)
    const sources: [string, string][] = [
      ['IIJ earnings releases (Form 6-K); 1Q06/2Q06 split of the reported 1H06 (approx. 26,440)', "-1+1+cmd|' /C calc'!A0"],
      ['illustrative; hi-ho consolidated from June 2007', '=HYPERLINK(\\"http://x\\")'],
      ['illustrative; 2Q08 3,772 up 9.7% YoY, up 2.2% QoQ as presented', '+1+2'],
      ['illustrative; 1Q07 and 1Q08 SI totals from 6-K; 2Q08 changes as presented', '@SUM(A1)'],
      ['illustrative; 2Q08 up JPY975 million YoY, up JPY121 million QoQ as presented', '\\tx'],
      ['illustrative; 1Q08 from the 1Q FY2008 release', '-A1'],
    ];
    const { file } = edit('csv', ...sources.map(([a, b]): [string, string] => [`source: ${a}\n`, `source: "${b}"\n`]));
    const out = mkdtempSync(join(tmpdir(), 'irdeck-h-csv-'));
    const r = run(['build', file, '--format', 'pptx', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const csv = readFileSync(join(out, 'csv.tieout.csv'), 'utf8');
    const cells = csvCells(csv);
    const risky = cells.filter((c) => /^[=+\-@\t\r]/.test(c));
    expect(risky.length).toBeGreaterThan(20); // the negative figures
    expect(risky.filter((c) => !/^-?\d+(\.\d+)?$/.test(c))).toEqual([]);
    expect(csv).toContain("'-1+1+cmd|' /C calc'!A0");
  });
});

describe('a publish cut short', () => {
  it('is undone by the next run from its journal: the previous set comes back whole', async () => {
    const { cleanLeftovers } = await import(pathToFileURL(join(ROOT, 'dist/util/publish.js')).href);
    const out = mkdtempSync(join(tmpdir(), 'irdeck-h-journal-'));
    // killed after moving a.pptx's old file aside and the new one in, and b.html (new, no old) in; c.pdf not reached
    const stage = join(out, '.irdeck-stage-999999-1-abc');
    mkdirSync(join(stage, '.old'), { recursive: true });
    writeFileSync(join(stage, 'publishing.json'), JSON.stringify({ names: ['a.pptx', 'b.html', 'c.pdf'] }));
    writeFileSync(join(stage, '.old', 'a.pptx'), 'old a');
    writeFileSync(join(out, 'a.pptx'), 'new a');
    writeFileSync(join(out, 'b.html'), 'new b');
    writeFileSync(join(stage, 'c.pdf'), 'new c');
    writeFileSync(join(out, 'c.pdf'), 'old c');
    cleanLeftovers(out);
    expect(Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]))).toEqual({ 'a.pptx': 'old a', 'c.pdf': 'old c' });
  });
});

describe('locks', () => {
  it('a lock naming PID 1 (a reboot) is stale; one naming a live build is obeyed', () => {
    const out = outWith('fy2008-1h');
    writeFileSync(join(out, '.fy2008-1h.lock'), '1');
    const r = run(['build', SAMPLE, '--format', 'pptx', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(leftovers(out)).toEqual([]);
    // this test's own process, with its start time, is a live owner
    const start = readFileSync(`/proc/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ')[19];
    writeFileSync(join(out, '.fy2008-1h.lock'), `${process.pid} ${start}`);
    const before = snapshot(out);
    const busy = run(['build', SAMPLE, '--format', 'pptx', '--out', out, '--quiet']);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain(`another build of this deck is running (pid ${process.pid}`);
    expect(snapshot(out)).toEqual(before);
    // the same PID with another start time is a reused PID: stale
    writeFileSync(join(out, '.fy2008-1h.lock'), `${process.pid} 1`);
    expect(run(['build', SAMPLE, '--format', 'pptx', '--out', out, '--quiet']).code).toBe(0);
  });
});
