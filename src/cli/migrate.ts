import type { Config } from '../config.js';
import { openStore } from '../store/database.js';

export async function runMigrate(config: Config): Promise<number> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const { applied } = await store.migrate();
    process.stdout.write(applied.length ? `applied ${applied.join(', ')}\n` : 'database is up to date\n');
    return 0;
  } finally {
    await store.close();
  }
}
