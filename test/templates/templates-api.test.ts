import { WhatsAppClient } from '@kapso/whatsapp-cloud-api';
import { verifySignature } from '@kapso/whatsapp-cloud-api/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { eventually, WebhookReceiver } from '../helpers/receiver.js';

const orderUpdate = (name: string, body = 'Thank you, {{first_name}}! Your order {{order_number}} is on its way.') => ({
  name,
  language: 'en_US',
  category: 'UTILITY',
  parameter_format: 'NAMED',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{order_number}}', example: { header_text_named_params: [{ param_name: 'order_number', example: '860198' }] } },
    {
      type: 'BODY',
      text: body,
      example: {
        body_text_named_params: [
          { param_name: 'first_name', example: 'Pablo' },
          { param_name: 'order_number', example: '860198' },
        ],
      },
    },
    { type: 'FOOTER', text: 'Lucky Shrub' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'QUICK_REPLY', text: 'Stop updates' },
        { type: 'URL', text: 'Track it', url: 'https://shop.example/track/{{1}}', example: ['https://shop.example/track/860198'] },
      ],
    },
  ],
});

// The template journey of issue 4, through a real Cloud API SDK and real webhooks.
describe.each(databaseTargets)('message templates on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let receiver: WebhookReceiver;
  let client: WhatsAppClient;
  let baseUrl: string;
  const api = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: object) => t.graph(biz, method, path, body);
  const advance = (seconds: number) => t.advance(seconds);
  const templateEvents = (id: string) => receiver.values('message_template_status_update').filter((v) => String(v.message_template_id) === id);

  beforeAll(async () => {
    t = await startTestChatapp(target);
    baseUrl = await t.listen();
    biz = await t.business();
    receiver = await WebhookReceiver.start();
    client = new WhatsAppClient({ accessToken: biz.access_token, baseUrl, graphVersion: 'v23.0' });
    await t.subscribe(biz, receiver, 'messages,message_template_status_update,template_category_update,message_template_quality_update');
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('creates a NAMED utility template, approves it on the clock, sends it outside the window, shows it, and hears the quick reply', async () => {
    const created = await client.templates.create({ businessAccountId: biz.waba_id, ...orderUpdate('order_update'), parameterFormat: 'NAMED' });
    expect(created).toMatchObject({ status: 'PENDING', category: 'UTILITY' });
    const id = String(created.id);
    expect((await client.templates.get({ businessAccountId: biz.waba_id, templateId: id })).status).toBe('PENDING');

    await advance(5);
    expect(templateEvents(id)).toEqual([]);
    await advance(10);
    await receiver.waitFor(() => templateEvents(id).length === 1, 'the approval webhook');
    expect(templateEvents(id)[0]).toMatchObject({ event: 'APPROVED', message_template_id: Number(id), message_template_name: 'order_update', message_template_language: 'en_US', reason: 'NONE' });
    const hook = receiver.received.find((r) => r.raw.includes('message_template_status_update'))!;
    expect(verifySignature({ appSecret: biz.app_secret, rawBody: Buffer.from(hook.raw, 'latin1'), signatureHeader: hook.headers['x-hub-signature-256'] as string })).toBe(true);
    const listed = await api('GET', `${biz.waba_id}/message_templates?name=order_update&fields=name,status,category,quality_score&summary=total_count`);
    expect(listed.json.data).toEqual([{ name: 'order_update', status: 'APPROVED', category: 'UTILITY', quality_score: expect.objectContaining({ score: 'UNKNOWN' }), id }]);
    expect(listed.json.summary).toMatchObject({ total_count: 2, message_template_limit: 250 }); // with Meta's sample, hello_world

    // A user who never wrote: only a template may open the conversation.
    const sent = await client.messages.sendTemplate({
      phoneNumberId: biz.phone_number_id,
      to: '+34 612 345 678',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'text', parameter_name: 'order_number', text: 'A-17' }] },
          { type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Lucía' }, { type: 'text', parameter_name: 'order_number', text: 'A-17' }] },
          { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'STOP-A17' }] },
          { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'A-17' }] },
        ],
      },
    } as never);
    const wamid = sent.messages[0]!.id;
    await receiver.waitFor(() => receiver.statusSet(wamid).has('delivered'), 'the template delivered');
    const sentStatus = receiver.statuses(wamid).find((s) => s.status === 'sent')!;
    expect(sentStatus.pricing).toMatchObject({ billable: true, category: 'utility', pricing_model: 'PMP' });

    const chat = await (await fetch(`${baseUrl}/simulator/users/34612345678/chat?phone_number_id=${biz.phone_number_id}`, { headers: { authorization: `Bearer ${biz.access_token}` } })).json();
    const shown = chat.messages.find((m: { id: string }) => m.id === wamid);
    expect(shown.template.rendered).toMatchObject({
      header: { type: 'text', text: 'Order A-17' },
      body: 'Thank you, Lucía! Your order A-17 is on its way.',
      footer: 'Lucky Shrub',
      buttons: [
        { type: 'QUICK_REPLY', text: 'Stop updates', payload: 'STOP-A17' },
        { type: 'URL', text: 'Track it', url: 'https://shop.example/track/A-17' },
      ],
    });

    const tap = await fetch(`${baseUrl}/simulator/users/34612345678/tap`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${biz.access_token}` }, body: JSON.stringify({ message_id: wamid, button_index: 0 }) });
    expect(tap.status, await tap.clone().text()).toBe(200);
    await receiver.waitFor(() => receiver.inbound().some((m) => m.type === 'button' && (m.context as { id?: string } | undefined)?.id === wamid), 'the button webhook');
    const button = receiver.inbound().find((m) => m.type === 'button')!;
    expect(button).toMatchObject({ from: '34612345678', button: { payload: 'STOP-A17', text: 'Stop updates' }, context: { from: expect.any(String), id: wamid } });
  });

  it('refuses a body that starts with a parameter, naming the component and the rule', async () => {
    const res = await api('POST', `${biz.waba_id}/message_templates`, orderUpdate('dangling_start', '{{first_name}}, your order {{order_number}} is on its way to you today.'));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 100 });
    expect(res.json.error.error_data.details).toMatch(/components\[1\]\.text/);
    expect(res.json.error.error_data.details).toMatch(/start/i);
    const listed = await api('GET', `${biz.waba_id}/message_templates?name=dangling_start`);
    expect(listed.json.data).toEqual([]);
  });

  it('rejects a template carrying a sandbox marker, and approves marketing wording in a utility template as MARKETING', async () => {
    const promo = await api('POST', `${biz.waba_id}/message_templates`, orderUpdate('marked_promo', 'Hello {{first_name}}, order {{order_number}} ships today. [[reject:promotional]] Thanks.'));
    expect(promo.status, JSON.stringify(promo.json)).toBe(200);
    const sale = await api('POST', `${biz.waba_id}/message_templates`, orderUpdate('order_sale', 'Hello {{first_name}}, order {{order_number}} ships today. Buy now: 20% off everything in our sale!'));
    expect(sale.status, JSON.stringify(sale.json)).toBe(200);
    await advance(11);
    await receiver.waitFor(() => templateEvents(promo.json.id).length === 1 && templateEvents(sale.json.id).length === 1, 'both decisions');
    expect(templateEvents(promo.json.id)[0]).toMatchObject({ event: 'REJECTED', reason: 'PROMOTIONAL', rejection_info: { reason: expect.any(String), recommendation: expect.any(String) } });
    expect(templateEvents(sale.json.id)[0]).toMatchObject({ event: 'APPROVED', message_template_category: 'MARKETING' });
    const change = receiver.values('template_category_update').find((v) => String(v.message_template_id) === sale.json.id);
    expect(change).toMatchObject({ previous_category: 'UTILITY', new_category: 'MARKETING' });
    expect((await api('GET', `${promo.json.id}?fields=status,rejected_reason`)).json).toMatchObject({ status: 'REJECTED', rejected_reason: 'PROMOTIONAL' });
    expect((await api('GET', `${sale.json.id}?fields=category,previous_category`)).json).toMatchObject({ category: 'MARKETING', previous_category: 'UTILITY' });
  });

  it('answers template sends Meta refuses with its codes: unknown 132001 (HTTP 404), wrong parameter count 132000', async () => {
    const send = (template: unknown) => api('POST', `${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', to: '34612345679', type: 'template', template });
    const unknown = await send({ name: 'no_such_template', language: { code: 'en_US' } });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ code: 132001 });
    const short = await send({ name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Ana' }] }] });
    expect(short.status).toBe(400);
    expect(short.json.error.code).toBe(132000);
    const pending = await api('POST', `${biz.waba_id}/message_templates`, orderUpdate('not_yet_reviewed', 'Hi {{first_name}}, order {{order_number}} is ready for pickup at the store.'));
    expect((await send({ name: 'not_yet_reviewed', language: { code: 'en_US' } })).json.error.code).toBe(132001);
    expect(pending.json.status).toBe('PENDING');
  });

  it('refuses a second template of the same name and language, deletes by name, and holds an approved name for 30 days', async () => {
    const again = await api('POST', `${biz.waba_id}/message_templates`, orderUpdate('order_update'));
    expect(again.status).toBe(400);
    expect(again.json.error.error_data.details).toMatch(/already exists/);
    const deleted = await client.templates.delete({ businessAccountId: biz.waba_id, name: 'order_update' });
    expect(deleted).toMatchObject({ success: true });
    expect((await api('GET', `${biz.waba_id}/message_templates?name=order_update`)).json.data).toEqual([]);
    const reuse = await api('POST', `${biz.waba_id}/message_templates`, orderUpdate('order_update'));
    expect(reuse.status).toBe(400);
    expect(reuse.json.error.error_data.details).toMatch(/30 days/);
    const other = await t.business();
    const peek = await fetch(`${baseUrl}/v23.0/${biz.waba_id}/message_templates`, { headers: { authorization: `Bearer ${other.access_token}` } });
    // Another business's WABA is answered exactly like an unknown id.
    expect(peek.status).toBe(400);
    expect(((await peek.json()) as { error: { code: number; error_subcode: number } }).error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('pauses a template that reports drive to RED: sends fail with 132015 until it is unpaused 3 hours later', async () => {
    const created = await api('POST', `${biz.waba_id}/message_templates`, orderUpdate('quality_watch', 'Hello {{first_name}}, your order {{order_number}} has shipped from our warehouse.'));
    const id = String(created.json.id);
    await advance(11);
    await receiver.waitFor(() => templateEvents(id).some((e) => e.event === 'APPROVED'), 'the approval');
    const template = {
      name: 'quality_watch',
      language: { code: 'en_US' },
      components: [
        { type: 'header', parameters: [{ type: 'text', parameter_name: 'order_number', text: 'Q-1' }] },
        { type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Sam' }, { type: 'text', parameter_name: 'order_number', text: 'Q-1' }] },
        { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'Q-1' }] },
      ],
    };
    const send = (to: string) => api('POST', `${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', to, type: 'template', template });
    const users = ['447700900101', '447700900102', '447700900103'];
    for (const user of users) {
      const sent = await send(user);
      expect(sent.status, JSON.stringify(sent.json)).toBe(200);
      await receiver.waitFor(() => receiver.statusSet(sent.json.messages[0].id).has('delivered'), 'delivery');
    }
    for (const user of users) {
      const report = await fetch(`${baseUrl}/simulator/users/${user}/report`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${biz.access_token}` }, body: JSON.stringify({ phone_number_id: biz.phone_number_id }) });
      expect(report.status).toBe(200);
    }
    // Webhooks may arrive in any order (spec §4.2): wait for both the quality change and the pause.
    const qualities = () => receiver.values('message_template_quality_update').filter((v) => String(v.message_template_id) === id);
    await receiver.waitFor(() => templateEvents(id).some((e) => e.event === 'PAUSED') && qualities().some((q) => q.new_quality_score === 'RED'), 'the pause at RED');
    expect(templateEvents(id).find((e) => e.event === 'PAUSED')).toMatchObject({ other_info: { title: 'FIRST_PAUSE' } });
    expect((await api('GET', `${id}?fields=status,quality_score`)).json).toMatchObject({ status: 'PAUSED', quality_score: { score: 'RED' } });
    const paused = await send('447700900104');
    expect(paused.status).toBe(400);
    expect(paused.json.error.code).toBe(132015);

    await advance(2 * 3600);
    expect((await send('447700900104')).json.error?.code).toBe(132015);
    await advance(3600 + 60);
    await receiver.waitFor(() => templateEvents(id).some((e) => (e.other_info as { title?: string } | undefined)?.title === 'UNPAUSE'), 'the unpause');
    const again = await send('447700900104');
    expect(again.status, JSON.stringify(again.json)).toBe(200);
  });

  it('edits as Meta allows: a rejected template freely, an approved one once a day and never its category', async () => {
    const created = await api('POST', `${biz.waba_id}/message_templates`, orderUpdate('edit_me', 'Hello {{first_name}}, order {{order_number}} is ready. [[reject:scam]] Thanks.'));
    const id = String(created.json.id);
    await advance(11);
    await receiver.waitFor(() => templateEvents(id).some((e) => e.event === 'REJECTED'), 'the rejection');
    expect((await api('GET', `${id}?fields=status,rejected_reason`)).json).toMatchObject({ status: 'REJECTED', rejected_reason: 'SCAM' });

    const fixed = orderUpdate('edit_me', 'Hello {{first_name}}, order {{order_number}} is ready for pickup. Thanks.');
    const edit = await api('POST', id, { components: fixed.components });
    expect(edit.json).toEqual({ success: true });
    expect((await api('GET', `${id}?fields=status`)).json.status).toBe('PENDING');
    await advance(11);
    await receiver.waitFor(() => templateEvents(id).some((e) => e.event === 'APPROVED'), 'the approval after the edit');

    const category = await api('POST', id, { category: 'MARKETING' });
    expect(category.status).toBe(400);
    expect(category.json.error.error_data.details).toMatch(/category of an APPROVED template/);
    const once = await api('POST', id, { components: orderUpdate('edit_me', 'Hi {{first_name}}, order {{order_number}} can be picked up today. Thanks.').components });
    expect(once.json).toEqual({ success: true });
    await advance(11);
    await receiver.waitFor(() => templateEvents(id).filter((e) => e.event === 'APPROVED').length === 2, 'the second approval');
    const twice = await api('POST', id, { components: fixed.components });
    expect(twice.status).toBe(400);
    expect(twice.json.error.error_data.details).toMatch(/once in 24 hours/);
    const bad = await api('POST', id, { components: orderUpdate('edit_me', '{{first_name}} order {{order_number}}').components });
    expect(bad.status).toBe(400);
    expect((await api('GET', `${id}?fields=status,components`)).json.components[1].text).toBe('Hi {{first_name}}, order {{order_number}} can be picked up today. Thanks.');
  });

  it('unpauses a paused template on request', async () => {
    const created = await api('POST', `${biz.waba_id}/message_templates`, orderUpdate('pause_me', 'Hello {{first_name}}, your order {{order_number}} is packed and ready now.'));
    const id = String(created.json.id);
    await advance(11);
    await receiver.waitFor(() => templateEvents(id).some((e) => e.event === 'APPROVED'), 'the approval');
    expect((await api('POST', `${id}/unpause`)).json.error.error_data.details).toMatch(/not PAUSED/);
    await t.chatapp.services.templates.apply({
      wabaId: biz.waba_id,
      field: 'message_template_status_update',
      value: { event: 'PAUSED', message_template_id: Number(id), message_template_name: 'pause_me', message_template_language: 'en_US', reason: 'NONE', other_info: { title: 'FIRST_PAUSE', description: 'low quality' } },
    });
    expect((await api('GET', `${id}?fields=status`)).json.status).toBe('PAUSED');
    expect((await api('POST', `${id}/unpause`)).json).toEqual({ success: true });
    expect((await api('GET', `${id}?fields=status`)).json.status).toBe('APPROVED');
    await receiver.waitFor(() => templateEvents(id).some((e) => (e.other_info as { title?: string } | undefined)?.title === 'UNPAUSE'), 'the unpause webhook');
  });

  it('lints a template in the console, returning every finding with where it is', async () => {
    const login = await fetch(`${baseUrl}/console/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(biz.console) });
    const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
    const csrf = ((await login.json()) as { user: { csrf_token: string } }).user.csrf_token;
    const bad = orderUpdate('lint_me', '{{first_name}}{{order_number}}');
    const res = await fetch(`${baseUrl}/console/api/templates/lint`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ waba_id: biz.waba_id, ...bad }) });
    expect(res.status).toBe(200);
    const { findings } = (await res.json()) as { findings: { rule: string; rejected_reason: string; path: string; message: string }[] };
    expect(findings.length).toBeGreaterThanOrEqual(2);
    expect(findings.every((f) => f.path.startsWith('components[1]') || f.path.startsWith('components'))).toBe(true);
    expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining([expect.stringMatching(/adjacent/), expect.stringMatching(/dangling/)]));
  });

  it('keeps a deleted template PENDING_DELETION while a message of it is still on its way, then deletes it', async () => {
    const hello = { messaging_product: 'whatsapp', type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
    // The magic number +1 555 000 0010 is offline for an hour: the message stays sent, not delivered.
    const sent = await api('POST', `${biz.phone_number_id}/messages`, { ...hello, to: '+1 555 000 0010' });
    await receiver.waitFor(() => receiver.statusSet(sent.json.messages[0].id).has('sent'), 'the sent status');
    expect((await api('DELETE', `${biz.waba_id}/message_templates?name=hello_world`)).json).toEqual({ success: true });
    expect((await api('GET', `${biz.waba_id}/message_templates?name=hello_world&fields=status`)).json.data).toEqual([{ status: 'PENDING_DELETION', id: expect.any(String) }]);
    const refused = await api('POST', `${biz.phone_number_id}/messages`, { ...hello, to: '+34 612 000 111' });
    expect(refused.json.error.code).toBe(132001);
    await advance(30 * 86_400 + 60);
    await eventually(async () => expect((await api('GET', `${biz.waba_id}/message_templates?name=hello_world`)).json.data).toEqual([]));
  });
});
