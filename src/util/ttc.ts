// One face of a TrueType/OpenType collection (.ttc) as a font file of its own.
// Debian's Noto Sans CJK comes as collections (JP, KR, SC, TC, HK in one
// file, sharing tables); a font subsetter wants a single face.
//
// A collection's faces are table directories whose tables lie anywhere in the
// file: the face's directory is copied with the offsets of its tables
// rewritten to where they are put, one after another, each on 4 bytes.

/** The face at `index` of a collection, or the buffer itself when it is a single font. */
export function faceOfCollection(file: Buffer, index: number): Buffer {
  if (file.toString('latin1', 0, 4) !== 'ttcf') return file;
  const faces = file.readUInt32BE(8);
  if (index < 0 || index >= faces) throw new Error(`the collection has ${faces} faces, not a face ${index}`);
  const dir = file.readUInt32BE(12 + 4 * index);
  const numTables = file.readUInt16BE(dir + 4);
  const headerLen = 12 + 16 * numTables;
  const tables: { record: number; offset: number; length: number }[] = [];
  for (let i = 0; i < numTables; i++) {
    const record = dir + 12 + 16 * i;
    tables.push({ record, offset: file.readUInt32BE(record + 8), length: file.readUInt32BE(record + 12) });
  }
  const padded = (n: number) => (n + 3) & ~3;
  const out = Buffer.alloc(headerLen + tables.reduce((a, t) => a + padded(t.length), 0));
  file.copy(out, 0, dir, dir + 12);
  let at = headerLen;
  tables.forEach((t, i) => {
    const rec = 12 + 16 * i;
    file.copy(out, rec, t.record, t.record + 8); // tag and checksum
    out.writeUInt32BE(at, rec + 8);
    out.writeUInt32BE(t.length, rec + 12);
    file.copy(out, at, t.offset, t.offset + t.length);
    at += padded(t.length);
  });
  return out;
}
