import { describe, expect, it } from 'vitest';
import { presentEntryPoint, presentMarketing, presentReferral } from '../../src/inbox/customer.js';

const HOUR = 3600_000;
const clickedAt = 1_750_000_000_000;
const s = (ms: number) => Math.floor(ms / 1000);

describe('the contact panel’s ad referral and consent', () => {
  it('says a reply within 24 hours of the ad click opens the free entry point, and until when to reply', () => {
    expect(presentEntryPoint({ referralAt: clickedAt, entryPointUntil: null }, clickedAt + 2 * HOUR)).toEqual({ state: 'reply_to_open', until: null, reply_by: s(clickedAt + 24 * HOUR) });
  });

  it('says the window is open until Meta’s end once a reply opened it, and ended after that', () => {
    const until = clickedAt + 75 * HOUR;
    expect(presentEntryPoint({ referralAt: clickedAt, entryPointUntil: until }, clickedAt + 10 * HOUR)).toEqual({ state: 'open', until: s(until), reply_by: null });
    expect(presentEntryPoint({ referralAt: clickedAt, entryPointUntil: until }, until + 1)).toEqual({ state: 'ended', until: s(until), reply_by: null });
  });

  it('says no window opened when the business did not answer the click within 24 hours', () => {
    expect(presentEntryPoint({ referralAt: clickedAt, entryPointUntil: null }, clickedAt + 25 * HOUR)).toEqual({ state: 'not_opened', until: null, reply_by: null });
  });

  it('keeps only the referral fields Meta documents', () => {
    const shown = presentReferral(
      { messageId: 'wamid.X', phoneNumberId: '1', at: clickedAt, referral: { headline: 'Sale', source_type: 'ad', ctwa_clid: 'ARAx', welcome_message: { text: 'Hi!' }, injected: '<script>', source_url: 42 } },
      { referralAt: clickedAt, entryPointUntil: null },
      clickedAt,
    );
    expect(shown).toMatchObject({ headline: 'Sale', source_type: 'ad', ctwa_clid: 'ARAx', welcome_message: 'Hi!', message_id: 'wamid.X', timestamp: s(clickedAt) });
    expect(shown).not.toHaveProperty('injected');
    expect(shown).not.toHaveProperty('source_url');
  });

  it('reports an opt-out only with its evidence', () => {
    expect(presentMarketing(undefined)).toEqual({ opted_out: false, since: null, evidence: null });
    expect(presentMarketing({ messageId: 'wamid.Y', at: clickedAt })).toMatchObject({ opted_out: true, since: s(clickedAt) });
  });
});
