import { crc32, deflateSync } from 'node:zlib';
import type { MediaKind } from './kinds.js';

/**
 * Small, valid sample files the simulator's users send when a test or the console gives no bytes
 * of its own. Each is built here rather than shipped as a binary, so what it contains is readable.
 */
export interface SampleFile {
  readonly mimeType: string;
  readonly bytes: Buffer;
  readonly filename?: string;
}

/** An 8×8 PNG of WhatsApp green (8-bit RGB, as spec §2 asks of images). */
export function samplePng(width = 8, height = 8, rgb: readonly [number, number, number] = [0x25, 0xd3, 0x66]): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, no filter, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * An 8×8 mid-grey baseline JPEG: one block whose only coefficient, DC, is zero, coded with two
 * one-symbol Huffman tables, so the whole scan is the bits `00` padded with ones.
 */
export function sampleJpeg(): Buffer {
  const segment = (marker: number, data: readonly number[]): number[] => [0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff, ...data];
  const oneSymbolTable = (tableClass: number): number[] => [tableClass << 4, 1, ...new Array<number>(15).fill(0), 0];
  return Buffer.from([
    0xff, 0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]), // JFIF 1.1
    ...segment(0xdb, [0, ...new Array<number>(64).fill(1)]), // quantisation table 0: all ones
    ...segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]), // baseline, 8×8, one component
    ...segment(0xc4, oneSymbolTable(0)), // DC table: category 0
    ...segment(0xc4, oneSymbolTable(1)), // AC table: end of block
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    0x3f,
    0xff, 0xd9,
  ]);
}

/** A 1×1 lossless WEBP (the image browsers are commonly probed with): a static sticker. */
export const sampleWebp = (): Buffer => Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

/** A one-page PDF with a line of text; the cross-reference offsets are computed, so it is valid. */
export function samplePdf(text = 'chatapp sample document'): Buffer {
  const stream = `BT /F1 18 Tf 36 100 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Three silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, mono): zero side information decodes as silence. */
export function sampleMp3(frames = 3): Buffer {
  const frame = Buffer.alloc(417); // 144 × 128000 / 44100, no padding
  frame.set([0xff, 0xfb, 0x90, 0xc4]);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

/** An MP4 with a movie header and no tracks: a valid, empty ISO BMFF file. */
export function sampleMp4(): Buffer {
  const box = (type: string, ...payload: Buffer[]): Buffer => {
    const data = Buffer.concat(payload);
    const header = Buffer.alloc(8);
    header.writeUInt32BE(data.length + 8, 0);
    header.write(type, 4, 'latin1');
    return Buffer.concat([header, data]);
  };
  const ftyp = box('ftyp', Buffer.from('isom', 'latin1'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2mp41', 'latin1'));
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale; version, flags, times and duration stay zero
  mvhd.writeUInt32BE(0x00010000, 20); // rate 1.0
  mvhd.writeUInt16BE(0x0100, 24); // volume 1.0
  [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].forEach((v, i) => mvhd.writeUInt32BE(v, 36 + i * 4)); // identity matrix
  mvhd.writeUInt32BE(1, 96); // next track id
  return Buffer.concat([ftyp, box('moov', box('mvhd', mvhd))]);
}

const samplesByMime: Readonly<Record<string, () => Buffer>> = {
  'image/jpeg': sampleJpeg,
  'image/png': () => samplePng(),
  'image/webp': sampleWebp,
  'application/pdf': () => samplePdf(),
  'text/plain': () => Buffer.from('chatapp sample document\n', 'utf8'),
  'audio/mpeg': () => sampleMp3(),
  'video/mp4': sampleMp4,
};

const defaultMime: Readonly<Record<MediaKind, string>> = {
  image: 'image/jpeg',
  sticker: 'image/webp',
  document: 'application/pdf',
  audio: 'audio/mpeg',
  video: 'video/mp4',
};

/** A sample of `mimeType`, or of the kind's usual type; undefined when there is no sample of that type. */
export function sampleFile(kind: MediaKind, mimeType?: string): SampleFile | undefined {
  const mime = mimeType ?? defaultMime[kind];
  const make = samplesByMime[mime];
  if (!make) return undefined;
  return { mimeType: mime, bytes: make(), ...(kind === 'document' ? { filename: mime === 'text/plain' ? 'sample.txt' : 'sample.pdf' } : {}) };
}
