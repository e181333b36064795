import { describe, expect, it } from 'vitest';
import { validateOutbound } from '../../../src/rules/messages/validate.js';
import { accepted, chars, expectRejected, send, usBusiness } from '../../helpers/outbound.js';

const wamid = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=';
const text = (body: string) => send({ type: 'text', text: { body } });

describe('the send envelope', () => {
  it('accepts a text message and answers its recipient as input and wa_id', () => {
    expect(accepted(send({ type: 'text', text: { body: 'Hello', preview_url: true } }))).toEqual({
      type: 'text',
      to: { input: '+16505551234', waId: '16505551234' },
      recipientType: 'individual',
      content: { body: 'Hello', preview_url: true },
    });
  });

  it('prepends the business calling code to a recipient given without one', () => {
    const request = validateOutbound(send({ to: '6505551234', text: { body: 'hi' } }), { businessCallingCode: '1' });
    expect(request.kind === 'message' && request.message.to).toEqual({ input: '6505551234', waId: '16505551234' });
  });

  it('sends a text when type is left out, as Meta does', () => {
    expect(accepted(send({ text: { body: 'hi' } })).type).toBe('text');
  });

  it('accepts recipient_type individual', () => {
    expect(accepted(send({ recipient_type: 'individual', text: { body: 'hi' } })).recipientType).toBe('individual');
  });

  it('refuses a body that is not a JSON object with 100', () => {
    for (const body of [null, 'text', [send({})]]) expect(() => validateOutbound(body, usBusiness)).toThrow(/Invalid parameter/);
  });

  it('fails with 100 naming messaging_product when it is missing or not whatsapp', () => {
    expectRejected({ to: '+16505551234', text: { body: 'hi' } }, 100, 'messaging_product');
    expectRejected(send({ messaging_product: 'messenger', text: { body: 'hi' } }), 100, 'messaging_product');
  });

  it('fails with 131008 naming to when the recipient is missing or empty', () => {
    expectRejected({ messaging_product: 'whatsapp', text: { body: 'hi' } }, 131008, 'to');
    expectRejected(send({ to: '', text: { body: 'hi' } }), 131008, 'to');
  });

  it('fails with 100 naming to when the recipient is not a string or not a phone number', () => {
    expectRejected(send({ to: 16505551234, text: { body: 'hi' } }), 100, 'to');
    expectRejected(send({ to: 'alice@example.com', text: { body: 'hi' } }), 100, 'to');
  });

  it('fails with 131051 naming the type when the type is unknown', () => {
    const error = expectRejected(send({ type: 'poll', poll: {} }), 131051, 'type');
    expect(error.details).toContain('"poll"');
  });

  it('fails with 100 when recipient_type is group, saying groups are not supported', () => {
    const error = expectRejected(send({ recipient_type: 'group', text: { body: 'hi' } }), 100, 'recipient_type');
    expect(error.details).toBe('recipient_type: groups are not supported');
    expectRejected(send({ recipient_type: 'broadcast', text: { body: 'hi' } }), 100, 'recipient_type');
  });

  it('fails with 131008 naming the object named after the type when it is missing', () => {
    expectRejected(send({ type: 'image' }), 131008, 'image');
    expectRejected(send({ type: 'text', image: { id: '1' } }), 131008, 'text');
  });

  it('fails with 100 when the object named after the type is not an object', () => {
    expectRejected(send({ type: 'text', text: 'hello' }), 100, 'text');
  });

  it('carries context.message_id as the quoted message', () => {
    expect(accepted(send({ text: { body: 'hi' }, context: { message_id: wamid } })).contextMessageId).toBe(wamid);
  });

  it('fails with 131009 naming context.message_id when it is not a wamid, and 131008 when it is missing', () => {
    expectRejected(send({ text: { body: 'hi' }, context: { message_id: 'ABC123' } }), 131009, 'context.message_id');
    expectRejected(send({ text: { body: 'hi' }, context: {} }), 131008, 'context.message_id');
  });

  it('accepts biz_opaque_callback_data of 512 characters and fails 513 with 100', () => {
    expect(accepted(send({ text: { body: 'hi' }, biz_opaque_callback_data: chars(512) })).bizOpaqueCallbackData).toBe(chars(512));
    expectRejected(send({ text: { body: 'hi' }, biz_opaque_callback_data: chars(513) }), 100, 'biz_opaque_callback_data');
  });

  it('leaves out contextMessageId and bizOpaqueCallbackData when they were not sent', () => {
    const message = accepted(send({ text: { body: 'hi' } }));
    expect('contextMessageId' in message || 'bizOpaqueCallbackData' in message).toBe(false);
  });
});

