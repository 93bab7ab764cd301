// The command line as a newcomer meets it: every command answers --help with
// its options and an example, --version says which irdeck this is, and a
// mistyped option or command is bad input naming the nearest real one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/commands.js';
import { FORMAT_NAMES } from '../src/pipeline/outputs.js';
import { irdeck, ROOT, SAMPLE } from './util/cli.js';

describe('--help', () => {
  for (const [name, spec] of Object.entries(COMMANDS)) {
    it(`irdeck ${name} --help lists every option and an example, exit 0`, () => {
      const r = irdeck([name, '--help']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^irdeck ${name} `));
      for (const option of [...Object.keys(spec.options), 'help']) expect(r.stdout).toMatch(new RegExp(`^  --${option}\\b`, 'm'));
      expect(r.stdout).toContain(`Example:\n  irdeck ${name} `);
      // the example is real: it names the sample data files
      expect(r.stdout).toMatch(/data\/fy2008-(1h|3q)\.yaml/);
    });
  }

  it('wins over an otherwise broken line (no file, an unknown option)', () => {
    const r = irdeck(['new-period', '--bogus', '-h']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--to NAME');
  });

  it('the usage names every command and the build help every output format', () => {
    const r = irdeck(['--help']);
    expect(r.code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(r.stdout).toContain(`irdeck ${name} `);
    const b = irdeck(['build', '--help']).stdout;
    for (const f of FORMAT_NAMES) expect(b).toMatch(new RegExp(`^ +${f}: `, 'm'));
  });
});

it('--version prints the version of package.json', () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const r = irdeck(['--version']);
  expect(r.code).toBe(0);
  expect(r.stdout.trim()).toBe(`irdeck ${version}`);
});

describe('mistakes name the nearest real thing', () => {
  const cases: [string[], RegExp][] = [
    [['build', SAMPLE, '--fromat', 'pptx'], /unknown option --fromat; did you mean --format\?/],
    [['build', SAMPLE, '--tmplates', 'x'], /unknown option --tmplates; did you mean --templates\?/],
    [['new-period', SAMPLE, '--too', 'x'], /unknown option --too; did you mean --to\?/],
    [['preview', SAMPLE, '--prot', '1'], /unknown option --prot; did you mean --port\?/],
    [['chekc', SAMPLE], /unknown command "chekc"; did you mean "check"\?/],
  ];
  for (const [argv, message] of cases) {
    it(`irdeck ${argv.filter((a) => a !== SAMPLE).join(' ')}`, () => {
      const r = irdeck(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    });
  }

  it('--format takes the output registry\'s names and lists them when given another', () => {
    const r = irdeck(['build', SAMPLE, '--format', 'pptx,xlsx']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--format takes a comma-separated list of ${FORMAT_NAMES.join(', ')}; got "pptx,xlsx"`);
  });

  it('no guess when nothing is near', () => {
    const r = irdeck(['check', SAMPLE, '--zzzzzz']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option --zzzzzz (`irdeck check --help` lists its options)');
  });
});
