import { describe, expect, it } from 'vitest';
import { hasMismatchedBraces, parameterNames, placeholders, substitute, wordCount } from '../../../src/rules/templates/placeholders.js';

describe('placeholders', () => {
  it('finds each variable with its kind and position', () => {
    expect(placeholders('Hi {{1}}, {{first_name}} and {{First}} {{#2}}')).toEqual([
      { raw: '{{1}}', inner: '1', kind: 'positional', start: 3, end: 8 },
      { raw: '{{first_name}}', inner: 'first_name', kind: 'named', start: 10, end: 24 },
      { raw: '{{First}}', inner: 'First', kind: 'invalid', start: 29, end: 38 },
      { raw: '{{#2}}', inner: '#2', kind: 'invalid', start: 39, end: 45 },
    ]);
  });

  it('reads spaces inside the braces and digits in a name as invalid, as spec §1.3 allows only a-z and _', () => {
    expect(placeholders('{{ 1 }} {{order2}} {{}}').map((p) => p.kind)).toEqual(['invalid', 'invalid', 'invalid']);
  });

  it('sees a missing or extra brace as mismatched, and leaves a lone {word} alone', () => {
    for (const text of ['Hi {{1}', 'Hi 1}}', 'Hi {{{1}}}', 'Hi {{1}} and {{', 'Hi {{1}}}']) expect(hasMismatchedBraces(text), text).toBe(true);
    for (const text of ['Hi {{1}} and {{2}}', 'Use {code} at checkout', 'No variables']) expect(hasMismatchedBraces(text), text).toBe(false);
  });

  it('lists the distinct valid variables in order of first appearance', () => {
    expect(parameterNames('{{2}} {{1}} {{2}} {{bad name}}')).toEqual(['2', '1']);
    expect(parameterNames(undefined)).toEqual([]);
  });

  it('fills the variables it has a value for and leaves the others as written', () => {
    expect(substitute('Hi {{1}}, order {{2}}', (n) => (n === '1' ? 'Ann' : undefined))).toBe('Hi Ann, order {{2}}');
  });

  it('counts the words that are not variables, ignoring bare punctuation', () => {
    expect(wordCount('Hi {{1}}, your order {{2}} is here - thanks!')).toBe(6);
    expect(wordCount('{{1}} {{2}}')).toBe(0);
  });
});