describe('mark as read and typing indicator', () => {
  it('accepts a read status without a typing indicator', () => {
    expect(validateOutbound({ messaging_product: 'whatsapp', status: 'read', message_id: wamid }, usBusiness)).toEqual({
      kind: 'read', messageId: wamid, typing: false,
    });
  });

  it('accepts a read status with a text typing indicator', () => {
    const body = { messaging_product: 'whatsapp', status: 'read', message_id: wamid, typing_indicator: { type: 'text' } };
    expect(validateOutbound(body, usBusiness)).toEqual({ kind: 'read', messageId: wamid, typing: true });
  });

  it('fails a read status without message_id with 131008 and with a non-wamid with 131009', () => {
    expectRejected({ messaging_product: 'whatsapp', status: 'read' }, 131008, 'message_id');
    expectRejected({ messaging_product: 'whatsapp', status: 'read', message_id: '42' }, 131009, 'message_id');
  });

  it('fails a status other than read with 100 and a typing indicator other than text with 131009', () => {
    expectRejected({ messaging_product: 'whatsapp', status: 'delivered', message_id: wamid }, 100, 'status');
    const body = { messaging_product: 'whatsapp', status: 'read', message_id: wamid, typing_indicator: { type: 'audio' } };
    expectRejected(body, 131009, 'typing_indicator.type');
  });
});

describe('text messages', () => {
  it('keeps the text exactly as sent, spaces and newlines included', () => {
    expect(accepted(text('  two\n\nlines  ')).content).toEqual({ body: '  two\n\nlines  ' });
  });

  it('accepts a body of 4096 characters and fails 4097 with 100 naming text.body', () => {
    expect(accepted(text(chars(4096))).content).toEqual({ body: chars(4096) });
    const error = expectRejected(text(chars(4097)), 100, 'text.body');
    expect(error.details).toBe('text.body: must be at most 4096 characters');
  });

  it('counts characters, not UTF-16 units: 4096 emoji or accented letters pass and 4097 fail', () => {
    expect(accepted(text(chars(4096, '😀'))).type).toBe('text');
    expect(accepted(text(chars(4096, 'é'))).type).toBe('text');
    expectRejected(text(chars(4097, '😀')), 100, 'text.body');
  });

  it('accepts non-Latin scripts', () => {
    expect(accepted(text('こんにちは мир مرحبا 🇧🇷')).content).toEqual({ body: 'こんにちは мир مرحبا 🇧🇷' });
  });

  it('fails a missing body with 131008 and an empty one with 100, both naming text.body', () => {
    expectRejected(send({ text: {} }), 131008, 'text.body');
    expectRejected(text(''), 100, 'text.body');
  });

  it('fails a preview_url that is not a boolean with 100', () => {
    expectRejected(send({ text: { body: 'https://x.io', preview_url: 'yes' } }), 100, 'text.preview_url');
  });
});

