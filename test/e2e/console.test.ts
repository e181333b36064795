import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBusinessId } from '../../src/core/brand.js';
import type { DemoFacts } from '../../src/demo/service.js';
import type { TestChatapp } from '../helpers/chatapp.js';
import { eventually, WebhookReceiver } from '../helpers/receiver.js';
import { screenshot, signIn, startConsoleHarness, type ConsoleHarness } from './browser.js';

// Generous limits: on CI the browser shares two cores with the rest of the suite running in parallel.
describe('the console in Chromium', { timeout: 60_000 }, () => {
  let h: ConsoleHarness;
  let t: TestChatapp;
  let base: string;
  const browse = (size?: 'laptop' | 'phone'): Promise<Page> => h.browse(size);

  beforeAll(async () => {
    h = await startConsoleHarness();
    ({ t, base } = h);
  }, 120_000);

  afterAll(() => h?.close());

  it('signs an Admin in and shows the demo number CONNECTED on the numbers screen', async () => {
    const biz = await t.business();
    const page = await browse();
    await page.goto(`${base}/numbers`);
    // Signed out, any screen leads to the login page, which remembers where the member was going.
    await page.waitForURL(`${base}/login?next=%2Fnumbers`);
    await screenshot(page, 'login');
    await signIn(page, biz.console);
    await page.waitForURL(`${base}/numbers`);

    const number = page.getByTestId(`number-${biz.phone_number_id}`);
    await number.getByText('CONNECTED', { exact: true }).waitFor();
    const text = await number.textContent();
    expect(text).toContain(biz.display_phone_number);
    expect(text).toContain('High'); // the quality rating, GREEN
    expect(text).toContain('250 customers / 24 h');
    const nav = page.getByRole('navigation', { name: 'Screens' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Numbers & health'), expect.stringContaining('Developers'), expect.stringContaining('Phone simulator')]));
    expect(await page.getByTestId('role').textContent()).toBe('Admin');
    await screenshot(page, 'numbers');

    await nav.getByRole('link', { name: /Developers/ }).click();
    await page.getByRole('heading', { name: 'Access tokens' }).waitFor();
    await page.getByText('whatsapp_business_messaging').first().waitFor();
    await screenshot(page, 'developers');
  });

  it('shows an Analyst only the screens the role opens', async () => {
    const biz = await t.business();
    const analyst = { email: `analyst-${biz.business_id}@example.com`, password: 'analyst-password-1' };
    await t.chatapp.services.accounts.addMember({ businessId: asBusinessId(biz.business_id), email: analyst.email, name: 'Ana Lyst', role: 'ANALYST', password: analyst.password });
    const page = await browse();
    await page.goto(`${base}/`);
    await signIn(page, analyst);
    await page.getByTestId('role').getByText('Analyst').waitFor();
    const links = await page.getByRole('navigation', { name: 'Screens' }).getByRole('link').allTextContents();
    expect(links.join(' ')).not.toContain('Numbers & health');
    expect(links.join(' ')).not.toContain('Developers');
    await page.goto(`${base}/developers`);
    await page.getByText('Your role (Analyst) does not include this screen.').waitFor();
    // The phone and the sandbox clock are there to see; moving the clock (the whole install's) is an Admin's.
    expect(links.join(' ')).toContain('Phone simulator');
    await page.goto(`${base}/phone?number=${biz.phone_number_id}`);
    await page.locator('.clock-now', { hasText: /\d/ }).waitFor();
    expect(await page.getByRole('button', { name: '+1 h' }).count()).toBe(0);
  });

  it('lets a simulated user write from the phone screen, in a phone-sized window, shows the business reply, and opens a Click-to-WhatsApp ad whose reply is free', async () => {
    const biz = await t.business();
    const page = await browse('phone');
    await page.goto(`${base}/phone?number=${biz.phone_number_id}`);
    await signIn(page, biz.console);
    await page.waitForURL(`${base}/phone?number=${biz.phone_number_id}`);

    // A first visit has no simulated user: one click makes one, as a newcomer would start.
    await page.getByRole('button', { name: 'Start as Alex (+44 7700 900123)' }).click();
    await page.waitForURL(/user=447700900123/);

    await page.getByLabel('Message').fill('Hi, is my order on its way?');
    await page.getByRole('button', { name: 'Send' }).click();
    const mine = page.locator('[data-testid="bubble"][data-from="user"]', { hasText: 'Hi, is my order on its way?' });
    await mine.waitFor();
    expect(await page.getByLabel('Message').inputValue()).toBe('');

    // The business answers through the Cloud API; the phone shows it, and reading it is one tap.
    const reply = await t.graph(biz, 'POST', `${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', to: '+447700900123', type: 'text', text: { body: 'Yes, it arrives tomorrow.' } });
    expect(reply.status).toBe(200);
    const theirs = page.locator('[data-testid="bubble"][data-from="business"]', { hasText: 'Yes, it arrives tomorrow.' });
    await theirs.waitFor();
    await screenshot(page, 'phone-simulator');

    // The user taps a Click-to-WhatsApp ad and writes: the business's next reply is free for 72 hours.
    await page.getByLabel('Chat menu').click();
    await page.getByRole('button', { name: 'Open a Click-to-WhatsApp ad' }).click();
    await page.getByTestId('from-ad').waitFor();
    await page.getByLabel('Message').fill('I saw your ad');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('[data-testid="bubble"][data-from="user"]', { hasText: 'I saw your ad' }).waitFor();
    expect(await page.getByTestId('from-ad').count()).toBe(0);
    const dry = await eventually(async () => {
      const answer = await t.graph(biz, 'POST', `${biz.phone_number_id}/messages?dry_run=true`, { messaging_product: 'whatsapp', to: '+447700900123', type: 'text', text: { body: 'Welcome!' } });
      expect(answer.json.pricing).toMatchObject({ type: 'free_entry_point', category: 'referral_conversion' });
      return answer.json;
    });
    expect(dry.window.free_entry_point).toMatchObject({ opens_with_this_message: true });
  });

  it('sets the webhook URL after the handshake, shows deliveries and replays one, and issues a token shown once and revokes it', async () => {
    const biz = await t.business();
    const receiver = await WebhookReceiver.start();
    try {
      const page = await browse();
      await page.goto(`${base}/developers`);
      await signIn(page, biz.console);
      const url = page.getByLabel('Webhook URL');

      // A receiver that does not echo the challenge for this verify token is refused, next to the field.
      receiver.verifyToken = 'some-other-token';
      await url.fill(receiver.url);
      await page.getByRole('button', { name: 'Save URL' }).click();
      await page.locator('.field-invalid', { has: url }).locator('.field-error').waitFor();
      expect(await url.getAttribute('aria-invalid')).toBe('true');

      receiver.verifyToken = biz.verify_token;
      await page.getByRole('button', { name: 'Save URL' }).click();
      await page.getByText('The URL answered the handshake').waitFor();

      const sent = await t.simulator(biz, 'POST', '/messages', { from: '+447700900555', to: biz.phone_number_id, message: { type: 'text', text: { body: 'hook me' } } });
      expect(sent.statusCode).toBe(200);
      const row = page.locator('tr', { hasText: 'messages' }).filter({ hasText: 'delivered' }).first();
      await row.waitFor({ timeout: 15_000 });
      const before = receiver.received.length;
      await row.click();
      await page.getByText('HTTP 200').first().waitFor();
      await page.getByRole('button', { name: 'Replay' }).click();
      await page.getByText('Queued for delivery again.').waitFor();
      await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBeGreaterThan(before);
      await screenshot(page, 'developers-webhooks');

      await page.getByLabel('Label', { exact: true }).fill('e2e token');
      await page.getByRole('button', { name: 'Create token' }).click();
      const token = (await page.getByTestId('secret-access-token').textContent()) ?? '';
      expect((await t.graph({ ...biz, access_token: token }, 'GET', `${biz.waba_id}/phone_numbers`)).status).toBe(200);
      page.once('dialog', (dialog) => void dialog.accept());
      await page.locator('tr', { hasText: 'e2e token' }).getByRole('button', { name: 'Revoke' }).click();
      await page.locator('tr', { hasText: 'e2e token' }).getByText('revoked').waitFor();
      expect((await t.graph({ ...biz, access_token: token }, 'GET', `${biz.waba_id}/phone_numbers`)).status).toBe(401);
      await screenshot(page, 'developers-tokens');
    } finally {
      await receiver.close();
    }
  });

  it('shows a wrong password next to the password field', async () => {
    const biz = await t.business();
    const page = await browse();
    await page.goto(`${base}/`);
    await signIn(page, { email: biz.console.email, password: 'not-the-password' });
    const password = page.getByLabel('Password');
    await page.getByText('The email or password is not correct').waitFor();
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await password.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('The email or password is not correct');
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBeNull();
    expect(page.url()).toContain('/login');
    await screenshot(page, 'login-wrong-password');
  });

  // Last: it moves the sandbox clock 8 days on, past every session of this file.
  it('returns to the login page when the session expires, and keeps the draft', async () => {
    const biz: DemoFacts = await t.business();
    const page = await browse();
    await page.goto(`${base}/phone?number=${biz.phone_number_id}&user=447700900999`);
    await signIn(page, biz.console);
    await page.getByLabel('Message').fill('half-written thought');

    // Sessions run on wall time (a jump of the sandbox clock signs nobody out): eight days of it pass.
    t.wall.advance(8 * 24 * 3600 * 1000);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: /Numbers/ }).click();
    await page.getByText('Your session has expired').waitFor();
    expect(page.url()).toBe(`${base}/login?next=%2Fnumbers`);
    await screenshot(page, 'session-expired');
    await signIn(page, biz.console);
    await page.waitForURL(`${base}/numbers`);
    await page.goBack();
    await page.waitForURL(/\/phone/);
    expect(await page.getByLabel('Message').inputValue()).toBe('half-written thought');
  });
});
