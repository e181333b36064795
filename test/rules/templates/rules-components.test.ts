import { describe, expect, it } from 'vitest';
import { checkComponents } from '../../../src/rules/templates/rules-components.js';
import { componentCases } from './cases/components.js';
import { authentication, body, card, caseRows, definition, findingsOf, footer, marketing, mediaHeader, rulesOf, template, textHeader, utility } from './fixtures.js';

const componentRules = (payload: Record<string, unknown>) => checkComponents(definition(payload)).map((f) => f.rule);

describe('component rules (spec §3.2, §3.3)', () => {
  it.each(caseRows(componentCases))('%s: raised by its failing example, silent on the fixed one', (rule, c) => {
    expect(rulesOf(c.fail)).toContain(rule);
    expect(findingsOf(c.pass)).toEqual([]);
  });

  it('counts lengths in characters, so an emoji is one', () => {
    expect(componentRules(utility(body(`${'🎉'.repeat(1024)}`, null)))).toEqual([]);
    expect(componentRules(utility(body(`${'🎉'.repeat(1025)}`, null)))).toEqual(['body.text_too_long']);
  });

  it('refuses formatting marks and line breaks in a text header, but not underscores inside a named variable', () => {
    expect(componentRules(utility(textHeader('*Big* news'), body()))).toEqual(['header.invalid_characters']);
    expect(componentRules(utility(textHeader('Big\nnews'), body()))).toEqual(['header.invalid_characters']);
    expect(componentRules(template({ parameter_format: 'NAMED' }, textHeader('Hi {{first_name}}'), body()))).toEqual([]);
  });

  it('wants a non-empty handle for every media header, and none for a location header', () => {
    expect(componentRules(utility(mediaHeader('VIDEO', ' '), body()))).toEqual(['header.media_example_missing']);
    expect(componentRules(utility({ type: 'HEADER', format: 'LOCATION' }, body()))).toEqual([]);
  });

  it('holds message_send_ttl_seconds to the range of the category, -1 meaning 30 days for authentication and utility (spec §3.6)', () => {
    const ttl = (category: string, seconds: number) => componentRules(template({ category, message_send_ttl_seconds: seconds }));
    expect(ttl('UTILITY', -1)).toEqual([]);
    expect(ttl('UTILITY', 43_201)).toEqual(['ttl.out_of_range']);
    expect(ttl('MARKETING', -1)).toEqual(['ttl.out_of_range']);
    expect(ttl('MARKETING', 2_592_000)).toEqual([]);
    expect(checkComponents(definition({ ...authentication(), message_send_ttl_seconds: 900 }))).toEqual([]);
    expect(checkComponents(definition({ ...authentication(), message_send_ttl_seconds: 29 }))[0]?.message).toBe(
      'Set message_send_ttl_seconds between 30 and 900 for AUTHENTICATION templates, or -1 for 30 days.',
    );
  });

  it('lets an authentication body go without text, but not a carousel card body', () => {
    expect(componentRules(authentication())).toEqual([]);
    expect(componentRules(marketing(body(), { type: 'CAROUSEL', cards: [card(mediaHeader(), { type: 'BODY' })] }))).toEqual(['body.text_missing']);
  });

  it('finds a duplicate inside a card at the card path, and refuses a carousel on an authentication template', () => {
    const twice = marketing(body(), { type: 'CAROUSEL', cards: [card(mediaHeader(), mediaHeader(), body('Fresh kale today.', null))] });
    expect(checkComponents(definition(twice)).map((f) => [f.rule, f.path])).toEqual([['components.duplicate', 'components[1].cards[0].components[1]']]);
    const auth = definition(authentication({ type: 'BODY' }, { type: 'CAROUSEL', cards: [card()] }));
    expect(checkComponents(auth).map((f) => [f.rule, f.path])).toEqual([['components.not_allowed', 'components[1]']]);
  });

  it('keeps footers to one line of fixed text', () => {
    expect(componentRules(utility(body(), footer('Reply STOP to opt out')))).toEqual([]);
    expect(componentRules(utility(body(), footer('Hi {{1}}\nthere')))).toEqual(['footer.parameters_not_allowed', 'footer.newline']);
  });
});
