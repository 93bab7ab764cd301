// A broken assets/theme.yaml is the user's input like a data file: an error at
// its line, exit 2, never a stack trace (it used to be a ZodError, exit 1).
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IrdeckError } from '../src/errors.js';
import { loadTheme } from '../src/theme.js';
import { irdeck, lineOf, replaceOnce, ROOT, SAMPLE, tempFile } from './util/cli.js';

const THEME = readFileSync(join(ROOT, 'assets/theme.yaml'), 'utf8');

function themeError(text: string): IrdeckError {
  try {
    loadTheme(tempFile('theme.yaml', text));
  } catch (err) {
    if (err instanceof IrdeckError) return err;
    throw err;
  }
  throw new Error('the theme was accepted');
}

describe('loadTheme', () => {
  it('reads the real theme', () => {
    expect(loadTheme(join(ROOT, 'assets/theme.yaml')).sizes.title).toBe(24);
  });

  it('a wrong value is an input error at its line, every problem at once', () => {
    const broken = replaceOnce(replaceOnce(THEME, '  title: 24', '  title: big'), 'sizes:', 'sizes:\n  titel: 3');
    const err = themeError(broken);
    expect(err.exitCode).toBe(2);
    const lines = err.diagnostics.map((d) => [d.line, d.path]);
    expect(lines).toContainEqual([lineOf(broken, 'title: big'), 'sizes.title']);
    expect(lines).toContainEqual([lineOf(broken, 'titel: 3'), 'sizes.titel']);
  });

  it('a YAML syntax error is an input error at its line', () => {
    const broken = replaceOnce(THEME, '  title: 24', '  title: [24');
    const err = themeError(broken);
    expect(err.exitCode).toBe(2);
    expect(err.diagnostics[0].line).toBeGreaterThanOrEqual(lineOf(broken, 'title: [24'));
  });
});

it('irdeck check with a broken assets/theme.yaml: exit 2 naming assets/theme.yaml:<line>', () => {
  // a copy of the program whose project folder has the broken theme (the real one stays as it is)
  const dir = mkdtempSync(join(tmpdir(), 'irdeck-theme-'));
  for (const p of ['bin', 'dist/bundle', 'templates', 'assets', 'package.json']) cpSync(join(ROOT, p), join(dir, p), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const broken = replaceOnce(THEME, '  title: 24', '  title: big');
  writeFileSync(join(dir, 'assets/theme.yaml'), broken);
  const r = irdeck(['check', SAMPLE], { cwd: dir, bin: join(dir, 'bin/irdeck.js'), env: { IRDECK_CACHE: 'off' } });
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(new RegExp(`^assets/theme\\.yaml:${lineOf(broken, 'title: big')}:\\d+  error  sizes\\.title: `, 'm'));
  expect(r.stderr).not.toMatch(/internal error|ZodError|at .*\.js:\d+/);
});
