// The author's visible mark on a hand-written sentence whose typed figures the
// checker cannot check: "... [checked by: Name]" at its end. The checker then
// lets the sentence pass, the slide shows it without the mark, and the tie-out
// lists its numbers as "typed, checked by Name".
export const CHECKED_MARK = /\s*\[checked by:\s*([^\]]*?)\s*\]\s*$/i;

export function checkedBy(text: string): string | undefined {
  const m = CHECKED_MARK.exec(text);
  return m && m[1] ? m[1] : undefined;
}
