import { join } from './findings.js';
import { defined, parseButton } from './parse-buttons.js';
import type { Json, Reader } from './parse-reader.js';
import {
  componentTypes, headerFormats, type CardComponent, type ComponentType, type NamedExample, type TemplateComponent,
} from './types.js';

/**
 * The components of a create payload (spec §3.2). Every component is kept, in order, so the
 * paths of later findings (`components[2].text`) point into what the client sent.
 */
export function parseComponents(r: Reader, owner: Json, at: string, allowed: readonly ComponentType[] = componentTypes): TemplateComponent[] {
  const list = r.objects(owner, 'components', at, true) ?? [];
  return list.flatMap(({ item, path }) => {
    const component = parseComponent(r, item, path, allowed);
    return component ? [component] : [];
  });
}

function parseComponent(r: Reader, c: Json, at: string, allowed: readonly ComponentType[]): TemplateComponent | undefined {
  const type = r.oneOf(c, 'type', at, allowed, true);
  switch (type) {
    case undefined:
      return undefined;
    case 'HEADER': {
      const format = r.oneOf(c, 'format', at, headerFormats, true);
      const fields = { text: r.string(c, 'text', at), example: headerExample(r, c, at) };
      return format === undefined ? undefined : { type, format, ...defined(fields) };
    }
    case 'BODY': {
      const fields = {
        text: r.string(c, 'text', at),
        example: bodyExample(r, c, at),
        add_security_recommendation: r.boolean(c, 'add_security_recommendation', at),
      };
      return { type, ...defined(fields) };
    }
    case 'FOOTER':
      return { type, ...defined({ text: r.string(c, 'text', at), code_expiration_minutes: r.integer(c, 'code_expiration_minutes', at) }) };
    case 'BUTTONS': {
      const list = r.objects(c, 'buttons', at, true);
      const buttons = list?.flatMap(({ item, path }) => parseButton(r, item, path) ?? []);
      return buttons === undefined ? undefined : { type, buttons };
    }
    case 'CAROUSEL': {
      const cards = r.objects(c, 'cards', at, true)?.map(({ item, path }) => ({
        // A card holds a media header, a body and buttons; nothing else (spec §1.3 carousel).
        components: parseComponents(r, item, path, ['HEADER', 'BODY', 'BUTTONS']) as CardComponent[],
      }));
      return cards === undefined ? undefined : { type, cards };
    }
    case 'LIMITED_TIME_OFFER': {
      const offer = r.object(c, 'limited_time_offer', at, true);
      if (offer === undefined) return undefined;
      const offerAt = join(at, 'limited_time_offer');
      const text = r.string(offer, 'text', offerAt, true);
      const hasExpiration = r.boolean(offer, 'has_expiration', offerAt);
      return text === undefined ? undefined : { type, limited_time_offer: { text, ...defined({ has_expiration: hasExpiration }) } };
    }
    default: {
      const never: never = type;
      throw new Error(`unhandled component type ${String(never)}`);
    }
  }
}

function headerExample(r: Reader, c: Json, at: string): NonNullable<Extract<TemplateComponent, { type: 'HEADER' }>['example']> | undefined {
  const example = r.object(c, 'example', at);
  if (example === undefined) return undefined;
  const exampleAt = join(at, 'example');
  return defined({
    header_text: r.strings(example, 'header_text', exampleAt),
    header_text_named_params: namedExamples(r, example, 'header_text_named_params', exampleAt),
    header_handle: r.strings(example, 'header_handle', exampleAt),
  });
}

function bodyExample(r: Reader, c: Json, at: string): NonNullable<Extract<TemplateComponent, { type: 'BODY' }>['example']> | undefined {
  const example = r.object(c, 'example', at);
  if (example === undefined) return undefined;
  const exampleAt = join(at, 'example');
  const rows = example.body_text;
  let bodyText: string[][] | undefined;
  if (rows !== undefined && rows !== null) {
    const ok = Array.isArray(rows) && rows.every((row) => Array.isArray(row) && row.every((v) => typeof v === 'string'));
    bodyText = ok ? (rows as string[][]) : r.wrongType(join(exampleAt, 'body_text'), 'an array holding one array of strings ([["Pablo","860198"]])');
  }
  return defined({ body_text: bodyText, body_text_named_params: namedExamples(r, example, 'body_text_named_params', exampleAt) });
}

function namedExamples(r: Reader, example: Json, key: string, at: string): NamedExample[] | undefined {
  return r.objects(example, key, at)?.flatMap(({ item, path }) => {
    const name = r.string(item, 'param_name', path, true);
    const value = r.string(item, 'example', path, true);
    return name === undefined || value === undefined ? [] : [{ param_name: name, example: value }];
  });
}
