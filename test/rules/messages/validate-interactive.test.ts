import { describe, expect, it } from 'vitest';
import { accepted, chars, expectRejected, send } from '../../helpers/outbound.js';

type Fields = Record<string, unknown>;
const interactive = (fields: Fields) => send({ type: 'interactive', interactive: fields });

const reply = (id: string, title: string) => ({ type: 'reply', reply: { id, title } });
const buttons = (list: unknown[], extra: Fields = {}) =>
  interactive({ type: 'button', body: { text: 'Pick one' }, action: { buttons: list }, ...extra });
const row = (id: string, fields: Fields = {}) => ({ id, title: `Row ${id}`, ...fields });
const list = (sections: unknown[], action: Fields = {}, extra: Fields = {}) =>
  interactive({ type: 'list', body: { text: 'Choose' }, action: { button: 'Options', sections, ...action }, ...extra });
const rows = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => row(`${prefix}${i}`));
const cta = (parameters: Fields, name = 'cta_url') =>
  interactive({ type: 'cta_url', body: { text: 'See it' }, action: { name, parameters } });
const flowParameters = { flow_message_version: '3', flow_token: 't-1', flow_id: '1234567890', flow_cta: 'Sign up', mode: 'published', flow_action: 'navigate', flow_action_payload: { screen: 'WELCOME', data: { a: 1 } } };
const flow = (parameters: Fields) => interactive({ type: 'flow', body: { text: 'Join' }, action: { name: 'flow', parameters } });
const productItems = (n: number) => Array.from({ length: n }, (_, i) => ({ product_retailer_id: `sku-${i}` }));
const productList = (sections: unknown[], extra: Fields = {}) =>
  interactive({ type: 'product_list', header: { type: 'text', text: 'Menu' }, body: { text: 'Our picks' }, action: { catalog_id: 'c1', sections }, ...extra });

describe('interactive messages: the common frame', () => {
  it('returns the interactive object as sent', () => {
    const fields = { type: 'button', header: { type: 'text', text: 'Hi' }, body: { text: 'Pick' }, footer: { text: 'Thanks' }, action: { buttons: [reply('a', 'A')] } };
    expect(accepted(interactive(fields))).toMatchObject({ type: 'interactive', content: fields });
  });

  it('fails a missing or unknown interactive.type with 131008 or 131009', () => {
    expectRejected(interactive({ body: { text: 'x' }, action: {} }), 131008, 'interactive.type');
    const error = expectRejected(interactive({ type: 'request_contact_info', body: { text: 'x' }, action: {} }), 131009, 'interactive.type');
    expect(error.details).toContain('not supported');
  });

  it('fails a missing body or action with 131008', () => {
    expectRejected(interactive({ type: 'button', action: { buttons: [reply('a', 'A')] } }), 131008, 'interactive.body');
    expectRejected(interactive({ type: 'button', body: { text: 'x' } }), 131008, 'interactive.action');
    expectRejected(interactive({ type: 'button', body: {}, action: { buttons: [reply('a', 'A')] } }), 131008, 'interactive.body.text');
  });

  it('accepts a body of 1024 characters and fails 1025 with 100', () => {
    expect(accepted(buttons([reply('a', 'A')], { body: { text: chars(1024, '🙂') } })).type).toBe('interactive');
    expectRejected(buttons([reply('a', 'A')], { body: { text: chars(1025) } }), 100, 'interactive.body.text');
  });

  it('accepts a footer of 60 characters and fails 61 with 100', () => {
    expect(accepted(buttons([reply('a', 'A')], { footer: { text: chars(60) } })).type).toBe('interactive');
    expectRejected(buttons([reply('a', 'A')], { footer: { text: chars(61) } }), 100, 'interactive.footer.text');
  });

  it('accepts a text header of 60 characters and fails 61 with 100', () => {
    expect(accepted(buttons([reply('a', 'A')], { header: { type: 'text', text: chars(60) } })).type).toBe('interactive');
    expectRejected(buttons([reply('a', 'A')], { header: { type: 'text', text: chars(61) } }), 100, 'interactive.header.text');
  });

  it.each(['image', 'video', 'document'])('accepts a %s header by id or link and fails one with neither with 131008', (type) => {
    expect(accepted(buttons([reply('a', 'A')], { header: { type, [type]: { id: '123' } } })).type).toBe('interactive');
    expect(accepted(buttons([reply('a', 'A')], { header: { type, [type]: { link: 'https://x.io/f' } } })).type).toBe('interactive');
    expectRejected(buttons([reply('a', 'A')], { header: { type, [type]: {} } }), 131008, `interactive.header.${type}.id or interactive.header.${type}.link`);
    expectRejected(buttons([reply('a', 'A')], { header: { type } }), 131008, `interactive.header.${type}`);
  });

  it('fails a header of an unknown type with 131009', () => {
    expectRejected(buttons([reply('a', 'A')], { header: { type: 'sticker', sticker: { id: '1' } } }), 131009, 'interactive.header.type');
  });
});

