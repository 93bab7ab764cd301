// Both editions in one build share one browser process, one data load and one
// model (issue 16). Sharing must not show in the files: each edition is the
// same, byte for byte, as when it is built alone. (Chromium numbers structure
// elements across every document it has laid out; render/pdf-canonical.ts
// renumbers them by the tree, and the second deck is set as the tab's content,
// render/pdf.ts.)
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { irdeck, replaceOnce, sampleText, tempFile } from './util/cli.js';

const file = tempFile('both.yaml', replaceOnce(sampleText(), 'languages: [en]', 'languages: [ja, en]'));
const outs = { together: '', ja: '', en: '' };
const sha = (dir: string, name: string) => createHash('sha256').update(readFileSync(join(dir, name))).digest('hex');

beforeAll(() => {
  for (const k of Object.keys(outs) as (keyof typeof outs)[]) {
    outs[k] = mkdtempSync(join(tmpdir(), `irdeck-editions-${k}-`));
    const r = irdeck(['build', file, '--out', outs[k], '--quiet', ...(k === 'together' ? [] : ['--lang', k])]);
    expect(r.code, r.stderr).toBe(0);
  }
}, 300_000);

describe('both editions built together', () => {
  it.each(['ja', 'en'] as const)('the %s edition is byte-identical to the one built alone', (lang) => {
    const alone = readdirSync(outs[lang]).sort();
    expect(alone).toEqual(['pdf', 'pptx', 'html', 'tieout.csv', 'tieout.html'].map((ext) => `both.${lang}.${ext}`).sort());
    for (const name of alone) expect(sha(outs.together, name), name).toBe(sha(outs[lang], name));
  });

  it('the PDFs number their structure elements from the tree, not from the browser\'s count', () => {
    for (const lang of ['ja', 'en']) {
      const ids = readFileSync(join(outs.together, `both.${lang}.pdf`), 'latin1').match(/\/ID \(node(\d{8})\)/g) ?? [];
      expect(ids.length, lang).toBeGreaterThan(10);
      expect(ids[0]).toBe('/ID (node00000001)');
    }
  });
});
