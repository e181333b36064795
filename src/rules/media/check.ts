import { GraphError } from '../../core/graph-errors.js';
import { baseMimeType, humanSize, maxBytesFor, mediaTypes, type MediaKind } from './kinds.js';
import { describeContent, sniff } from './sniff.js';

const MAX_FILENAME = 240;

export interface MediaFacts {
  readonly mimeType: string;
  readonly kind: MediaKind;
  readonly animated: boolean;
}

/**
 * Checks a file against spec §2: a supported type (100, in Meta's wording for uploads), of the kind
 * the message needs, within its size limit, and with content that is what the type says (131053
 * naming the declared and the detected type). `head` is the file's first bytes (64 are enough).
 */
export function checkMedia(input: { declared: string; size: number; head: Uint8Array; expectKind?: MediaKind }): MediaFacts {
  const mimeType = baseMimeType(input.declared);
  const rule = mediaTypes[mimeType];
  if (!rule) {
    throw new GraphError('invalidParameter', `Param file must be a file with one of the following types: ${Object.keys(mediaTypes).join(', ')}. Received file of type '${mimeType || 'none'}'.`);
  }
  // A document may be any supported file: WhatsApp delivers every file as a document.
  if (input.expectKind && input.expectKind !== 'document' && rule.kind !== input.expectKind) {
    throw new GraphError('mediaUploadError', `${mimeType} cannot be sent as ${input.expectKind === 'image' || input.expectKind === 'audio' ? 'an' : 'a'} ${input.expectKind}`);
  }
  if (input.size === 0) throw new GraphError('mediaUploadError', 'The file is empty');
  const detected = sniff(input.head);
  const matches = rule.content === 'text' ? detected === undefined : detected !== undefined && rule.content.includes(detected.family);
  if (!matches) {
    throw new GraphError('mediaUploadError', `The file was declared as ${mimeType} but its content is ${describeContent(detected)}`);
  }
  const animated = detected?.animated ?? false;
  const max = maxBytesFor(rule.kind, animated);
  if (input.size > max) {
    const what = rule.kind === 'sticker' ? `${animated ? 'animated' : 'static'} stickers` : `${rule.kind} files`;
    throw new GraphError('mediaUploadError', `The ${mimeType} file is ${input.size} bytes; ${what} may be at most ${humanSize(max)} (${max} bytes)`);
  }
  return { mimeType, kind: rule.kind, animated };
}

/** Types that say nothing about the content: the bytes decide. */
const UNTYPED = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/binary']);

/**
 * A file fetched from a `link` (spec §1.3), judged as Meta judges it at dispatch: its stated
 * Content-Type (or, when that says nothing, its content) must be a supported type of the message's
 * kind, and the content must match it. Answers why not as a sentence for 131053's details.
 */
export function judgeLinkedMedia(input: { contentType: string; size: number; head: Uint8Array; kind: MediaKind }): { facts: MediaFacts } | { problem: string } {
  const stated = baseMimeType(input.contentType);
  const declared = UNTYPED.has(stated) ? (sniff(input.head)?.mime ?? stated) : stated;
  if (!mediaTypes[declared]) return { problem: `the link's content is ${declared || 'of no stated type'}, which is not a supported media type` };
  try {
    return { facts: checkMedia({ declared, size: input.size, head: input.head, expectKind: input.kind }) };
  } catch (error) {
    if (error instanceof GraphError) return { problem: error.details };
    throw error;
  }
}

/** A file name as the platform keeps it: no directories or control characters, at most 240 characters (spec §1.3); empty is none. */
export function cleanFilename(name: string | undefined | null): string | null {
  if (!name) return null;
  // eslint-disable-next-line no-control-regex
  const base = name.split(/[\\/]/).pop()!.replace(/[\x00-\x1f\x7f]/g, '').trim();
  return base ? [...base].slice(0, MAX_FILENAME).join('') : null;
}
