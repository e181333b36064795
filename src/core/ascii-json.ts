/**
 * JSON serialised as Meta serialises webhook bodies: ASCII only, every character above U+007E as a
 * `\uXXXX` escape (an emoji becomes its UTF-16 surrogate pair, `\ud83d\ude00`). Signatures are
 * computed over exactly these bytes.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
