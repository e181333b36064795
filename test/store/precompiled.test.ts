import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { byLimit, bySize, precompiled } from '../../src/store/precompiled.js';
import { databaseTargets, suiteStore } from '../helpers/databases.js';

const findPace = precompiled((db, key: string) => db.selectFrom('pacing').selectAll().where('key', '=', key));
const insertPace = precompiled((db, key: string, tat: number) => db.insertInto('pacing').values({ key, tat }));
// A constant ('x:%') between two arguments, and an argument placed twice.
const bumpPaces = precompiled((db, prefix: string, by: number) =>
  db
    .updateTable('pacing')
    .set((eb) => ({ tat: eb('tat', '+', by) }))
    .where('key', 'like', sql<string>`${prefix} || ${'%'}`)
    .where('tat', '>', by)
    .returning(['key', 'tat']),
);

describe.each(databaseTargets)('precompiled statements on $name', (target) => {
  const opened = suiteStore(target);
  let store: Store;
  beforeAll(() => {
    store = opened();
  });

  it('answers what the query builder answers, call after call', async () => {
    await insertPace.execute(store.db, 'a:1', 10);
    await insertPace.execute(store.db, 'a:2', 20);
    for (const key of ['a:1', 'a:2', 'a:3']) {
      const expected = await store.db.selectFrom('pacing').selectAll().where('key', '=', key).executeTakeFirst();
      expect(await findPace.executeTakeFirst(store.db, key)).toEqual(expected);
    }
    expect(await findPace.execute(store.db, 'a:2')).toEqual([{ key: 'a:2', tat: 20 }]);
  });

  it('keeps constants as compiled and fills an argument placed twice', async () => {
    await insertPace.execute(store.db, 'b:1', 5);
    await insertPace.execute(store.db, 'b:2', 50);
    await insertPace.execute(store.db, 'bb', 500);
    const rows = await bumpPaces.execute(store.db, 'b:', 10);
    expect(rows.sort((x, y) => x.tat - y.tat)).toEqual([{ key: 'b:2', tat: 60 }]);
    const again = await bumpPaces.execute(store.db, 'b:', 1);
    expect(again.sort((x, y) => x.tat - y.tat)).toEqual([{ key: 'b:1', tat: 6 }, { key: 'b:2', tat: 61 }]);
  });

  it('counts the rows a write touched', async () => {
    const touch = precompiled((db, key: string, tat: number) => db.updateTable('pacing').set({ tat }).where('key', '=', key));
    await insertPace.execute(store.db, 'c:1', 1);
    expect(await touch.numAffectedRows(store.db, 'c:1', 2)).toBe(1n);
    expect(await touch.numAffectedRows(store.db, 'c:none', 2)).toBe(0n);
  });

  it('runs inside a transaction, which sees its own writes and rolls them back', async () => {
    await expect(
      store.transaction(async (trx) => {
        await insertPace.execute(trx, 'd:1', 7);
        expect(await findPace.executeTakeFirst(trx, 'd:1')).toEqual({ key: 'd:1', tat: 7 });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await findPace.executeTakeFirst(store.db, 'd:1')).toBeUndefined();
    await store.transaction((trx) => insertPace.execute(trx, 'd:2', 8));
    expect(await findPace.executeTakeFirst(store.db, 'd:2')).toEqual({ key: 'd:2', tat: 8 });
  });

  it('keeps a statement outside a transaction out of it while the transaction is open', async () => {
    let outside: Promise<unknown> | undefined;
    await expect(
      store.transaction(async (trx) => {
        await insertPace.execute(trx, 'i:inside', 1);
        outside = insertPace.execute(store.db, 'i:outside', 2);
        // The transaction stays open across a turn of the event loop, as a group commit's does.
        await new Promise((r) => setTimeout(r, 20));
        expect(await findPace.executeTakeFirst(trx, 'i:inside')).toEqual({ key: 'i:inside', tat: 1 });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await outside;
    expect(await findPace.executeTakeFirst(store.db, 'i:inside')).toBeUndefined();
    expect(await findPace.executeTakeFirst(store.db, 'i:outside')).toEqual({ key: 'i:outside', tat: 2 });
  });

  it('builds and compiles once per database', async () => {
    let builds = 0;
    const counted = precompiled((db, key: string) => {
      builds++;
      return db.selectFrom('pacing').select('tat').where('key', '=', key);
    });
    await counted.execute(store.db, 'e:1');
    await store.transaction((trx) => counted.execute(trx, 'e:2'));
    await counted.execute(store.db, 'e:3');
    expect(builds).toBe(1);
  });

  it('refuses an argument used as an `in` list when it builds', async () => {
    const listed = precompiled((db, key: string) => db.selectFrom('pacing').selectAll().where('key', 'in', key));
    await expect(listed.execute(store.db, 'f:1')).rejects.toThrow(/`in` list/);
  });

  it('refuses an argument the builder computes with instead of placing it', async () => {
    const computed = precompiled((db, tat: number) => db.selectFrom('pacing').selectAll().where('tat', '>', tat + 1));
    await expect(computed.execute(store.db, 1)).rejects.toThrow(/used in an expression/);
    const stringified = precompiled((db, key: string) => db.selectFrom('pacing').selectAll().where('key', '=', JSON.stringify(key)));
    await expect(stringified.execute(store.db, 'g')).rejects.toThrow(/used in an expression/);
    const dropped = precompiled((db, _key: string) => db.selectFrom('pacing').selectAll());
    await expect(dropped.execute(store.db, 'h')).rejects.toThrow(/not a parameter/);
  });

  it('places the fields of a record argument', async () => {
    const upsert = precompiled((db, pace: { key: string; tat: number }) =>
      db.insertInto('pacing').values({ key: pace.key, tat: pace.tat }).onConflict((oc) => oc.column('key').doUpdateSet({ tat: pace.tat })),
    );
    await upsert.execute(store.db, { key: 'r:1', tat: 1 });
    await upsert.execute(store.db, { key: 'r:1', tat: 2 });
    expect(await findPace.execute(store.db, 'r:1')).toEqual([{ key: 'r:1', tat: 2 }]);
    await expect(upsert.execute(store.db, { key: 'r:2' } as never)).rejects.toThrow(/field tat of argument 0 is not a scalar/);
    const whole = precompiled((db, pace: { key: string }) => db.selectFrom('pacing').selectAll().where('key', '=', pace as never));
    await expect(whole.execute(store.db, { key: 'r:1' })).rejects.toThrow(/placed whole/);
  });

  it('keeps one statement per list size for `in` lists and multi-row values, each built once', async () => {
    const builds = new Map<number, number>();
    const insertMany = bySize((size) =>
      precompiled((db, ...rows: { key: string; tat: number }[]) => {
        builds.set(size, (builds.get(size) ?? 0) + 1);
        return db.insertInto('pacing').values(rows);
      }),
    );
    const findMany = bySize(() => precompiled((db, ...keys: string[]) => db.selectFrom('pacing').selectAll().where('key', 'in', keys).orderBy('key')));
    await insertMany(2).execute(store.db, { key: 's:1', tat: 1 }, { key: 's:2', tat: 2 });
    await insertMany(1).execute(store.db, { key: 's:3', tat: 3 });
    await insertMany(2).execute(store.db, { key: 's:4', tat: 4 }, { key: 's:5', tat: 5 });
    expect([...builds]).toEqual([[2, 1], [1, 1]]);
    expect(await findMany(3).execute(store.db, 's:5', 's:1', 's:3')).toEqual([
      { key: 's:1', tat: 1 },
      { key: 's:3', tat: 3 },
      { key: 's:5', tat: 5 },
    ]);
    expect(await findMany(1).execute(store.db, 's:4')).toEqual([{ key: 's:4', tat: 4 }]);
  });

  it('keeps one statement per limit, rounded down to a power of two, each built once', async () => {
    for (let i = 0; i < 20; i++) await insertPace.execute(store.db, `l:${String(i).padStart(2, '0')}`, i);
    const built: number[] = [];
    const firstKeys = byLimit((limit) => {
      built.push(limit);
      return precompiled((db, prefix: string) => db.selectFrom('pacing').select('key').where('key', 'like', prefix).orderBy('key').limit(limit));
    });
    const claim = async (atMost: number) => {
      const { statement, limit } = firstKeys(atMost);
      return { limit, rows: (await statement.execute(store.db, 'l:%')).length };
    };
    expect(await claim(13)).toEqual({ limit: 8, rows: 8 });
    expect(await claim(8)).toEqual({ limit: 8, rows: 8 });
    expect(await claim(100)).toEqual({ limit: 64, rows: 20 });
    expect(await claim(1)).toEqual({ limit: 1, rows: 1 });
    expect(await claim(15)).toEqual({ limit: 8, rows: 8 });
    expect(built).toEqual([8, 64, 1]);
  });

  it('refuses a list passed where a scalar belongs', async () => {
    await expect(findPace.execute(store.db, ['a:1', 'a:2'] as never)).rejects.toThrow(/not a scalar/);
  });
});
