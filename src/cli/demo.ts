import type { Config } from '../config.js';
import { setupDemo, type DemoFacts } from '../demo/service.js';
import { createChatapp } from '../main.js';

export const localBaseUrl = (config: Config): string =>
  config.publicUrl ?? `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${config.port}`;

export async function runDemo(config: Config, options: { json: boolean; business: string | undefined }): Promise<number> {
  if (config.upstream !== 'simulator') {
    process.stderr.write('chatapp demo seeds a sandbox business on the simulator; on Meta’s Cloud API, link your WABA with `chatapp link --waba-id … --access-token …`\n');
    return 2;
  }
  const chatapp = await createChatapp(config);
  const platform = chatapp.demo!;
  try {
    const facts = await setupDemo({
      accounts: chatapp.services.accounts,
      numbers: chatapp.services.numbers,
      webhooks: chatapp.services.webhooks,
      templates: chatapp.services.templates,
      platform,
      dataDir: config.dataDir,
      baseUrl: localBaseUrl(config),
      ...(options.business ? { businessName: options.business } : {}),
    });
    process.stdout.write(options.json ? `${JSON.stringify(facts)}\n` : banner(facts));
    return 0;
  } finally {
    await chatapp.close();
  }
}

/** The short banner `npm start` and `chatapp demo` print. */
export function banner(facts: DemoFacts): string {
  const rows: [string, string][] = [
    ['Console', `${facts.base_url}/  (${facts.console.email} / ${facts.console.password})`],
    ['API base URL', `${facts.base_url}/v25.0`],
    ['Access token', facts.access_token],
    ['Business id', facts.business_id],
    ['WABA id', facts.waba_id],
    ['Phone number id', `${facts.phone_number_id}  (${facts.display_phone_number})`],
    ['App secret', facts.app_secret],
    ['Verify token', facts.verify_token],
    ['API docs', `${facts.base_url}/docs`],
  ];
  return `\nchatapp sandbox is ready\n\n${rows.map(([k, v]) => `  ${k.padEnd(16)} ${v}`).join('\n')}\n\n  Try: curl -H "Authorization: Bearer ${facts.access_token}" ${facts.base_url}/v25.0/${facts.waba_id}/phone_numbers\n\n`;
}
