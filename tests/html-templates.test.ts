// The HTML page's templates (templates/html/*.hbs) precompiled in irdeck's
// cache (src/render/html-templates.ts): a second build takes them from there
// and never loads the Handlebars compiler, an edited template is a new entry
// (and the page shows the edit at once: the preview's next rebuild), and the
// page is the same compiled or from the cache.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlTemplates } from '../src/render/html-templates.js';
import { ROOT, SAMPLE } from './util/cli.js';

const fresh = (what: string) => mkdtempSync(join(tmpdir(), `irdeck-${what}-`));
const entries = (cacheDir: string) => readdirSync(cacheDir).filter((f) => /^html-[0-9a-f]{32}\.cjs$/.test(f));

/** A copy of the program with a cache of its own (its node_modules links every package but .cache). */
function programCopy(): string {
  const prog = fresh('html-prog');
  for (const p of ['bin', 'dist/bundle', 'templates', 'assets', 'package.json']) cpSync(join(ROOT, p), join(prog, p), { recursive: true });
  mkdirSync(join(prog, 'node_modules'));
  for (const p of readdirSync(join(ROOT, 'node_modules')).filter((p) => p !== '.cache')) symlinkSync(join(ROOT, 'node_modules', p), join(prog, 'node_modules', p));
  return prog;
}

const editGenerator = (prog: string) => {
  const page = join(prog, 'templates/html/page.hbs');
  writeFileSync(page, readFileSync(page, 'utf8').replace('<meta name="generator" content="irdeck">', '<meta name="generator" content="irdeck, edited">'));
};

function templatesCopy(): string {
  const dir = fresh('html-tpl');
  cpSync(join(ROOT, 'templates/html'), dir, { recursive: true });
  return dir;
}

const VIEW = {
  lang: 'en', meta: { author: 'A & B', subject: 's', title: '<t>' }, csp: "default-src 'none'", css: 'b{}', mode: 'document', draft: true, draftMark: 'DRAFT',
  liveReload: undefined, reloadScript: '',
  slides: [{ number: 1, title: 'One "1"', label: 'Slide 1', hasTitle: false, elements: [
    { partial: 'shape', id: 's1', style: "left:0in;font-family:'X'" },
    { partial: 'text', tag: 'div', boxTag: 'div', id: 't1', role: 'body', hidden: false, style: 'x', inner: 'y', blocks: [
      { pTag: 'p', paragraph: { style: '', bullet: undefined, bulletStyle: '', runs: [{ br: false, text: 'a < b', style: '' }] }, items: undefined },
      { pTag: 'p', paragraph: undefined, items: [{ style: '', bullet: '•', bulletStyle: 'z', runs: [{ br: false, text: 'c', style: '' }, { br: true, text: 'd', style: '' }] }] },
    ] },
  ] }],
};

