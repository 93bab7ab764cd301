// Page images of two renderers differ by a pixel column (LibreOffice pages are
// 960.009 pt wide): compare them on their common area.
import { PNG } from 'pngjs';

export function crop(png: PNG, w: number, h: number): PNG {
  const out = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) png.data.copy(out.data, y * w * 4, y * png.width * 4, y * png.width * 4 + w * 4);
  return out;
}
