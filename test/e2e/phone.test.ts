import { createHash } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { samplePdf, samplePng } from '../../src/rules/media/samples.js';
import { bearer, type TestChatapp } from '../helpers/chatapp.js';
import { uploadForm } from '../media/multipart.js';
import { WebhookReceiver } from '../helpers/receiver.js';
import { screenshot, signIn, startConsoleHarness, type ConsoleHarness } from './browser.js';

type Inbound = { id: string; from: string; type: string; timestamp?: string; [k: string]: unknown };

// Generous limits: on CI the browser shares two cores with the rest of the suite running in parallel.
describe('the phone simulator in a phone-sized Chromium', { timeout: 90_000 }, () => {
  let h: ConsoleHarness;
  let t: TestChatapp;
  let base: string;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    h = await startConsoleHarness();
    ({ t, base } = h);
    receiver = await WebhookReceiver.start();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  /** A business whose app posts `messages` webhooks to the test's receiver, and its phone screen for `user`. */
  async function openPhone(user: string, query = ''): Promise<{ biz: DemoFacts; page: Page }> {
    const biz = await t.business();
    await t.subscribe(biz, receiver, 'messages');
    const page = await h.browse('phone');
    const path = `/phone?number=${biz.phone_number_id}&user=${user}${query}`;
    await page.goto(`${base}${path}`);
    await signIn(page, biz.console);
    await page.getByLabel('Message').waitFor();
    return { biz, page };
  }

  async function inbound(predicate: (m: Inbound) => boolean, what: string): Promise<Inbound> {
    await receiver.waitFor(() => receiver.inbound().some(predicate), what);
    return receiver.inbound().find(predicate)!;
  }

  const bubble = (page: Page, from: 'user' | 'business', text: string): Locator => page.locator(`[data-testid="bubble"][data-from="${from}"]`, { hasText: text });

  it('sends a photo with a caption, a location and a contact card, which the business receives as Meta’s image, location and contacts messages', async () => {
    const user = '447700900401';
    const { biz, page } = await openPhone(user);
    const png = samplePng(12, 12);

    await page.getByRole('button', { name: 'Attach' }).click();
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: png });
    expect(await page.getByLabel('Goes as').inputValue()).toBe('image');
    await page.getByLabel('Caption').fill('The receipt 🧾');
    await page.getByRole('button', { name: 'Share file' }).click();
    const photo = bubble(page, 'user', 'The receipt 🧾');
    await photo.locator('img').waitFor();
    expect(await photo.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(12);

    const image = await inbound((m) => m.from === user && m.type === 'image', 'the inbound image');
    expect(image).toEqual({
      from: user,
      id: expect.stringMatching(/^wamid\./),
      timestamp: expect.stringMatching(/^\d+$/),
      type: 'image',
      image: { caption: 'The receipt 🧾', mime_type: 'image/png', sha256: createHash('sha256').update(png).digest('base64'), id: expect.stringMatching(/^\d+$/) },
    });
    // The business downloads the very bytes the phone picked.
    const media = await t.graph(biz, 'GET', (image.image as { id: string }).id);
    expect(media.json).toMatchObject({ mime_type: 'image/png', file_size: String(png.length) });

    // A coordinate out of range is refused by the server and shown by its field; the rest stay typed.
    await page.getByRole('button', { name: 'Attach' }).click();
    await page.getByRole('tab', { name: 'Location' }).click();
    await page.getByLabel('Latitude').fill('95');
    await page.getByLabel('Longitude').fill('-0.1246');
    await page.getByLabel('Place name').fill('Big Ben');
    await page.getByLabel('Address').fill('Westminster, London SW1A 0AA');
    await page.getByRole('button', { name: 'Share location' }).click();
    const latitude = page.getByLabel('Latitude');
    await page.locator('.field-invalid', { has: latitude }).locator('.field-error').waitFor();
    expect(await latitude.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field-invalid .field-error').textContent()).toMatch(/latitude/);
    await screenshot(page, 'phone-location-error');

    await latitude.fill('51.5007');
    await page.getByRole('button', { name: 'Share location' }).click();
    await bubble(page, 'user', 'Big Ben').waitFor();
    expect(await page.getByTestId('attach').count()).toBe(0);
    const location = await inbound((m) => m.from === user && m.type === 'location', 'the inbound location');
    expect(location).toMatchObject({ type: 'location', location: { latitude: 51.5007, longitude: -0.1246, name: 'Big Ben', address: 'Westminster, London SW1A 0AA' } });

    await page.getByRole('button', { name: 'Attach' }).click();
    await page.getByRole('tab', { name: 'Contact' }).click();
    await page.getByLabel('Contact name').fill('Dara Costa');
    await page.getByLabel('Contact number').fill('+351 912 345 678');
    await page.getByRole('button', { name: 'Share contact' }).click();
    await bubble(page, 'user', 'Dara Costa').waitFor();
    const card = await inbound((m) => m.from === user && m.type === 'contacts', 'the contact card');
    expect(card.contacts).toEqual([{ name: { formatted_name: 'Dara Costa', first_name: 'Dara', last_name: 'Costa' }, phones: [{ phone: '+351 912 345 678', type: 'MOBILE', wa_id: '351912345678' }] }]);
    await screenshot(page, 'phone-media-location');
  });

  it('shows the business’s photo as a picture and its document by name with a download link', async () => {
    const user = '447700900405';
    const { biz, page } = await openPhone(user);
    await page.getByLabel('Message').fill('Can I see it?');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await bubble(page, 'user', 'Can I see it?').waitFor();

    const upload = async (data: Buffer, type: string, filename: string): Promise<string> => {
      const form = uploadForm({ data, type, filename });
      const res = await t.chatapp.app.inject({ method: 'POST', url: `/v23.0/${biz.phone_number_id}/media`, headers: { ...bearer(biz.access_token), ...form.headers }, payload: form.payload });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().id as string;
    };
    const send = async (message: object) => expect((await t.graph(biz, 'POST', `${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', to: user, ...message })).status).toBe(200);
    const pdf = samplePdf('quote 7');
    await send({ type: 'image', image: { id: await upload(samplePng(20, 10), 'image/png', 'sofa.png'), caption: 'The green sofa' } });
    await send({ type: 'document', document: { id: await upload(pdf, 'application/pdf', 'x.pdf'), filename: 'quote-7.pdf', caption: 'Your quote' } });

    const photo = bubble(page, 'business', 'The green sofa').locator('img');
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(20);
    const document = bubble(page, 'business', 'Your quote').getByRole('link', { name: /quote-7\.pdf/ });
    expect(await document.getAttribute('download')).toBe('quote-7.pdf');
    const href = (await document.getAttribute('href'))!;
    const file = await page.request.get(new URL(href, base).toString());
    expect(file.headers()['content-type']).toBe('application/pdf');
    expect(Buffer.from(await file.body()).equals(pdf)).toBe(true);
    await screenshot(page, 'phone-business-media');
  });

  it('reacts to a business message with a tap and removes the reaction with a long press; the business receives both', async () => {
    const user = '447700900402';
    const { biz, page } = await openPhone(user);
    await page.getByLabel('Message').fill('Do you deliver on Sundays?');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await bubble(page, 'user', 'Do you deliver on Sundays?').waitFor();

    const sent = await t.graph(biz, 'POST', `${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', to: user, type: 'text', text: { body: 'We do, 10:00 to 16:00.' } });
    expect(sent.status).toBe(200);
    const wamid = sent.json.messages[0].id as string;
    const theirs = bubble(page, 'business', 'We do, 10:00 to 16:00.');
    await theirs.waitFor();

    await theirs.getByRole('button', { name: 'React', exact: true }).click();
    await page.getByRole('group', { name: 'Reactions' }).getByRole('button', { name: '👍' }).click();
    await theirs.getByTestId('reactions').getByText('👍').waitFor();
    const liked = await inbound((m) => m.from === user && m.type === 'reaction', 'the reaction');
    expect(liked).toMatchObject({ type: 'reaction', reaction: { message_id: wamid, emoji: '👍' } });
    // The reaction sits on the message; it is not a message of its own.
    expect(await page.locator('[data-testid="bubble"][data-from="user"]').count()).toBe(1);
    await screenshot(page, 'phone-reaction');

    // A long press (a right click on a laptop) opens the same bar; taking the reaction off sends an empty emoji.
    await theirs.locator('.bubble').click({ button: 'right' });
    await page.getByRole('button', { name: 'Remove reaction' }).click();
    await expect.poll(() => theirs.getByTestId('reactions').count()).toBe(0);
    const removed = await inbound((m) => m.from === user && m.type === 'reaction' && (m.reaction as { emoji: string }).emoji === '', 'the removal');
    expect(removed.reaction).toEqual({ message_id: wamid, emoji: '' });
  });

  it('opens a wa.me link on the business number it names, with the prefilled text in the composer, unsent', async () => {
    const other = await t.business();
    const user = '447700900403';
    // The phone starts in a chat with another business's number.
    const { biz, page } = await openPhone(user);
    await page.goto(`${base}/phone?number=${other.phone_number_id}&user=${user}`);
    const link = page.getByLabel('Click-to-chat link');

    await link.fill('https://wa.me/15550009999?text=hello');
    await page.getByRole('button', { name: 'Open link' }).click();
    await page.locator('.field-invalid', { has: link }).getByText(/\+15550009999 is not one of this sandbox’s business numbers/).waitFor();

    const digits = biz.display_phone_number.replace(/\D/g, '');
    await link.fill(`https://wa.me/${digits}?text=${encodeURIComponent('Hi! I want the autumn box 🍂')}`);
    await page.getByRole('button', { name: 'Open link' }).click();
    await page.waitForURL(new RegExp(`number=${biz.phone_number_id}`));
    await expect.poll(() => page.getByLabel('Message').inputValue()).toBe('Hi! I want the autumn box 🍂');
    expect(await page.getByLabel('Click-to-chat link').inputValue()).toBe('');
    await screenshot(page, 'phone-wa-link');
    // Nothing went: the user has not tapped send.
    expect(await page.locator('[data-testid="bubble"]').count()).toBe(0);
    expect(receiver.inbound().filter((m) => m.from === user)).toEqual([]);

    // api.whatsapp.com/send links work the same; an empty text leaves the draft alone.
    await link.fill(`https://api.whatsapp.com/send?phone=%2B${digits}`);
    await page.getByRole('button', { name: 'Open link' }).click();
    expect(await page.getByLabel('Message').inputValue()).toBe('Hi! I want the autumn box 🍂');
  });

  it('shows reply buttons, a list and a template from the business, and answers with the button or row tapped', async () => {
    const user = '447700900404';
    const { biz, page } = await openPhone(user);
    await page.getByLabel('Message').fill('What sizes do you have?');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await bubble(page, 'user', 'What sizes do you have?').waitFor();

    const send = async (interactive: object): Promise<string> => {
      const res = await t.graph(biz, 'POST', `${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', to: user, type: 'interactive', interactive });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      return res.json.messages[0].id as string;
    };
    const buttons = await send({ type: 'button', body: { text: 'Small or large?' }, action: { buttons: [{ type: 'reply', reply: { id: 'size-s', title: 'Small' } }, { type: 'reply', reply: { id: 'size-l', title: 'Large' } }] } });
    await bubble(page, 'business', 'Small or large?').getByRole('button', { name: '↩ Large' }).click();
    const tapped = await inbound((m) => m.from === user && m.type === 'interactive', 'the button reply');
    expect(tapped).toMatchObject({ context: { from: biz.display_phone_number.replace(/\D/g, ''), id: buttons }, interactive: { type: 'button_reply', button_reply: { id: 'size-l', title: 'Large' } } });

    const list = await send({
      type: 'list',
      body: { text: 'Pick a delivery option' },
      action: { button: 'Options', sections: [{ title: 'Shipping', rows: [{ id: 'std', title: 'Standard', description: '3-5 days' }, { id: 'exp', title: 'Express', description: 'Next day' }] }] },
    });
    const listBubble = bubble(page, 'business', 'Pick a delivery option');
    await listBubble.getByText('☰ Options').click();
    await listBubble.getByRole('button', { name: /Express/ }).click();
    const chosen = await inbound((m) => m.from === user && (m.interactive as { type?: string } | undefined)?.type === 'list_reply', 'the list reply');
    expect(chosen).toMatchObject({ context: { id: list }, interactive: { list_reply: { id: 'exp', title: 'Express', description: 'Next day' } } });
    await bubble(page, 'user', 'Express').waitFor();

    // A template shows as WhatsApp renders it: header, body and footer.
    expect((await t.graph(biz, 'POST', `${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', to: user, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } })).status).toBe(200);
    const template = bubble(page, 'business', 'Welcome and congratulations!!');
    await template.locator('.template-header', { hasText: 'Hello World' }).waitFor();
    expect(await template.locator('.template-footer').textContent()).toBe('WhatsApp Business Platform sample message');
    await screenshot(page, 'phone-interactive');
  });
});
