import { join } from './findings.js';
import type { TemplateComponent, TemplateDefinition } from './types.js';

/** A list of components and where it sits: the template itself (`at` = '') or one carousel card. */
export interface Scope {
  at: string;
  components: readonly TemplateComponent[];
  /** Card scopes hold a card's header, body and buttons; the template scope everything else. */
  card: boolean;
}

export interface Located<T extends TemplateComponent = TemplateComponent> {
  component: T;
  /** `components[1]` or `components[2].cards[0].components[1]`. */
  path: string;
  card: boolean;
}

export const componentPath = (at: string, index: number): string => join(join(at, 'components'), index);

export function scopes(template: Pick<TemplateDefinition, 'components'>): Scope[] {
  const result: Scope[] = [{ at: '', components: template.components, card: false }];
  template.components.forEach((component, i) => {
    if (component.type !== 'CAROUSEL') return;
    component.cards.forEach((card, c) => {
      result.push({ at: join(join(componentPath('', i), 'cards'), c), components: card.components, card: true });
    });
  });
  return result;
}

/** Every component of the template and of its carousel cards, with its path. */
export function located(template: Pick<TemplateDefinition, 'components'>): Located[] {
  return scopes(template).flatMap((scope) =>
    scope.components.map((component, i) => ({ component, path: componentPath(scope.at, i), card: scope.card })),
  );
}

/** The components of one type, wherever they are. */
export function locatedOfType<T extends TemplateComponent['type']>(
  template: Pick<TemplateDefinition, 'components'>,
  type: T,
): Located<Extract<TemplateComponent, { type: T }>>[] {
  return located(template).filter((l): l is Located<Extract<TemplateComponent, { type: T }>> => l.component.type === type);
}
