import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { Card, Notice } from '../../components/ui.tsx';
import { setQuery } from '../../router.tsx';
import { inboxApi } from './api.ts';
import { customerName, type NoteItem } from './model.ts';
import { useInboxEvents, type InboxStream } from './stream.ts';

const when = (seconds: number) => new Date(seconds * 1000).toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** Notes that @mention the signed-in member, newest first, each leading to its conversation; new ones arrive live. */
export function Mentions({ stream }: { stream: InboxStream }) {
  const [notes, setNotes] = useState<NoteItem[]>();
  const [before, setBefore] = useState<string>();
  const [names, setNames] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();

  const load = useCallback(async (from?: string) => {
    try {
      const page = await inboxApi.mentions(from);
      setNotes((current) => (from ? [...(current ?? []), ...page.data] : page.data));
      setBefore(page.paging.cursors?.before);
      setError(undefined);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);
  useEffect(() => void load(), [load]);

  useInboxEvents(
    stream,
    useCallback((event) => {
      if (event.type === 'mention') setNotes((current) => [event.data.note, ...(current ?? []).filter((n) => n.id !== event.data.note.id)]);
      if (event.type === 'ready') void load();
    }, [load]),
  );

  // Who each conversation is with: one read per conversation not yet named.
  const unnamed = [...new Set((notes ?? []).map((n) => n.conversation_id))].filter((id) => !(id in names)).join(',');
  useEffect(() => {
    if (!unnamed) return;
    let live = true;
    void Promise.all(unnamed.split(',').map((id) => inboxApi.get(id).then((c) => [id, customerName(c)] as const, () => [id, `Conversation ${id}`] as const))).then(
      (pairs) => live && setNames((current) => ({ ...current, ...Object.fromEntries(pairs) })),
    );
    return () => {
      live = false;
    };
  }, [unnamed]);

  return (
    <Card title="Mentions of you" className="inbox-mentions">
      {error ? <Notice tone="bad">{error}</Notice> : null}
      {notes === undefined && !error ? <p className="muted">Loading…</p> : null}
      {notes?.length === 0 ? <p className="muted">No note mentions you yet. Teammates mention you with @ and your handle in a private note.</p> : null}
      <ul className="mention-list" aria-label="Mentions">
        {(notes ?? []).map((n) => (
          <li key={n.id} className="mention-item" data-testid="mention-item">
            <div className="small muted">
              <strong>{n.author.name || 'A member'}</strong> · {when(n.timestamp)} · {names[n.conversation_id] ?? '…'}
            </div>
            <p className="note-body">{n.body}</p>
            <button type="button" className="link-button" onClick={() => setQuery({ view: undefined, c: n.conversation_id })}>
              Open the conversation
            </button>
          </li>
        ))}
      </ul>
      {before ? (
        <button type="button" className="link-button" onClick={() => void load(before)}>
          Load older mentions
        </button>
      ) : null}
    </Card>
  );
}
