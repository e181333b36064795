import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, settings, type Config } from '../config.js';

const usage = `Usage: chatapp <command> [flags]

Commands:
  serve            run the service (API, console and workers); what \`npm start\` runs
  migrate          apply database migrations and exit
  demo [--json] [--business NAME]
                   set up (idempotently) a demo business and print its ids and credentials
  link --waba-id ID --access-token TOKEN [--business NAME] [--json]
                   (meta-cloud) link a WABA at Meta: keep its token sealed, read it into chatapp, subscribe the app
  simulator serve  run Meta's side alone, as a Cloud API emulator: Graph API, signed webhooks, /simulator sandbox
  simulator seed [--json]
                   set up (idempotently) the standalone simulator's test business and print its ids and credentials

Configuration (environment variable, or the matching flag):
${settings.map((s) => `  ${s.env.padEnd(20)} ${s.flag.padEnd(16)} ${s.description} (default: ${s.fallback || 'unset'})`).join('\n')}
`;

/** Runs one CLI command and returns the process exit code: 0 done, 1 failed, 2 bad usage or configuration. */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        ...Object.fromEntries(settings.map((s) => [s.flag.slice(2), { type: 'string' as const }])),
        json: { type: 'boolean' },
        business: { type: 'string' },
        'waba-id': { type: 'string' },
        'access-token': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`chatapp: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const [command = 'serve'] = parsed.positionals;
  if (parsed.values.help || command === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  let config: Config;
  try {
    config = loadConfig(env, parsed.values as Record<string, string | undefined>);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) process.stderr.write(`chatapp: invalid configuration: ${problem}\n`);
    return 2;
  }
  // Commands load the service only once the configuration is known to be good.
  switch (command) {
    case 'serve':
      return (await import('./serve.js')).runServe(config);
    case 'migrate':
      return (await import('./migrate.js')).runMigrate(config);
    case 'demo':
      return (await import('./demo.js')).runDemo(config, { json: parsed.values.json === true, business: parsed.values.business as string | undefined });
    case 'link':
      return (await import('./link.js')).runLink(config, {
        wabaId: parsed.values['waba-id'] as string | undefined,
        accessToken: parsed.values['access-token'] as string | undefined,
        business: parsed.values.business as string | undefined,
        json: parsed.values.json === true,
      });
    case 'simulator':
      return (await import('./simulator.js')).runSimulator(config, { action: parsed.positionals[1], json: parsed.values.json === true });
    default:
      process.stderr.write(`chatapp: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}
