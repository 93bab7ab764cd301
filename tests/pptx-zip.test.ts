// In the bundle, pptxgenjs writes its package with render/pptxgenjs-zip.ts
// instead of JSZip (scripts/bundle.mjs); here, in the sources, it runs with
// JSZip. The finished PPTX must be the same bytes either way, for every
// edition and both kinds of charts: the CLI (the bundle) against renderPptx
// run here.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderChartsPng } from '../src/charts/png.js';
import { renderPptx } from '../src/render/pptx.js';
import { chartStyleOf } from '../src/render/style.js';
import PptxgenjsZip from '../src/render/pptxgenjs-zip.js';
import { readZip } from '../src/util/zip.js';
import { irdeck } from './util/cli.js';
import { editions, layEdition } from './util/editions.js';

describe('pptxgenjs-zip', () => {
  it('keeps what pptxgenjs puts in it: folders as paths, base64 decoded, stored as given', async () => {
    const zip = new PptxgenjsZip();
    zip.folder('ppt').folder('_rels');
    zip.folder('ppt').file('a.xml', '<a>ü</a>');
    zip.file('ppt/media/x.png', Buffer.from([1, 2, 3]).toString('base64'), { base64: true });
    const inner = await new PptxgenjsZip().file('x', 'y').generateAsync({ type: 'base64' });
    zip.file('book.xlsx', inner as string, { base64: true });
    const entries = readZip((await zip.generateAsync({ type: 'nodebuffer' })) as Buffer);
    expect(entries.map(([n]) => n)).toEqual(['ppt/a.xml', 'ppt/media/x.png', 'book.xlsx']);
    expect(entries[0][1].toString('utf8')).toBe('<a>ü</a>');
    expect([...entries[1][1]]).toEqual([1, 2, 3]);
    expect(readZip(entries[2][1]).map(([n, d]) => `${n}=${d.toString()}`)).toEqual(['x=y']);
    await expect(zip.generateAsync({ type: 'blob' })).rejects.toThrow(/not supported/);
    expect(() => zip.file('c', 'd', { binary: true } as never)).toThrow(/not supported/);
  });

  // the bundle's PPTX against the one written here with JSZip, edition by edition
  const out = mkdtempSync(join(tmpdir(), 'irdeck-pptx-zip-'));
  for (const e of editions().filter((x) => x.name.startsWith('fy2008-1h'))) {
    for (const charts of ['native', 'image'] as const) {
      it(`${e.name}, ${charts} charts: the same bytes from the bundle as from JSZip`, async () => {
        const dir = join(out, `${charts}-${e.lang ?? 'en'}`);
        const args = ['build', e.file, '--format', 'pptx', '--out', dir, '--quiet', ...(charts === 'image' ? ['--charts', 'image'] : []), ...(e.lang ? ['--lang', e.lang] : [])];
        const r = irdeck(args);
        expect(r.code, r.stderr).toBe(0);
        const name = basename(e.file, '.yaml') + (e.lang ? `.${e.lang}` : '');
        const bundled = readFileSync(join(dir, `${name}.pptx`));
        const laid = layEdition(e);
        const items = laid.layout.slides.flatMap((s) => s.elements.flatMap((el) => (el.kind === 'chart' ? [{ spec: el.chart, box: el.box }] : [])));
        const chartPngs = charts === 'image' ? await renderChartsPng(items, chartStyleOf(laid.theme), 2) : undefined;
        const here = await renderPptx(laid.layout, { theme: laid.theme, charts, chartPngs });
        expect(bundled.length).toBeGreaterThan(100_000);
        expect(bundled.equals(here)).toBe(true);
      }, 60_000);
    }
  }
});
