import type { Config } from '../config.js';
import { linkWaba } from '../demo/link.js';
import { createChatapp } from '../main.js';
import { banner, localBaseUrl } from './demo.js';

/** `chatapp link --waba-id ID --access-token TOKEN [--business NAME] [--json]` (meta-cloud only). */
export async function runLink(config: Config, options: { wabaId: string | undefined; accessToken: string | undefined; business: string | undefined; json: boolean }): Promise<number> {
  if (config.upstream !== 'meta-cloud') {
    process.stderr.write('chatapp link links a WABA at Meta: set CHATAPP_UPSTREAM=meta-cloud (README, "Running on Meta\'s Cloud API")\n');
    return 2;
  }
  if (!options.wabaId || !/^\d+$/.test(options.wabaId) || !options.accessToken) {
    process.stderr.write('chatapp link needs --waba-id (digits) and --access-token (the business token that reaches the WABA)\n');
    return 2;
  }
  const chatapp = await createChatapp(config);
  try {
    const facts = await linkWaba({
      ...chatapp.services,
      links: chatapp.metaLinks!,
      upstream: chatapp.upstream,
      clock: chatapp.clock,
      wabaId: options.wabaId,
      accessToken: options.accessToken,
      businessName: options.business,
      dataDir: config.dataDir,
      baseUrl: localBaseUrl(config),
    });
    process.stdout.write(options.json ? `${JSON.stringify(facts)}\n` : banner(facts));
    return 0;
  } catch (error) {
    process.stderr.write(`chatapp link: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await chatapp.close();
  }
}
