import { describe, expect, it } from 'vitest';
import {
  compileOperation,
  examplesOf,
  ignoredFormats,
  metaOpenApiDocument,
  metaOperations,
  operation,
  operationFor,
  operationsMatching,
  validateComponent,
  validateRequest,
  validateResponse,
  validateWebhook,
  webhookMergeRepairs,
} from '../helpers/meta-openapi.js';
import { allRefs, readMetaOpenApi, resolvePointer } from '../helpers/meta-openapi-spec.js';

// The validator of Meta's published contract, checked on itself before any suite trusts it:
// it reads the whole file, it passes what the spec's own examples show, and it fails on purpose.

const SEND = 'POST /{Phone-Number-ID}/messages';
const clone = <T>(value: T): T => structuredClone(value);
const webhookExample = (name: string) => clone(examplesOf('POST /whatsapp/webhooks', 'request')[name]) as Record<string, any>;
const sendAnswer = () => clone(examplesOf(SEND, '200')['Example response']) as Record<string, any>;

describe("Meta's OpenAPI contract (v23.0) as the validator reads it", () => {
  it('fails loudly, naming where it looked, when the yaml is missing', () => {
    expect(() => readMetaOpenApi('/nonexistent/shared/spec/meta-openapi/business-messaging-api_v23.0.yaml')).toThrow(
      /Meta's OpenAPI contract is missing: expected \/nonexistent\/.*spec\/meta-openapi\/.*never skip/,
    );
  });

  it('lists the 113 operations of the 78 paths once each, with operationId and summary', () => {
    const operations = metaOperations();
    expect(operations).toHaveLength(113);
    expect(new Set(operations.map((o) => o.key)).size).toBe(113);
    expect(new Set(operations.map((o) => o.specPath)).size).toBe(78);
    expect(operation(SEND)).toMatchObject({ method: 'POST', template: '/{Phone-Number-ID}/messages', specPath: '/{Version}/{Phone-Number-ID}/messages', operationId: 'sendMessage' });
    expect(operation('GET /{Version}/{WABA-ID}/phone_numbers').operationId).toBe('getWhatsAppBusinessAccountPhoneNumbers');
    // Only the webhook description lacks an operationId.
    expect(operations.filter((o) => !o.operationId).map((o) => o.key)).toEqual(['POST /whatsapp/webhooks']);
    expect(operations.every((o) => o.statuses.includes('200'))).toBe(true);
  });

  it('resolves every $ref and discriminator mapping in the file', () => {
    const doc = metaOpenApiDocument();
    const refs = allRefs(doc);
    expect(refs.length).toBeGreaterThan(1500);
    expect(refs.filter(({ ref }) => resolvePointer(doc, ref) === undefined)).toEqual([]);
    expect(Object.keys(doc.components.schemas)).toHaveLength(370);
  });

  it('compiles the schema of every response and request body of every operation, checking every format Meta uses', () => {
    let compiled = 0;
    const failures: string[] = [];
    for (const op of metaOperations()) {
      try {
        compiled += compileOperation(op);
      } catch (error) {
        failures.push(`${op.key}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(compiled).toBeGreaterThan(600);
    expect(ignoredFormats()).toEqual([]);
  });

  it("repairs the webhook block's merge: each target was referenced by nothing, and afterwards nothing leaves the block", () => {
    const doc = metaOpenApiDocument();
    const repairs = webhookMergeRepairs();
    expect([...repairs.entries()]).toEqual([
      ['BaseMessageProperties', 'BaseMessageProperties_1'],
      ['TextMessage', 'TextMessage_2'],
      ['ReactionMessage', 'ReactionMessage_1'],
      ['AudioMessage', 'AudioMessage_1'],
      ['DocumentMessage', 'DocumentMessage_1'],
      ['ImageMessage', 'ImageMessage_1'],
      ['StickerMessage', 'StickerMessage_1'],
      ['VideoMessage', 'VideoMessage_1'],
      ['LocationMessage', 'LocationMessage_1'],
      ['ContactObject', 'ContactObject_1'],
      ['ErrorObject', 'ErrorObject_2'],
    ]);
    const targets = new Set(allRefs(doc).map(({ ref }) => ref));
    for (const renamed of repairs.values()) expect(targets.has(`#/components/schemas/${renamed}`), renamed).toBe(false);
    // As published, the spec's own inbound text example fails: it is checked against the send schema.
    const inbound = webhookExample('Text Message').entry[0].changes[0].value.messages[0];
    expect(validateComponent('TextMessage', inbound)).toContain("(root): must have required property 'to'");
    expect(validateComponent('TextMessage_2', inbound)).toEqual([]);
  });

  it("accepts the spec's own examples: a send answer, a phone-number list with a null username, and 13 of the 16 webhook examples", () => {
    expect(validateResponse({ operation: SEND, status: 200, body: sendAnswer() })).toEqual([]);
    expect(validateResponse({ operation: 'GET /{WABA-ID}/phone_numbers', status: 200, body: examplesOf('GET /{WABA-ID}/phone_numbers', '200').single_phone_number })).toEqual([]);
    const webhooks = examplesOf('POST /whatsapp/webhooks', 'request');
    const failing = Object.entries(webhooks)
      .filter(([, body]) => validateWebhook(body).length > 0)
      .map(([name]) => name);
    // Meta's group examples contradict its group schemas (timestamp as a string, wa_id as a number,
    // field "group_participants_update" where the enum says "group_participant_update").
    expect(failing).toEqual(['Group Create Message', 'Group Settings Update', 'Group Remove Participants']);
    expect(Object.keys(webhooks)).toHaveLength(16);
  });

  it('refuses a wrong type, a missing required property, a value outside an enum, a bad format and an unknown property of a closed schema', () => {
    const answer = sendAnswer();
    answer.messages[0].id = 12345;
    expect(validateResponse({ operation: SEND, status: 200, body: answer })).toEqual(['/messages/0/id: must be string (got number)']);

    const noFrom = webhookExample('Text Message');
    delete noFrom.entry[0].changes[0].value.messages[0].from;
    expect(validateWebhook(noFrom)).toEqual([
      '/entry/0/changes/0/value: matches no branch of oneOf; the closest one says:',
      "/entry/0/changes/0/value/messages/0: must have required property 'from'",
    ]);

    const noEntry = webhookExample('Text Message');
    delete noEntry.entry;
    expect(validateWebhook(noEntry)).toEqual(["(root): must have required property 'entry'"]);

    const status = { id: 'wamid.x', status: 'delivered_twice', timestamp: '1750030073', recipient_id: '16505551234' };
    expect(validateComponent('Statuses', status)).toEqual(['/status: must be equal to one of the allowed values "sent", "delivered", "read", "failed" (got "delivered_twice")']);

    const profile = { messaging_product: 'whatsapp', about: 'Plants', email: 'not-an-email' };
    expect(validateRequest({ operation: 'POST /{Phone-Number-ID}/whatsapp_business_profile', body: profile })).toEqual(['/email: must match format "email"']);

    const text = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '16505551234', type: 'text', text: { body: 'hi' } };
    expect(validateRequest({ operation: SEND, body: text })).toEqual([]);
    expect(validateRequest({ operation: SEND, body: { ...text, colour: 'green' } })).toEqual(["(root): must NOT have unevaluated properties 'colour'"]);
  });

  it('dispatches on a discriminator: a message typed image is checked as an image, an unknown type is refused', () => {
    const image = webhookExample('Image Message');
    expect(validateWebhook(image)).toEqual([]);
    const message = image.entry[0].changes[0].value.messages[0];
    message.text = { body: 'not an image' };
    delete message.image;
    expect(validateWebhook(image)).toEqual([
      '/entry/0/changes/0/value: matches no branch of oneOf; the closest one says:',
      "/entry/0/changes/0/value/messages/0: must have required property 'image'",
    ]);
    message.type = 'hologram';
    expect(validateWebhook(image)).toContainEqual(expect.stringMatching(/^\/entry\/0\/changes\/0\/value\/messages\/0\/type: must be equal to one of the allowed values "text", .*\(got "hologram"\)$/));
  });

  it('says so when a status is not documented for the operation, and when a body was not expected', () => {
    expect(validateResponse({ operation: SEND, status: 400, body: { error: { message: 'x', type: 'OAuthException', code: 100 } } })).toEqual([
      '(status): 400 is not documented for POST /{Phone-Number-ID}/messages (documented: 200)',
    ]);
    expect(validateRequest({ operation: 'GET /{WABA-ID}/phone_numbers', body: {} })).toEqual(['(content): GET /{WABA-ID}/phone_numbers documents no application/json request body (documented: none)']);
  });

  it('matches concrete paths to templates with or without the version, and asks for the template when several fit', () => {
    expect(operationFor('POST', '/v23.0/1234567/messages').key).toBe(SEND);
    expect(operationFor('post', '/1234567/messages?debug=all').key).toBe(SEND);
    expect(operationFor('GET', '/v23.0/1234567/phone_numbers').key).toBe('GET /{WABA-ID}/phone_numbers');
    expect(operationFor('POST', '/whatsapp/webhooks').key).toBe('POST /whatsapp/webhooks');
    expect(operationsMatching('POST', '/123/request_code').map((o) => o.key)).toEqual(['POST /{Phone-Number-ID}/request_code', 'POST /{Pre-Verified-Phone-Number-ID}/request_code']);
    expect(() => operationFor('GET', '/v23.0/1234567')).toThrow(/ambiguous in Meta's OpenAPI; name the operation: 'GET \/\{Business-ID\}', .*'GET \/\{Phone-Number-ID\}'/);
    expect(() => operationFor('GET', '/v23.0/1234567/no_such_edge')).toThrow(/matches no operation/);
    // An explicit template is checked against the path it is said to describe.
    expect(validateResponse({ operation: 'GET /{Phone-Number-ID}', path: '/v23.0/1234567', status: 200, body: { id: '1234567' } })).toEqual([]);
    expect(() => validateResponse({ operation: 'GET /{Phone-Number-ID}', path: '/v23.0/1234567/messages', status: 200, body: {} })).toThrow(/does not fit the template/);
    expect(() => operation('GET /{Nope}')).toThrow(/no operation/);
  });

  it("fails exactly the response examples where Meta's examples contradict Meta's schemas", () => {
    const failing: string[] = [];
    for (const op of metaOperations()) {
      for (const status of op.statuses) {
        for (const [name, body] of Object.entries(examplesOf(op.key, status))) {
          if (validateResponse({ operation: op.key, status: Number(status), body }).length > 0) failing.push(`${op.key} ${status} ${name}`);
        }
      }
    }
    // Each was read and judged the example's fault or the schema's, never the validator's:
    expect(failing).toEqual([
      'GET /{Phone-Number-ID}/call_permissions 200 Granted Permission', // limits: null where an array is declared
      'POST /{Phone-Number-ID}/calls 200 Connect Call Response', // fits both oneOf branches
      'POST /{Phone-Number-ID}/calls 200 Terminate Call Response', // fits both oneOf branches
      'GET /{Phone-Number-ID}/message_qrdls 200 default_fields', // codes like 5QBPAD2DC6L5A1 break ^[A-Z2-7]{14}$ (1 is no base32 digit)
      'GET /{Phone-Number-ID}/message_qrdls 200 with_qr_image',
      'GET /{Phone-Number-ID}/message_qrdls 200 single_qr_code',
      'POST /{Phone-Number-ID}/message_qrdls 200 created_qr_code_with_image',
      'POST /{Phone-Number-ID}/message_qrdls 200 updated_qr_code',
      'GET /{Phone-Number-ID}/message_qrdls/{QR-Code-ID} 200 default_fields', // a {data:[…]} list against a single-code schema
      'GET /{Phone-Number-ID}/message_qrdls/{QR-Code-ID} 200 with_qr_image_svg',
      'GET /{Phone-Number-ID}/message_qrdls/{QR-Code-ID} 200 with_creation_time',
      'GET /{Phone-Number-ID}/business_compliance_info 200 complete_compliance_info', // nulls, local phone formats
      'GET /{Phone-Number-ID}/business_compliance_info 200 minimal_compliance_info',
      'GET /{OBO-Mobility-Intent-ID} 200 active_intent', // solution lacks its required status_for_pending_request
      'GET /{WABA-ID}/phone_numbers 200 multiple_phone_numbers', // quality UNKNOWN, NOT_VERIFIED: outside the spec's own enums
      'GET /{WABA-ID}/schedules 200 multiple_schedules', // "09:00" is not an RFC 3339 time
      'GET /{WABA-ID}/schedules 200 single_schedule',
      'POST /{WABA-ID}/set_obo_mobility_intent 200 successful_intent', // nulls where strings are declared
      'POST /{WABA-ID}/set_obo_mobility_intent 200 failed_intent',
    ]);
  });
});