describe('interactive reply buttons', () => {
  it('accepts 1 to 3 buttons and fails 0 or 4 with 131009', () => {
    expect(accepted(buttons([reply('a', 'A'), reply('b', 'B'), reply('c', 'C')])).type).toBe('interactive');
    expectRejected(buttons([reply('a', 'A'), reply('b', 'B'), reply('c', 'C'), reply('d', 'D')]), 131009, 'interactive.action.buttons');
    expectRejected(buttons([]), 131009, 'interactive.action.buttons');
  });

  it('accepts a reply id of 256 characters and fails 257 or empty with 131009', () => {
    expect(accepted(buttons([reply(chars(256), 'A')])).type).toBe('interactive');
    expectRejected(buttons([reply(chars(257), 'A')]), 131009, 'interactive.action.buttons[0].reply.id');
    expectRejected(buttons([reply('', 'A')]), 131009, 'interactive.action.buttons[0].reply.id');
  });

  it('accepts a reply title of 20 characters, emoji counted as one, and fails 21 or empty with 131009', () => {
    expect(accepted(buttons([reply('a', `${chars(19)}✅`)])).type).toBe('interactive');
    expectRejected(buttons([reply('a', 'A'), reply('b', chars(21))]), 131009, 'interactive.action.buttons[1].reply.title');
    expectRejected(buttons([reply('a', '')]), 131009, 'interactive.action.buttons[0].reply.title');
  });

  it('fails a button whose type is not reply with 131009, and one without reply with 131008', () => {
    expectRejected(buttons([{ type: 'url', reply: { id: 'a', title: 'A' } }]), 131009, 'interactive.action.buttons[0].type');
    expectRejected(buttons([{ type: 'reply' }]), 131008, 'interactive.action.buttons[0].reply');
  });

  it('fails duplicate button ids or titles with 131009 naming the second', () => {
    expectRejected(buttons([reply('a', 'A'), reply('a', 'B')]), 131009, 'interactive.action.buttons[1].reply.id');
    expectRejected(buttons([reply('a', 'Same'), reply('b', 'Same')]), 131009, 'interactive.action.buttons[1].reply.title');
  });
});

