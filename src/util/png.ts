// PNG written and read by hand, for one reason: a non-interlaced 8-bit RGB PNG's
// image data is, byte for byte, a PDF image stream (FlateDecode with the PNG
// predictors). Charts encoded this way go into the HTML as PNGs and into the
// PDF without being decoded and compressed again (see render/pdf-charts.ts).
import { crc32, deflate } from 'node:zlib';
import { promisify } from 'node:util';

const deflateAsync = promisify(deflate);
const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
/** RGB, 8 bits per channel: the only kind written and the only kind a PDF takes as it is */
const COLOR_RGB = 2;
// Measured on the 19 sample charts (flat colours, text; 53 MB of rows): no
// row filter is the smallest (filters gave no less: up-filtered rows at level
// 6 were 1.28 MB), and zlib's level 4 gives 1.11 MB in ~0.4x the time of level
// 6's 1.09 MB (119 against 304 ms, one thread, a busy machine; level 3 took 44
// ms but wrote 1.33 MB). The build is bound by two cores, so the thread pool's
// time is the build's time. Skia's own RGBA PNG encoder: 1.40 MB, slower still.
const LEVEL = 4;

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

function ihdr(width: number, height: number): Buffer {
  const b = Buffer.alloc(13);
  b.writeUInt32BE(width, 0);
  b.writeUInt32BE(height, 4);
  b[8] = 8; // bits per channel
  b[9] = COLOR_RGB;
  return b; // compression, filter method and interlace stay 0
}

function pngOf(width: number, height: number, zdata: Buffer): Buffer {
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr(width, height)), chunk('IDAT', zdata), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * RGBA pixels (a canvas's data()) as the filtered rows of an RGB PNG, each
 * pixel laid on white. Charts are drawn on a white background, so alpha is
 * 255 everywhere and the rows are the picture as drawn.
 */
export function rgbRows(rgba: Uint8Array, width: number, height: number): Buffer {
  if (rgba.length !== width * height * 4) throw new Error(`rgbRows: ${rgba.length} bytes for ${width}x${height} RGBA`);
  if (!LITTLE_ENDIAN) return rgbRowsByByte(rgba, width, height);
  const stride = width * 3 + 1;
  const rows = Buffer.allocUnsafe(height * stride);
  // Four opaque pixels (16 bytes) become three 32-bit words of RGB in an
  // aligned row buffer, copied into place after the row's filter byte: ~35%
  // faster than byte by byte, which took ~110 ms for the sample's 19 charts.
  const aligned = rgba.byteOffset % 4 === 0;
  const src = aligned ? new Uint32Array(rgba.buffer, rgba.byteOffset, width * height) : new Uint32Array(rgba.slice().buffer);
  const row = new Uint32Array(Math.ceil((width * 3) / 4) + 1);
  const rowBytes = Buffer.from(row.buffer);
  let p = 0;
  for (let y = 0; y < height; y++) {
    rows[y * stride] = 0; // filter: none
    let q = 0;
    let x = 0;
    for (; x + 4 <= width; x += 4, p += 4) {
      const a = src[p];
      const b = src[p + 1];
      const c = src[p + 2];
      const d = src[p + 3];
      if ((a & b & c & d) >>> 24 !== 255) break; // a pixel not opaque: the rest of the row one by one
      // little-endian words: a pixel is A<<24 | B<<16 | G<<8 | R
      row[q++] = (a & 0xffffff) | (b << 24);
      row[q++] = ((b >>> 8) & 0xffff) | (c << 16);
      row[q++] = ((c >>> 16) & 0xff) | (d << 8);
    }
    let o = q * 4;
    for (; x < width; x++, p++) {
      // premultiplied: colour + white * (1 - alpha)
      const v = src[p];
      const k = 255 - (v >>> 24);
      rowBytes[o++] = Math.min(255, (v & 255) + k);
      rowBytes[o++] = Math.min(255, ((v >>> 8) & 255) + k);
      rowBytes[o++] = Math.min(255, ((v >>> 16) & 255) + k);
    }
    rowBytes.copy(rows, y * stride + 1, 0, width * 3);
  }
  return rows;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** rgbRows one byte at a time, for a big-endian machine. */
function rgbRowsByByte(rgba: Uint8Array, width: number, height: number): Buffer {
  const stride = width * 3 + 1;
  const rows = Buffer.alloc(height * stride);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0, o = y * stride + 1; x < width; x++, i += 4) {
      const k = 255 - rgba[i + 3];
      for (let c = 0; c < 3; c++) rows[o++] = Math.min(255, rgba[i + c] + k);
    }
  }
  return rows;
}

/** The PNG of rows made by rgbRows; the compression runs on libuv's thread pool. */
export async function pngFromRows(rows: Buffer, width: number, height: number): Promise<Buffer> {
  if (rows.length !== height * (width * 3 + 1)) throw new Error(`pngFromRows: ${rows.length} bytes for ${width}x${height}`);
  return pngOf(width, height, await deflateAsync(rows, { level: LEVEL }));
}

/** A 1x1 RGB PNG of one colour (synchronous: three bytes). */
export function solidPng(r: number, g: number, b: number): Buffer {
  const raw = Buffer.from([0, r, g, b]);
  // a stored (uncompressed) zlib block: no need for the compressor
  const len = raw.length;
  const adler = adler32(raw);
  const z = Buffer.concat([
    Buffer.from([0x78, 0x01, 0x01, len & 255, len >> 8, ~len & 255, (~len >> 8) & 255]),
    raw,
    Buffer.from([adler >>> 24, (adler >>> 16) & 255, (adler >>> 8) & 255, adler & 255]),
  ]);
  return pngOf(1, 1, z);
}

function adler32(b: Buffer): number {
  let s1 = 1;
  let s2 = 0;
  for (const x of b) {
    s1 = (s1 + x) % 65521;
    s2 = (s2 + s1) % 65521;
  }
  return ((s2 << 16) | s1) >>> 0;
}

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  /** the IDAT chunks joined: one zlib stream of filtered rows */
  zdata: Buffer;
}

/** Header and image data of a PNG; throws on anything that is not one. */
export function readPng(png: Buffer): PngInfo {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let pos = 8;
  let info: Omit<PngInfo, 'zdata'> | undefined;
  const idat: Buffer[] = [];
  while (pos + 8 <= png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (data.length !== len) throw new Error(`PNG chunk ${type} is cut short`);
    if (type === 'IHDR') info = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), bitDepth: data[8], colorType: data[9], interlace: data[12] };
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  if (!info || idat.length === 0) throw new Error('PNG without IHDR or IDAT');
  return { ...info, zdata: Buffer.concat(idat) };
}
