import { describe, expect, it } from 'vitest';
import { asMemberId } from '../../src/core/brand.js';
import { adviceFor } from '../../src/inbox/advice.js';
import { decodeListCursor, effectiveStatus, encodeListCursor, nextInRotation, statusChange, statusOnCustomerMessage, windowExpiresAt } from '../../src/inbox/model.js';
import { normalizeLabel, parseMentions, previewOf } from '../../src/inbox/text.js';
import { decodeTimelineCursor, encodeTimelineCursor } from '../../src/inbox/timeline.js';

const HOUR = 3600_000;

describe('inbox rules', () => {
  it('reopens every status when the customer writes', () => {
    for (const s of ['open', 'pending', 'snoozed', 'resolved'] as const) expect(statusOnCustomerMessage(s)).toBe('open');
  });

  it('treats a snooze whose time has come as open', () => {
    expect(effectiveStatus({ status: 'snoozed', snoozedUntil: 1000 }, 999)).toBe('snoozed');
    expect(effectiveStatus({ status: 'snoozed', snoozedUntil: 1000 }, 1000)).toBe('open');
  });

  it('snoozes only with a future time, and clears it for any other status', () => {
    expect(statusChange({ to: 'snoozed', snoozeUntil: undefined, now: 10 })).toHaveProperty('error');
    expect(statusChange({ to: 'snoozed', snoozeUntil: 10, now: 10 })).toHaveProperty('error');
    expect(statusChange({ to: 'snoozed', snoozeUntil: 11, now: 10 })).toEqual({ status: 'snoozed', snoozedUntil: 11 });
    expect(statusChange({ to: 'resolved', snoozeUntil: undefined, now: 10 })).toEqual({ status: 'resolved', snoozedUntil: null });
    expect(statusChange({ to: 'open', snoozeUntil: 11, now: 10 })).toHaveProperty('error');
  });

  it('ends the window 24 hours after the customer last wrote, and says null once closed', () => {
    expect(windowExpiresAt(null, 0)).toBeNull();
    expect(windowExpiresAt(0, 23 * HOUR)).toBe(24 * HOUR);
    expect(windowExpiresAt(0, 24 * HOUR)).toBeNull();
  });

  it('rotates among online agents in id order, wrapping around and skipping who left', () => {
    const [a, b, c] = ['9', '10', '11'].map(asMemberId) as [ReturnType<typeof asMemberId>, ReturnType<typeof asMemberId>, ReturnType<typeof asMemberId>];
    expect(nextInRotation([], null)).toBeUndefined();
    expect(nextInRotation([c, a, b], null)).toBe(a);
    expect(nextInRotation([c, a, b], a)).toBe(b);
    expect(nextInRotation([c, a, b], c)).toBe(a);
    expect(nextInRotation([a, c], b)).toBe(c);
  });

  it('round-trips cursors and rejects forged ones', () => {
    expect(decodeListCursor(encodeListCursor({ key: 1234, id: '567' }))).toEqual({ key: 1234, id: '567' });
    expect(decodeListCursor('not a cursor')).toBeUndefined();
    expect(decodeListCursor(Buffer.from("1:1' or 1=1").toString('base64url'))).toBeUndefined();
    const position = { m: { at: 5, id: 'wamid.X' }, n: { at: 4, id: '12' } };
    expect(decodeTimelineCursor(encodeTimelineCursor(position))).toEqual(position);
    expect(decodeTimelineCursor(Buffer.from('{"m":["x",1]}').toString('base64url'))).toBeUndefined();
  });

  it('previews inbound and outbound messages in one line', () => {
    expect(previewOf('text', { text: { body: 'hi\nthere' } })).toBe('hi there');
    expect(previewOf('text', { body: 'from us' })).toBe('from us');
    expect(previewOf('image', { image: { caption: 'receipt' } })).toBe('[image] receipt');
    expect(previewOf('template', { name: 'order_update', language: { code: 'en' } })).toBe('[template] order_update');
    expect(previewOf('text', { body: 'x'.repeat(300) })).toHaveLength(120);
  });

  it('finds mentions by email name, name without spaces or id, not inside email addresses', () => {
    const members = [
      { id: asMemberId('1'), name: 'Ann Lee', email: 'ann@x.example' },
      { id: asMemberId('2'), name: 'Bob', email: 'robert@x.example' },
    ];
    expect(parseMentions('@annlee and @robert, see mail to bob@x.example', members)).toEqual(['1', '2']);
    expect(parseMentions('@Bob. @2 @nobody', members)).toEqual(['2']);
    expect(parseMentions('write to ann@x.example', members)).toEqual([]);
  });

  it('normalizes labels and refuses odd ones', () => {
    expect(normalizeLabel(' Big Spender ')).toBe('big-spender');
    expect(normalizeLabel('')).toBeUndefined();
    expect(normalizeLabel('a,b')).toBeUndefined();
  });

  it('says what to do about each failure, with a fallback for unknown codes', () => {
    expect(adviceFor(131047)).toMatch(/template/);
    expect(adviceFor(1)).toMatch(/error reference/);
  });
});
