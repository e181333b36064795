import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import type { TestChatapp } from '../helpers/chatapp.js';
import { screenshot, startConsoleHarness, type ConsoleHarness, type Credentials } from './browser.js';

interface PhoneMessage {
  id: string;
  from: 'business' | 'user';
  type: string;
  status: string;
  text?: { body: string };
}

describe('the shared inbox in Chromium, with two agents', { timeout: 90_000 }, () => {
  let h: ConsoleHarness;
  let t: TestChatapp;
  const browse = (size: 'laptop' | 'phone'): Promise<Page> => h.browse(size);

  beforeAll(async () => {
    h = await startConsoleHarness();
    ({ t } = h);
  }, 120_000);

  afterAll(() => h?.close());

  const openInbox = (page: Page, credentials: Credentials, path?: string): Promise<void> => h.openInbox(page, credentials, path);
  const addMember = (biz: DemoFacts, name: string) => h.addMember(biz, name);
  const simulator = (biz: DemoFacts, method: 'GET' | 'POST', url: string, payload?: object) => h.simulator(biz, method, url, payload);

  const outbound = (page: Page, text: string | RegExp): Locator => page.locator('[data-testid="message"][data-direction="out"]', { hasText: text });

  it('shows a customer live to both agents; one claims and replies; the phone reads it; after 24 h only a template goes', async () => {
    const biz = await t.business();
    const bob = await addMember(biz, 'Bob');
    const customer = '447700900777';
    // This customer reads only when the test says so, to see the ticks turn blue on cue.
    await simulator(biz, 'POST', '/users', { phone: `+${customer}`, profile_name: 'Rosa Lima', behaviour: { readAfterMs: null } });

    // Agent A (the Admin) on a laptop, agent B on a phone-sized window.
    const [ann, bobPage] = await Promise.all([browse('laptop'), browse('phone')]);
    await Promise.all([openInbox(ann, biz.console), openInbox(bobPage, { email: bob.email, password: bob.password })]);

    await simulator(biz, 'POST', '/messages', { from: `+${customer}`, to: biz.phone_number_id, message: { type: 'text', text: { body: 'Hi! Where is my order #1042?' } } });
    const itemA = ann.getByTestId('conversation').filter({ hasText: 'Rosa Lima' });
    const itemB = bobPage.getByTestId('conversation').filter({ hasText: 'Rosa Lima' });
    await Promise.all([itemA.waitFor(), itemB.waitFor()]);
    for (const item of [itemA, itemB]) {
      const text = await item.textContent();
      expect(text).toContain('Hi! Where is my order #1042?');
      expect(text).toContain(`+${customer}`);
      expect(text).toContain('Unassigned');
      expect(await item.getByTestId('window').textContent()).toMatch(/^◷ 2[34]:\d\d left$/);
      expect(await item.getByTestId('unread').textContent()).toBe('1');
    }
    await screenshot(bobPage, 'inbox-phone-list');

    // A opens it (which reads it) and claims it; B's list shows it assigned, live.
    await itemA.click();
    await ann.getByRole('button', { name: 'Claim' }).click();
    await ann.getByTestId('conversation-assignee').getByText('Assigned to you').waitFor();
    await itemB.getByTestId('assignee').getByText('→ Demo Admin').waitFor();
    await itemB.getByTestId('unread').waitFor({ state: 'detached' });

    // B opens it too and sees A typing; A's reply reaches B's timeline live.
    await itemB.click();
    await bobPage.getByRole('log', { name: 'Timeline' }).getByText('Hi! Where is my order #1042?').waitFor();
    expect(await bobPage.getByTestId('conversation-assignee').textContent()).toBe('Assigned to Demo Admin');
    await ann.getByLabel('Reply').fill('Hello Rosa, it ships today');
    await bobPage.getByTestId('typing').getByText('Demo Admin is typing…').waitFor();
    await ann.getByLabel('Reply').press('Enter');
    await outbound(ann, 'Hello Rosa, it ships today').waitFor();
    await outbound(bobPage, 'Hello Rosa, it ships today').waitFor();
    expect(await ann.getByLabel('Reply').inputValue()).toBe('');
    await bobPage.getByTestId('typing').getByText('typing').waitFor({ state: 'detached' });

    // The simulated phone shows the reply, delivered; once the user reads it both inboxes show blue ticks.
    const chatUrl = `/users/${customer}/chat?phone_number_id=${biz.phone_number_id}`;
    const reply = await expect
      .poll(async () => ((await simulator(biz, 'GET', chatUrl)).messages as PhoneMessage[]).find((m) => m.from === 'business' && m.text?.body === 'Hello Rosa, it ships today' && m.status === 'delivered'), { timeout: 10_000 })
      .toBeTruthy()
      .then(async () => ((await simulator(biz, 'GET', chatUrl)).messages as PhoneMessage[]).find((m) => m.from === 'business')!);
    await outbound(ann, 'Hello Rosa, it ships today').and(ann.locator('[data-ticks="delivered"]')).waitFor();
    await simulator(biz, 'POST', `/users/${customer}/read`, { message_id: reply.id });
    for (const page of [ann, bobPage]) {
      const read = outbound(page, 'Hello Rosa, it ships today').and(page.locator('[data-ticks="read"]'));
      await read.waitFor();
      expect(await read.getByTestId('ticks').getAttribute('aria-label')).toBe('read');
    }
    await screenshot(ann, 'inbox-replied-read');
    await screenshot(bobPage, 'inbox-phone-conversation');

    // A day and more later the window has closed: the composer offers templates only.
    await simulator(biz, 'POST', '/clock/advance', { seconds: 90_000 });
    await ann.getByRole('button', { name: 'Send template' }).waitFor();
    expect(await ann.getByLabel('Reply').count()).toBe(0);
    expect(await ann.getByText('The 24-hour customer service window is closed').count()).toBe(1);
    expect(await itemA.getByTestId('window').textContent()).toBe('closed');
    // The number's WABA's approved templates, Meta's sample first, previewed as the customer will read it.
    const composer = ann.getByRole('form', { name: 'Template message' });
    expect(await composer.getByRole('combobox').locator('option:checked').textContent()).toContain('hello_world');
    await composer.getByTestId('template-preview').getByText(/^Welcome and congratulations!!/).waitFor();
    await ann.getByRole('button', { name: 'Send template' }).click();
    const template = outbound(ann, 'Template hello_world');
    await template.waitFor();
    await outbound(bobPage, 'Template hello_world').waitFor();
    await expect
      .poll(async () => ((await simulator(biz, 'GET', chatUrl)).messages as PhoneMessage[]).some((m) => m.from === 'business' && m.type === 'template'), { timeout: 10_000 })
      .toBe(true);
    await screenshot(ann, 'inbox-template-only');
  });
  it('keeps canned replies, contact labels and notes that mention a member; assigns, snoozes, reopens and resolves', async () => {
    const biz = await t.business();
    const bob = await addMember(biz, 'Bob');
    const customer = '447700900778';
    await simulator(biz, 'POST', '/messages', { from: `+${customer}`, to: biz.phone_number_id, message: { type: 'text', text: { body: 'Can I change my address?' } } });
    const [ann, bobPage] = await Promise.all([browse('laptop'), browse('phone')]);
    await Promise.all([openInbox(ann, biz.console), openInbox(bobPage, { email: bob.email, password: bob.password })]);
    await ann.getByTestId('conversation').filter({ hasText: 'Can I change my address?' }).click();

    // A canned reply, added in the manager, typed as /shortcut and sent.
    await ann.getByText('Canned replies (0)').click();
    await ann.getByLabel('Shortcut').fill('address');
    await ann.getByLabel('Text', { exact: true }).fill('Yes: reply with the new address and we update the delivery.');
    await ann.getByRole('button', { name: 'Add canned reply' }).click();
    await ann.getByText('Canned replies (1)').click();
    const reply = ann.getByLabel('Reply');
    await reply.fill('/addr');
    await ann.getByRole('listbox').getByRole('option', { name: /\/address/ }).waitFor();
    await reply.press('Enter');
    expect(await reply.inputValue()).toBe('Yes: reply with the new address and we update the delivery.');
    await reply.press('Enter');
    await outbound(ann, 'reply with the new address').waitFor();

    // Contact labels: added and removed in the panel, shown on the list item, offered as a filter.
    const contact = ann.getByRole('complementary', { name: 'Contact' });
    for (const label of ['vip', 'late']) {
      await contact.getByLabel('New label').fill(label);
      await contact.getByRole('button', { name: 'Add' }).click();
      await contact.locator('.label-chip', { hasText: label }).waitFor();
    }
    await contact.getByRole('button', { name: 'Remove label late' }).click();
    await contact.locator('.label-chip', { hasText: 'late' }).waitFor({ state: 'detached' });
    const item = ann.getByTestId('conversation').filter({ hasText: 'Can I change my address?' }).or(ann.getByTestId('conversation').filter({ hasText: 'reply with the new address' }));
    await item.locator('.label-chip', { hasText: 'vip' }).waitFor();
    await ann.getByLabel('Label', { exact: true }).locator('option[value="vip"]').waitFor({ state: 'attached' });

    // A private note mentioning Bob: picked from the @ list, shown apart, and Bob is told live.
    await ann.getByRole('tab', { name: 'Private note' }).click();
    const note = ann.getByLabel('Note');
    await note.pressSequentially('@bo');
    await ann.getByRole('listbox').getByRole('option', { name: /Bob/ }).waitFor();
    await note.press('Enter');
    await note.pressSequentially('please check the courier');
    expect(await note.inputValue()).toBe(`@bob-${biz.business_id} please check the courier`);
    await note.press('Enter');
    await ann.getByTestId('note').filter({ hasText: 'please check the courier' }).locator('.mention').waitFor();
    await bobPage.getByText('mentioned you').waitFor();
    await bobPage.getByRole('button', { name: 'Open' }).click();
    await bobPage.getByTestId('note').filter({ hasText: 'please check the courier' }).locator('.mention-me').waitFor();
    await screenshot(ann, 'inbox-note-labels-canned');

    // Assigned to Bob from Ann's picker: Bob's screen says so. Then snoozed, reopened and resolved.
    await ann.getByLabel('Assign to').selectOption(bob.id);
    await bobPage.getByTestId('conversation-assignee').getByText('Assigned to you').waitFor();
    await ann.getByRole('button', { name: 'Snooze…' }).click();
    await ann.getByRole('button', { name: '1 hour' }).click();
    await ann.locator('.conversation-title').getByText('snoozed', { exact: true }).waitFor();
    await item.waitFor({ state: 'detached' });
    await ann.getByRole('tab', { name: 'Snoozed' }).click();
    await item.waitFor();
    await ann.getByRole('button', { name: 'Reopen' }).click();
    await item.waitFor({ state: 'detached' });
    await ann.getByRole('tab', { name: 'Open' }).click();
    await item.waitFor();
    await ann.getByRole('button', { name: 'Resolve' }).click();
    await item.waitFor({ state: 'detached' });
    await screenshot(bobPage, 'inbox-phone-assigned');
  });
});