describe('interactive lists', () => {
  it('accepts one untitled section and a text header', () => {
    expect(accepted(list([{ rows: [row('1', { description: 'First' })] }], {}, { header: { type: 'text', text: 'Menu' } })).type).toBe('interactive');
  });

  it('fails a media header on a list with 131009', () => {
    expectRejected(list([{ rows: [row('1')] }], {}, { header: { type: 'image', image: { id: '1' } } }), 131009, 'interactive.header.type');
  });

  it('accepts an action button of 20 characters and fails 21 or a missing one', () => {
    expect(accepted(list([{ rows: [row('1')] }], { button: chars(20) })).type).toBe('interactive');
    expectRejected(list([{ rows: [row('1')] }], { button: chars(21) }), 131009, 'interactive.action.button');
    expectRejected(list([{ rows: [row('1')] }], { button: undefined }), 131008, 'interactive.action.button');
  });

  it('accepts 10 sections and fails 11 or none with 131009', () => {
    const sections = (n: number) => Array.from({ length: n }, (_, s) => ({ title: `S${s}`, rows: [row(`${s}`)] }));
    expect(accepted(list(sections(10))).type).toBe('interactive');
    expectRejected(list(sections(11)), 131009, 'interactive.action.sections');
    expectRejected(list([]), 131009, 'interactive.action.sections');
  });

  it('accepts 10 rows in total across sections and fails 11 with 131009', () => {
    expect(accepted(list([{ title: 'A', rows: rows(5, 'a') }, { title: 'B', rows: rows(5, 'b') }])).type).toBe('interactive');
    expectRejected(list([{ title: 'A', rows: rows(5, 'a') }, { title: 'B', rows: rows(6, 'b') }]), 131009, 'interactive.action.sections');
    expectRejected(list([{ rows: rows(11) }]), 131009, 'interactive.action.sections[0].rows');
    expectRejected(list([{ rows: [] }]), 131009, 'interactive.action.sections[0].rows');
  });

  it('requires a section title when there is more than one section (131008), of at most 24 characters (131009)', () => {
    expectRejected(list([{ title: 'A', rows: [row('1')] }, { rows: [row('2')] }]), 131008, 'interactive.action.sections[1].title');
    expect(accepted(list([{ title: chars(24), rows: [row('1')] }])).type).toBe('interactive');
    expectRejected(list([{ title: chars(25), rows: [row('1')] }]), 131009, 'interactive.action.sections[0].title');
  });

  it('accepts row id 200, title 24 and description 72 characters and fails one more with 131009', () => {
    expect(accepted(list([{ rows: [{ id: chars(200), title: chars(24), description: chars(72) }] }])).type).toBe('interactive');
    expectRejected(list([{ rows: [row(chars(201))] }]), 131009, 'interactive.action.sections[0].rows[0].id');
    expectRejected(list([{ rows: [{ id: '1', title: chars(25) }] }]), 131009, 'interactive.action.sections[0].rows[0].title');
    expectRejected(list([{ rows: [row('1', { description: chars(73) })] }]), 131009, 'interactive.action.sections[0].rows[0].description');
  });

  it('fails a row id repeated in another section with 131009', () => {
    expectRejected(list([{ title: 'A', rows: [row('x')] }, { title: 'B', rows: [row('x')] }]), 131009, 'interactive.action.sections[1].rows[0].id');
  });
});

describe('interactive CTA URL buttons', () => {
  it('accepts a display text of 20 characters and an https URL', () => {
    expect(accepted(cta({ display_text: chars(20), url: 'https://example.com/a?b=c' })).type).toBe('interactive');
  });

  it('fails a display text of 21 characters, a non-http URL or a wrong action name with 131009', () => {
    expectRejected(cta({ display_text: chars(21), url: 'https://x.io' }), 131009, 'interactive.action.parameters.display_text');
    expectRejected(cta({ display_text: 'Go', url: 'javascript:alert(1)' }), 131009, 'interactive.action.parameters.url');
    expectRejected(cta({ display_text: 'Go', url: 'https://x.io' }, 'url'), 131009, 'interactive.action.name');
  });

  it('fails missing parameters with 131008', () => {
    expectRejected(interactive({ type: 'cta_url', body: { text: 'x' }, action: { name: 'cta_url' } }), 131008, 'interactive.action.parameters');
    expectRejected(cta({ display_text: 'Go' }), 131008, 'interactive.action.parameters.url');
  });
});

describe('interactive location requests', () => {
  const request = (extra: Fields = {}) =>
    interactive({ type: 'location_request_message', body: { text: 'Where are you?' }, action: { name: 'send_location' }, ...extra });

  it('accepts a body with the send_location action', () => {
    expect(accepted(request()).type).toBe('interactive');
  });

  it('fails a header with 131009 and another action name with 131009', () => {
    expectRejected(request({ header: { type: 'text', text: 'Hi' } }), 131009, 'interactive.header');
    expectRejected(request({ action: { name: 'location' } }), 131009, 'interactive.action.name');
  });
});

