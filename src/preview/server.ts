// The live preview: the deck as HTML on 127.0.0.1, rebuilt when the data file,
// a template or an asset changes, and reloaded in the browser by a server-sent
// event. A data or template error is shown in the page (file, line, field)
// instead of stopping the server; fixing the file brings the slides back.
// A file in several languages is served an edition at a time: / is the
// primary, /?lang=en another; a change rebuilds the editions open in a
// browser, and another is composed (from the same load) when it is asked for.
// It serves only its own routes: no URL reaches the file system.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { watch, type FSWatcher } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { IrdeckError, type Diagnostic } from '../errors.js';
import { checkedIn, loadModel, type Checked } from '../pipeline/load-model.js';
import type { Lang } from '../data/schema.js';
import { composeAndLayout, deckCacheDir } from '../pipeline/compose-deck.js';
import { PROJECT_ROOT } from '../util/project-root.js';
import { layoutDiagnostics } from '../pipeline/layout-check.js';
import { renderChartPng } from '../charts/png.js';
import { chartStyleOf } from '../render/style.js';
import { renderHtml } from '../render/html.js';
import { navigation } from './nav.js';
import { escapeHtml as esc } from '../util/escape.js';

export interface PreviewOptions { port?: number; templatesDir?: string; log?: (s: string) => void }
export interface Preview { url: string; port: number; close(): Promise<void>; rebuilds(): number; lastRebuildMs(): number }

const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;
const HEADERS = {
  'Content-Security-Policy': "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
};

// The page names the build it shows (/events?v=N); a client that connects after
// a newer build finished is told to reload at once, so a reload announced while
// the page was still loading is never lost. It names its edition too
// (&lang=ja): a rebuild composes the editions someone is looking at, and an
// edition nobody looks at is composed when it is asked for.
const events = (version: number, lang: string) => `/events?v=${version}&lang=${lang}`;
const reloadScript = (path: string) => `<script>new EventSource(${JSON.stringify(path)}).addEventListener('reload',function(){location.reload();});</script>`;

