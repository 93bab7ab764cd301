// The end of an exhaustive switch: the compiler refuses a call whose argument
// can still be something (a new element kind no renderer draws yet), and at
// run time a value no case knows is irdeck's own fault, said plainly.
export function unreachable(x: never, what: string): never {
  throw new Error(`internal: no case for ${what} ${JSON.stringify(x)}`);
}
