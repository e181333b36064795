import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../../src/demo/service.js';
import { ReceiptsWorker } from '../../../src/upstream/simulator/receipts.js';
import { advanceReceiptPlan, claimDueReceipts, claimExpiredReceipts } from '../../../src/upstream/simulator/store.js';
import { startTestChatapp, type TestChatapp } from '../../helpers/chatapp.js';
import { databaseTargets } from '../../helpers/databases.js';
import { eventually, WebhookReceiver } from '../../helpers/receiver.js';

describe.each(databaseTargets)('the simulator’s receipts worker on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let receiver: WebhookReceiver;
  let worker: ReceiptsWorker;
  let user = 0;

  const row = (id: string) =>
    t.chatapp.store.db.selectFrom('sim_messages').select(['status', 'receipt_plan', 'receipt_due_at', 'receipt_lease_until']).where('id', '=', id).executeTakeFirstOrThrow();
  /** A claim as another worker would make it: of due receipts, or (`expired`) of leases run out. */
  const claim = (leaseMs = 15_000, which: 'due' | 'expired' = 'due') =>
    (which === 'due' ? claimDueReceipts : claimExpiredReceipts)(
      { db: t.chatapp.store.db, dialect: t.chatapp.store.dialect },
      { now: t.clock.now(), wallNow: t.wall.now(), leaseMs, limit: 100 },
    );
  /** A user writes first, then the business answers; its id once the platform has planned its receipts. */
  const handedOver = async (from = `+4477009004${String(user++).padStart(2, '0')}`): Promise<string> => {
    const wrote = await t.simulator(biz, 'POST', '/messages', { from, to: biz.phone_number_id, message: { type: 'text', text: { body: 'hi' } } });
    expect(wrote.statusCode, wrote.body).toBe(200);
    const res = await t.graph(biz, 'POST', `${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', to: from, type: 'text', text: { body: 'hello' } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const id = res.json.messages[0].id as string;
    await eventually(async () => expect((await row(id)).receipt_plan).not.toBeNull());
    return id;
  };
  /** Runs the worker by hand until nothing is due. */
  const drain = async () => {
    while ((await worker.runOnce()) > 0);
  };

  beforeAll(async () => {
    t = await startTestChatapp(target);
    biz = await t.business();
    receiver = await WebhookReceiver.start();
    await t.subscribe(biz, receiver, 'messages');
    // The test plays the worker itself, so it decides when claims happen.
    worker = t.chatapp.runners.find((r): r is ReceiptsWorker => r instanceof ReceiptsWorker)!;
    await worker.stop();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('keeps a message’s receipts on its row, due at the first, and none as jobs', async () => {
    const id = await handedOver();
    const { status, receipt_plan, receipt_due_at } = await row(id);
    expect(status).toBe('pending');
    const plan = JSON.parse(receipt_plan!) as { status: string; at: number }[];
    expect(plan.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    expect(Number(receipt_due_at)).toBe(plan[0]!.at);
    const jobs = await t.chatapp.store.db.selectFrom('jobs').select('id').where('kind', 'like', 'sim.receipt%').execute();
    expect(jobs).toEqual([]);
  });

  it('does a claimed step whose worker died once its lease ends on wall time, not before nor after a sandbox jump, then the rest in order', async () => {
    const id = await handedOver();
    // A worker claims the message and dies (or is still at work) before reporting anything.
    expect((await claim()).map((c) => c.message.id)).toContain(id);
    await drain();
    expect(receiver.statuses(id)).toEqual([]);
    expect((await row(id)).status).toBe('pending');
    // An hour of sandbox clock: every step of its plan is due, but the lease is on wall time.
    await t.advance(3_600, biz);
    await drain();
    expect(receiver.statuses(id)).toEqual([]);
    expect(await row(id)).toMatchObject({ status: 'pending', receipt_due_at: null });
    // The lease (15 s of wall time) runs out: the step is done again, and the plan goes on.
    t.wall.advance(16_000);
    await drain();
    await receiver.waitFor(() => receiver.statusSet(id).size === 3, `${id} sent, delivered and read`);
    expect(receiver.statuses(id).map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    expect(await row(id)).toMatchObject({ status: 'read', receipt_plan: null, receipt_due_at: null, receipt_lease_until: null });
  });

  it('moves a plan on only for the claim that holds its lease', async () => {
    const id = await handedOver();
    const first = (await claim(1_000)).find((c) => c.message.id === id)!;
    // Its 1 s lease runs out; the plan's next steps fall due.
    t.wall.advance(2_000);
    await t.advance(2, biz);
    const second = (await claim(15_000, 'expired')).find((c) => c.message.id === id)!;
    expect(second.plan).toEqual(first.plan);
    const rest = first.plan.slice(1);
    expect(await advanceReceiptPlan(t.chatapp.store.db, { id, leaseUntil: first.leaseUntil, rest })).toBe(false);
    expect(await advanceReceiptPlan(t.chatapp.store.db, { id, leaseUntil: second.leaseUntil, rest })).toBe(true);
    expect(JSON.parse((await row(id)).receipt_plan!)).toEqual(rest);
    // Under a lease no more, the message is claimed again when its next step is due.
    await drain();
    await receiver.waitFor(() => receiver.statusSet(id).has('read'), `${id} read`);
    expect(receiver.statuses(id).map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
  });

  it('reports sent and delivered before read when the user reads a message before it was delivered', async () => {
    // Offline for an hour of clock: delivered then, unless the user reads it first.
    const id = await handedOver('+1 555 000 0010');
    expect((await claim()).map((c) => c.message.id)).toContain(id);
    // The user reads while a worker that died holds the message's lease: the read is due now all the same.
    const read = await t.simulator(biz, 'POST', '/users/15550000010/read', { message_id: id });
    expect(read.statusCode, read.body).toBe(200);
    await drain();
    await receiver.waitFor(() => receiver.statusSet(id).has('read'), `${id} read`);
    expect(receiver.statuses(id).map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    // The steps planned for the hour's end change nothing when they come. (Webhooks still being
    // posted keep their lease through the jump: none is posted twice.)
    await t.advance(3_700, biz);
    await drain();
    expect(await row(id)).toMatchObject({ status: 'read', receipt_plan: null, receipt_due_at: null });
    expect(receiver.statuses(id)).toHaveLength(3);
  });
});
