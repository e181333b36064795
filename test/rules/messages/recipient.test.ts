import { describe, expect, it } from 'vitest';
import { normalizeRecipient } from '../../../src/rules/messages/recipient.js';
import { rejection } from '../../helpers/outbound.js';

describe('normalizeRecipient', () => {
  it('strips +, spaces, dashes, dots and brackets from an international number and keeps the input as given', () => {
    expect(normalizeRecipient('+1 (650) 555-1234', '44')).toEqual({ input: '+1 (650) 555-1234', waId: '16505551234' });
    expect(normalizeRecipient('+44.7911.123456', '1')).toEqual({ input: '+44.7911.123456', waId: '447911123456' });
    expect(normalizeRecipient('+49 [30] 1234567', '1').waId).toBe('49301234567');
  });

  it('reads a leading 00 as the international prefix', () => {
    expect(normalizeRecipient('0044 7911 123456', '1').waId).toBe('447911123456');
  });

  it('prepends the business calling code to a national number given without + or 00', () => {
    expect(normalizeRecipient('650-555-1234', '1').waId).toBe('16505551234');
    expect(normalizeRecipient('98765 43210', '91').waId).toBe('919876543210');
  });

  it('keeps a number without + that already begins with a known calling code and has 11 or more digits', () => {
    expect(normalizeRecipient('16505551234', '44').waId).toBe('16505551234');
    expect(normalizeRecipient('919876543210', '91').waId).toBe('919876543210');
    expect(normalizeRecipient('5511987654321', '1').waId).toBe('5511987654321');
  });

  it('prepends the calling code to a 10-digit number even when it begins like a calling code', () => {
    expect(normalizeRecipient('4155551234', '1').waId).toBe('14155551234');
  });

  it('keeps a national trunk 0, as Meta does, prepending the calling code in front of it', () => {
    expect(normalizeRecipient('07911 123456', '44').waId).toBe('4407911123456');
  });

  it('accepts 7 and 15 digits and refuses 6 and 16 with 100 naming to', () => {
    expect(normalizeRecipient('+1234567', '1').waId).toBe('1234567');
    expect(normalizeRecipient('+123456789012345', '1').waId).toBe('123456789012345');
    for (const input of ['+123456', '+1234567890123456']) {
      const error = rejection(() => normalizeRecipient(input, '1'));
      expect(error.entry.code).toBe(100);
      expect(error.details).toBe(`to: "${input}" is not a valid phone number`);
    }
  });

  it('refuses letters, a + inside the number, and a number that is all formatting', () => {
    for (const input of ['+1 650 CALL NOW', '1+6505551234', '+', '()', '', '+0 650 555 1234', '00 0650 555 1234']) {
      const error = rejection(() => normalizeRecipient(input, '1'));
      expect([error.entry.code, error.details.startsWith('to: ')]).toEqual([100, true]);
    }
  });

  it('treats a malformed business calling code as a programming error, not a Graph error', () => {
    expect(() => normalizeRecipient('6505551234', '+1')).toThrow(/business calling code/);
  });
});
