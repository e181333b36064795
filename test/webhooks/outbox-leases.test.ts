import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { WebhookOutbox } from '../../src/webhooks/outbox.js';
import { WEBHOOK_LEASE_MS } from '../../src/webhooks/service.js';
import { claimDueEvents, claimExpiredEvents } from '../../src/webhooks/store.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { eventually, WebhookReceiver } from '../helpers/receiver.js';

describe.each(databaseTargets)('the webhook outbox’s leases on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let receiver: WebhookReceiver;
  let outbox: WebhookOutbox;

  const event = (wamid: string) =>
    t.chatapp.store.db.selectFrom('webhook_events').select(['id', 'status', 'next_attempt_at', 'lease_until']).where('body', 'like', `%${wamid}%`).executeTakeFirstOrThrow();
  /** A claim as another worker would make it: of due events, or (`expired`) of leases run out. */
  const claim = (which: 'due' | 'expired') =>
    (which === 'due' ? claimDueEvents : claimExpiredEvents)(
      { db: t.chatapp.store.db, dialect: t.chatapp.store.dialect },
      { now: t.clock.now(), wallNow: t.wall.now(), leaseMs: WEBHOOK_LEASE_MS, limit: 100 },
    );
  const posted = (wamid: string) => receiver.received.filter((r) => r.raw.includes(wamid)).length;

  beforeAll(async () => {
    t = await startTestChatapp(target);
    biz = await t.business();
    receiver = await WebhookReceiver.start();
    await t.subscribe(biz, receiver, 'messages');
    // The test plays the outbox's worker itself, so it decides when claims happen.
    outbox = t.chatapp.runners.find((r): r is WebhookOutbox => r instanceof WebhookOutbox)!;
    await outbox.stop();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('leaves an event whose attempt is under way to its worker through a jump of the sandbox clock, and gives it to another once the lease runs out on wall time', async () => {
    const wrote = await t.simulator(biz, 'POST', '/messages', { from: '+44 7700 900601', to: biz.phone_number_id, message: { type: 'text', text: { body: 'hi' } } });
    expect(wrote.statusCode, wrote.body).toBe(200);
    const wamid = (wrote.json() as { id: string }).id;
    const { id } = await eventually(() => event(wamid));
    // Worker A claims the event; its POST is still under way (or A died).
    const first = (await claim('due')).find((e) => e.id === id)!;
    expect(first).toBeDefined();
    expect(await event(wamid)).toMatchObject({ status: 'pending', next_attempt_at: null });
    // An hour of sandbox clock, far past the lease's length: no worker takes the event.
    await t.advance(3_600, biz);
    expect((await claim('due')).map((e) => e.id)).not.toContain(id);
    expect((await claim('expired')).map((e) => e.id)).not.toContain(id);
    await outbox.runOnce();
    expect(posted(wamid)).toBe(0);
    // A's lease runs out after its length of wall time: the outbox's worker takes the event and delivers it.
    t.wall.advance(WEBHOOK_LEASE_MS + 1);
    expect(await outbox.runOnce()).toBe(1);
    expect(posted(wamid)).toBe(1);
    expect(await event(wamid)).toMatchObject({ status: 'delivered', next_attempt_at: null, lease_until: null });
  });

  it('settles a claimed event only under the lease that claim holds', async () => {
    const wrote = await t.simulator(biz, 'POST', '/messages', { from: '+44 7700 900602', to: biz.phone_number_id, message: { type: 'text', text: { body: 'hi' } } });
    expect(wrote.statusCode, wrote.body).toBe(200);
    const wamid = (wrote.json() as { id: string }).id;
    const { id } = await eventually(() => event(wamid));
    const first = (await claim('due')).find((e) => e.id === id)!;
    t.wall.advance(WEBHOOK_LEASE_MS + 1);
    const second = (await claim('expired')).find((e) => e.id === id)!;
    expect(second.leaseUntil).toBeGreaterThan(first.leaseUntil);
    // A's attempt reports back late: it is logged, but the event stays B's.
    await t.chatapp.services.webhooks.deliver(first);
    expect(await event(wamid)).toMatchObject({ status: 'pending', lease_until: second.leaseUntil });
    await t.chatapp.services.webhooks.deliver(second);
    expect(await event(wamid)).toMatchObject({ status: 'delivered', lease_until: null });
  });
});
