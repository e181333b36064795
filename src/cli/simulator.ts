import type { Config } from '../config.js';
import { openStandalone, serveSimulator, type StandaloneConfig } from '../upstream/simulator/standalone/server.js';
import { seedTestBusiness, type SeedFacts } from '../upstream/simulator/standalone/seed.js';

/** Where clients reach this install; the same rule as `chatapp demo`'s, kept here so the simulator's commands load none of chatapp's services. */
const localBaseUrl = (config: Config): string =>
  config.publicUrl ?? `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${config.port}`;

const standalone = (config: Config): StandaloneConfig => ({
  port: config.port,
  host: config.host,
  dataDir: config.dataDir,
  databaseUrl: config.databaseUrl,
  publicUrl: config.publicUrl,
  logLevel: config.logLevel,
  simulator: config.simulator,
});

/**
 * `chatapp simulator serve|seed`: Meta's side alone, as a Cloud API emulator (README, "The
 * simulator on its own"). `serve` runs until SIGINT or SIGTERM; `seed` sets up the test business
 * (the same ids every run) and prints it.
 */
export async function runSimulator(config: Config, options: { action: string | undefined; json: boolean }): Promise<number> {
  switch (options.action) {
    case 'serve':
      return serve(config);
    case 'seed':
      return seed(config, options.json);
    default:
      process.stderr.write(`chatapp: simulator needs an action: serve or seed (got ${options.action ?? 'none'})\n`);
      return 2;
  }
}

async function serve(config: Config): Promise<number> {
  const running = await serveSimulator(standalone(config));
  process.stdout.write(`chatapp simulator (Meta's side, standalone) is listening on ${running.address}\n  Seed a test business: chatapp simulator seed --json\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.close();
  return 0;
}

async function seed(config: Config, json: boolean): Promise<number> {
  const parts = await openStandalone(standalone(config));
  try {
    const facts = await seedTestBusiness({ ...parts, dataDir: config.dataDir, graphUrl: localBaseUrl(config) });
    process.stdout.write(json ? `${JSON.stringify(facts)}\n` : banner(facts));
    return 0;
  } finally {
    await parts.close();
  }
}

function banner(facts: SeedFacts): string {
  const rows: [string, string][] = [
    ['Graph URL', `${facts.graph_url}  (SDK base URL; /v23.0/… and unversioned paths both work)`],
    ['Access token', facts.access_token],
    ['Business id', facts.business_id],
    ['WABA id', facts.waba_id],
    ['Phone number id', `${facts.phone_number_id}  (${facts.display_phone_number})`],
    ['App id', facts.app_id],
    ['App secret', facts.app_secret],
    ['Verify token', facts.verify_token],
  ];
  return `\nThe simulator's test business\n\n${rows.map(([k, v]) => `  ${k.padEnd(16)} ${v}`).join('\n')}\n\n  Subscribe a callback: curl -d object=whatsapp_business_account -d callback_url=https://… -d verify_token=${facts.verify_token} -d fields=messages \\\n    -d 'access_token=${facts.app_id}|${facts.app_secret}' ${facts.graph_url}/v23.0/${facts.app_id}/subscriptions\n\n`;
}
