/**
 * Meta names the messages chatapp sent by Meta's wamids; the business knows them by chatapp's.
 * Every id in a `messages` change that can name one (a status's `id`, an inbound reply's
 * `context.id`, a reaction's `message_id`) is put back in chatapp's terms. `unknown` lists status
 * ids no hand-over answers for yet: Meta may report before chatapp wrote its answer down.
 */
export async function toChatappIds(
  value: Record<string, unknown>,
  chatappId: (metaId: string) => Promise<string | undefined>,
): Promise<{ value: Record<string, unknown>; unknown: string[] }> {
  const unknown: string[] = [];
  const swap = async (id: unknown, noteUnknown: boolean): Promise<unknown> => {
    if (typeof id !== 'string') return id;
    const ours = await chatappId(id);
    if (ours === undefined && noteUnknown) unknown.push(id);
    return ours ?? id;
  };
  const out: Record<string, unknown> = { ...value };
  if (Array.isArray(value.statuses)) {
    out.statuses = await Promise.all((value.statuses as Record<string, unknown>[]).map(async (s) => ({ ...s, id: await swap(s.id, true) })));
  }
  if (Array.isArray(value.messages)) {
    out.messages = await Promise.all(
      (value.messages as Record<string, unknown>[]).map(async (m) => {
        const next: Record<string, unknown> = { ...m };
        const context = m.context as Record<string, unknown> | undefined;
        if (context && typeof context.id === 'string') next.context = { ...context, id: await swap(context.id, false) };
        const reaction = m.reaction as Record<string, unknown> | undefined;
        if (reaction && typeof reaction.message_id === 'string') next.reaction = { ...reaction, message_id: await swap(reaction.message_id, false) };
        return next;
      }),
    );
  }
  return { value: out, unknown };
}
