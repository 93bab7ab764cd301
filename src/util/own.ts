// A lookup in an object used as a map, by a name that comes from a file: only
// the map's own entries count. `lines["constructor"]` is otherwise Object's
// constructor function, found on the prototype, and passes for an entry.
export function own<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}
