import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { samplePdf, samplePng } from '../../src/rules/media/samples.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';

describe.each(databaseTargets)('the Resumable Upload API on $name', (target) => {
  let t: TestChatapp;
  let base: string;
  let biz: DemoFacts;
  let appId: string;

  /** Real HTTP, as Meta's guide does it: `Authorization: OAuth`, the bytes as the raw body. */
  const http = async (method: 'GET' | 'POST', path: string, options: { token?: string; headers?: Record<string, string>; body?: Buffer } = {}) => {
    const res = await fetch(`${base}/v23.0/${path}`, {
      method,
      headers: { authorization: `OAuth ${options.token ?? biz.access_token}`, ...options.headers },
      ...(options.body !== undefined ? { body: new Uint8Array(options.body as Buffer) } : {}),
    });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
  const startSession = async (file: Buffer, type: string, token?: string) =>
    http('POST', `${appId}/uploads?file_name=sample&file_length=${file.length}&file_type=${encodeURIComponent(type)}`, { ...(token ? { token } : {}) });
  /** A whole file in one chunk, as curl's `--data-binary` sends it (form-urlencoded). */
  const uploadWhole = async (file: Buffer, type: string): Promise<string> => {
    const session = await startSession(file, type);
    const done = await http('POST', session.json.id, { headers: { file_offset: '0', 'content-type': 'application/x-www-form-urlencoded' }, body: file });
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    return done.json.h as string;
  };

  beforeAll(async () => {
    t = await startTestChatapp(target);
    base = await t.listen();
    biz = await t.business();
    appId = (await t.chatapp.services.accounts.authenticate(biz.access_token)).appId;
  });
  afterAll(() => t.close());

  it('takes a file in chunks, tells where an interrupted upload stands, and answers a handle once it is whole', async () => {
    const file = samplePdf('a brochure long enough to cut in three pieces');
    const session = await startSession(file, 'application/pdf');
    expect(session.status).toBe(200);
    expect(session.json.id).toMatch(/^upload:\d+$/);

    const first = await http('POST', session.json.id, { headers: { file_offset: '0' }, body: file.subarray(0, 40) });
    expect(first.json).toEqual({ id: session.json.id, file_offset: 40 });
    expect((await http('GET', session.json.id)).json).toEqual({ id: session.json.id, file_offset: 40 });

    const wrongOffset = await http('POST', session.json.id, { headers: { file_offset: '0' }, body: file.subarray(40) });
    expect(wrongOffset.status).toBe(400);
    expect(wrongOffset.json.error.error_data.details).toMatch(/send the rest from file_offset 40/);

    const rest = await http('POST', session.json.id, { headers: { file_offset: '40', 'content-type': 'application/octet-stream' }, body: file.subarray(40) });
    expect(rest.status).toBe(200);
    expect(rest.json.h).toMatch(new RegExp(`^4::${Buffer.from('application/pdf').toString('base64')}:[A-Za-z0-9_-]{32}:e:\\d+:${appId}$`));
    // The last chunk's answer lost on the way: a repeat gets the same handle.
    expect((await http('POST', session.json.id, { headers: { file_offset: '40' }, body: file.subarray(40) })).json).toEqual({ h: rest.json.h });
  });

  it('refuses bad sessions and chunks with code 100 naming the part, and keeps other businesses out', async () => {
    const cases: [string, RegExp][] = [
      ['file_length=10&file_type=image/png', /file_name/],
      ['file_name=a.png&file_type=image/png', /file_length/],
      ['file_name=a.png&file_length=200000000&file_type=image/png', /file_length: must be between/],
      ['file_name=a.gif&file_length=10&file_type=image/gif', /file_type: must be one of application\/pdf, image\/jpeg, image\/jpg, image\/png, video\/mp4/],
    ];
    for (const [query, details] of cases) {
      const res = await http('POST', `${appId}/uploads?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.error.code).toBe(100);
      expect(res.json.error.error_data.details).toMatch(details);
    }
    const file = samplePng();
    const session = await startSession(file, 'image/png');
    expect((await http('POST', session.json.id, { body: file })).json.error.error_data.details).toMatch(/file_offset: the header is required/);
    const tooLong = await http('POST', session.json.id, { headers: { file_offset: '0' }, body: Buffer.concat([file, file]) });
    expect(tooLong.json.error.error_data.details).toMatch(/runs past file_length/);
    expect((await http('GET', session.json.id)).json.file_offset).toBe(0);

    // A PDF declared as PNG is refused when it is whole, and the session starts again.
    const liar = await startSession(samplePdf().subarray(0, file.length), 'image/png');
    const refused = await http('POST', liar.json.id, { headers: { file_offset: '0' }, body: samplePdf().subarray(0, file.length) });
    expect(refused.json.error.code).toBe(131053);
    expect((await http('GET', liar.json.id)).json.file_offset).toBe(0);

    const other = await t.business();
    expect((await http('GET', session.json.id, { token: other.access_token })).json.error).toMatchObject({ code: 100, error_subcode: 33 });
    expect((await startSession(file, 'image/png', other.access_token)).json.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('sets the profile picture from a handle, served where users’ phones fetch it, and refuses a handle that is not a picture', async () => {
    const picture = samplePng(16, 16, [0xff, 0x88, 0x00]);
    const handle = await uploadWhole(picture, 'image/png');
    const set = await t.graph(biz, 'POST', `${biz.phone_number_id}/whatsapp_business_profile`, { messaging_product: 'whatsapp', profile_picture_handle: handle });
    expect(set.json).toEqual({ success: true });
    const profile = await t.graph(biz, 'GET', `${biz.phone_number_id}/whatsapp_business_profile?fields=profile_picture_url`);
    const url = profile.json.data[0].profile_picture_url as string;
    expect(url).toMatch(/^http:\/\/localhost(:\d+)?\/pps\/[A-Za-z0-9_-]{32}$/);
    // Served without a token, as Meta's CDN serves profile pictures.
    const fetched = await fetch(`${base}${new URL(url).pathname}`);
    expect(fetched.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await fetched.arrayBuffer()).equals(picture)).toBe(true);
    expect((await fetch(`${base}/pps/${'x'.repeat(32)}`)).status).toBe(404);
    const chat = await t.simulator(biz, 'GET', `/users/4915200000019/chat?phone_number_id=${biz.phone_number_id}`);
    expect(new URL(chat.json().business.profile.profile_picture_url as string).pathname).toBe(new URL(url).pathname);

    const pdf = await uploadWhole(samplePdf(), 'application/pdf');
    const wrongType = await t.graph(biz, 'POST', `${biz.phone_number_id}/whatsapp_business_profile`, { messaging_product: 'whatsapp', profile_picture_handle: pdf });
    expect(wrongType.json.error.error_data.details).toMatch(/profile_picture_handle: the uploaded file is application\/pdf; this needs image\/jpeg or image\/png/);
    const unknown = await t.graph(biz, 'POST', `${biz.phone_number_id}/whatsapp_business_profile`, { messaging_product: 'whatsapp', profile_picture_handle: '4::aW1hZ2U=:nope' });
    expect(unknown.json.error.error_data.details).toMatch(/profile_picture_handle: not a handle of a finished upload/);
    const other = await t.business();
    const foreign = await t.graph(other, 'POST', `${other.phone_number_id}/whatsapp_business_profile`, { messaging_product: 'whatsapp', profile_picture_handle: handle });
    expect(foreign.status).toBe(400);
  });

  it('takes a handle as a template’s media header example only when it names a file of the header’s kind', async () => {
    const image = await uploadWhole(samplePng(), 'image/png');
    let n = 0;
    const template = (handle: string, format = 'IMAGE') => ({
      name: `spring_sale_${++n}`,
      language: 'en_US',
      category: 'MARKETING',
      components: [
        { type: 'HEADER', format, example: { header_handle: [handle] } },
        { type: 'BODY', text: `Our spring collection number ${n} is here.` },
      ],
    });
    const created = await t.graph(biz, 'POST', `${biz.waba_id}/message_templates`, template(image));
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    expect(created.json.status).toBe('PENDING');

    const asDocument = await t.graph(biz, 'POST', `${biz.waba_id}/message_templates`, template(image, 'DOCUMENT'));
    expect(asDocument.json.error.error_data.details).toMatch(/components\[0\]\.example\.header_handle\[0\]: the uploaded file is image\/png; this needs application\/pdf/);
    const made_up = await t.graph(biz, 'POST', `${biz.waba_id}/message_templates`, template('4::aW1hZ2UvcG5n:made-up'));
    expect(made_up.json.error.error_data.details).toMatch(/components\[0\]\.example\.header_handle\[0\]: not a handle of a finished upload/);
  });
});