describe('media messages', () => {
  const mediaTypes = ['image', 'video', 'audio', 'document', 'sticker'] as const;
  const media = (type: string, object: Record<string, unknown>) => send({ type, [type]: object });

  it.each(mediaTypes)('accepts a %s by uploaded id or by link', (type) => {
    expect(accepted(media(type, { id: '1037543291543636' }))).toMatchObject({ type, content: { id: '1037543291543636' } });
    expect(accepted(media(type, { link: 'https://cdn.example.com/file?v=2' })).content).toEqual({ link: 'https://cdn.example.com/file?v=2' });
  });

  it.each(mediaTypes)('fails a %s with neither id nor link with 131008 and with both with 100', (type) => {
    expectRejected(media(type, {}), 131008, `${type}.id or ${type}.link`);
    expectRejected(media(type, { id: '1', link: 'https://x.io/a' }), 100, type);
  });

  it('fails an id that is not digits or a link that is not http(s) with 100', () => {
    expectRejected(media('image', { id: 'abc' }), 100, 'image.id');
    expectRejected(media('image', { id: 1037543291543636 }), 100, 'image.id');
    expectRejected(media('image', { link: 'ftp://x.io/a.jpg' }), 100, 'image.link');
    expectRejected(media('image', { link: 'not a url' }), 100, 'image.link');
  });

  it('accepts a link of 2000 characters and fails 2001 with 100', () => {
    const link = (n: number) => `https://x.io/${chars(n - 'https://x.io/'.length)}`;
    expect(accepted(media('video', { link: link(2000) })).type).toBe('video');
    expectRejected(media('video', { link: link(2001) }), 100, 'video.link');
  });

  it.each(['image', 'video', 'document'])('accepts a %s caption of 1024 characters and fails 1025 with 100', (type) => {
    expect(accepted(media(type, { id: '1', caption: chars(1024, 'ü') })).content).toEqual({ id: '1', caption: chars(1024, 'ü') });
    expectRejected(media(type, { id: '1', caption: chars(1025) }), 100, `${type}.caption`);
  });

  it.each(['audio', 'sticker'])('fails a caption on %s with 100', (type) => {
    const error = expectRejected(media(type, { id: '1', caption: 'hi' }), 100, `${type}.caption`);
    expect(error.details).toBe(`${type}.caption: is not supported on ${type} messages`);
  });

  it('accepts a document filename of 240 characters and fails 241 with 100', () => {
    expect(accepted(media('document', { id: '1', filename: chars(240) })).type).toBe('document');
    expectRejected(media('document', { id: '1', filename: chars(241) }), 100, 'document.filename');
  });

  it('accepts voice on audio as a boolean and fails anything else with 100', () => {
    expect(accepted(media('audio', { id: '1', voice: true })).content).toEqual({ id: '1', voice: true });
    expectRejected(media('audio', { id: '1', voice: 'true' }), 100, 'audio.voice');
  });
});

describe('location messages', () => {
  const location = (fields: Record<string, unknown>) => send({ type: 'location', location: fields });

  it('accepts numeric strings and returns numbers', () => {
    const content = accepted(location({ latitude: '37.4847', longitude: '-122.1486', name: 'Meta HQ', address: '1 Hacker Way' })).content;
    expect(content).toEqual({ latitude: 37.4847, longitude: -122.1486, name: 'Meta HQ', address: '1 Hacker Way' });
  });

  it('accepts latitude ±90 and longitude ±180 and fails just beyond with 131009', () => {
    expect(accepted(location({ latitude: 90, longitude: -180 })).content).toEqual({ latitude: 90, longitude: -180 });
    expect(accepted(location({ latitude: -90, longitude: 180 })).type).toBe('location');
    expectRejected(location({ latitude: 90.0001, longitude: 0 }), 131009, 'location.latitude');
    expectRejected(location({ latitude: 0, longitude: '-180.5' }), 131009, 'location.longitude');
  });

  it('fails missing coordinates with 131008 and non-numeric ones with 100', () => {
    expectRejected(location({ longitude: 0 }), 131008, 'location.latitude');
    expectRejected(location({ latitude: 0 }), 131008, 'location.longitude');
    expectRejected(location({ latitude: 'north', longitude: 0 }), 100, 'location.latitude');
    expectRejected(location({ latitude: 0, longitude: true }), 100, 'location.longitude');
  });

  it('accepts a name and address of 1000 characters and fails 1001 with 100', () => {
    expect(accepted(location({ latitude: 0, longitude: 0, name: chars(1000), address: chars(1000) })).type).toBe('location');
    expectRejected(location({ latitude: 0, longitude: 0, name: chars(1001) }), 100, 'location.name');
    expectRejected(location({ latitude: 0, longitude: 0, address: chars(1001) }), 100, 'location.address');
  });
});

