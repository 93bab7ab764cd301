// load + validate + rules + model: the first stage of every command.
import { loadData, type LoadedData, type LoadOptions } from '../data/load.js';
import { checkRules } from '../data/rules.js';
import { inputError, type Diagnostic } from '../errors.js';
import { buildModel, type Model } from '../model/build.js';
import type { Lang } from '../data/schema.js';

export interface Checked {
  loaded: LoadedData;
  model: Model;
  /** warnings only; errors are thrown */
  warnings: Diagnostic[];
}

/** Throws an IrdeckError (exit 2) listing every error; returns the model and any warnings. */
export function loadModel(file: string, opts: LoadOptions = {}): Checked {
  const loaded = loadData(file, undefined, opts);
  const diags = [...loaded.problems, ...checkRules(loaded)];
  const errors = diags.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw inputError(diags);
  return { loaded, model: buildModel(loaded.data), warnings: diags };
}

/**
 * The same data and figures with their texts in another of the file's
 * languages: numbers are read once; only the model's labels (and the
 * sentences the data gives) differ, so it is built again from that
 * language's reading (~5 ms).
 */
export function checkedIn(checked: Checked, lang: Lang): Checked {
  const { loaded } = checked;
  if (loaded.languages.length === 1) return checked;
  // a text's position is its own language's line of a { en, ja } map (a plain string's own line otherwise)
  const located = { ...loaded, locate: (path: (string | number)[]) => loaded.locate([...path, lang]) };
  if (lang === loaded.languages[0]) return { ...checked, loaded: located };
  const data = loaded.dataIn(lang);
  return { ...checked, loaded: { ...located, data }, model: buildModel(data) };
}
