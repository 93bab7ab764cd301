// Fills a locale pattern's {parts}. The parts a pattern may name are checked
// when the locale file is read (schema.ts), so a part missing here is
// irdeck's fault, not the file's.
export function fill(pattern: string, parts: Record<string, string | number>): string {
  return pattern.replace(/\{([^{}]*)\}/g, (whole, name: string) => {
    const v = parts[name];
    if (v === undefined) throw new Error(`locale pattern "${pattern}" names {${name}}, which is not given here`);
    return String(v);
  });
}
