import { validateCatalogAction, validateProductAction, validateProductListAction } from './validate-catalog.js';
import {
  badParam, badValue, checkMediaRef, join, missing, optionalEnum, optionalObject, optionalString, requiredArray, requiredEnum,
  requiredObject, requiredString, requiredUrl, type Json,
} from './validate-fields.js';

/**
 * Interactive messages (spec §1.3). The action checks answer 131009 as Meta does ("Invalid buttons
 * count…", "Row title is too long…"); body, footer and header text limits answer 100 as Graph's
 * parameter layer does ("Param interactive['body']['text'] …").
 *
 * Besides the seven main kinds we accept `catalog_message`, `address_message` and
 * `call_permission_request` with minimal checks (the action's name, its required parameters),
 * so a business is not blocked from types Meta sends; anything else (e.g. the 2026
 * `request_contact_info`, whose shape is still moving) is refused with 131009.
 */
export const interactiveTypes = [
  'button', 'list', 'cta_url', 'location_request_message', 'flow', 'product', 'product_list',
  'catalog_message', 'address_message', 'call_permission_request',
] as const;
export type InteractiveType = (typeof interactiveTypes)[number];
export const isInteractiveType = (value: unknown): value is InteractiveType => (interactiveTypes as readonly unknown[]).includes(value);

export const interactiveLimits = {
  bodyText: 1024,
  footerText: 60,
  headerText: 60,
  buttons: 3,
  buttonId: 256,
  buttonTitle: 20,
  listButton: 20,
  sections: 10,
  rows: 10,
  sectionTitle: 24,
  rowId: 200,
  rowTitle: 24,
  rowDescription: 72,
  ctaDisplayText: 20,
  ctaUrl: 2000,
  /** Meta's reference advises ≤30; one SDK enforces 20 (spec §10.8). We hold to Meta's figure. */
  flowCta: 30,
} as const;

const L = interactiveLimits;
const V = 'parameterValueInvalid' as const;
const headerTypes = ['text', 'image', 'video', 'document'] as const;
type HeaderType = (typeof headerTypes)[number];

/** Which header each kind takes: any of the four, text only, required text, or none at all. */
const headerRule: Record<InteractiveType, 'any' | 'text' | 'required-text' | 'none'> = {
  button: 'any', list: 'text', cta_url: 'any', location_request_message: 'none', flow: 'any', product: 'none',
  product_list: 'required-text',
  // The three kinds checked minimally get no header rule of ours: Meta decides.
  catalog_message: 'any', address_message: 'any', call_permission_request: 'any',
};

/** Kinds that may go without a body: a product (spec §1.3) and, checked minimally, a call permission request. */
const bodyOptional: ReadonlySet<InteractiveType> = new Set(['product', 'call_permission_request']);

function validateHeader(kind: InteractiveType, interactive: Json): void {
  const rule = headerRule[kind];
  const header = optionalObject(interactive, 'header', 'interactive');
  if (!header) {
    if (rule === 'required-text') throw missing('interactive.header');
    return;
  }
  if (rule === 'none') throw badValue('interactive.header', `is not allowed on ${kind} messages`);
  const type: HeaderType = requiredEnum(header, 'type', 'interactive.header', headerTypes);
  if (type !== 'text' && rule !== 'any') throw badValue('interactive.header.type', `must be text on ${kind} messages`);
  if (type === 'text') {
    requiredString(header, 'text', 'interactive.header', { max: L.headerText });
  } else {
    checkMediaRef(requiredObject(header, type, 'interactive.header'), join('interactive.header', type));
  }
}

function validateFrame(kind: InteractiveType, interactive: Json): void {
  validateHeader(kind, interactive);
  const body = bodyOptional.has(kind) ? optionalObject(interactive, 'body', 'interactive') : requiredObject(interactive, 'body', 'interactive');
  if (body) requiredString(body, 'text', 'interactive.body', { max: L.bodyText });
  const footer = optionalObject(interactive, 'footer', 'interactive');
  if (footer) requiredString(footer, 'text', 'interactive.footer', { max: L.footerText });
}

/** A required action name, e.g. `cta_url` for a CTA URL message. */
function actionName(action: Json, name: string): void {
  const value = requiredString(action, 'name', 'interactive.action', { code: V });
  if (value !== name) throw badValue('interactive.action.name', `must be "${name}", not "${value}"`);
}

/** Fails on the first value seen twice, e.g. two reply buttons with the same title. */
function unique(values: readonly { value: string; path: string }[], what: string): void {
  const seen = new Set<string>();
  for (const { value, path } of values) {
    if (seen.has(value)) throw badValue(path, `duplicate ${what} "${value}"`);
    seen.add(value);
  }
}

