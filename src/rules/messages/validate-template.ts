import {
  badParam, badValue, checkMediaRef, isObject, join, missing, optionalArray, optionalEnum, optionalString, requiredArray,
  requiredCoordinate, requiredEnum, requiredObject, requiredString, type Json,
} from './validate-fields.js';

/**
 * The shape of a template send (spec §1.3 "template"). Only the shape: whether the template exists,
 * is approved, and gets the parameters its definition asks for (132000/132001/132012/132018…) is
 * decided against the stored template elsewhere.
 */
export const componentTypes = ['header', 'body', 'button', 'carousel', 'limited_time_offer'] as const;
export const buttonSubTypes = ['quick_reply', 'url', 'copy_code', 'flow', 'catalog', 'mpm', 'voice_call'] as const;
/** The brief's list plus `limited_time_offer`, the parameter a limited-time-offer component carries (spec §1.3). */
export const parameterTypes = [
  'text', 'currency', 'date_time', 'image', 'video', 'document', 'location', 'payload', 'coupon_code', 'action', 'product',
  'limited_time_offer',
] as const;
export type TemplateComponentType = (typeof componentTypes)[number];
export type TemplateParameterType = (typeof parameterTypes)[number];

export const templateLimits = { name: 512, cards: 10 } as const;
const V = 'parameterValueInvalid' as const;

function validateParameter(param: Json, at: string): void {
  const type: TemplateParameterType = requiredEnum(param, 'type', at, parameterTypes);
  optionalString(param, 'parameter_name', at);
  switch (type) {
    case 'text':
    case 'payload':
    case 'coupon_code': {
      // Meta treats an empty text parameter as a missing one ("Parameter of type text is missing text value").
      if (param[type] === '') throw missing(join(at, type));
      requiredString(param, type, at);
      return;
    }
    case 'currency': {
      const currency = requiredObject(param, 'currency', at);
      const currencyAt = join(at, 'currency');
      requiredString(currency, 'fallback_value', currencyAt);
      requiredString(currency, 'code', currencyAt);
      if (currency.amount_1000 === undefined || currency.amount_1000 === null) throw missing(join(currencyAt, 'amount_1000'));
      if (!Number.isInteger(currency.amount_1000)) throw badParam(join(currencyAt, 'amount_1000'), 'must be an integer');
      return;
    }
    case 'date_time':
      requiredString(requiredObject(param, 'date_time', at), 'fallback_value', join(at, 'date_time'));
      return;
    case 'image':
    case 'video':
    case 'document':
      checkMediaRef(requiredObject(param, type, at), join(at, type));
      return;
    case 'location': {
      const location = requiredObject(param, 'location', at);
      location.latitude = requiredCoordinate(location, 'latitude', join(at, 'location'));
      location.longitude = requiredCoordinate(location, 'longitude', join(at, 'location'));
      return;
    }
    case 'action':
    case 'product':
    case 'limited_time_offer':
      requiredObject(param, type, at);
      return;
    default: {
      const never: never = type;
      throw new Error(`unhandled parameter type ${String(never)}`);
    }
  }
}

function validateParameters(component: Json, at: string): void {
  optionalArray(component, 'parameters', at, { min: 0, max: Infinity, code: V, noun: 'parameters' })
    ?.forEach((param, i) => validateParameter(param, join(join(at, 'parameters'), i)));
}

/** Lower-cases an enum-like field in place: Meta's examples use lower case, some clients send upper. */
function lowerCase(obj: Json, key: string): void {
  if (typeof obj[key] === 'string') obj[key] = (obj[key] as string).toLowerCase();
}

/** `index` is the button's position, "0".."9"; an integer 0..9 is accepted and returned as a string. */
function buttonIndex(component: Json, at: string): void {
  const path = join(at, 'index');
  const raw = component.index;
  if (raw === undefined || raw === null) throw missing(path);
  const index = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
  if (typeof index !== 'string' || !/^\d$/.test(index)) throw badValue(path, 'must be a button position "0" to "9"');
  component.index = index;
}

function validateComponent(component: Json, at: string, allowed: readonly TemplateComponentType[]): void {
  lowerCase(component, 'type');
  const type = requiredEnum(component, 'type', at, allowed);
  switch (type) {
    case 'button':
      lowerCase(component, 'sub_type');
      requiredEnum(component, 'sub_type', at, buttonSubTypes);
      buttonIndex(component, at);
      validateParameters(component, at);
      return;
    case 'carousel': {
      const cards = requiredArray(component, 'cards', at, { min: 1, max: templateLimits.cards, code: V, noun: 'cards' });
      cards.forEach((card, c) => {
        const cardAt = join(join(at, 'cards'), c);
        if (card.card_index === undefined || card.card_index === null) throw missing(join(cardAt, 'card_index'));
        if (!Number.isInteger(card.card_index) || (card.card_index as number) < 0 || (card.card_index as number) >= templateLimits.cards) {
          throw badValue(join(cardAt, 'card_index'), `must be an integer from 0 to ${templateLimits.cards - 1}`);
        }
        validateComponents(card, cardAt, ['header', 'body', 'button']);
      });
      return;
    }
    default:
      validateParameters(component, at);
  }
}

function validateComponents(owner: Json, at: string, allowed: readonly TemplateComponentType[]): void {
  const components = owner.components;
  if (components === undefined || components === null) return;
  if (!Array.isArray(components)) throw badParam(join(at, 'components'), 'must be an array');
  components.forEach((component: unknown, i) => {
    const path = join(join(at, 'components'), i);
    if (!isObject(component)) throw badParam(path, 'must be an object');
    validateComponent(component, path, allowed);
  });
}

export function validateTemplate(input: Json): Json {
  const template = structuredClone(input);
  const name = requiredString(template, 'name', 'template', { max: templateLimits.name, code: V });
  if (!/^[a-z0-9_]+$/.test(name)) throw badValue('template.name', 'must contain only lowercase letters, digits and underscores');
  const language = requiredObject(template, 'language', 'template');
  requiredString(language, 'code', 'template.language', { code: V });
  // Meta supports one language policy; it is optional.
  optionalEnum(language, 'policy', 'template.language', ['deterministic']);
  validateComponents(template, 'template', componentTypes);
  return template;
}
