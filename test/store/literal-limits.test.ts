import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { databaseTargets, suiteStore } from '../helpers/databases.js';

describe.each(databaseTargets)('LIMIT and OFFSET on $name', (target) => {
  const opened = suiteStore(target);
  let store: Store;
  beforeAll(async () => {
    store = opened();
    await store.db.insertInto('pacing').values(Array.from({ length: 9 }, (_, i) => ({ key: `lim:${i}`, tat: i }))).execute();
  });

  const page = (limit: unknown, offset: unknown) =>
    store.db.selectFrom('pacing').select('key').where('key', 'like', 'lim:%').orderBy('key').limit(limit as number).offset(offset as number);

  it('are literals in SQLite’s SQL (a bound LIMIT makes it prepare the statement again on every run) and parameters elsewhere', async () => {
    const compiled = page(3, 2).compile();
    if (target.name === 'sqlite') {
      expect(compiled.sql).toMatch(/limit 3 offset 2$/);
      expect(compiled.parameters).toEqual(['lim:%']);
    } else {
      expect(compiled.sql).toMatch(/limit \$2 offset \$3$/);
      expect(compiled.parameters).toEqual(['lim:%', 3, 2]);
    }
    expect((await page(3, 2).execute()).map((r) => r.key)).toEqual(['lim:2', 'lim:3', 'lim:4']);
  });

  it('are literals in a subquery too (the claims), with the same rows', async () => {
    const oldest = store.db
      .selectFrom('pacing')
      .select('key')
      .where('key', 'in', (eb) => eb.selectFrom('pacing').select('key').where('key', 'like', 'lim:%').orderBy('tat', 'desc').limit(2))
      .orderBy('key');
    if (target.name === 'sqlite') expect(oldest.compile().sql).toMatch(/limit 2\)/);
    expect((await oldest.execute()).map((r) => r.key)).toEqual(['lim:7', 'lim:8']);
  });

  it('stay parameters when they are not integers, so nothing but a number is ever written into the SQL', async () => {
    const hostile = page('1; drop table pacing', 0);
    expect(hostile.compile().parameters).toContain('1; drop table pacing');
    await expect(hostile.execute()).rejects.toThrow();
    expect(await store.db.selectFrom('pacing').select('key').where('key', '=', 'lim:0').execute()).toEqual([{ key: 'lim:0' }]);
  });
});
