// load + validate + rules + model: the first stage of every command.
import { loadData, type LoadedData } from '../data/load.js';
import { checkRules } from '../data/rules.js';
import { inputError, type Diagnostic } from '../errors.js';
import { buildModel, type Model } from '../model/build.js';

export interface Checked {
  loaded: LoadedData;
  model: Model;
  /** warnings only; errors are thrown */
  warnings: Diagnostic[];
}

/** Throws an IrdeckError (exit 2) listing every error; returns the model and any warnings. */
export function loadModel(file: string): Checked {
  const loaded = loadData(file);
  const diags = [...loaded.problems, ...checkRules(loaded)];
  const errors = diags.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw inputError(diags);
  return { loaded, model: buildModel(loaded.data), warnings: diags };
}
