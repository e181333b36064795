import type { Config } from '../config.js';
import { setupDemo } from '../demo/service.js';
import { createChatapp } from '../main.js';
import { banner, localBaseUrl } from './demo.js';

/** `chatapp serve`: runs until SIGINT or SIGTERM, then closes cleanly. In the sandbox it sets up the demo first. */
export async function runServe(config: Config): Promise<number> {
  const chatapp = await createChatapp(config);
  const address = await chatapp.start();
  if (chatapp.demo && config.role !== 'worker') {
    const facts = await setupDemo({
      accounts: chatapp.services.accounts,
      numbers: chatapp.services.numbers,
      webhooks: chatapp.services.webhooks,
      templates: chatapp.services.templates,
      platform: chatapp.demo,
      dataDir: config.dataDir,
      baseUrl: localBaseUrl({ ...config, port: Number(new URL(address).port) }),
    });
    process.stdout.write(banner(facts));
  } else {
    process.stdout.write(`chatapp is listening on ${address}\n`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await chatapp.close();
  return 0;
}
