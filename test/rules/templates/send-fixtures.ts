import { checkTemplateSend, type SendCheck, type SendComponent, type SendParameter } from '../../../src/rules/templates/index.js';
import { definition, type Payload } from './fixtures.js';

/** Send helpers: parameters and components as `validateTemplate` leaves them. */
export const text = (value: string, name?: string): SendParameter => ({ type: 'text', text: value, ...(name ? { parameter_name: name } : {}) });
export const bodyParams = (...parameters: SendParameter[]): SendComponent => ({ type: 'body', parameters });
export const headerParams = (...parameters: SendParameter[]): SendComponent => ({ type: 'header', parameters });
export const button = (subType: NonNullable<SendComponent['sub_type']>, index: number, ...parameters: SendParameter[]): SendComponent => ({
  type: 'button',
  sub_type: subType,
  index: String(index),
  parameters,
});

export const sendTo = (payload: Payload, ...components: SendComponent[]): SendCheck => checkTemplateSend({ template: definition(payload), components });

export function rendered(check: SendCheck) {
  if (!('rendered' in check)) throw new Error(`refused: ${check.error} ${check.details}`);
  return check.rendered;
}