function errorPage(diags: Diagnostic[], message: string, path: string): string {
  const items = diags.map((d) => `<li><code>${esc(d.file)}:${d.line}:${d.column}</code> ${d.path ? `<b>${esc(d.path)}</b>: ` : ''}${esc(d.message)} <i>(${esc(d.rule)})</i></li>`).join('');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>irdeck preview: errors</title>` +
    `<style>body{font:15px sans-serif;margin:2em;color:#222}h1{color:#c00000}li{margin:.4em 0}code{background:#f4f4f4;padding:1px 4px}</style></head>` +
    `<body><h1>The deck cannot be built</h1><p>${esc(message)}</p><ul id="diagnostics">${items}</ul>` +
    `<p>Fix the file and save: this page reloads by itself.</p>${reloadScript(path)}</body></html>`;
}

type Status = { ok: boolean; diagnostics: Diagnostic[] };
/** One edition's page, as of the build `version`. */
interface Edition { page: string; status: Status; version: number }

export async function startPreview(file: string, opts: PreviewOptions = {}): Promise<Preview> {
  const log = opts.log ?? (() => undefined);
  const pngCache = new Map<string, Buffer>();
  /** each listening page and the edition it shows */
  const clients = new Map<ServerResponse, string>();
  const editions = new Map<string, Edition>();
  // the data as the last build loaded it (one load for every edition), or why it could not be
  let loaded: { checked: Checked } | { error: unknown } = { error: new Error('not built yet') };
  /** the file's languages, the primary first, as its last good load listed them */
  let languages: string[] = ['en'];
  let lastAsked: string | undefined;
  let rebuilds = 0;
  let lastMs = 0;

  /** The editions a rebuild composes at once: those shown, else the one asked for last, else the primary. */
  const shown = () => {
    const langs = new Set([...clients.values(), ...(lastAsked ? [lastAsked] : [])].filter((l) => languages.includes(l)));
    return langs.size ? [...langs] : [languages[0]];
  };

  // one rebuild at a time: a change that arrives meanwhile asks for one more, so
  // an older build can never finish last and put stale slides back
  let running: Promise<void> | undefined;
  let again = false;
  function rebuild(): Promise<void> {
    if (running) { again = true; return running; }
    running = (async () => {
      do { again = false; await rebuildOnce(); } while (again);
    })().finally(() => { running = undefined; });
    return running;
  }

  async function compose(lang: string, version: number): Promise<Edition> {
    try {
      if ('error' in loaded) throw loaded.error;
      const laid = composeAndLayout(checkedIn(loaded.checked, lang as Lang), { templatesDir: opts.templatesDir, lang });
      const problems = layoutDiagnostics(file, laid);
      const style = chartStyleOf(laid.theme);
      const pngs = new Map<string, Buffer>();
      for (const s of laid.layout.slides) for (const e of s.elements) {
        if (e.kind !== 'chart') continue;
        // unchanged charts are not drawn again
        const key = createHash('sha256').update(JSON.stringify([e.chart, e.box.w, e.box.h])).digest('hex');
        let png = pngCache.get(key);
        if (!png) { png = await renderChartPng(e.chart, style, e.box, 2); pngCache.set(key, png); }
        pngs.set(e.chart.id, png);
      }
      const html = renderHtml(laid.layout, { theme: laid.theme, chartPngs: pngs, liveReload: events(version, lang), mode: 'document', cacheDir: deckCacheDir() });
      const page = navigation(html, laid.layout.slides.map((s) => s.title), problems, languages.length > 1 ? { lang, languages } : undefined);
      return { page, status: { ok: true, diagnostics: problems }, version };
    } catch (err) {
      const diags = err instanceof IrdeckError ? err.diagnostics : [];
      const message = err instanceof Error ? err.message : String(err);
      return { page: errorPage(diags, message, events(version, lang)), status: { ok: false, diagnostics: diags }, version };
    }
  }

  async function rebuildOnce(): Promise<void> {
    const t0 = performance.now();
    const version = rebuilds + 1;
    try {
      const checked = loadModel(file);
      loaded = { checked };
      languages = [...checked.loaded.languages];
    } catch (err) {
      loaded = { error: err };
    }
    const langs = shown();
    for (const lang of langs) editions.set(lang, await compose(lang, version));
    rebuilds = version;
    lastMs = performance.now() - t0;
    const problems = langs.map((l) => editions.get(l)!.status).filter((st) => !st.ok || st.diagnostics.length);
    log(`rebuilt ${langs.join(', ')} in ${Math.round(lastMs)} ms${problems.length ? ` with ${problems.reduce((n, st) => n + st.diagnostics.length, 0)} problem(s)` : ''}`);
    for (const c of clients.keys()) c.write(`event: reload\ndata: ${rebuilds}\n\n`);
  }

  /** The page of an edition as of the latest build, composed now if nobody looked at it since. */
  async function pageOf(lang: string): Promise<Edition> {
    await running;
    let e = editions.get(lang);
    if (!e || e.version !== rebuilds) { e = await compose(lang, rebuilds); editions.set(lang, e); }
    return e;
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const host = req.headers.host ?? '';
    if (!LOOPBACK.test(host)) { res.writeHead(403, HEADERS).end('forbidden host'); return; } // DNS rebinding
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, HEADERS).end(); return; }
    const [path, query = ''] = (req.url ?? '/').split('?');
    const params = new URLSearchParams(query);
    // the edition asked for (?lang=en), the primary when none is
    const lang = params.get('lang') ?? languages[0];
    if ((path === '/' || path === '/status' || path === '/events') && !languages.includes(lang)) {
      res.writeHead(404, { ...HEADERS, 'Content-Type': 'text/plain' }).end(`no edition "${lang}": the file lists ${languages.join(', ')}`);
      return;
    }
    if (path === '/' || path === '/status') {
      lastAsked = lang;
      void pageOf(lang).then((e) => {
        if (path === '/status') res.writeHead(200, { ...HEADERS, 'Content-Type': 'application/json' }).end(JSON.stringify({ ...e.status, rebuilds, lang, languages }));
        else res.writeHead(200, { ...HEADERS, 'Content-Type': 'text/html; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : e.page);
      }, (err: unknown) => { res.writeHead(500, HEADERS).end(String(err)); });
      return;
    }
    if (path === '/events') {
      res.writeHead(200, { ...HEADERS, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      if (params.get('v') !== String(rebuilds)) res.write(`event: reload\ndata: ${rebuilds}\n\n`);
      clients.set(res, lang);
      req.on('close', () => clients.delete(res));
      return;
    }
    res.writeHead(404, { ...HEADERS, 'Content-Type': 'text/plain' }).end('not found');
  }

  await rebuild();
  const server = createServer(handle);
  await new Promise<void>((ok, fail) => { server.once('error', fail); server.listen(opts.port ?? 0, '127.0.0.1', ok); });
  const port = (server.address() as AddressInfo).port;

  // watch folders, not files: editors save by writing a new file and renaming it
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => { clearTimeout(timer); timer = setTimeout(() => void rebuild(), 40); };
  const dataFile = resolve(file);
  const watchers: FSWatcher[] = [
    watch(dirname(dataFile), (_e, name) => { if (!name || join(dirname(dataFile), name.toString()) === dataFile) schedule(); }),
    watch(opts.templatesDir ?? join(PROJECT_ROOT, 'templates'), { recursive: true }, schedule),
    watch(join(PROJECT_ROOT, 'assets'), schedule),
  ];
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    rebuilds: () => rebuilds,
    lastRebuildMs: () => lastMs,
    close: async () => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      for (const c of clients.keys()) c.end();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
