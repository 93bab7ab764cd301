// Faults and bad input never cost the last good deck: out/ is left byte for
// byte as it was, no temporary files stay behind, and a rerun succeeds.
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASES } from './fixtures/bad/cases.js';
import { irdeck, ROOT, SAMPLE, sampleText, tempFile } from './util/cli.js';

/** sha256 of every file in a folder, hidden ones included; a folder in it (a killed build's staging folder) as "folder". */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    out[f.name] = f.isDirectory() ? 'folder' : createHash('sha256').update(readFileSync(join(dir, f.name))).digest('hex');
  }
  return out;
}

const good = mkdtempSync(join(tmpdir(), 'irdeck-good-'));

beforeAll(() => {
  const r = irdeck(['build', SAMPLE, '--format', 'pptx', '--out', good, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
});

/** A folder holding a copy of the good outputs, named as the data file will be. */
function outWithGoodDeck(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'irdeck-out-'));
  for (const f of readdirSync(good)) cpSync(join(good, f), join(dir, f.replace('fy2008-1h', name)));
  return dir;
}

describe('bad input leaves out/ as it was', () => {
  it.each(CASES.filter((c) => c.name !== 'too-large-20mb').map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const file = tempFile(`${c.name}.yaml`, c.make(sampleText()));
    const out = outWithGoodDeck(c.name);
    const before = snapshot(out);
    const r = irdeck(['build', file, '--format', 'pptx', '--out', out, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(c.rule);
    expect(snapshot(out)).toEqual(before);
  });
});

describe('faults', () => {
  it('an out/ without write permission: clear error, non-zero exit, nothing changed', () => {
    if (process.getuid?.() === 0) {
      // root ignores permission bits; a read-only bind is not available here, so use a path below a file instead
      const file = tempFile('not-a-dir', 'x');
      const r = irdeck(['build', SAMPLE, '--format', 'pptx', '--out', join(file, 'out'), '--quiet']);
      // a user-caused errno is bad input since issue 14 (was exit 1)
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/irdeck: .*(ENOTDIR|not a directory)/i);
      return;
    }
    const out = outWithGoodDeck('fy2008-1h');
    const before = snapshot(out);
    chmodSync(out, 0o555);
    const r = irdeck(['build', SAMPLE, '--format', 'pptx', '--out', out, '--quiet']);
    chmodSync(out, 0o755);
    expect(r.code).toBe(2); // issue 14: a user-caused errno is bad input (was exit 1)
    expect(r.stderr).toMatch(/EACCES|permission/i);
    expect(snapshot(out)).toEqual(before);
  });

  it('a build killed with SIGKILL halfway leaves the old outputs intact, and a rerun succeeds', async () => {
    const out = outWithGoodDeck('fy2008-1h');
    const before = snapshot(out);
    const p = spawn(process.execPath, [join(ROOT, 'bin/irdeck.js'), 'build', SAMPLE, '--format', 'pptx', '--out', out, '--quiet'], { stdio: 'ignore' });
    const exited = new Promise((r) => p.on('exit', r));
    // killed inside rendering: once the build's staging folder holds its first output. (A fixed
    // 450 ms came after the end of a build that took 0.24 s, and the test then waited for ever.)
    const staging = () => readdirSync(out).filter((f) => f.startsWith('.irdeck-stage-')).some((f) => {
      try { return readdirSync(join(out, f)).length > 0; } catch { return false; }
    });
    let halfway = false;
    while (!halfway && p.exitCode === null) {
      halfway = staging();
      if (!halfway) await new Promise((r) => setTimeout(r, 2));
    }
    expect(halfway, 'the build was killed before it ended, with outputs staged').toBe(true);
    p.kill('SIGKILL');
    await exited;
    expect(p.signalCode).toBe('SIGKILL');
    const after = snapshot(out);
    // the deck is the old one or a complete new one (identical bytes), never a torn file
    expect(after['fy2008-1h.pptx']).toBe(before['fy2008-1h.pptx']);
    const r = irdeck(['build', SAMPLE, '--format', 'pptx', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    // the killed build's lock and temporary files are gone after the rerun
    expect(readdirSync(out).filter((f) => f.includes('.tmp-') || f.endsWith('.lock') || f.startsWith('.irdeck-stage-'))).toEqual([]);
  });

  it('two builds of the same deck at once: one waits its turn or fails clearly, outputs stay whole', async () => {
    const out = mkdtempSync(join(tmpdir(), 'irdeck-twice-'));
    const run = () => new Promise<{ code: number; err: string }>((res) => {
      const p = spawn(process.execPath, [join(ROOT, 'bin/irdeck.js'), 'build', SAMPLE, '--format', 'pptx', '--out', out, '--quiet']);
      let err = '';
      p.stderr.on('data', (d) => { err += d; });
      p.on('exit', (code) => res({ code: code ?? -1, err }));
    });
    const [a, b] = await Promise.all([run(), run()]);
    expect([a.code, b.code]).toContain(0);
    for (const r of [a, b]) if (r.code !== 0) expect(r.err).toMatch(/another build of this deck is running/);
    expect(snapshot(out)['fy2008-1h.pptx']).toBe(snapshot(good)['fy2008-1h.pptx']);
    expect(readdirSync(out).filter((f) => f.includes('.tmp-') || f.endsWith('.lock'))).toEqual([]);
  });

  it('data text is never markup or XML in the PPTX', async () => {
    const text = sampleText().replace('en: IIJ to Open New Nerima Data Center', "en: '<img src=x onerror=alert(1)> & </a:t><a:t>x'");
    const file = tempFile('markup.yaml', text);
    const out = mkdtempSync(join(tmpdir(), 'irdeck-markup-'));
    const r = irdeck(['build', file, '--format', 'pptx', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(readFileSync(join(out, 'markup.pptx')));
    const all = (await Promise.all(Object.keys(zip.files).filter((f) => f.startsWith('ppt/slides/slide')).map((f) => zip.file(f)!.async('string')))).join('');
    expect(all).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &lt;/a:t&gt;&lt;a:t&gt;x');
    expect(all).not.toContain('<img');
    expect(existsSync(join(out, 'markup.pptx'))).toBe(true);
  });
});

describe('markup and script in every kind of text field', () => {
  const EVIL = `<script>alert(1)</script><img src=x onerror=alert(2)>&{{constructor}}"'`;
  const q = (t: string) => `'${t.replace(/'/g, "''")}'`;
  // one edit per kind of text: company name, section text via commentary, a topic title and bullet,
  // a revision factor label, a group company, a press release, the forward-looking statement
  const edits: [string, string][] = [
    ['    en: Internet Initiative Japan Inc.', `    en: ${q(`IIJ ${EVIL}`)}`],
    // sentences in commentary are templates: {{constructor}} there is refused (tested below)
    ['    - en: Affected by the weak economy and an unprofitable systems integration project', `    - en: ${q(`weak ${EVIL.replace('{{constructor}}', '')}`)}`],
    ["      en: '\"SMFv2\" Compatible Routers'", `      en: ${q(`S ${EVIL}`.slice(0, 40))}`],
    ['      - en: Begins operation in February 2009', `      - en: ${q(`February ${EVIL}`)}`],
    [
      '- { label: { en: Unprofitable systems integration project, ja: "不採算SI案件" }, short: { en: Unprofitable project, ja: "不採算案件" }, amount: -200 }',
      `- { label: ${q(`Unprofitable ${EVIL}`)}, short: 'x<b>y</b>', amount: -200 }`,
    ],
    [
      '  - { date: 2008-06-10, quarter: FY08 1Q, title: { en: IIJ Establishes IIJ Innovation Institute Inc., ja: "IIJ、株式会社IIJイノベーションインスティテュートを設立" } }',
      `  - { date: 2008-06-10, quarter: FY08 1Q, title: ${q(`Institute ${EVIL}`)} }`,
    ],
  ];
  it('appears as text in HTML and PPTX, never as markup or script', async () => {
    let text = sampleText();
    for (const [from, to] of edits) {
      const i = text.indexOf(from);
      expect(i, from).toBeGreaterThanOrEqual(0);
      text = text.slice(0, i) + to + text.slice(i + from.length);
    }
    const file = tempFile('evil-all.yaml', text);
    const out = mkdtempSync(join(tmpdir(), 'irdeck-evil-all-'));
    const r = irdeck(['build', file, '--format', 'pptx,html', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(out, 'evil-all.html'), 'utf8');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>y</b>');
    expect(html.match(/&lt;script&gt;alert\(1\)&lt;\/script&gt;/g)?.length ?? 0).toBeGreaterThanOrEqual(5);
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(readFileSync(join(out, 'evil-all.pptx')));
    const xml = (await Promise.all(Object.keys(zip.files).filter((f) => /^ppt\/(slides|notesSlides|charts)\/[^/]+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')))).join('');
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('a sentence reaching for object internals ({{constructor}}) is refused with its line', () => {
    const text = sampleText().replace('    - en: Affected by the weak economy and an unprofitable systems integration project', '    - en: Affected {{constructor.name}} by the weak economy');
    const file = tempFile('proto.yaml', text);
    const r = irdeck(['check', file]);
    expect(r.code).toBe(2);
    const line = text.slice(0, text.indexOf('{{constructor.name}}')).split('\n').length;
    expect(r.stderr).toMatch(new RegExp(`${file}:${line}:\\d+  error  commentary\\.revenues: "constructor" is not a field of the model  \\(template/forbidden-field\\)`));
  });
});

void writeFileSync;

describe('determinism', () => {
  it('the same data gives byte-identical outputs in any working directory, time zone and locale', () => {
    const a = mkdtempSync(join(tmpdir(), 'irdeck-det-a-'));
    const b = mkdtempSync(join(tmpdir(), 'irdeck-det-b-'));
    const r1 = irdeck(['build', SAMPLE, '--out', a, '--quiet'], { env: { TZ: 'UTC', LANG: 'C.UTF-8' }, cwd: ROOT });
    const r2 = irdeck(['build', SAMPLE, '--out', b, '--quiet'], { env: { TZ: 'Asia/Tokyo', LANG: 'ja_JP.UTF-8', LC_ALL: 'ja_JP.UTF-8' }, cwd: tmpdir() });
    expect(r1.code, r1.stderr).toBe(0);
    expect(r2.code, r2.stderr).toBe(0);
    const sa = snapshot(a);
    expect(Object.keys(sa).sort()).toEqual(['fy2008-1h.html', 'fy2008-1h.pdf', 'fy2008-1h.pptx', 'fy2008-1h.tieout.csv', 'fy2008-1h.tieout.html']);
    expect(snapshot(b)).toEqual(sa);
  });
});
