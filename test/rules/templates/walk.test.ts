import { describe, expect, it } from 'vitest';
import { located, scopes } from '../../../src/rules/templates/walk.js';
import { body, card, definition, marketing } from './fixtures.js';

describe('walk', () => {
  it('lists the template and each carousel card as scopes, and every component at its payload path', () => {
    const t = definition(marketing(body(), { type: 'CAROUSEL', cards: [card(), card()] }));
    expect(scopes(t).map((s) => [s.at, s.card])).toEqual([
      ['', false],
      ['components[1].cards[0]', true],
      ['components[1].cards[1]', true],
    ]);
    expect(located(t).map((l) => `${l.path} ${l.component.type}`)).toEqual([
      'components[0] BODY',
      'components[1] CAROUSEL',
      'components[1].cards[0].components[0] HEADER',
      'components[1].cards[0].components[1] BODY',
      'components[1].cards[0].components[2] BUTTONS',
      'components[1].cards[1].components[0] HEADER',
      'components[1].cards[1].components[1] BODY',
      'components[1].cards[1].components[2] BUTTONS',
    ]);
  });
});