describe('contacts messages', () => {
  const card = (fields: Record<string, unknown> = {}) => ({ name: { formatted_name: 'Barbara J. Johnson', first_name: 'Barbara' }, ...fields });
  const contacts = (list: unknown) => send({ type: 'contacts', contacts: list });

  it('accepts a full contact card and returns the array as sent', () => {
    const full = card({
      phones: [{ phone: '+14125550829', type: 'WORK', wa_id: '14125550829' }],
      emails: [{ email: 'b@example.com', type: 'WORK' }],
      urls: [{ url: 'https://example.com', type: 'WORK' }],
      addresses: [{ street: '1 Main St', city: 'Menlo Park', state: 'CA', zip: '94025', country: 'United States', country_code: 'US', type: 'WORK' }],
      org: { company: 'Meta', department: 'Eng', title: 'Manager' },
      birthday: '1999-01-23',
    });
    expect(accepted(contacts([full]))).toMatchObject({ type: 'contacts', content: [full] });
  });

  it('accepts 20 contacts and fails 21 or none with 131009 naming contacts', () => {
    expect(accepted(contacts(Array.from({ length: 20 }, () => card()))).content).toHaveLength(20);
    expectRejected(contacts(Array.from({ length: 21 }, () => card())), 131009, 'contacts');
    expectRejected(contacts([]), 131009, 'contacts');
  });

  it('fails contacts that are not an array with 100 and a missing array with 131008', () => {
    expectRejected(contacts(card()), 100, 'contacts');
    expectRejected(send({ type: 'contacts' }), 131008, 'contacts');
  });

  it('fails a contact without name.formatted_name with 131008 naming its path', () => {
    expectRejected(contacts([card(), { name: { first_name: 'Ann' } }]), 131008, 'contacts[1].name.formatted_name');
    expectRejected(contacts([{ phones: [] }]), 131008, 'contacts[0].name');
  });

  it('fails phones, emails, urls or addresses that are not arrays of objects with 100', () => {
    expectRejected(contacts([card({ phones: '+14125550829' })]), 100, 'contacts[0].phones');
    expectRejected(contacts([card({ emails: ['b@example.com'] })]), 100, 'contacts[0].emails[0]');
    expectRejected(contacts([card({ urls: [{ url: 42 }] })]), 100, 'contacts[0].urls[0].url');
    expectRejected(contacts([card({ addresses: {} })]), 100, 'contacts[0].addresses');
  });

  it('fails a birthday that is not a YYYY-MM-DD date with 131009', () => {
    expectRejected(contacts([card({ birthday: '23/01/1999' })]), 131009, 'contacts[0].birthday');
    expectRejected(contacts([card({ birthday: '1999-02-30' })]), 131009, 'contacts[0].birthday');
  });
});

describe('reaction messages', () => {
  const reaction = (fields: Record<string, unknown>) => send({ type: 'reaction', reaction: { message_id: wamid, ...fields } });

  it.each(['😀', '\uD83D\uDE00', '👍🏽', '👨‍👩‍👧', '🇧🇷', '1️⃣', '❤️'])('accepts the single emoji %s', (emoji) => {
    expect(accepted(reaction({ emoji })).content).toEqual({ message_id: wamid, emoji });
  });

  it('accepts an empty emoji, which removes the reaction', () => {
    expect(accepted(reaction({ emoji: '' })).content).toEqual({ message_id: wamid, emoji: '' });
  });

  it.each(['a', '😀😀', 'ok 👍', '1'])('fails %j with 131009 naming reaction.emoji', (emoji) => {
    expectRejected(reaction({ emoji }), 131009, 'reaction.emoji');
  });

  it('fails a missing emoji or message_id with 131008 and a message_id that is not a wamid with 131009', () => {
    expectRejected(send({ type: 'reaction', reaction: { message_id: wamid } }), 131008, 'reaction.emoji');
    expectRejected(send({ type: 'reaction', reaction: { emoji: '😀' } }), 131008, 'reaction.message_id');
    expectRejected(reaction({ message_id: 'msg-1', emoji: '😀' }), 131009, 'reaction.message_id');
  });
});