describe('interactive flows', () => {
  it('accepts a flow by id, and one by name in draft mode with data_exchange', () => {
    expect(accepted(flow(flowParameters)).content).toMatchObject({ action: { parameters: flowParameters } });
    const { flow_id: _, ...byName } = flowParameters;
    expect(accepted(flow({ ...byName, flow_name: 'signup', mode: 'draft', flow_action: 'data_exchange' })).type).toBe('interactive');
  });

  it('fails a flow with neither flow_id nor flow_name with 131008 and with both with 100', () => {
    const { flow_id: _, ...neither } = flowParameters;
    expectRejected(flow(neither), 131008, 'interactive.action.parameters.flow_id or interactive.action.parameters.flow_name');
    expectRejected(flow({ ...flowParameters, flow_name: 'signup' }), 100, 'interactive.action.parameters');
  });

  it('fails a flow_message_version other than "3" with 131009', () => {
    expectRejected(flow({ ...flowParameters, flow_message_version: '2' }), 131009, 'interactive.action.parameters.flow_message_version');
  });

  it('accepts a flow_cta of 30 characters and fails 31 or a missing one', () => {
    expect(accepted(flow({ ...flowParameters, flow_cta: chars(30) })).type).toBe('interactive');
    expectRejected(flow({ ...flowParameters, flow_cta: chars(31) }), 131009, 'interactive.action.parameters.flow_cta');
    expectRejected(flow({ ...flowParameters, flow_cta: undefined }), 131008, 'interactive.action.parameters.flow_cta');
  });

  it('fails an unknown mode or flow_action with 131009', () => {
    expectRejected(flow({ ...flowParameters, mode: 'live' }), 131009, 'interactive.action.parameters.mode');
    expectRejected(flow({ ...flowParameters, flow_action: 'open' }), 131009, 'interactive.action.parameters.flow_action');
  });
});

describe('interactive products and product lists', () => {
  const product = (extra: Fields = {}) =>
    interactive({ type: 'product', action: { catalog_id: 'c1', product_retailer_id: 'sku-1' }, ...extra });

  it('accepts a single product without a body, and with one', () => {
    expect(accepted(product()).type).toBe('interactive');
    expect(accepted(product({ body: { text: 'Look' }, footer: { text: 'Sale' } })).type).toBe('interactive');
  });

  it('fails a product with a header with 131009 and without its ids with 131008', () => {
    expectRejected(product({ header: { type: 'text', text: 'Hi' } }), 131009, 'interactive.header');
    expectRejected(interactive({ type: 'product', action: { catalog_id: 'c1' } }), 131008, 'interactive.action.product_retailer_id');
  });

  it('accepts a product list of 30 items in total and fails 31 with 131009', () => {
    expect(accepted(productList([{ title: 'A', product_items: productItems(15) }, { title: 'B', product_items: productItems(15) }])).type).toBe('interactive');
    expectRejected(productList([{ title: 'A', product_items: productItems(15) }, { title: 'B', product_items: productItems(16) }]), 131009, 'interactive.action.sections');
  });

  it('accepts 10 sections and fails 11 with 131009', () => {
    const sections = (n: number) => Array.from({ length: n }, (_, s) => ({ title: `S${s}`, product_items: productItems(1) }));
    expect(accepted(productList(sections(10))).type).toBe('interactive');
    expectRejected(productList(sections(11)), 131009, 'interactive.action.sections');
  });

  it('requires a text header, a section title and product items', () => {
    const sections = [{ title: 'A', product_items: productItems(1) }];
    expectRejected(productList(sections, { header: undefined }), 131008, 'interactive.header');
    expectRejected(productList(sections, { header: { type: 'image', image: { id: '1' } } }), 131009, 'interactive.header.type');
    expectRejected(productList([{ product_items: productItems(1) }]), 131008, 'interactive.action.sections[0].title');
    expectRejected(productList([{ title: 'A', product_items: [] }]), 131009, 'interactive.action.sections[0].product_items');
    expectRejected(productList([{ title: 'A', product_items: [{}] }]), 131008, 'interactive.action.sections[0].product_items[0].product_retailer_id');
  });
});

describe('interactive kinds checked minimally', () => {
  it('accepts a catalog message, an address message and a call permission request', () => {
    const catalog = { type: 'catalog_message', body: { text: 'Browse' }, action: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: 'sku-1' } } };
    const address = { type: 'address_message', body: { text: 'Your address?' }, action: { name: 'address_message', parameters: { country: 'IN' } } };
    const call = { type: 'call_permission_request', action: { name: 'call_permission_request' } };
    for (const fields of [catalog, address, call]) expect(accepted(interactive(fields)).content).toEqual(fields);
  });

  it('fails a wrong action name with 131009 and an address message without country with 131008', () => {
    expectRejected(interactive({ type: 'catalog_message', body: { text: 'x' }, action: { name: 'catalog' } }), 131009, 'interactive.action.name');
    expectRejected(interactive({ type: 'address_message', body: { text: 'x' }, action: { name: 'address_message', parameters: {} } }), 131008, 'interactive.action.parameters.country');
  });
});
