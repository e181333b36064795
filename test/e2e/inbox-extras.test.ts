import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { samplePng } from '../../src/rules/media/samples.js';
import type { TestChatapp } from '../helpers/chatapp.js';
import { screenshot, startConsoleHarness, type ConsoleHarness, type Credentials } from './browser.js';

interface PhoneMessage {
  id: string;
  from: 'business' | 'user';
  type: string;
  status: string;
  [content: string]: any;
}

describe('media, reactions, buttons, ad referrals, mentions and auto-assignment in the inbox, in Chromium', { timeout: 120_000 }, () => {
  let h: ConsoleHarness;
  let t: TestChatapp;

  beforeAll(async () => {
    h = await startConsoleHarness();
    ({ t } = h);
  }, 120_000);

  afterAll(() => h?.close());

  const openInbox = (page: Page, credentials: Credentials, path?: string): Promise<void> => h.openInbox(page, credentials, path);
  const addMember = (biz: DemoFacts, name: string) => h.addMember(biz, name);
  const simulator = (biz: DemoFacts, method: 'GET' | 'POST', url: string, payload?: object) => h.simulator(biz, method, url, payload);
  const phoneOf = (biz: DemoFacts, waId: string) => async (): Promise<PhoneMessage[]> => (await simulator(biz, 'GET', `/users/${waId}/chat?phone_number_id=${biz.phone_number_id}`)).messages;
  const message = (page: Page, direction: 'in' | 'out', text: string | RegExp): Locator => page.locator(`[data-testid="message"][data-direction="${direction}"]`, { hasText: text });

  it('sends an image with a caption, reacts, quotes, sends reply buttons a tap answers, and shows the ad that brought the customer', async () => {
    const biz = await t.business();
    const customer = '447700900901';
    const phone = phoneOf(biz, customer);
    await simulator(biz, 'POST', '/users', { phone: `+${customer}`, profile_name: 'Lena Ads' });
    // The customer taps a Click-to-WhatsApp ad; their first message carries its referral.
    const referral = { source_type: 'ad', source_url: 'https://fb.me/autumn-sale', headline: 'Autumn sale', body: '20% off all boots' };
    await simulator(biz, 'POST', '/messages', { from: `+${customer}`, to: biz.phone_number_id, message: { type: 'text', text: { body: 'Are the boots still on sale?' }, referral } });

    const page = await h.browse('laptop');
    await openInbox(page, biz.console);
    await page.getByTestId('conversation').filter({ hasText: 'Lena Ads' }).click();
    const question = message(page, 'in', 'Are the boots still on sale?');
    await question.waitFor();
    expect(await question.getByTestId('referral-tag').textContent()).toContain('Autumn sale');

    // The contact panel: the ad, its link, and the free entry point a reply would open.
    const contact = page.getByRole('complementary', { name: 'Contact' });
    const ad = contact.getByTestId('ad-referral');
    await ad.getByText('Autumn sale').waitFor();
    expect(await ad.textContent()).toContain('20% off all boots');
    expect(await ad.getByRole('link').getAttribute('href')).toBe('https://fb.me/autumn-sale');
    expect(await ad.getByTestId('free-entry-point').textContent()).toMatch(/Reply before .* to open 72 free hours/);
    expect(await contact.getByTestId('marketing').textContent()).toContain('No opt-out seen');
    await screenshot(page, 'inbox-extras-referral');

    // An image with a caption: picked, uploaded, sent; the phone shows it.
    await page.getByLabel('Attach a file').setInputFiles({ name: 'boots.png', mimeType: 'image/png', buffer: samplePng(16, 16) });
    await page.getByTestId('attachment').getByText('boots.png').waitFor();
    await page.getByLabel('Caption').fill('Yes! Here they are');
    await page.getByLabel('Caption').press('Enter');
    const image = page.locator('[data-testid="message"][data-direction="out"][data-type="image"]');
    await image.getByText('Yes! Here they are').waitFor();
    await expect.poll(() => image.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBe(16);
    await expect
      .poll(async () => (await phone()).find((m) => m.from === 'business' && m.type === 'image')?.image?.caption, { timeout: 10_000 })
      .toBe('Yes! Here they are');
    // Once replied to, the ad's free entry point is open.
    await contact.getByTestId('free-entry-point').getByText(/Free entry point open until/).waitFor();

    // A reaction to the customer's message: shown on it, and on the phone; then removed.
    await question.getByRole('button', { name: 'React' }).click();
    await question.getByRole('button', { name: 'React ❤️' }).click();
    await question.getByTestId('our-reaction').getByText('❤️').waitFor();
    await expect.poll(async () => (await phone()).filter((m) => m.type === 'reaction').map((m) => m.reaction.emoji), { timeout: 10_000 }).toEqual(['❤️']);
    await question.getByRole('button', { name: 'React' }).click();
    await question.getByRole('button', { name: 'Remove reaction' }).click();
    await question.getByTestId('our-reaction').waitFor({ state: 'detached' });
    await expect.poll(async () => (await phone()).filter((m) => m.type === 'reaction').map((m) => m.reaction.emoji), { timeout: 10_000 }).toEqual(['❤️', '']);

    // A reply quoting the customer's question.
    await question.getByRole('button', { name: 'Quote' }).click();
    await page.getByTestId('reply-to').getByText('Are the boots still on sale?').waitFor();
    await page.getByLabel('Reply').fill('Until Sunday');
    await page.getByLabel('Reply').press('Enter');
    const quoting = message(page, 'out', 'Until Sunday');
    expect(await quoting.getByTestId('quoted').textContent()).toContain('Are the boots still on sale?');
    await page.getByTestId('reply-to').waitFor({ state: 'detached' });

    // Reply buttons: what the server refuses shows under its field; then they go, and the customer's tap comes back.
    await page.getByRole('button', { name: 'Buttons or list' }).click();
    const form = page.getByRole('form', { name: 'Interactive message' });
    await form.getByRole('textbox', { name: 'Message', exact: true }).fill('Which size do you need?');
    await form.getByRole('textbox', { name: 'Button 1', exact: true }).fill('Size 38');
    await form.getByRole('button', { name: 'Send buttons' }).click();
    const button2 = form.locator('.field', { has: page.getByRole('textbox', { name: 'Button 2', exact: true }) });
    expect(await button2.locator('.field-error').textContent()).toMatch(/^interactive\.action\.buttons\[1\]\.reply\.title: must not be empty/);
    await form.getByRole('textbox', { name: 'Button 2', exact: true }).fill('Size 40');
    await form.getByRole('button', { name: 'Send buttons' }).click();
    const buttons = message(page, 'out', 'Which size do you need?');
    await buttons.getByRole('list', { name: 'Buttons' }).getByText('Size 40').waitFor();
    await screenshot(page, 'inbox-extras-conversation');

    const sent = await expect
      .poll(async () => (await phone()).find((m) => m.from === 'business' && m.type === 'interactive'), { timeout: 10_000 })
      .toBeTruthy()
      .then(async () => (await phone()).find((m) => m.from === 'business' && m.type === 'interactive')!);
    expect(sent.interactive.action.buttons.map((b: any) => b.reply.title)).toEqual(['Size 38', 'Size 40']);
    await simulator(biz, 'POST', '/messages', {
      from: `+${customer}`,
      to: biz.phone_number_id,
      message: { type: 'interactive', interactive: { type: 'button_reply', button_reply: sent.interactive.action.buttons[1].reply }, context: { id: sent.id } },
    });
    const tap = message(page, 'in', 'Size 40');
    await tap.getByTestId('tapped').waitFor();
    expect(await tap.getByTestId('quoted').textContent()).toContain('Which size do you need?');
  });

  it('lists the notes that mention an agent, at a phone’s width, and keeps the auto-assign switch an Admin turns on', async () => {
    const biz = await t.business();
    const bob = await addMember(biz, 'Bob');
    const customer = '447700900902';
    await simulator(biz, 'POST', '/messages', { from: `+${customer}`, to: biz.phone_number_id, message: { type: 'text', text: { body: 'My parcel is late' } } });

    // Ann (the Admin) leaves a note mentioning Bob, through the console.
    const ann = await h.browse('laptop');
    await openInbox(ann, biz.console);
    await ann.getByTestId('conversation').filter({ hasText: 'My parcel is late' }).click();
    await ann.getByRole('tab', { name: 'Private note' }).click();
    await ann.getByLabel('Note').fill(`@bob-${biz.business_id} can you call the courier?`);
    await ann.getByLabel('Note').press('Enter');
    await ann.getByTestId('note').filter({ hasText: 'can you call the courier?' }).waitFor();

    // Bob, on a phone, opens his mentions and goes from the note to its conversation.
    const bobPage = await h.browse('phone');
    await openInbox(bobPage, { email: bob.email, password: bob.password }, '/inbox?view=mentions');
    const mention = bobPage.getByTestId('mention-item').filter({ hasText: 'can you call the courier?' });
    await mention.waitFor();
    expect(await mention.textContent()).toContain('Demo Admin');
    await screenshot(bobPage, 'inbox-extras-mentions-phone');
    await mention.getByRole('button', { name: 'Open the conversation' }).click();
    await bobPage.getByTestId('note').filter({ hasText: 'can you call the courier?' }).locator('.mention-me').waitFor();
    expect(new URL(bobPage.url()).searchParams.get('view')).toBeNull();
    // The composer's tools fit a phone: the buttons form opens and closes.
    await bobPage.getByRole('button', { name: 'Buttons or list' }).click();
    await bobPage.getByRole('form', { name: 'Interactive message' }).getByText('List').click();
    await bobPage.getByRole('textbox', { name: 'Row 1', exact: true }).waitFor();
    await screenshot(bobPage, 'inbox-extras-list-form-phone');
    await bobPage.getByRole('button', { name: 'Cancel' }).click();
    await bobPage.getByLabel('Attach a file').waitFor({ state: 'attached' });

    // Bob may see the auto-assign setting but not change it.
    await bobPage.getByRole('navigation', { name: 'Inbox screens' }).getByRole('button', { name: 'Settings' }).click();
    const bobSwitch = bobPage.getByRole('switch');
    await bobSwitch.waitFor();
    expect(await bobSwitch.isDisabled()).toBe(true);
    expect(await bobSwitch.isChecked()).toBe(false);
    await bobPage.getByText('Only an Admin can change this.').waitFor();

    // Ann turns it on; it is still on after a reload, for her and for Bob.
    await ann.getByRole('navigation', { name: 'Inbox screens' }).getByRole('button', { name: 'Settings' }).click();
    await ann.getByRole('switch').check();
    await ann.getByRole('status').getByText('Saved.').waitFor();
    await ann.reload();
    await ann.getByRole('switch').waitFor();
    expect(await ann.getByRole('switch').isChecked()).toBe(true);
    await bobPage.reload();
    await bobPage.getByRole('switch').waitFor();
    expect(await bobPage.getByRole('switch').isChecked()).toBe(true);
    await screenshot(bobPage, 'inbox-extras-settings-phone');
  });
});
