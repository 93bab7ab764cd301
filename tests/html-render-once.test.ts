// A deck's page is rendered by the templates once (src/render/html.ts,
// renderHtml): the print's page and the HTML file differ only in their slots
// (the style sheet with the fonts, the charts' pictures, the images), filled
// into the one rendering. Each is the page a rendering of its own makes, and
// a template that escapes, repeats or leaves out a slot is rendered as it is.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderHtml, type HtmlOptions } from '../src/render/html.js';
import { htmlTemplates } from '../src/render/html-templates.js';
import { chartPlaceholders } from '../src/render/pdf-charts.js';
import { composeAndLayout, type Laid } from '../src/pipeline/compose-deck.js';
import { loadModel } from '../src/pipeline/load-model.js';
import { solidPng } from '../src/util/png.js';
import { ROOT, SAMPLE } from './util/cli.js';

let laid: Laid;
let ids: string[];
beforeAll(() => {
  laid = composeAndLayout(loadModel(SAMPLE));
  ids = laid.layout.slides.flatMap((s) => s.elements.flatMap((e) => (e.kind === 'chart' ? [e.chart.id] : [])));
});

const print = (): HtmlOptions => ({ theme: laid.theme, chartPngs: chartPlaceholders(ids), mode: 'document', fonts: 'installed' });
const file = (): HtmlOptions => ({ theme: laid.theme, chartPngs: new Map(ids.map((id, i) => [id, solidPng(i, 2 * i, 3)])), mode: 'document', cjkFontCss: '@font-face{}' });
/** the same deck, not the same object: rendered afresh */
const copy = () => structuredClone(laid.layout);

function templatesWith(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'irdeck-html-once-'));
  cpSync(join(ROOT, 'templates/html'), dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

describe('one rendering per deck', () => {
  it('the second page is the first with its own slots, and the templates ran once', () => {
    const templates = htmlTemplates(join(ROOT, 'templates/html'), undefined);
    const run = templates.page;
    let runs = 0;
    templates.page = (...args) => { runs++; return run(...args); };
    try {
      const deck = copy();
      const printed = renderHtml(deck, print());
      const shown = renderHtml(deck, file());
      expect(runs).toBe(1);
      expect(printed).toBe(renderHtml(copy(), print()));
      expect(shown).toBe(renderHtml(copy(), file()));
      expect(runs).toBe(3);
      expect(shown).not.toBe(printed);
      expect(shown).toContain('@font-face{}');
      // another variant of the same deck is rendered by the templates
      expect(renderHtml(deck, { ...file(), draft: true })).toBe(renderHtml(copy(), { ...file(), draft: true }));
      expect(runs).toBe(5);
    } finally {
      templates.page = run;
    }
  });

  it('a missing chart picture is an error on every render', () => {
    const deck = copy();
    renderHtml(deck, print());
    expect(() => renderHtml(deck, { ...file(), chartPngs: new Map() })).toThrow(`no PNG rendered for chart ${ids[0]}`);
  });

  it('a template that escapes, repeats or leaves out a slot gives the page it always gave', () => {
    const edits: [string, (t: string) => string, (html: string) => void][] = [
      ['page.hbs', (t) => t.replace('{{{css}}}', '{{css}}'), (html) => expect(html).toMatch(/<style>@font-face\{font-family:&#x27;Arial&#x27;/)],
      ['chart.hbs', (t) => t.replace('alt="{{alt}}"', 'alt="{{alt}}" data-src="{{{src}}}"'), (html) => expect(html).toMatch(/data-src="data:image\/png;base64,/)],
      ['image.hbs', (t) => t.replace(' src="{{{src}}}"', ''), (html) => expect(html).not.toMatch(/<img class="el image"[^>]* src=/)],
    ];
    for (const [name, edit, check] of edits) {
      const templatesDir = templatesWith(name, edit);
      const deck = copy();
      const first = renderHtml(deck, { ...print(), templatesDir });
      const second = renderHtml(deck, { ...file(), templatesDir });
      check(second);
      expect(first).not.toBe(second);
      expect(second).toBe(renderHtml(copy(), { ...file(), templatesDir }));
    }
  });
});
