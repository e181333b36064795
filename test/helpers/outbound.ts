import { expect } from 'vitest';
import { GraphError } from '../../src/core/graph-errors.js';
import { validateOutbound, type OutboundMessage } from '../../src/rules/messages/validate.js';

/** Sends validated as from a US business number (+1). */
export const usBusiness = { businessCallingCode: '1' } as const;

/** A send body to +16505551234 with the given fields. */
export const send = (fields: Record<string, unknown>): Record<string, unknown> => ({
  messaging_product: 'whatsapp',
  to: '+16505551234',
  ...fields,
});

export function accepted(body: unknown): OutboundMessage {
  const request = validateOutbound(body, usBusiness);
  if (request.kind !== 'message') throw new Error(`expected a message, got ${request.kind}`);
  return request.message;
}

export function rejection(run: () => unknown): GraphError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error('expected a GraphError, but the call succeeded');
}

/** Asserts the body is refused with `code` and `details` naming `path` (`path: …`). */
export function expectRejected(body: unknown, code: number, path: string): GraphError {
  const error = rejection(() => validateOutbound(body, usBusiness));
  expect({ code: error.entry.code, details: error.details }).toEqual({ code, details: expect.stringMatching(new RegExp(`^${escape(path)}: `)) });
  return error;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `n` characters of `char` (a code point, so emoji count 1 each). */
export const chars = (n: number, char = 'a'): string => char.repeat(n);
