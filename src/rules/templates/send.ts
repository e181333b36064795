import { bodyText, footerText } from './authentication.js';
import { charLength } from './findings.js';
import { templateTextLimits as L } from './limits.js';
import { renderButtons, shortCode } from './send-buttons.js';
import { renderHeader } from './send-header.js';
import { countMismatch, fillText } from './send-params.js';
import { SendRefusal, type Rendered, type RenderedCard, type SendCheck, type SendComponent } from './send-types.js';
import { findComponent, type CardComponent, type ParameterFormat, type TemplateComponent, type TemplateDefinition } from './types.js';

export interface TemplateSendInput {
  /** The approved template the send names; whether it is approved (132001/132015/132016) is the caller's check. */
  template: TemplateDefinition;
  /** The send's `template.components`, shape-checked by `validateTemplate` (see `asSendComponents`). */
  components?: readonly SendComponent[];
}

/**
 * Checks a template send against its template and renders what the user's phone shows
 * (spec §1.3, §5.2: 132000 count, 132005 length, 132012 format, 132018 parameter text). The first
 * problem is answered, as Meta answers one error per request. Parameters are read in the
 * template's own `parameter_format`.
 */
export function checkTemplateSend(input: TemplateSendInput): SendCheck {
  try {
    return { rendered: render(input.template, input.components ?? []) };
  } catch (error) {
    if (error instanceof SendRefusal) return { error: error.error, details: error.details };
    throw error;
  }
}

interface Grouped {
  single: Map<SendComponent['type'], SendComponent>;
  buttons: Map<number, SendComponent>;
}

/** One header, body, carousel and offer per send, one component per button index. */
function group(components: readonly SendComponent[], prefix: string): Grouped {
  const grouped: Grouped = { single: new Map(), buttons: new Map() };
  for (const c of components) {
    if (c.type === 'button') {
      const index = Number(c.index);
      if (grouped.buttons.has(index)) throw new SendRefusal('invalidParameter', `${prefix}components: index ${index} is given to more than one button component`);
      grouped.buttons.set(index, c);
    } else {
      if (grouped.single.has(c.type)) throw new SendRefusal('invalidParameter', `${prefix}components: more than one ${c.type} component`);
      grouped.single.set(c.type, c);
    }
  }
  return grouped;
}

interface PartsOptions {
  components: readonly TemplateComponent[];
  grouped: Grouped;
  body: string | undefined;
  format: ParameterFormat;
  prefix: string;
  /** Spec §1.3: a template with nothing but a body takes text parameters up to 32,768 characters. */
  bodyOnly: boolean;
}

function renderParts(o: PartsOptions): RenderedCard {
  const maxParameter = o.bodyOnly ? L.bodyOnlyParameterText : L.parameterText;
  const params = (type: SendComponent['type']) => o.grouped.single.get(type)?.parameters ?? [];
  const header = renderHeader({ header: findComponent(o.components, 'HEADER')?.component, parameters: params('header'), format: o.format, part: `${o.prefix}header`, maxParameter });
  let body: string | undefined;
  const bodyPart = `${o.prefix}body`;
  if (o.body === undefined) {
    if (params('body').length > 0) throw countMismatch(bodyPart, params('body').length, 0);
  } else {
    body = fillText({ text: o.body, parameters: params('body'), format: o.format, part: bodyPart, types: ['text', 'currency', 'date_time'], maxParameter });
    const max = o.bodyOnly ? L.bodyOnlyParameterText : L.bodyText;
    if (charLength(body) > max) throw new SendRefusal('templateTextTooLong', `${bodyPart}: the body is ${charLength(body)} characters once filled; at most ${max}`);
  }
  const buttons = renderButtons(findComponent(o.components, 'BUTTONS')?.component.buttons ?? [], o.grouped.buttons, o.prefix);
  return { ...(header ? { header } : {}), ...(body !== undefined ? { body } : {}), buttons };
}

function render(template: TemplateDefinition, components: readonly SendComponent[]): Rendered {
  const grouped = group(components, '');
  const auth = template.category === 'AUTHENTICATION';
  // Meta's authentication body numbers its one variable, whatever parameter_format says.
  const format = auth ? 'POSITIONAL' : template.parameter_format;
  const parts = renderParts({
    components: template.components,
    grouped,
    body: bodyText(template),
    format,
    prefix: '',
    bodyOnly: template.components.every((c) => c.type === 'BODY'),
  });
  if (auth) shortCode(grouped.single.get('body')?.parameters?.[0]?.text ?? '', 'body', 'code', L.authenticationCode);
  const footer = footerText(template);
  const cards = renderCards(template, grouped.single.get('carousel'));
  const offer = renderOffer(template, grouped.single.get('limited_time_offer'));
  return {
    ...(parts.header ? { header: parts.header } : {}),
    body: parts.body ?? '',
    ...(footer !== undefined ? { footer } : {}),
    buttons: parts.buttons,
    ...(cards ? { cards } : {}),
    ...(offer ? { limitedTimeOffer: offer } : {}),
  };
}

/** Every card of the template is sent, each with its own header media and parameters (spec §1.3). */
function renderCards(template: TemplateDefinition, send: SendComponent | undefined): RenderedCard[] | undefined {
  const cards = findComponent(template.components, 'CAROUSEL')?.component.cards ?? [];
  const sent = send?.cards ?? [];
  if (sent.length !== cards.length) {
    throw new SendRefusal('templateParamCount', `carousel: number of cards (${sent.length}) does not match the expected number of cards (${cards.length})`);
  }
  if (cards.length === 0) return undefined;
  const byIndex = new Map<number, SendComponent[]>();
  for (const card of sent) {
    if (card.card_index >= cards.length) throw new SendRefusal('templateParamCount', `carousel: card_index ${card.card_index} is not a card of the template (it has ${cards.length})`);
    if (byIndex.has(card.card_index)) throw new SendRefusal('invalidParameter', `carousel: card_index ${card.card_index} is given more than once`);
    byIndex.set(card.card_index, card.components ?? []);
  }
  return cards.map((card, i) => {
    const components: readonly CardComponent[] = card.components;
    const prefix = `card ${i} `;
    return renderParts({
      components,
      grouped: group(byIndex.get(i) ?? [], prefix),
      body: findComponent(components, 'BODY')?.component.text,
      format: template.parameter_format,
      prefix,
      bodyOnly: false,
    });
  });
}

function renderOffer(template: TemplateDefinition, send: SendComponent | undefined): Rendered['limitedTimeOffer'] {
  const offer = findComponent(template.components, 'LIMITED_TIME_OFFER')?.component.limited_time_offer;
  const params = send?.parameters ?? [];
  const expected = offer?.has_expiration === true ? 1 : 0;
  if (params.length !== expected) throw countMismatch('limited_time_offer', params.length, expected);
  if (offer === undefined) return undefined;
  const p = params[0];
  if (p === undefined) return { text: offer.text };
  const ms = p.limited_time_offer?.expiration_time_ms;
  if (p.type !== 'limited_time_offer' || !Number.isInteger(ms)) {
    throw new SendRefusal('templateParamFormat', 'limited_time_offer: give a limited_time_offer parameter with expiration_time_ms (milliseconds since the epoch)');
  }
  return { text: offer.text, expirationTimeMs: ms as number };
}
