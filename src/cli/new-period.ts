// `irdeck new-period <data.yaml> --to <name>`: the next quarter's data file,
// rolled forward from this one, with TODO wherever something must be typed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadData } from '../data/load.js';
import { checkRules } from '../data/rules.js';
import { EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, IrdeckError, inputError } from '../errors.js';
import { roll } from '../period/new-period.js';
import { writeFileAtomic } from '../util/atomic.js';
import type { Io, Parsed } from './io.js';

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function runNewPeriod({ positionals, values }: Parsed, io: Io): Promise<number> {
  const source = positionals[0];
  const to = (values.to as string | undefined)?.replace(/\.ya?ml$/i, '');
  if (!to) throw new IrdeckError('new-period needs --to <name>, the new file\'s name, e.g. --to fy2008-3q (written next to the source as fy2008-3q.yaml)', { exitCode: EXIT_INPUT });
  // a file name has at most 255 bytes on Linux file systems, ".yaml" included
  if (Buffer.byteLength(to) > 200) throw new IrdeckError(`--to: the name is ${Buffer.byteLength(to)} bytes long; a file name has at most 200 here`, { exitCode: EXIT_INPUT });
  if (!NAME_RE.test(to)) throw new IrdeckError(`--to "${values.to}": a file name such as fy2008-3q (letters, digits, dot, dash, underscore; no folders: use --out FILE for another place)`, { exitCode: EXIT_INPUT });
  const target = (values.out as string | undefined) ?? join(dirname(source), `${to}.yaml`);
  if (resolve(target) === resolve(source)) throw new IrdeckError(`${target} is the source file itself; the new period goes into a new file`, { exitCode: EXIT_INPUT });
  if (existsSync(target) && !values.force) {
    throw new IrdeckError(`${target} already exists; not overwriting it (give --force to replace it, or --out FILE to write elsewhere)`, { exitCode: EXIT_INPUT });
  }

  // a broken period rolls forward into a broken one: the source must pass the checks first
  const loaded = loadData(source);
  const diags = [...loaded.problems, ...checkRules(loaded)];
  const errors = diags.filter((d) => d.severity === 'error').length;
  if (errors > 0) throw inputError(diags, `${source} has ${errors} problem${errors === 1 ? '' : 's'}; fix ${errors === 1 ? 'it' : 'them'} before rolling forward to the next period`);

  const text = readFileSync(source, 'utf8');
  let r: ReturnType<typeof roll>;
  try {
    r = roll(text);
  } catch (err) {
    // a file that is not a period is the user's to fix; anything else is irdeck's own fault
    const exitCode = err instanceof IrdeckError ? err.exitCode : EXIT_INTERNAL;
    throw new IrdeckError(`${source}: ${exitCode === EXIT_INTERNAL ? 'internal error rolling forward: ' : ''}${(err as Error).message}`, { exitCode, cause: err });
  }
  writeFileAtomic(target, r.text);
  const q = r.to.quarters;
  io.out(`${target}: ${r.to.title} (${r.to.label}; quarters ${q[0]}..${q[q.length - 1]}), rolled forward from ${source} (${r.from.label})`);
  io.out(`  ${r.todos} TODO mark(s) to fill: \`irdeck check ${target}\` lists each with its line`);
  return EXIT_OK;
}
