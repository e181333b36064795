import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../../src/demo/service.js';
import { startTestChatapp, type TestChatapp } from '../../helpers/chatapp.js';
import { databaseTargets } from '../../helpers/databases.js';
import { eventually, WebhookReceiver } from '../../helpers/receiver.js';

/** A utility template whose body names itself: Meta rejects two of a WABA with the same wording. */
const shipped = (name: string) => ({
  name,
  language: 'en_US',
  category: 'UTILITY',
  components: [{ type: 'BODY', text: `Hi {{1}}, your parcel left our depot today (${name.replace(/_/g, ' ')}).`, example: { body_text: [['Pablo']] } }],
});

// Issue 14: Meta's side holds its own copy of each template; chatapp's is a mirror fed by the port and the sink.
describe.each(databaseTargets)('templates on Meta’s side of the seam on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let receiver: WebhookReceiver;
  const api = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: object) => t.graph(biz, method, path, body);
  const statusEvents = (id: string) => receiver.values('message_template_status_update').filter((v) => String(v.message_template_id) === id);
  const create = async (name: string): Promise<string> => {
    const created = await api('POST', `${biz.waba_id}/message_templates`, shipped(name));
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    return String(created.json.id);
  };
  const approved = async (id: string) => {
    await t.advance(15);
    await receiver.waitFor(() => statusEvents(id).some((e) => e.event === 'APPROVED'), `the approval of ${id}`);
  };
  const sendTemplate = (name: string, to: string, param: string) =>
    api('POST', `${biz.phone_number_id}/messages`, {
      messaging_product: 'whatsapp',
      to,
      type: 'template',
      template: { name, language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: param }] }] },
    });
  /** Rewrites chatapp's mirror behind Meta's back, as a mirror that missed a change would be. */
  const driftMirror = (id: string, changes: { status?: string; components?: string }) => t.chatapp.store.db.updateTable('message_templates').set(changes).where('id', '=', id).execute();

  beforeAll(async () => {
    t = await startTestChatapp(target);
    await t.listen();
    biz = await t.business();
    receiver = await WebhookReceiver.start();
    await t.subscribe(biz, receiver, 'messages,message_template_status_update,template_category_update');
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('answers a creation with Meta’s id and PENDING, and changes the mirror only when the review’s webhook comes through the sink', async () => {
    const created = await api('POST', `${biz.waba_id}/message_templates`, shipped('review_through_sink'));
    expect(created.json).toEqual({ id: expect.stringMatching(/^\d{16}$/), status: 'PENDING', category: 'UTILITY' });
    const id = String(created.json.id);
    expect((await api('GET', `${id}?fields=status`)).json.status).toBe('PENDING');

    // The review decides 10 s of sandbox time after the submission; before, nothing has moved.
    await t.advance(5);
    expect(statusEvents(id)).toEqual([]);
    expect((await api('GET', `${id}?fields=status`)).json.status).toBe('PENDING');
    await t.advance(10);
    await receiver.waitFor(() => statusEvents(id).length === 1, 'the review’s webhook');
    expect(statusEvents(id)[0]).toMatchObject({ event: 'APPROVED', message_template_id: Number(id), message_template_name: 'review_through_sink', message_template_category: 'UTILITY' });
    expect((await api('GET', `${id}?fields=status,rejected_reason`)).json).toEqual({ id, status: 'APPROVED', rejected_reason: 'NONE' });
  });

  it('renders a template send from Meta’s own copy, whatever chatapp’s mirror says', async () => {
    const id = await create('rendered_by_meta');
    await approved(id);
    await driftMirror(id, { components: JSON.stringify([{ type: 'BODY', text: 'Hi {{1}}, these words live only in the mirror.', example: { body_text: [['Pablo']] } }]) });

    const sent = await sendTemplate('rendered_by_meta', '447700900611', 'Ana');
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    const wamid = sent.json.messages[0].id as string;
    const shown = await eventually(async () => {
      const chat = await t.simulator(biz, 'GET', `/users/447700900611/chat?phone_number_id=${biz.phone_number_id}`);
      expect(chat.statusCode, chat.body).toBe(200);
      const message = (chat.json() as { messages: { id: string; template?: { rendered?: { body?: string } } }[] }).messages.find((m) => m.id === wamid);
      expect(message?.template?.rendered).toBeDefined();
      return message!.template!.rendered!;
    });
    expect(shown.body).toBe('Hi Ana, your parcel left our depot today (rendered by meta).');
  });

  it('fails at hand-over, with 132001, a send of a template Meta has not approved, though the mirror let it through', async () => {
    const id = await create('not_yet_at_meta');
    await driftMirror(id, { status: 'APPROVED' });

    const sent = await sendTemplate('not_yet_at_meta', '447700900612', 'Sam');
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    const wamid = sent.json.messages[0].id as string;
    await receiver.waitFor(() => receiver.statusSet(wamid).has('failed'), 'the failed status');
    expect(receiver.statuses(wamid).find((s) => s.status === 'failed')?.errors?.[0]).toMatchObject({ code: 132001 });
  });

  it('refuses on Meta’s side what Meta refuses, whatever the mirror lets through: a second live template of a name and language', async () => {
    const id = await create('taken_at_meta');
    // The mirror forgets it; Meta's copy still holds the name.
    await t.chatapp.store.db.deleteFrom('message_templates').where('id', '=', id).execute();
    const again = await api('POST', `${biz.waba_id}/message_templates`, shipped('taken_at_meta'));
    expect(again.status).toBe(400);
    expect(again.json.error.error_data.details).toMatch(/already exists/);
  });

  it('unpauses at Meta’s side on request, and the mirror follows the webhook Meta sends', async () => {
    const id = await create('unpause_at_meta');
    await approved(id);
    // chatapp's mirror shows a pause Meta's copy no longer has (its unpause was missed): asking brings them together.
    await driftMirror(id, { status: 'PAUSED' });
    const asked = await api('POST', `${id}/unpause`);
    expect(asked.json).toEqual({ success: true });
    expect((await api('GET', `${id}?fields=status`)).json.status).toBe('APPROVED');
    await receiver.waitFor(() => statusEvents(id).some((e) => (e.other_info as { title?: string } | undefined)?.title === 'UNPAUSE'), 'the unpause webhook');
  });
});
