// `irdeck diff <a.yaml> <b.yaml>`: the numbers and sentences that changed
// between two periods' decks (or two versions of one), slide by slide.
import { EXIT_OK } from '../errors.js';
import { diffDecks } from '../period/diff.js';
import { composeAndLayout } from '../pipeline/compose-deck.js';
import { loadModel } from '../pipeline/load-model.js';
import type { Io, Parsed } from './io.js';

export async function runDiff({ positionals, values }: Parsed, io: Io): Promise<number> {
  const [fa, fb] = positionals;
  const templatesDir = values.templates as string | undefined;
  const ca = loadModel(fa);
  const cb = loadModel(fb);
  const a = composeAndLayout(ca, { templatesDir });
  const b = composeAndLayout(cb, { templatesDir });
  const d = diffDecks(a.composed, b.composed);
  io.out(`${fa} (${ca.model.period.title}) -> ${fb} (${cb.model.period.title})`);
  for (const line of d.lines) io.out(line);
  const total = d.changed + d.added + d.removed;
  io.out(total === 0
    ? 'no changes'
    : `${d.changed} slide(s) changed, ${d.added} added, ${d.removed} removed, ${d.unchanged} unchanged`);
  return EXIT_OK;
}