describe('the HTML templates in the cache', () => {
  it('an edited template is a new entry, and the page shows the edit', () => {
    const dir = templatesCopy();
    const cacheDir = fresh('html-cache');
    const first = htmlTemplates(dir, cacheDir);
    expect(first.fromCache).toBe(false);
    expect(entries(cacheDir)).toHaveLength(1);
    expect(first.page(VIEW)).toContain('<span style="">a &lt; b</span>');
    writeFileSync(join(dir, 'shape.hbs'), readFileSync(join(dir, 'shape.hbs'), 'utf8').replace('class="el shape"', 'class="el shape edited"'));
    const edited = htmlTemplates(dir, cacheDir);
    expect(edited.fromCache).toBe(false);
    expect(edited.page(VIEW)).toContain('class="el shape edited"');
    expect(entries(cacheDir)).toHaveLength(2);
    // and the text as it was is the first entry again
    writeFileSync(join(dir, 'shape.hbs'), readFileSync(join(ROOT, 'templates/html/shape.hbs')));
    expect(htmlTemplates(dir, cacheDir).page(VIEW)).toBe(first.page(VIEW));
  });

  it('an entry read back makes the same page; a damaged one is compiled again and rewritten', () => {
    const dir = templatesCopy();
    const cacheDir = fresh('html-cache');
    const compiled = htmlTemplates(dir, cacheDir);
    const [entry] = entries(cacheDir);
    // another cache folder holding the same entry: what the next process finds
    const again = fresh('html-cache');
    cpSync(join(cacheDir, entry), join(again, entry));
    const cached = htmlTemplates(dir, again);
    expect(cached.fromCache).toBe(true);
    expect(cached.page(VIEW)).toBe(compiled.page(VIEW));
    expect(htmlTemplates(dir, undefined).page(VIEW)).toBe(compiled.page(VIEW)); // no cache at all
    const names = ['text', 'runs', 'table', 'chart', 'image', 'shape', 'page'];
    const damaged = [
      'module.exports = { templates: { page: ', // cut short
      'module.exports = { templates: { page: {} } };\n', // not every template
      `module.exports = { templates: { ${names.map((n) => `${n}: { main: 1 }`).join(', ')} } };\n`, // not templates
      `module.exports = { templates: { ${names.map((n) => `${n}: { compiler: [1, '1.0'], main: function () { return ''; } }`).join(', ')} } };\n`, // another Handlebars's
    ];
    for (const damage of damaged) {
      const broken = fresh('html-cache');
      writeFileSync(join(broken, entry), damage);
      const remade = htmlTemplates(dir, broken);
      expect(remade.fromCache).toBe(false);
      expect(remade.page(VIEW)).toBe(compiled.page(VIEW));
      expect(readFileSync(join(broken, entry), 'utf8')).toBe(readFileSync(join(cacheDir, entry), 'utf8'));
    }
  });

  it("the bundle's html chunk does not hold the Handlebars compiler", () => {
    const bundle = join(ROOT, 'dist/bundle');
    const [html] = readdirSync(bundle).filter((f) => /^html-[A-Z0-9]+\.js$/.test(f));
    expect(html).toBeDefined();
    // every chunk it imports, and theirs (esbuild names each bundled module in a comment)
    const seen = new Set<string>();
    const todo = [join(bundle, html)];
    while (todo.length) {
      const f = todo.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      for (const m of readFileSync(f, 'utf8').matchAll(/^(?:import|export)\b[^;]*?"(\.\/[^"]+\.js)"/gm)) todo.push(join(dirname(f), m[1]));
    }
    expect(seen.size).toBeGreaterThan(1);
    const modules = [...seen].flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/^\/\/ (\S+)$/gm)].map((m) => m[1]));
    expect(modules.some((m) => m.includes('handlebars/dist/cjs/handlebars/runtime.js'))).toBe(true);
    expect(modules.filter((m) => /handlebars\/dist\/cjs\/handlebars\/compiler\/|\/source-map\//.test(m))).toEqual([]);
  });

  it('a second build takes the templates from the cache and never loads the compiler; an edit is compiled', () => {
    const prog = programCopy();
    const hook = join(prog, 'compiler-hook.cjs');
    // what the main thread loaded of the compiler (the bundle reads it from node_modules when it compiles)
    writeFileSync(hook, `process.on('exit', () => {
  if (!require('node:worker_threads').isMainThread) return;
  const compiler = Object.keys(require.cache).filter((f) => /handlebars[\\\\/]dist[\\\\/]cjs[\\\\/]handlebars[\\\\/]compiler[\\\\/]/.test(f));
  process.stderr.write('compiler modules: ' + compiler.length + '\\n');
});
`);
    const out = fresh('html-out');
    const build = () => {
      const args = ['--require', hook, join(prog, 'bin/irdeck.js'), 'build', SAMPLE, '--format', 'html', '--out', out, '--quiet'];
      const r = spawnSync(process.execPath, args, { cwd: prog, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      return { compiler: Number(/compiler modules: (\d+)/.exec(r.stderr)?.[1]), html: readFileSync(join(out, 'fy2008-1h.html'), 'utf8') };
    };
    const cacheDir = join(prog, 'node_modules/.cache/irdeck');
    const cold = build();
    expect(cold.compiler).toBeGreaterThan(0); // the hook sees a compiler that is loaded
    expect(entries(cacheDir)).toHaveLength(1);
    const warm = build();
    expect(warm.compiler).toBe(0);
    expect(warm.html).toBe(cold.html);
    editGenerator(prog);
    const edited = build();
    expect(edited.compiler).toBeGreaterThan(0);
    expect(edited.html).toBe(cold.html.replace('content="irdeck"', 'content="irdeck, edited"'));
    expect(entries(cacheDir)).toHaveLength(2);
  });

  it('the preview shows an edited template at its next rebuild', async () => {
    const prog = programCopy();
    const child = spawn(process.execPath, [join(prog, 'bin/irdeck.js'), 'preview', SAMPLE, '--port', '0'], { cwd: prog, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((ok, fail) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => { out += d.toString(); const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out); if (m) ok(m[0]); });
        child.on('exit', (code) => fail(new Error(`the preview stopped (${code})`)));
      });
      const page = async () => (await fetch(url)).text();
      expect(await page()).toContain('<meta name="generator" content="irdeck">');
      editGenerator(prog);
      const t0 = Date.now();
      while (!(await page()).includes('<meta name="generator" content="irdeck, edited">')) {
        if (Date.now() - t0 > 20_000) throw new Error('the preview never showed the edited template');
        await new Promise((r) => setTimeout(r, 150));
      }
    } finally {
      child.kill();
    }
  });
});
