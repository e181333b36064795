import { describe, expect, it } from 'vitest';
import { GraphError } from '../../src/core/graph-errors.js';
import { signMediaUrl, verifyMediaUrl } from '../../src/media/model.js';
import { checkMedia } from '../../src/rules/media/check.js';
import { MEDIA_URL_TTL_MS, type MediaKind } from '../../src/rules/media/kinds.js';
import { sampleFile, sampleJpeg, sampleMp3, sampleMp4, samplePdf, samplePng, sampleWebp } from '../../src/rules/media/samples.js';
import { sniff } from '../../src/rules/media/sniff.js';

const refusal = (run: () => unknown): GraphError => {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error('expected a GraphError');
};

/** A WEBP whose VP8X header says it is animated, padded to `size` bytes. */
const animatedWebp = (size: number): Buffer => {
  const head = Buffer.alloc(30);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(size - 8, 4);
  head.write('WEBPVP8X', 8, 'latin1');
  head.writeUInt32LE(10, 16);
  head[20] = 0x02;
  return Buffer.concat([head, Buffer.alloc(size - head.length)]);
};

describe('media rules (spec §2)', () => {
  it('recognises each sample file as the type it is', () => {
    expect(sniff(sampleJpeg())?.mime).toBe('image/jpeg');
    expect(sniff(samplePng())?.mime).toBe('image/png');
    expect(sniff(sampleWebp())).toEqual({ family: 'webp', mime: 'image/webp', animated: false });
    expect(sniff(samplePdf())?.mime).toBe('application/pdf');
    expect(sniff(sampleMp3())?.mime).toBe('audio/mpeg');
    expect(sniff(sampleMp4())?.mime).toBe('video/mp4');
    expect(sniff(Buffer.from('ID3\x04\x00', 'latin1'))?.mime).toBe('audio/mpeg');
    expect(sniff(Buffer.from([0xff, 0xf1, 0x50, 0x80]))?.mime).toBe('audio/aac');
    expect(sniff(Buffer.from('#!AMR\n', 'latin1'))?.mime).toBe('audio/amr');
    expect(sniff(Buffer.from('OggS\x00\x02', 'latin1'))?.mime).toBe('audio/ogg');
    expect(sniff(Buffer.from('\x00\x00\x00\x18ftyp3gp5\x00\x00\x02\x00', 'latin1'))?.mime).toBe('video/3gpp');
    expect(sniff(Buffer.from('PK\x03\x04', 'latin1'))?.family).toBe('zip');
    expect(sniff(Buffer.from('hello, world', 'utf8'))).toBeUndefined();
    for (const kind of ['image', 'video', 'audio', 'document', 'sticker'] as MediaKind[]) {
      const sample = sampleFile(kind)!;
      expect(checkMedia({ declared: sample.mimeType, size: sample.bytes.length, head: sample.bytes, expectKind: kind }).kind).toBe(kind);
    }
  });

  it('accepts a type with parameters and in any case, and office files by their container', () => {
    expect(checkMedia({ declared: 'Image/PNG; charset=binary', size: 10, head: samplePng() }).mimeType).toBe('image/png');
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    expect(checkMedia({ declared: docx, size: 10, head: Buffer.from('PK\x03\x04', 'latin1') }).kind).toBe('document');
    expect(checkMedia({ declared: 'text/plain', size: 5, head: Buffer.from('hello') }).kind).toBe('document');
  });

  it('refuses content that is not its declared type with 131053 naming both', () => {
    const e = refusal(() => checkMedia({ declared: 'image/png', size: 100, head: sampleJpeg() }));
    expect(e.entry.code).toBe(131053);
    expect(e.details).toBe('The file was declared as image/png but its content is image/jpeg');
    expect(refusal(() => checkMedia({ declared: 'text/plain', size: 100, head: samplePdf() })).details).toMatch(/declared as text\/plain but its content is application\/pdf/);
    expect(refusal(() => checkMedia({ declared: 'video/mp4', size: 100, head: Buffer.from('not a video') })).details).toMatch(/not a recognised media format/);
  });

  it('holds each kind to its size limit, a sticker to 100 KB static and 500 KB animated', () => {
    const MB = 1024 * 1024;
    expect(() => checkMedia({ declared: 'image/jpeg', size: 5 * MB, head: sampleJpeg() })).not.toThrow();
    expect(refusal(() => checkMedia({ declared: 'image/jpeg', size: 5 * MB + 1, head: sampleJpeg() })).entry.code).toBe(131053);
    expect(refusal(() => checkMedia({ declared: 'video/mp4', size: 16 * MB + 1, head: sampleMp4() })).details).toMatch(/video files may be at most 16 MB/);
    expect(() => checkMedia({ declared: 'application/pdf', size: 100 * MB, head: samplePdf() })).not.toThrow();
    expect(refusal(() => checkMedia({ declared: 'image/webp', size: 100 * 1024 + 1, head: sampleWebp() })).details).toMatch(/static stickers may be at most 100 KB/);
    const animated = animatedWebp(300 * 1024);
    expect(checkMedia({ declared: 'image/webp', size: animated.length, head: animated }).animated).toBe(true);
    expect(refusal(() => checkMedia({ declared: 'image/webp', size: 500 * 1024 + 1, head: animated })).details).toMatch(/animated stickers may be at most 500 KB/);
    expect(refusal(() => checkMedia({ declared: 'image/png', size: 0, head: Buffer.alloc(0) })).details).toBe('The file is empty');
  });

  it('refuses unsupported types with 100, and a file of another kind than the message, except as a document', () => {
    const e = refusal(() => checkMedia({ declared: 'image/gif', size: 10, head: Buffer.from('GIF89a') }));
    expect(e.entry.code).toBe(100);
    expect(refusal(() => checkMedia({ declared: 'application/pdf', size: 10, head: samplePdf(), expectKind: 'image' })).details).toBe('application/pdf cannot be sent as an image');
    expect(checkMedia({ declared: 'image/png', size: 10, head: samplePng(), expectKind: 'document' }).kind).toBe('image');
  });

  it('signs download URLs that verify for 5 minutes and not after, nor with any part changed', () => {
    const now = 1_750_000_000_000;
    const signed = signMediaUrl('secret-1', '123456', now);
    expect(Number(signed.exp)).toBe(Math.floor((now + MEDIA_URL_TTL_MS) / 1000));
    expect(verifyMediaUrl('secret-1', signed, now)).toBe(true);
    expect(verifyMediaUrl('secret-1', signed, now + MEDIA_URL_TTL_MS - 1000)).toBe(true);
    expect(verifyMediaUrl('secret-1', signed, now + MEDIA_URL_TTL_MS + 1000)).toBe(false);
    expect(verifyMediaUrl('secret-2', signed, now)).toBe(false);
    expect(verifyMediaUrl('secret-1', { ...signed, mid: '123457' }, now)).toBe(false);
    expect(verifyMediaUrl('secret-1', { ...signed, exp: String(Number(signed.exp) + 60) }, now)).toBe(false);
    expect(verifyMediaUrl('secret-1', { ...signed, sig: signed.sig.slice(1) }, now)).toBe(false);
    expect(verifyMediaUrl('secret-1', { mid: '1', exp: ['1'], sig: signed.sig }, now)).toBe(false);
  });
});
