import { describe, expect, it } from 'vitest';
import { combineEnvelopes, envelope } from '../../src/webhooks/model.js';

describe('webhook envelopes', () => {
  const one = envelope({ wabaId: '111', field: 'messages', value: { messaging_product: 'whatsapp', statuses: [{ id: 'wamid.A', status: 'sent' }] }, nowMs: 0 });
  const two = envelope({ wabaId: '222', field: 'account_update', value: { event: 'VERIFIED_ACCOUNT', note: 'Grüße 👋' }, nowMs: 1_790_000_000_000 });

  it('posts one event exactly as it was stored', () => {
    expect(combineEnvelopes([one])).toBe(one);
  });

  it('puts the entries of several events side by side in one envelope, keeping each one byte for byte', () => {
    const combined = combineEnvelopes([one, two]);
    const parsed = JSON.parse(combined) as { object: string; entry: unknown[] };
    expect(parsed.object).toBe('whatsapp_business_account');
    expect(parsed.entry).toEqual([...(JSON.parse(one) as { entry: unknown[] }).entry, ...(JSON.parse(two) as { entry: unknown[] }).entry]);
    expect(combined).toContain(two.slice(two.indexOf('{"id":"222"'), -2));
    expect(/[^\x00-\x7f]/.test(combined)).toBe(false);
  });

  it('refuses bytes that are not a stored envelope rather than post something malformed', () => {
    expect(() => combineEnvelopes([one, '{"entry":[]}'])).toThrow(/envelope/);
  });
});
