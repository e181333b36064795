import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBusinessId } from '../../src/core/brand.js';
import type { DemoFacts } from '../../src/demo/service.js';
import type { TestChatapp } from '../helpers/chatapp.js';
import { screenshot, signIn, startConsoleHarness, type ConsoleHarness } from './browser.js';

describe('the template studio and analytics in Chromium', { timeout: 60_000 }, () => {
  let h: ConsoleHarness;
  let t: TestChatapp;
  let base: string;
  let biz: DemoFacts;
  const browse = (): Promise<Page> => h.browse('laptop');

  beforeAll(async () => {
    h = await startConsoleHarness();
    ({ t, base } = h);
    biz = await t.business();
    // Traffic for the analytics: a simulated user writes and the business answers through the Cloud API.
    const inbound = await t.simulator(biz, 'POST', '/messages', { from: '+447700900321', to: biz.phone_number_id, message: { type: 'text', text: { body: 'Where is my parcel?' } } });
    expect(inbound.statusCode).toBe(200);
    const reply = await t.graph(biz, 'POST', `${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', to: '+447700900321', type: 'text', text: { body: 'It arrives tomorrow.' } });
    expect(reply.status).toBe(200);
  }, 120_000);

  afterAll(() => h?.close());

  it('creates a UTILITY template with a body parameter, shows the review finding next to the body until the example is there, and shows it APPROVED after review', async () => {
    const page = await browse();
    await page.goto(`${base}/templates`);
    await signIn(page, biz.console);
    await page.waitForURL(`${base}/templates`);

    // The studio works on the member's session: no access token is asked for, none is sent.
    const graphCalls: string[] = [];
    page.on('request', (r) => {
      if (/\/v\d+\.\d+\//.test(new URL(r.url()).pathname) || r.headers().authorization) graphCalls.push(r.url());
    });
    await page.getByTestId('template-row-hello_world').getByText('APPROVED').waitFor();
    expect(await page.getByLabel('Access token').count()).toBe(0);

    await page.getByRole('button', { name: 'New template' }).click();
    await page.getByLabel('Name', { exact: true }).fill('order_shipped');
    expect(await page.getByLabel('Category').inputValue()).toBe('UTILITY');
    await page.getByLabel('Body text').fill('Hi {{1}}, your order has shipped and arrives tomorrow.');
    const body = page.getByTestId('component-body');
    const finding = body.locator('.field-error', { hasText: 'Add an example value for {{1}}' });
    await finding.waitFor();
    await screenshot(page, 'studio-lint-finding');

    await body.getByLabel('Example for {{1}}').fill('Pablo');
    await finding.waitFor({ state: 'detached' });
    await page.getByTestId('lint-summary').getByText('No review rule finds a problem').waitFor();
    expect(await body.locator('.field-error').count()).toBe(0);
    await page.getByTestId('template-preview').getByText('Hi Pablo, your order has shipped and arrives tomorrow.').waitFor();

    await page.getByRole('button', { name: 'Submit for review' }).click();
    const status = page.getByTestId('template-status');
    await status.getByText('PENDING').waitFor();

    // The simulated reviewer decides 10 s of sandbox time after the submission.
    await t.advance(30);
    await status.getByText('APPROVED').waitFor();
    expect(await page.getByTestId('template-row-order_shipped').textContent()).toContain('APPROVED');
    // The history is the server's, newest first: the review's approval above the submission, each with its sandbox time.
    const eventsShown = (p: Page) => p.getByTestId('template-history').locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-event')));
    await expect.poll(() => eventsShown(page), { timeout: 10_000 }).toEqual(['APPROVED', 'CREATED']);
    const history = await page.getByTestId('template-history').textContent();
    expect(history).toContain('Submitted for review');
    expect(history).toContain('Approved');
    expect(await page.getByTestId('pause-state').textContent()).toContain('If quality reaches Low, it is paused for 3 h');
    const templateId = new URL(page.url()).searchParams.get('id');
    const served = await page.request.get(`${base}/console/api/templates/${templateId}/history`);
    expect(((await served.json()) as { data: { event: string }[] }).data.map((e) => e.event)).toEqual(['APPROVED', 'CREATED']);
    await screenshot(page, 'studio-approved');

    // Another browser (no storage of this one) shows the same history: it lives on the server.
    const other = await browse();
    await other.goto(`${base}/templates`);
    await signIn(other, biz.console);
    await other.getByTestId('template-row-order_shipped').click();
    await expect.poll(() => eventsShown(other), { timeout: 10_000 }).toEqual(['APPROVED', 'CREATED']);

    // A test send through the console's test route (the Cloud API's send), the parameter prefilled with the example.
    expect(await page.getByLabel('Body {{1}}').inputValue()).toBe('Pablo');
    await page.getByLabel('Send to').fill('+447700900321');
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByText(/Sent: wamid\./).waitFor();

    // An edit of the approved template goes back to review.
    await page.getByRole('button', { name: 'Edit' }).click();
    expect(await page.getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
    await page.getByLabel('Footer text (optional)').fill('Reply STOP to opt out');
    await page.getByTestId('template-preview').getByText('Reply STOP to opt out').waitFor();
    await page.getByRole('button', { name: 'Submit changes' }).click();
    await status.getByText('PENDING').waitFor();
    await expect.poll(() => eventsShown(page), { timeout: 10_000 }).toEqual(['EDITED', 'APPROVED', 'CREATED']);
    expect(await page.getByTestId('template-history').textContent()).toContain('Edited: back in review');

    // A refusal by the server (the name is taken) is shown next to the name field.
    await page.getByRole('button', { name: 'New template' }).click();
    await page.getByLabel('Name', { exact: true }).fill('order_shipped');
    await page.getByLabel('Body text').fill('Hello {{1}}, your parcel is on its way to you now.');
    await page.getByTestId('component-body').getByLabel('Example for {{1}}').fill('Sam');
    await page.getByTestId('lint-summary').getByText('No review rule finds a problem').waitFor();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    const name = page.getByLabel('Name', { exact: true });
    await page.locator('.field-invalid', { has: name }).getByText('already exists').waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(graphCalls).toEqual([]);
  });

  it('shows a paused template’s pause with a countdown on the sandbox clock, and the pause in its history', async () => {
    const list = await t.graph(biz, 'GET', `${biz.waba_id}/message_templates?name=hello_world`);
    const sample = list.json.data[0] as { id: string };
    await t.chatapp.services.templates.apply({
      wabaId: biz.waba_id,
      field: 'message_template_status_update',
      value: { event: 'PAUSED', message_template_id: Number(sample.id), message_template_name: 'hello_world', message_template_language: 'en_US', reason: 'NONE', other_info: { title: 'FIRST_PAUSE', description: 'Your hello_world template has been paused for 3 hours because of low quality.' } },
    });
    const page = await browse();
    await page.goto(`${base}/templates`);
    await signIn(page, biz.console);
    await page.getByTestId('template-row-hello_world').click();
    const countdown = page.getByTestId('pause-countdown');
    await countdown.getByText(/\(2 h 59 min \d+ s left on the sandbox clock\)/).waitFor();
    expect(await page.getByTestId('pause-state').textContent()).toContain('1 pause so far');
    expect(await page.getByTestId('pause-state').textContent()).toContain('paused for 6 h (second pause');
    const paused = page.getByTestId('template-history').locator('li[data-event="PAUSED"]');
    expect(await paused.textContent()).toMatch(/Paused for low quality.*pause 1 \(FIRST_PAUSE\) for 3 h, until/);

    // An hour later on the sandbox clock, the countdown has moved on by an hour.
    await t.advance(3600);
    await countdown.getByText(/\(1 h 5\d min \d+ s left/).waitFor();
    await screenshot(page, 'studio-paused');
  });

  it('draws the analytics charts for a range with traffic, with CSV exports, for an Analyst', async () => {
    const analyst = { email: `analyst-${biz.business_id}@example.com`, password: 'analyst-password-1' };
    await t.chatapp.services.accounts.addMember({ businessId: asBusinessId(biz.business_id), email: analyst.email, name: 'Ana Lyst', role: 'ANALYST', password: analyst.password });
    const page = await browse();
    await page.goto(`${base}/analytics`);
    await signIn(page, analyst);
    await page.waitForURL(`${base}/analytics`);
    const nav = await page.getByRole('navigation', { name: 'Screens' }).getByRole('link').allTextContents();
    expect(nav.join(' ')).toContain('Analytics');
    expect(nav.join(' ')).not.toContain('Template studio');

    // The range: from the day before the sandbox's today to today, by day.
    const today = new Date((await (await fetch(`${base}/simulator/clock`, { headers: { authorization: `Bearer ${biz.access_token}` } })).json() as { now: number }).now * 1000);
    const yesterday = new Date(today.getTime() - 24 * 3600 * 1000).toISOString().slice(0, 10);
    await page.getByLabel('From').fill(yesterday);
    await page.waitForURL(new RegExp(`from=${yesterday}`));
    await expect.poll(async () => Number(await page.getByTestId('stat-inbound').locator('.stat-value').textContent()), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect(Number(await page.getByTestId('stat-outbound').locator('.stat-value').textContent())).toBeGreaterThanOrEqual(1);
    expect(Number(await page.getByTestId('stat-sessions').locator('.stat-value').textContent())).toBeGreaterThanOrEqual(1);
    // Rates, volumes, sessions, response times, cost by category (two) and by country: drawn by Chart.js on canvases.
    await expect.poll(() => page.locator('.chart canvas').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(7);
    for (const title of ['Delivery and read rates', 'Volumes', 'Sessions', 'Response times', 'Failure reasons', 'Cost by category', 'Cost by country']) {
      await page.getByRole('heading', { name: title }).waitFor();
    }
    await screenshot(page, 'analytics');

    const csv = page.locator('.chart-card', { has: page.getByRole('heading', { name: 'Volumes' }) }).getByRole('link', { name: 'CSV' });
    const href = (await csv.getAttribute('href')) ?? '';
    expect(href).toContain('format=csv');
    const download = await page.request.get(`${base}${href}`);
    expect(download.headers()['content-type']).toContain('text/csv');
    expect((await download.text()).split('\n')[0]).toContain('delivery_rate');
  });
});
