import type { RuleCode } from '../../../../src/rules/templates/index.js';
import { template, utility, type RuleCase } from '../fixtures.js';

const without = (key: string) => Object.fromEntries(Object.entries(utility()).filter(([k]) => k !== key));

export const parseCases = {
  'payload.not_object': { fail: ['order_update'], pass: utility() },
  'payload.missing': { fail: without('name'), pass: utility() },
  'payload.wrong_type': { fail: template({ components: 'BODY' }), pass: utility() },
  'payload.unknown_value': { fail: template({ category: 'PROMO' }), pass: template({ category: 'utility' }) },
  'name.invalid': { fail: template({ name: 'Order Update' }), pass: template({ name: 'order_update_2' }) },
  'name.too_long': { fail: template({ name: 'a'.repeat(513) }), pass: template({ name: 'a'.repeat(512) }) },
  'language.invalid': { fail: template({ language: 'english' }), pass: template({ language: 'pt_BR' }) },
} satisfies Partial<Record<RuleCode, RuleCase>>;
