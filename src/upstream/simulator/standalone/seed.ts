import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../../../core/clock.js';
import { GraphError } from '../../../core/graph-errors.js';
import { newSecret } from '../../../core/ids.js';
import type { SecretBox } from '../../../core/secret-box.js';
import type { Store } from '../../../store/database.js';
import type { Simulator } from '../compose.js';
import type { SimulatorApps } from './apps.js';
import * as sql from './apps-store.js';

/** What `chatapp simulator seed --json` prints: a test business on the standalone simulator, as Meta gives a new app one. */
export interface SeedFacts {
  business_id: string;
  waba_id: string;
  phone_number_id: string;
  display_phone_number: string;
  access_token: string;
  app_id: string;
  app_secret: string;
  verify_token: string;
  /** Where to point an SDK (its base URL, without a version). */
  graph_url: string;
}

const SEED = 'default';
/** Seeded numbers come from +1 555-019-xxxx, Meta's fictional range; the first free one is taken. */
const NUMBER_PREFIX = '+1555019';

export interface SeedOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly box: SecretBox;
  readonly simulator: Pick<Simulator, 'seeding' | 'upstream'>;
  readonly apps: SimulatorApps;
  /** Where the plain access token is kept to be printed again (`<dir>/simulator/seed.json`, mode 0600). */
  readonly dataDir: string;
  readonly graphUrl: string;
}

/**
 * Sets up, or finds, the test business: a portfolio, an approved WABA subscribed to the test app,
 * a CONNECTED number, Meta's `hello_world` template, and an access token with both permissions.
 * The same ids every run. Tokens are stored hashed, so the plain one is kept in a 0600 file of the
 * data dir to be printed again; one that no longer works there is issued anew.
 */
export async function seedTestBusiness(options: SeedOptions): Promise<SeedFacts> {
  const { store, simulator, apps } = options;
  const seed = (await sql.findSeed(store.db, SEED)) ?? (await createSeed(options));
  // Meta's sample is added the first time a WABA's templates are read.
  await simulator.upstream.listTemplates(seed.wabaId);
  const number = await simulator.upstream.getPhoneNumber(seed.phoneNumberId);
  if (!number) throw new Error(`the seeded number ${seed.phoneNumberId} is gone from the simulator`);
  const file = path.join(options.dataDir, 'simulator', 'seed.json');
  let token = readSavedToken(file);
  if (!token || (await apps.authenticate(token).catch(() => undefined))?.businessId !== seed.businessId) {
    token = await apps.issueToken(seed.appId);
    writeSavedToken(file, token);
  }
  return {
    business_id: seed.businessId,
    waba_id: seed.wabaId,
    phone_number_id: seed.phoneNumberId,
    display_phone_number: number.display_phone_number,
    access_token: token,
    app_id: seed.appId,
    app_secret: (await apps.secretOf(seed.appId))!,
    verify_token: options.box.open(seed.verifyTokenSealed),
    graph_url: options.graphUrl,
  };
}

async function createSeed(options: SeedOptions): Promise<sql.SimSeed> {
  const { seeding } = options.simulator;
  const business = await seeding.createBusiness({ name: 'Test Business' });
  const waba = await seeding.seedWaba(business.id, { name: 'Test WhatsApp Business Account', currency: 'USD', timezoneId: '1' });
  const number = await firstFreeNumber(seeding, waba.id);
  const app = await options.apps.createApp({ businessId: business.id, name: 'Test App' });
  // As Meta's test account is: the WABA already hears through the app, once the app has a callback.
  await options.apps.subscribeWaba(waba.id, app.id);
  // Two seeds at once: the first recorded stands, the other's objects are left unused.
  return sql.insertSeed(options.store.db, {
    name: SEED,
    businessId: business.id,
    wabaId: waba.id,
    phoneNumberId: number.id,
    appId: app.id,
    verifyTokenSealed: options.box.seal(newSecret('', 18)),
    createdAt: options.clock.now(),
  });
}

async function firstFreeNumber(seeding: Simulator['seeding'], wabaId: string): Promise<{ id: string }> {
  for (let n = 1; n < 10_000; n++) {
    try {
      return await seeding.seedConnectedNumber(wabaId, { phoneNumber: `${NUMBER_PREFIX}${String(n).padStart(4, '0')}`, verifiedName: 'Test Number' });
    } catch (error) {
      if (!(error instanceof GraphError && error.details.includes('already'))) throw error;
    }
  }
  throw new Error(`no free test number left in ${NUMBER_PREFIX}xxxx`);
}

function readSavedToken(file: string): string | undefined {
  try {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { access_token?: unknown };
    return typeof saved.access_token === 'string' ? saved.access_token : undefined;
  } catch {
    return undefined;
  }
}

function writeSavedToken(file: string, token: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${JSON.stringify({ access_token: token }, null, 2)}\n`, { mode: 0o600 });
}
