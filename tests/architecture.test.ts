// The import structure: no file imports another that imports it back (type-only
// imports count), no stage folder imports from a folder that imports from it,
// and util/ (what every stage shares) imports nothing of the pipeline. Shown
// failing on fixture trees with each kind of cycle, and on a copy of src/ with
// one of the cycles this structure removed put back.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, folderGraph, folderOf, importGraph } from './util/import-graph.js';
import { ROOT } from './util/cli.js';

const SRC = join(ROOT, 'src');

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'irdeck-arch-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

describe('src/ import structure', () => {
  const graph = importGraph(SRC);

  it('reads the real tree (the graph is not empty, imports resolve)', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('cli/main.ts')).toContain('cli/commands.ts');
    expect(graph.get('render/html.ts')).toContain('util/project-root.ts');
  });

  it('has no cycle between files', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('has no cycle between stage folders', () => {
    expect(cycles(folderGraph(graph))).toEqual([]);
  });

  it('util/ imports nothing outside util/ but errors.ts', () => {
    const out = [...graph].filter(([f]) => folderOf(f) === 'util').flatMap(([f, deps]) => [...deps].filter((d) => folderOf(d) !== 'util' && d !== 'errors.ts').map((d) => `${f} -> ${d}`));
    expect(out).toEqual([]);
  });
});

describe('files with one job', () => {
  // "about 500 lines" (issue 13): a file past it holds more than one job; 550 leaves room for a fix
  const MAX_LINES = 550;
  const lengths = [...importGraph(SRC).keys()].map((f) => [f, readFileSync(join(SRC, f), 'utf8').split('\n').length] as const);

  it(`no file in src/ is over ${MAX_LINES} lines`, () => {
    expect(lengths.filter(([, n]) => n > MAX_LINES)).toEqual([]);
  });

  it('both chart renderers take label values and the fitted label size from the one label plan', () => {
    const graph = importGraph(SRC);
    expect(graph.get('charts/native-plan.ts')).toContain('charts/labels.ts');
    expect(graph.get('charts/png-labels.ts')).toContain('charts/labels.ts');
    // no renderer keeps a copy of its own
    const copies = lengths.map(([f]) => f).filter((f) => f !== 'charts/labels.ts' && /function (labelValue|fittedLabelSize)\b/.test(readFileSync(join(SRC, f), 'utf8')));
    expect(copies).toEqual([]);
  });
});

describe('the cycle check itself', () => {
  it('finds a cycle of two files through a type-only import', () => {
    const dir = tree({ 'a/x.ts': "import type { Y } from './y.js';\nexport type X = Y;\n", 'a/y.ts': "import { x } from './x.js';\nexport type Y = number;\nexport const y = x;\n" });
    expect(cycles(importGraph(dir))).toEqual(['a/x.ts -> a/y.ts -> a/x.ts']);
  });

  it('finds a cycle of folders whose files form no cycle, and one through a re-export and a dynamic import', () => {
    const dir = tree({
      'data/rules.ts': "import { f } from '../model/format.js';\nexport const r = f;\n",
      'model/format.ts': 'export const f = 1;\n',
      'model/build.ts': "export * from '../data/load.js';\n",
      'data/load.ts': 'export const l = 1;\n',
      'cli/main.ts': "export const run = () => import('./build.js');\n",
      'cli/build.ts': "import type { Io } from './main.js';\nexport type B = Io;\n",
    });
    const g = importGraph(dir);
    expect(cycles(g)).toEqual(['cli/build.ts -> cli/main.ts -> cli/build.ts']);
    expect(cycles(folderGraph(g))).toEqual(['data -> model -> data']);
  });

  it('a file importing a file that does not exist is an error, not a silent gap in the graph', () => {
    const dir = tree({ 'a.ts': "import { b } from './b.js';\n" });
    expect(() => importGraph(dir)).toThrow(/a\.ts: import "\.\/b\.js" resolves to no file/);
  });

  it('fails on src/ with a removed cycle put back (html.ts taking the project root from pipeline/)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'irdeck-arch-src-'));
    cpSync(SRC, dir, { recursive: true });
    const html = join(dir, 'render/html.ts');
    writeFileSync(html, readFileSync(html, 'utf8').replace("from '../util/project-root.js'", "from '../pipeline/compose-deck.js'"));
    expect(cycles(importGraph(dir))).toEqual([]); // no two files import each other...
    expect(cycles(folderGraph(importGraph(dir)))).toEqual(['pipeline -> render -> pipeline']); // ...but the stages do
  });
});