function validateButtons(action: Json): void {
  const at = 'interactive.action.buttons';
  const buttons = requiredArray(action, 'buttons', 'interactive.action', { min: 1, max: L.buttons, code: V, noun: 'buttons' });
  const ids: { value: string; path: string }[] = [];
  const titles: { value: string; path: string }[] = [];
  buttons.forEach((button, i) => {
    const buttonAt = join(at, i);
    requiredEnum(button, 'type', buttonAt, ['reply']);
    const reply = requiredObject(button, 'reply', buttonAt);
    const replyAt = join(buttonAt, 'reply');
    ids.push({ value: requiredString(reply, 'id', replyAt, { max: L.buttonId, code: V }), path: join(replyAt, 'id') });
    titles.push({ value: requiredString(reply, 'title', replyAt, { max: L.buttonTitle, code: V }), path: join(replyAt, 'title') });
  });
  unique(ids, 'button id');
  unique(titles, 'button title');
}

function validateList(action: Json): void {
  requiredString(action, 'button', 'interactive.action', { max: L.listButton, code: V });
  const at = 'interactive.action.sections';
  const sections = requiredArray(action, 'sections', 'interactive.action', { min: 1, max: L.sections, code: V, noun: 'sections' });
  const ids: { value: string; path: string }[] = [];
  sections.forEach((section, s) => {
    const sectionAt = join(at, s);
    // A section title is only required when there is more than one section.
    if (sections.length > 1) requiredString(section, 'title', sectionAt, { max: L.sectionTitle, code: V });
    else optionalString(section, 'title', sectionAt, { max: L.sectionTitle, code: V });
    const rows = requiredArray(section, 'rows', sectionAt, { min: 1, max: L.rows, code: V, noun: 'rows' });
    rows.forEach((row, r) => {
      const rowAt = join(join(sectionAt, 'rows'), r);
      ids.push({ value: requiredString(row, 'id', rowAt, { max: L.rowId, code: V }), path: join(rowAt, 'id') });
      requiredString(row, 'title', rowAt, { max: L.rowTitle, code: V });
      optionalString(row, 'description', rowAt, { max: L.rowDescription, code: V, allowEmpty: true });
    });
  });
  if (ids.length > L.rows) throw badValue(at, `must have at most ${L.rows} rows in total, not ${ids.length}`);
  unique(ids, 'row id');
}

function validateCtaUrl(action: Json): void {
  actionName(action, 'cta_url');
  const parameters = requiredObject(action, 'parameters', 'interactive.action');
  requiredString(parameters, 'display_text', 'interactive.action.parameters', { max: L.ctaDisplayText, code: V });
  requiredUrl(parameters, 'url', 'interactive.action.parameters', { max: L.ctaUrl, code: V });
}

function validateFlow(action: Json): void {
  actionName(action, 'flow');
  const at = 'interactive.action.parameters';
  const parameters = requiredObject(action, 'parameters', 'interactive.action');
  const version = requiredString(parameters, 'flow_message_version', at, { code: V });
  if (version !== '3') throw badValue(join(at, 'flow_message_version'), `must be "3", not "${version}"`);
  requiredString(parameters, 'flow_cta', at, { max: L.flowCta, code: V });
  const hasId = parameters.flow_id !== undefined && parameters.flow_id !== null;
  const hasName = parameters.flow_name !== undefined && parameters.flow_name !== null;
  if (!hasId && !hasName) throw missing(`${at}.flow_id or ${at}.flow_name`);
  if (hasId && hasName) throw badParam(at, 'give either flow_id or flow_name, not both');
  optionalString(parameters, 'flow_id', at);
  optionalString(parameters, 'flow_name', at);
  optionalString(parameters, 'flow_token', at);
  optionalEnum(parameters, 'mode', at, ['draft', 'published']);
  optionalEnum(parameters, 'flow_action', at, ['navigate', 'data_exchange']);
  const payload = optionalObject(parameters, 'flow_action_payload', at);
  if (payload) {
    optionalString(payload, 'screen', join(at, 'flow_action_payload'));
    optionalObject(payload, 'data', join(at, 'flow_action_payload'));
  }
}

function validateAction(kind: InteractiveType, action: Json): void {
  switch (kind) {
    case 'button': return validateButtons(action);
    case 'list': return validateList(action);
    case 'cta_url': return validateCtaUrl(action);
    case 'location_request_message': return actionName(action, 'send_location');
    case 'flow': return validateFlow(action);
    case 'product': return validateProductAction(action);
    case 'product_list': return validateProductListAction(action);
    case 'catalog_message': return validateCatalogAction(action);
    case 'address_message': {
      actionName(action, 'address_message');
      requiredString(requiredObject(action, 'parameters', 'interactive.action'), 'country', 'interactive.action.parameters', { code: V });
      return;
    }
    case 'call_permission_request': return actionName(action, 'call_permission_request');
    default: {
      const never: never = kind;
      throw new Error(`unhandled interactive type ${String(never)}`);
    }
  }
}

export function validateInteractive(interactive: Json): Json {
  const kind = requiredString(interactive, 'type', 'interactive', { code: V });
  if (!isInteractiveType(kind)) throw badValue('interactive.type', `"${kind}" is not supported; use one of ${interactiveTypes.join(', ')}`);
  validateFrame(kind, interactive);
  validateAction(kind, requiredObject(interactive, 'action', 'interactive'));
  return structuredClone(interactive);
}
