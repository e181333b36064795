import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBusinessId } from '../../src/core/brand.js';
import type { DemoFacts } from '../../src/demo/service.js';
import type { TestChatapp } from '../helpers/chatapp.js';
import { screenshot, signIn, startConsoleHarness, type ConsoleHarness } from './browser.js';

// Generous limits: on CI the browser shares two cores with the rest of the suite running in parallel.
describe('the numbers and health screen in Chromium', { timeout: 120_000 }, () => {
  let h: ConsoleHarness;
  let t: TestChatapp;
  let base: string;

  beforeAll(async () => {
    h = await startConsoleHarness();
    ({ t, base } = h);
  }, 120_000);

  afterAll(() => h?.close());

  /** Moves the sandbox clock on as an Admin does: the "+1 h" button in the screen's header. */
  const advanceHour = async (page: Page, biz: DemoFacts) => {
    const before = await t.simulator(biz, 'GET', '/clock');
    await page.getByRole('button', { name: '+1 h' }).click();
    await expect.poll(async () => (await t.simulator(biz, 'GET', '/clock')).json().now).toBeGreaterThan(before.json().now);
  };
  /** The error shown beside the field labelled `label`. */
  const errorBeside = (scope: Locator, label: string) => scope.locator('.field-invalid', { has: scope.page().getByLabel(label, { exact: true }) }).locator('.field-error');

  it('takes an Admin, in a phone-sized window, from a new WABA to a CONNECTED number, then through business verification to Meta Verified', async () => {
    const biz = await t.business();
    const page = await h.browse('phone');
    await page.goto(`${base}/numbers`);
    await signIn(page, biz.console);
    await page.waitForURL(`${base}/numbers`);

    // 1. A new WhatsApp Business Account, reviewed on the sandbox clock.
    await page.getByRole('button', { name: '+ New WhatsApp Business Account' }).click();
    await page.getByLabel('Account name').fill('Lucky Shrub Iberia');
    await page.getByLabel('Currency').selectOption('EUR');
    await page.getByLabel('Time zone').selectOption('55');
    await page.getByRole('button', { name: 'Create account' }).click();
    const waba = page.locator('section.waba', { hasText: 'Lucky Shrub Iberia' });
    await waba.getByText('Review: PENDING').waitFor();
    expect(await waba.textContent()).toContain('Currency EUR · Time zone Europe/Madrid');
    await screenshot(page, 'numbers-waba-pending');
    await advanceHour(page, biz);
    await waba.getByText('Review: APPROVED').waitFor();

    // 2. A number with its display name.
    await waba.getByRole('button', { name: '+ Add a phone number' }).click();
    await waba.getByLabel('Country code').fill('34');
    await waba.getByLabel('Phone number', { exact: true }).fill('61');
    await waba.getByLabel('Display name', { exact: true }).fill('Lucky Shrub Madrid');
    await waba.getByRole('button', { name: 'Add number' }).click();
    await errorBeside(waba, 'Phone number').getByText('+34 61 is not a valid phone number').waitFor();
    await waba.getByLabel('Phone number', { exact: true }).fill('612 000 321');
    await waba.getByLabel('Display name', { exact: true }).fill('Lucky Shrub Madrid');
    await waba.getByRole('button', { name: 'Add number' }).click();
    const number = waba.locator('article.number', { hasText: 'Lucky Shrub Madrid' });
    await number.waitFor();
    const id = (await number.getAttribute('data-testid'))!.replace('number-', '');
    expect(await number.getByLabel('Onboarding steps').textContent()).toContain('Ownership verified with a code');

    // 3. The code, read where the sandbox's simulator shows it (the hint links there).
    await number.getByLabel('Voice call').check();
    await number.getByRole('button', { name: 'Request code' }).click();
    const hint = number.getByRole('link', { name: `/simulator/verification_codes?phone_number_id=${id}` });
    await hint.waitFor();
    const codes = (await t.simulator(biz, 'GET', `/verification_codes?phone_number_id=${id}`)).json().data as { code: string; method: string }[];
    expect(codes[0]!.method).toBe('VOICE');
    const right = codes[0]!.code;
    const wrong = right === '000000' ? '111111' : '000000';

    // A wrong code is refused beside its field, in words.
    await number.getByLabel('Verification code').fill(wrong);
    await number.getByRole('button', { name: 'Verify code' }).click();
    await errorBeside(number, 'Verification code').getByText('The code is wrong; 4 tries left').waitFor();
    expect(await number.getByLabel('Verification code').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'numbers-wrong-code');

    await number.getByLabel('Verification code').fill(right);
    await number.getByRole('button', { name: 'Verify code' }).click();

    // 4. The two-step PIN, set by the first registration.
    await number.getByLabel('Two-step PIN').fill('12345');
    await number.getByRole('button', { name: 'Register number' }).click();
    await errorBeside(number, 'Two-step PIN').getByText('pin must be a 6-digit string').waitFor();
    await number.getByLabel('Two-step PIN').fill('246810');
    await number.getByRole('button', { name: 'Register number' }).click();
    await number.getByText('CONNECTED', { exact: true }).waitFor();
    const standing = (await number.textContent()) ?? '';
    expect(standing).toContain('Not yet rated'); // quality UNKNOWN until users give feedback
    expect(await number.getByTestId('messaging-limit').textContent()).toContain('0 of 250 customers / 24 h');
    expect(standing).toContain('Standard (up to 80 messages/s)');

    // 5. The display name's review, decided on the clock without a reload.
    await expect.poll(async () => number.getByTestId(`display-name-${id}`).textContent()).toContain('Under review');
    await advanceHour(page, biz);
    await number.getByTestId(`display-name-${id}`).getByText('Approved').waitFor();
    expect(await number.getByLabel('Onboarding steps').count()).toBe(0);
    await screenshot(page, 'numbers-connected');

    // Business verification opens Meta Verified.
    const metaVerified = page.locator('section', { has: page.getByRole('heading', { name: 'Meta Verified' }) });
    expect(await metaVerified.getByLabel('Why the business cannot apply yet').textContent()).toContain('The business must be verified first');
    expect(await metaVerified.getByRole('button', { name: 'Apply for Meta Verified' }).isDisabled()).toBe(true);
    const verification = page.locator('section', { has: page.getByRole('heading', { name: 'Business verification' }) });
    await verification.getByRole('button', { name: 'Start business verification' }).click();
    await verification.getByLabel('Legal name').fill('Lucky Shrub Iberia S.L.');
    await verification.getByLabel('Address').fill('Calle de las Plantas 1, Madrid');
    await verification.getByLabel('Website').fill('https://shrub.example');
    await verification.getByLabel('Document name').fill('licencia.pdf');
    await verification.getByRole('button', { name: 'Submit for verification' }).click();
    await verification.getByText('Under review').waitFor();
    await advanceHour(page, biz);
    await verification.getByText('Verified', { exact: true }).waitFor();

    await metaVerified.getByRole('button', { name: 'Apply for Meta Verified' }).click();
    await metaVerified.getByTestId('meta-verified-status').getByText('Under review').waitFor();
    await advanceHour(page, biz);
    await metaVerified.getByTestId('meta-verified-status').getByText('Granted').waitFor();
    await number.getByTitle('Meta Verified: the badge shows beside the name').waitFor();
    await screenshot(page, 'numbers-meta-verified');

    // A new display name that the review rejects: the reason shows, and the current name stays.
    const name = number.getByTestId(`display-name-${id}`);
    await name.getByRole('button', { name: 'Request a new name' }).click();
    await name.getByLabel('New display name').fill('x');
    await name.getByRole('button', { name: 'Send for review' }).click();
    await errorBeside(name, 'New display name').getByText('new_display_name must be 3 to 512 characters').waitFor();
    await name.getByLabel('New display name').fill('Cheap [[decline]] Plants');
    await name.getByRole('button', { name: 'Send for review' }).click();
    await name.getByText('The current name stays until Meta approves the new one.').waitFor();
    await advanceHour(page, biz);
    await name.getByText('Rejected', { exact: true }).waitFor();
    expect(await name.textContent()).toContain('display name guidelines');
    expect(await number.locator('.number-name').textContent()).toContain('Lucky Shrub Madrid');
  });

  it('shows a number flagged for low quality with what to do, and the customers its templates reached in the last 24 h', async () => {
    const biz = await t.business();
    const users = Array.from({ length: 20 }, (_, i) => `3161239${String(i).padStart(4, '0')}`);
    for (const to of users) {
      const sent = await t.graph(biz, 'POST', `${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', to, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
      expect(sent.status).toBe(200);
    }
    await expect
      .poll(async () => (await t.chatapp.store.db.selectFrom('messages').select('id').where('business_id', '=', biz.business_id).where('status', 'in', ['delivered', 'read']).execute()).length, { timeout: 15_000 })
      .toBe(users.length);
    const page = await h.browse();
    await page.goto(`${base}/numbers`);
    await signIn(page, biz.console);
    const number = page.getByTestId(`number-${biz.phone_number_id}`);
    await number.getByText('CONNECTED', { exact: true }).waitFor();
    expect(await number.getByTestId('messaging-limit').textContent()).toContain('20 of 250 customers / 24 h');

    // Users block and report the number: it turns RED and FLAGGED while the screen is open.
    for (const [user, act] of [[users[0], 'block'], [users[1], 'report'], [users[2], 'block']] as const) {
      const res = await t.simulator(biz, 'POST', `/users/${user}/${act}`, { phone_number_id: biz.phone_number_id });
      expect(res.statusCode).toBe(200);
    }
    await number.getByText('FLAGGED', { exact: true }).waitFor();
    const text = (await number.textContent()) ?? '';
    expect(text).toContain('Low');
    expect(text).toContain('The number’s quality rating is low (RED)');
    expect(text).toContain('What to do: Send only messages users asked for');
    await screenshot(page, 'numbers-flagged');
  });

  it('shows an Advertiser the numbers and their health read-only', async () => {
    const biz = await t.business();
    const email = `advertiser-${biz.business_id}@example.com`;
    const { password } = await t.chatapp.services.accounts.addMember({ businessId: asBusinessId(biz.business_id), email, name: 'Ada Vert', role: 'ADVERTISER' });
    const page = await h.browse();
    await page.goto(`${base}/numbers`);
    await signIn(page, { email, password });
    const number = page.getByTestId(`number-${biz.phone_number_id}`);
    await number.getByText('CONNECTED', { exact: true }).waitFor();
    await page.getByText('Your role sees this screen read-only').waitFor();
    expect(await page.getByRole('button', { name: '+ New WhatsApp Business Account' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '+ Add a phone number' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Request a new name' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Apply for Meta Verified' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Start business verification' }).count()).toBe(0);
  });
});
