// Colour arithmetic both chart renderers share (native PPTX charts and the
// PNG pictures), so a label is white on the same fills in both.

/** "1F4E79" or "#1f4e79" -> "1F4E79"; anything else is a spec error worth failing on. */
export function hexDigits(c: string): string {
  const h = c.startsWith('#') ? c.slice(1) : c;
  if (!/^[0-9A-Fa-f]{6}$/.test(h)) throw new Error(`not a colour: "${c}" (six hex digits expected)`);
  return h.toUpperCase();
}

export function rgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG relative luminance, 0 (black) .. 1 (white). */
export function luminance(hex: string): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = rgb(hex).map(lin);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Dark enough for white text on it, and to be read as text on white (contrast about 3:1). */
export function isDark(hex: string): boolean {
  return luminance(hex) < 0.3;
}

/** The colour a fraction t of the way to white, as six upper-case hex digits. */
export function mixWithWhite(hex: string, t: number): string {
  return rgb(hex)
    .map((c) => Math.round(c + (255 - c) * t).toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}
