// `irdeck check`: everything a build would refuse, without building.
import { EXIT_OK, type Diagnostic } from '../errors.js';
import { IrdeckError } from '../errors.js';
import { composeAndLayout } from '../pipeline/compose-deck.js';
import { layoutDiagnostics } from '../pipeline/layout-check.js';
import type { Checked } from '../pipeline/load-model.js';
import { checkedIn, loadModel } from '../pipeline/load-model.js';
import { diagnosticLine, type Io, type Parsed } from './io.js';

export async function runCheck({ positionals, values }: Parsed, io: Io): Promise<number> {
  const file = positionals[0];
  const t0 = performance.now();
  // a clean check asks no position (they are for problems): the file is read for them only then
  const checked = loadModel(file, { positions: 'when-asked' });
  const { model, warnings } = checked;
  const extra = await deckChecks(file, checked, values.templates as string | undefined);
  const all = [...warnings, ...extra];
  for (const d of all) io.err(diagnosticLine(d));
  const errors = all.filter((d) => d.severity === 'error').length;
  const p = model.period;
  const illustrative = Object.values(model.metrics).filter((m) => !m.derived && m.illustrative.some(Boolean)).length;
  const series = Object.values(model.metrics).filter((m) => !m.derived).length;
  io.out(`${file}: ${model.data.company.name}, ${p.title} (${p.label} vs ${p.priorLabel}; quarters ${model.quarters[0]}..${model.quarters.at(-1)})`);
  io.out(`  ${series} quarterly series (${illustrative} with illustrative values), ${Object.keys(model.metrics).length - series} derived metrics`);
  io.out(`  ${model.data.topics.length} topics, ${model.data.group_companies.length} group companies, ${model.data.press_releases.length} press releases`);
  const slides = extra.slides;
  if (slides !== undefined) io.out(`  ${slides} slides composed from templates/`);
  io.out(`  ${errors} error(s), ${all.length - errors} warning(s) in ${Math.round(performance.now() - t0)} ms`);
  return errors > 0 ? 2 : EXIT_OK;
}

/**
 * Checks that need the deck definition: templates compile against the model,
 * every text fits its box, the sentences say what the figures do; in every
 * language the file lists (each edition's words, checked with its own words).
 */
async function deckChecks(file: string, checked: Checked, templatesDir?: string): Promise<Diagnostic[] & { slides?: number }> {
  const out: Diagnostic[] & { slides?: number } = [];
  const languages = checked.loaded.languages;
  for (const lang of languages) {
    try {
      // a file in one language is composed as the deck definition says; one in several, in each of them
      const laid = composeAndLayout(checkedIn(checked, lang), { templatesDir, lang: languages.length > 1 || lang !== 'en' ? lang : undefined });
      out.push(...layoutDiagnostics(file, laid));
      out.slides ??= laid.layout.slides.length;
    } catch (err) {
      if (err instanceof IrdeckError && err.diagnostics.length) out.push(...err.diagnostics);
      else throw err;
    }
  }
  return out;
}
