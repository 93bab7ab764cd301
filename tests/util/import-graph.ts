// The import graph of a source tree, as TypeScript itself reads it: static
// imports, `import type`, `export ... from` and dynamic `import()` all count
// (a type-only import is still a dependency a reader must follow, and it is
// what turns into a value import the day someone needs the class, not its type).
//
// A small script instead of madge or dependency-cruiser: neither is in the
// package lists here, and ts.preProcessFile is the parser tsc already uses.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export type Graph = Map<string, Set<string>>;

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** File -> files it imports, as paths relative to `root` with `/` separators. */
export function importGraph(root: string): Graph {
  const abs = resolve(root);
  const files = tsFiles(abs);
  const known = new Set(files);
  const rel = (p: string) => relative(abs, p).split(sep).join('/');
  const graph: Graph = new Map();
  for (const file of files) {
    const deps = new Set<string>();
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue; // a package, not ours
      const target = resolve(dirname(file), ref.fileName.replace(/\.js$/, '.ts'));
      const hit = [target, `${target}.ts`, join(target, 'index.ts')].find((c) => known.has(c));
      if (!hit) throw new Error(`${rel(file)}: import "${ref.fileName}" resolves to no file`);
      deps.add(rel(hit));
    }
    graph.set(rel(file), deps);
  }
  return graph;
}

/** The stage folder of a file: its first path segment (`model/fig.ts` -> `model`), or the file itself at the root (`errors.ts` is a unit of its own). */
export const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : file);

/** Folder -> folders it imports from (a folder importing itself is not an edge). */
export function folderGraph(files: Graph): Graph {
  const out: Graph = new Map();
  for (const [file, deps] of files) {
    const from = folderOf(file);
    const set = out.get(from) ?? new Set<string>();
    out.set(from, set);
    for (const d of deps) if (folderOf(d) !== from) set.add(folderOf(d));
  }
  return out;
}

/**
 * Every cycle, one per strongly connected component of more than one node
 * (or a node importing itself), each written `a -> b -> ... -> a` along real
 * edges so the message says which imports to cut.
 */
export function cycles(graph: Graph): string[] {
  // Tarjan's algorithm (recursive: a few hundred files are far from the stack's limit).
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const sccs: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) {
        low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); scc.push(w); } while (w !== v);
      sccs.push(scc);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  const out: string[] = [];
  for (const scc of sccs) {
    const members = new Set(scc);
    const start = [...scc].sort()[0];
    if (scc.length === 1 && !graph.get(start)?.has(start)) continue;
    // Shortest way back to `start` inside the component, by breadth-first search.
    const prev = new Map<string, string>();
    const queue = [...(graph.get(start) ?? [])].filter((w) => members.has(w)).sort();
    for (const q of queue) prev.set(q, start);
    let found = queue.includes(start);
    for (let i = 0; i < queue.length && !found; i++) {
      for (const w of [...(graph.get(queue[i]) ?? [])].sort()) {
        if (!members.has(w) || prev.has(w)) continue;
        prev.set(w, queue[i]);
        if (w === start) { found = true; break; }
        queue.push(w);
      }
    }
    const path = [start];
    for (let at = prev.get(start)!; at !== start; at = prev.get(at)!) path.unshift(at);
    path.unshift(start);
    out.push(`${path.join(' -> ')}${scc.length > path.length - 1 ? ` (and ${scc.length - path.length + 1} more in the same knot: ${scc.filter((s) => !path.includes(s)).sort().join(', ')})` : ''}`);
  }
  return out.sort();
}
