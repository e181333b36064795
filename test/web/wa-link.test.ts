import { describe, expect, it } from 'vitest';
import { matchNumber, parseWaLink } from '../../web/src/pages/phone/wa-link.js';

const fails = (input: string): string => {
  const link = parseWaLink(input);
  if (link.ok) throw new Error(`${input} parsed as ${JSON.stringify(link)}`);
  return link.error;
};

describe('click-to-chat links (spec §8.6)', () => {
  it('reads the number and the prefilled text of a wa.me link', () => {
    expect(parseWaLink('https://wa.me/15551234567?text=I%27m%20interested%20in%20your%20car')).toEqual({ ok: true, phone: '15551234567', text: "I'm interested in your car" });
    expect(parseWaLink('  https://wa.me/447700900123/  ')).toEqual({ ok: true, phone: '447700900123', text: '' });
    expect(parseWaLink('wa.me/447700900123?text=Hi+there')).toEqual({ ok: true, phone: '447700900123', text: 'Hi there' });
    expect(parseWaLink('http://www.wa.me/%2B447700900123?text=%F0%9F%91%8B%20order%20%231042')).toEqual({ ok: true, phone: '447700900123', text: '👋 order #1042' });
  });

  it('reads api.whatsapp.com/send and whatsapp://send links', () => {
    expect(parseWaLink('https://api.whatsapp.com/send?phone=15551234567&text=Hello%0Aworld')).toEqual({ ok: true, phone: '15551234567', text: 'Hello\nworld' });
    expect(parseWaLink('https://api.whatsapp.com/send/?phone=%2B1+555-123-4567&text&type=phone_number&app_absent=0')).toEqual({ ok: true, phone: '15551234567', text: '' });
    expect(parseWaLink('whatsapp://send?phone=15551234567&text=Hi')).toEqual({ ok: true, phone: '15551234567', text: 'Hi' });
  });

  it('says why it cannot open other links', () => {
    expect(fails('')).toContain('Paste a link');
    expect(fails('https://wa.me/message/4O4YGZEG3RIVE1')).toContain('short links');
    expect(fails('https://wa.me/?text=share%20me')).toContain('no number');
    expect(fails('https://wa.me/07700900123')).toContain('starts with 0');
    expect(fails('https://wa.me/call-me')).toContain('not a full international phone number');
    expect(fails('https://wa.me/1555/extra')).toContain('nothing after the number');
    expect(fails('https://api.whatsapp.com/send?text=hi')).toContain('no phone number');
    expect(fails('https://api.whatsapp.com/catalog/123')).toContain('/send?phone=');
    expect(fails('https://example.com/15551234567')).toContain('not a WhatsApp link');
    expect(fails('ftp://wa.me/15551234567')).toContain('https://wa.me/');
    expect(fails('http://')).toBe('This is not a link');
  });

  it('finds the business number whatever way it is displayed', () => {
    const numbers = [{ id: '1', display_phone_number: '+1 555-010-0001' }, { id: '2', display_phone_number: '+44 7700 900999' }];
    expect(matchNumber('447700900999', numbers)?.id).toBe('2');
    expect(matchNumber('15550100001', numbers)?.id).toBe('1');
    expect(matchNumber('15550100002', numbers)).toBeUndefined();
  });
});
