import { ApiError, messageOf } from '../../api.ts';

/**
 * Which field of a form the server blamed. Messaging's validation names the field by its path in
 * the Cloud API body before a colon (`interactive.action.buttons[0].reply.title: …`,
 * src/messaging/validate-fields.ts); a form lists the paths its inputs stand for.
 */
export function pathOf(error: unknown): string | undefined {
  return error instanceof ApiError ? /^([A-Za-z_][\w.[\]]*): /.exec(error.details)?.[1] : undefined;
}

/** The most specific of `fields` the path falls under (itself, or a part of it: `a.b` covers `a.b.c` and `a.b[0]`). */
export function fieldOf(path: string | undefined, fields: readonly string[]): string | undefined {
  if (!path) return undefined;
  const under = (f: string) => path === f || path.startsWith(`${f}.`) || path.startsWith(`${f}[`);
  return fields.filter(under).sort((a, b) => b.length - a.length)[0];
}

/** A refusal as `{ field, text }`: `field` undefined when the form has no input for it (it shows above the form). */
export function blame(error: unknown, fields: readonly string[]): { field: string | undefined; text: string } {
  return { field: fieldOf(pathOf(error), fields), text: messageOf(error) };
}
