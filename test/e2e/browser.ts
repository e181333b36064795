import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { DemoFacts } from '../../src/demo/service.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';

/** Debian's Chromium, installed by `.ci/run` (apt-get install chromium); the tests never download a browser. */
export const CHROMIUM = process.env.CHATAPP_CHROMIUM ?? '/usr/bin/chromium';
const repo = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOTS = path.join(repo, 'test-results', 'e2e');

/**
 * Builds the console when web/dist is missing or older than web/src (the same check as `npm start`),
 * in a child process so the build runs with NODE_ENV=production and not under the test runner.
 */
export function buildConsoleOnce(): void {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(repo, 'web', 'ensure-build.ts')], { cwd: repo, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } });
  if (!fs.existsSync(path.join(repo, 'web', 'dist', 'index.html'))) throw new Error('the console did not build: run `npm run build:web` to see why');
}

export interface ChromiumWindow {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

const sizes = {
  laptop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
} as const;

/**
 * A fresh Chromium (its own profile in a new temp dir, so no cookie or storage carries over) at a
 * laptop or a phone size. Chromium takes the profile dir only through a persistent context.
 */
export async function openChromium(size: keyof typeof sizes = 'laptop'): Promise<ChromiumWindow> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install -y chromium\` (.ci/run does)`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatapp-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    ...sizes[size],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as test-results/e2e/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A chatapp on SQLite with the console built, listening, and the browser windows a test opens (closed with it). */
export interface ConsoleHarness {
  readonly t: TestChatapp;
  readonly base: string;
  /** A fresh Chromium window that fails with Playwright's own words well before a test's timeout. */
  browse(size?: 'laptop' | 'phone'): Promise<Page>;
  /** Opens an inbox path, signs in on the login page it leads to, and waits for the live stream. */
  openInbox(page: Page, credentials: Credentials, path?: string): Promise<void>;
  /** A second member of the business (an Advertiser), added by its Admin through the console API. */
  addMember(biz: DemoFacts, name: string): Promise<Credentials & { id: string }>;
  /** A call to the simulator's API as the business (its token) that must answer 200; its JSON. */
  simulator(biz: DemoFacts, method: 'GET' | 'POST', url: string, payload?: object): Promise<any>;
  close(): Promise<void>;
}

export interface Credentials {
  readonly email: string;
  readonly password: string;
}

export async function startConsoleHarness(): Promise<ConsoleHarness> {
  buildConsoleOnce();
  // The console is the same on both stores; the browser tests run on SQLite to stay quick.
  const t = await startTestChatapp(databaseTargets.find((target) => target.name === 'sqlite')!);
  const base = await t.listen();
  const windows: ChromiumWindow[] = [];
  return {
    t,
    base,
    async browse(size = 'laptop') {
      const window = await openChromium(size);
      windows.push(window);
      window.page.setDefaultTimeout(15_000);
      return window.page;
    },
    async openInbox(page, credentials, path = '/inbox') {
      await page.goto(`${base}${path}`);
      await signIn(page, credentials);
      await page.waitForURL(`${base}${path}`);
      await page.getByTestId('stream-state').getByText('Live').waitFor();
    },
    async addMember(biz, name) {
      const login = await t.chatapp.app.inject({ method: 'POST', url: '/console/api/session', payload: biz.console });
      const admin = login.json() as { user: { csrf_token: string } };
      const credentials = { email: `${name.toLowerCase()}-${biz.business_id}@agents.example`, password: 'correct horse battery staple' };
      const added = await t.chatapp.app.inject({
        method: 'POST',
        url: '/console/api/members',
        headers: { cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': admin.user.csrf_token },
        payload: { ...credentials, name, role: 'ADVERTISER' },
      });
      if (added.statusCode !== 200) throw new Error(`adding ${name}: ${added.statusCode} ${added.body}`);
      return { id: (added.json() as { id: string }).id, ...credentials };
    },
    async simulator(biz, method, url, payload) {
      const res = await t.simulator(biz, method, url, payload);
      if (res.statusCode !== 200) throw new Error(`${method} /simulator${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    async close() {
      await Promise.all(windows.map((w) => w.close()));
      await t.close();
    },
  };
}

/** Fills the login page's form and submits it. */
export async function signIn(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
