/**
 * What a file is, from its first bytes. Only formats with a signature are recognised; plain text
 * has none, so text is "no known signature". Office formats are recognised as their containers
 * (OLE2 for .doc/.xls/.ppt, zip for .docx/.xlsx/.pptx): telling a .docx from a .xlsx would need the
 * zip's directory, and a mislabelled office file is not what this guard is for.
 */
export type ContentFamily = 'jpeg' | 'png' | 'gif' | 'webp' | 'pdf' | 'isobmff' | 'ogg' | 'amr' | 'mp3' | 'adts' | 'zip' | 'ole';

export interface Detected {
  readonly family: ContentFamily;
  /** The MIME type the content looks like, for error details. */
  readonly mime: string;
  /** An animated WEBP (VP8X with the animation flag). */
  readonly animated?: boolean;
}

/** How many leading bytes `sniff` looks at. */
export const SNIFF_BYTES = 64;

const ascii = (head: Uint8Array, at: number, text: string): boolean =>
  head.length >= at + text.length && [...text].every((ch, i) => head[at + i] === ch.charCodeAt(0));
const bytes = (head: Uint8Array, at: number, values: readonly number[]): boolean =>
  head.length >= at + values.length && values.every((v, i) => head[at + i] === v);

export function sniff(head: Uint8Array): Detected | undefined {
  if (bytes(head, 0, [0xff, 0xd8, 0xff])) return { family: 'jpeg', mime: 'image/jpeg' };
  if (bytes(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { family: 'png', mime: 'image/png' };
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return { family: 'gif', mime: 'image/gif' };
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) {
    // VP8X's flags byte follows its chunk header; bit 1 says the image is animated.
    const animated = ascii(head, 12, 'VP8X') && head.length > 20 && (head[20]! & 0x02) !== 0;
    return { family: 'webp', mime: 'image/webp', animated };
  }
  if (ascii(head, 0, '%PDF-')) return { family: 'pdf', mime: 'application/pdf' };
  if (ascii(head, 4, 'ftyp')) {
    const brand = String.fromCharCode(...head.subarray(8, 12));
    const mime = brand.startsWith('3g') ? 'video/3gpp' : brand.startsWith('M4A') || brand.startsWith('M4B') ? 'audio/mp4' : 'video/mp4';
    return { family: 'isobmff', mime };
  }
  if (ascii(head, 0, 'OggS')) return { family: 'ogg', mime: 'audio/ogg' };
  if (ascii(head, 0, '#!AMR')) return { family: 'amr', mime: 'audio/amr' };
  if (ascii(head, 0, 'ID3')) return { family: 'mp3', mime: 'audio/mpeg' };
  if (ascii(head, 0, 'ADIF')) return { family: 'adts', mime: 'audio/aac' };
  if (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0) {
    // An MPEG audio frame header: layer bits 00 mean AAC in ADTS framing, anything else MP1/2/3.
    return (head[1]! & 0x06) === 0 ? { family: 'adts', mime: 'audio/aac' } : { family: 'mp3', mime: 'audio/mpeg' };
  }
  if (bytes(head, 0, [0x50, 0x4b, 0x03, 0x04])) return { family: 'zip', mime: 'application/zip' };
  if (bytes(head, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { family: 'ole', mime: 'application/x-ole-storage' };
  return undefined;
}

export const describeContent = (detected: Detected | undefined): string =>
  detected ? detected.mime : 'not a recognised media format (no known file signature)';
