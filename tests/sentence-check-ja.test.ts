// Hand-typed Japanese sentences, checked with templates/locales/ja.check.yaml
// by the same engine as the English ones: each replaces the Japanese text of
// the bilingual sample's commentary.si_operation and must come out clean, or
// as a contradiction naming its subject (and, where given, the right figure).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSentences } from '../src/check/check-sentences.js';
import { loadLexicon } from '../src/check/lexicon.js';
import { loadData, type DataPath } from '../src/data/load.js';
import { loadLocale } from '../src/locale/load.js';
import { metricName } from '../src/compose/metric-names.js';
import { buildModel } from '../src/model/build.js';
import { ROOT, sampleText, tempFile } from './util/cli.js';

const LEX = loadLexicon(join(ROOT, 'templates/locales/ja.check.yaml'));
const JA = loadLocale(join(ROOT, 'templates/locales/ja.yaml'));
const NAMES = (m: Parameters<typeof metricName>[1]) => metricName(JA, m);
const SI_OPERATION_JA = /( {6}ja: )システム運用保守売上は[^\n]*/;

type Expect = 'clean' | { subject: string; right?: RegExp };
const bad = (subject: string, right?: RegExp): Expect => ({ subject, right });

// the 1H08 sample: revenues +10.9% YoY (2Q08 +3.9%), operating income -44.6% (2Q08 +44.5% QoQ),
// net income -89.4%, recurring +18.9%, one-time -22.2%, employees 1,824 (+214 YoY), gross margin ratio -2.1 points
const CASES: [string, Expect][] = [
  ['売上高は前年同期比10.9%増加', 'clean'],
  ['売上高は前年同期比10.9%増', 'clean'],
  ['売上高は前年同期比12.0%増', bad('売上高合計', /rose 10\.9% YoY in 1H08/)],
  ['売上高は前年同期比10.9%減', bad('売上高合計')],
  ['売上高は前年同期比で10.9%の増加となりました', 'clean'],
  ['売上高は前年同期比で10.9%の減少となりました', bad('売上高合計')],
  ['売上高は33,254百万円', 'clean'],
  ['売上高は33,524百万円', bad('売上高合計', /33,254/)],
  ['営業利益は前年同期比44.6%減少しました', 'clean'],
  ['営業利益は前年同期比44.6%の大幅減', 'clean'],
  ['営業利益は前年同期比44.6%増加しました', bad('営業利益', /fell 44\.6% YoY in 1H08/)],
  ['営業利益は前四半期比44.5%増', 'clean'],
  ['営業利益は前四半期比44.5%減', bad('営業利益', /rose 44\.5% QoQ in 2Q08/)],
  ['営業利益は前年同期比で大きく減少', 'clean'],
  ['営業利益は前年同期比で大きく増加', bad('営業利益')],
  ['当期純利益は前年同期比89.4%減', 'clean'],
  ['当期純利益は前年同期比8.9%減', bad('当期純利益', /fell 89\.4% YoY in 1H08/)],
  // recurring and one-time revenues by the names Japanese decks give them (ストック/フロー)
  ['継続売上は前年同期比18.9%増', 'clean'],
  ['ストック売上は前年同期比18.9%増', 'clean'],
  ['ストック型売上は前年同期比10.9%増', bad('継続売上', /18\.9%/)],
  ['フロー売上は前年同期比22.2%減', 'clean'],
  // a count typed before its direction (214名増) is the change
  ['従業員数は1,824名', 'clean'],
  ['従業員数は前年同期比214名増', 'clean'],
  ['従業員数は前年同期比214名減', bad('従業員数', /rose by 214 YoY/)],
  ['従業員数は前年同期比999名増', bad('従業員数', /rose by 214 YoY/)],
  ['売上総利益率は前年同期比2.1ポイント低下', 'clean'],
  ['売上総利益率は前年同期比2.1ポイント上昇', bad('売上総利益率', /fell 2\.1 points YoY/)],
];

describe('hand-written Japanese sentences against their subjects', () => {
  it(`${CASES.length} typed sentences: clean, or a contradiction naming the subject`, () => {
    const base = sampleText().replace(/^languages: \[en\]/m, 'languages: [ja, en]');
    expect(SI_OPERATION_JA.test(base), 'the sample has a Japanese commentary.si_operation').toBe(true);
    const failures: string[] = [];
    for (const [sentence, want] of CASES) {
      const loaded = loadData(tempFile('ja-sentence.yaml', base.replace(SI_OPERATION_JA, (_m, head: string) => `${head}${JSON.stringify(sentence)}`)));
      expect(loaded.problems).toEqual([]);
      // the Japanese reading, its texts located at their own language's line (as check does)
      const ja = { ...loaded, data: loaded.dataIn('ja'), locate: (p: DataPath) => loaded.locate([...p, 'ja']) };
      const diags = checkSentences(ja, buildModel(ja.data), LEX, NAMES).filter((d) => d.path?.startsWith('commentary.si_operation'));
      if (want === 'clean') {
        if (diags.length) failures.push(`${sentence}: expected clean, got ${diags.map((d) => d.message).join(' | ')}`);
        continue;
      }
      const d = diags.find((x) => x.rule === 'text/contradiction');
      if (!d) failures.push(`${sentence}: expected a contradiction, got ${diags.map((x) => `${x.rule} ${x.message}`).join(' | ') || 'nothing'}`);
      else if (!d.message.includes(`(subject: ${want.subject})`)) failures.push(`${sentence}: expected subject ${want.subject}: ${d.message}`);
      else if (want.right && !want.right.test(d.message)) failures.push(`${sentence}: expected ${want.right}: ${d.message}`);
    }
    expect(failures).toEqual([]);
  });
});
