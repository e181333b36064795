import fs from 'node:fs';
import path from 'node:path';
import { newPassword } from '../accounts/secrets.js';
import type { AccountsService } from '../accounts/service.js';
import { asPhoneNumberId, asWabaId, type BusinessId, type WabaId } from '../core/brand.js';
import { GraphError } from '../core/graph-errors.js';
import type { NumbersService } from '../numbers/service.js';
import type { TemplatesService } from '../templates/service.js';
import type { WebhooksService } from '../webhooks/service.js';

/** What `chatapp demo --json` prints: everything needed to call the API and sign in to the console. */
export interface DemoFacts {
  business_id: string;
  waba_id: string;
  phone_number_id: string;
  display_phone_number: string;
  access_token: string;
  app_secret: string;
  verify_token: string;
  base_url: string;
  console: { email: string; password: string };
}

export const DEFAULT_DEMO_BUSINESS = 'Demo Business';

/**
 * What the demo asks of Meta's side: a portfolio (the port's), and in the sandbox an approved WABA
 * and a CONNECTED number at once, as Meta gives a new app its test account and number.
 */
export interface DemoPlatform {
  createBusiness(input: { name: string }): Promise<{ id: string }>;
  seedWaba(businessId: string, input: { name: string; currency: string; timezoneId: string }): Promise<{ id: string }>;
  seedConnectedNumber(wabaId: string, input: { phoneNumber: string; verifiedName: string }): Promise<{ id: string }>;
}

interface SavedCredentials {
  access_token?: string;
  password?: string;
}

/**
 * Sets up (or finds) a demo business with an Admin member, an app, an Admin system user with a
 * token carrying both permissions, a WABA and one CONNECTED number. Idempotent: the same ids every
 * time. Tokens and passwords are stored only hashed in the database, so the sandbox keeps the demo's
 * plain credentials in `<data dir>/demo/<business>.json` (mode 0600) to print them again; a token
 * or password that no longer works there is re-issued.
 */
export async function setupDemo(options: {
  accounts: AccountsService;
  numbers: NumbersService;
  webhooks: WebhooksService;
  templates: TemplatesService;
  platform: DemoPlatform;
  dataDir: string;
  baseUrl: string;
  businessName?: string;
}): Promise<DemoFacts> {
  const { accounts, numbers } = options;
  const name = options.businessName?.trim() || DEFAULT_DEMO_BUSINESS;
  const business = (await accounts.findBusinessByName(name)) ?? (await accounts.createBusiness({ id: (await options.platform.createBusiness({ name })).id, name }));
  const businessId = business.id;
  const waba = await firstWaba(numbers, options.platform, businessId, name);
  // Every new WABA comes with Meta's approved sample template, `hello_world`.
  await options.templates.ensureSample(businessId, waba.id);
  const number = (await numbers.listPhoneNumbers(businessId)).find((n) => n.wabaId === waba.id) ?? (await addDemoNumber(numbers, options.platform, businessId, waba.id, name));
  const access = await ensureAccess({ ...options, businessId, name, wabaId: waba.id });
  return {
    business_id: businessId,
    waba_id: waba.id,
    phone_number_id: number.id,
    display_phone_number: number.displayPhoneNumber,
    ...access,
    base_url: options.baseUrl,
  };
}

/**
 * How a business's people and code reach it, made once and found again: an Admin member, an app
 * subscribed to the WABA's webhooks, an Admin system user and its token with both permissions.
 * The plain token and password are kept in `<data dir>/demo/<business>.json` (0600) to print again;
 * one that no longer works there is issued anew.
 */
export async function ensureAccess(options: { accounts: AccountsService; webhooks: WebhooksService; businessId: BusinessId; name: string; wabaId: WabaId; dataDir: string }): Promise<Pick<DemoFacts, 'access_token' | 'app_secret' | 'verify_token' | 'console'>> {
  const { accounts, businessId, name } = options;
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'business';
  const file = path.join(options.dataDir, 'demo', `${slug}.json`);
  const saved = readCredentials(file);

  const email = `admin@${slug}.example`;
  let password = saved.password;
  const member = await accounts.findMemberByEmail(businessId, email);
  if (!member) {
    password = (await accounts.addMember({ businessId, email, name: 'Demo Admin', role: 'ADMIN', ...(password ? { password } : {}) })).password;
  } else if (!password || !(await passwordStillWorks(accounts, email, password))) {
    password = newPassword();
    await accounts.setMemberPassword(businessId, member.id, password);
  }

  const app = (await accounts.listApps(businessId))[0] ?? (await accounts.createApp({ businessId, name: `${name} App`, subscribedFields: ['messages'] }));
  const systemUser =
    (await accounts.listSystemUsers(businessId)).find((u) => u.role === 'ADMIN') ??
    (await accounts.createSystemUser({ businessId, name: `${name} System User`, role: 'ADMIN' }));

  // The app hears of the WABA's events as soon as it has a callback URL, as after Embedded Signup.
  if (!(await options.webhooks.listSubscriptions(businessId, options.wabaId)).some((s) => s.appId === app.id)) {
    await options.webhooks.subscribe({ businessId, wabaId: options.wabaId, appId: app.id });
  }

  let token = saved.access_token;
  if (!token || !(await tokenStillWorks(accounts, businessId, token))) {
    token = (
      await accounts.issueToken({
        businessId,
        systemUserId: systemUser.id,
        appId: app.id,
        scopes: ['whatsapp_business_messaging', 'whatsapp_business_management'],
        label: 'demo',
      })
    ).token;
  }
  writeCredentials(file, { access_token: token, password: password! });
  return { access_token: token, app_secret: app.appSecret, verify_token: app.verifyToken, console: { email, password: password! } };
}

async function firstWaba(numbers: NumbersService, platform: DemoPlatform, businessId: BusinessId, name: string) {
  const page = await numbers.pageWabas(businessId, { limit: 1 });
  if (page.items[0]) return page.items[0];
  const { id } = await platform.seedWaba(businessId, { name: `${name} WABA`, currency: 'USD', timezoneId: '1' });
  return numbers.mirrorWaba(businessId, asWabaId(id));
}

/** Demo numbers come from +1 555-010-xxxx; the first free one is taken. */
async function addDemoNumber(numbers: NumbersService, platform: DemoPlatform, businessId: BusinessId, wabaId: WabaId, name: string) {
  for (let n = 1; n < 10_000; n++) {
    try {
      const { id } = await platform.seedConnectedNumber(wabaId, { phoneNumber: `+1555010${String(n).padStart(4, '0')}`, verifiedName: name });
      return await numbers.mirrorNumber(businessId, wabaId, asPhoneNumberId(id));
    } catch (error) {
      if (!(error instanceof GraphError && error.details.includes('already registered'))) throw error;
    }
  }
  throw new Error('no free demo phone number left in +1 555-010-xxxx');
}

async function tokenStillWorks(accounts: AccountsService, businessId: BusinessId, token: string): Promise<boolean> {
  try {
    const principal = await accounts.authenticate(token);
    return principal.businessId === businessId;
  } catch {
    return false;
  }
}

async function passwordStillWorks(accounts: AccountsService, email: string, password: string): Promise<boolean> {
  try {
    const { sessionId } = await accounts.login(email, password);
    await accounts.logout(sessionId);
    return true;
  } catch {
    return false;
  }
}

function readCredentials(file: string): SavedCredentials {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SavedCredentials;
  } catch {
    return {};
  }
}

function writeCredentials(file: string, credentials: Required<SavedCredentials>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
}
