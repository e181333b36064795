import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../api.ts';
import { Button, Notice } from '../../components/ui.tsx';
import { setQuery } from '../../router.tsx';
import { inboxApi } from './api.ts';
import { WindowCountdown } from './clock.tsx';
import { belongs, compare, customerName, statuses, type Conversation, type Filters } from './model.ts';
import { useInboxEvents, type InboxStream } from './stream.ts';

const statusLabel: Record<Conversation['status'], string> = { open: 'Open', pending: 'Pending', snoozed: 'Snoozed', resolved: 'Resolved' };

/**
 * The queue: one tab per status, filtered by assignee and label, sorted by activity or by time left
 * in the window. It loads once per filter and then follows the live stream; each reconnect reloads.
 */
export function ConversationList({ filters, me, stream, selected, labels }: { filters: Filters; me: string; stream: InboxStream; selected: string | undefined; labels: readonly string[] }) {
  const [items, setItems] = useState<Conversation[]>([]);
  const [after, setAfter] = useState<string>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);

  const load = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const page = await inboxApi.list(filters);
      if (mine !== generation.current) return;
      setItems(page.data);
      setAfter(page.paging.cursors?.after);
      setError(undefined);
    } catch (e) {
      if (mine === generation.current) setError(messageOf(e));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [filters]);

  useEffect(() => {
    setLoading(true);
    void load();
  }, [load]);

  async function more() {
    if (!after) return;
    try {
      const page = await inboxApi.list(filters, after);
      setItems((current) => [...current, ...page.data.filter((c) => !current.some((x) => x.id === c.id))]);
      setAfter(page.paging.cursors?.after);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  /** A conversation as the stream reports it: in this list if it now belongs here, in its place. */
  const upsert = (c: Conversation) =>
    setItems((current) => {
      const rest = current.filter((x) => x.id !== c.id);
      return belongs(c, filters, me) ? [...rest, c].sort(compare(filters.sort)) : rest;
    });

  useInboxEvents(stream, (event) => {
    switch (event.type) {
      case 'ready':
        void load();
        break;
      case 'message.created':
      case 'conversation.updated':
        upsert(event.data.conversation);
        break;
      case 'message.status':
        setItems((current) =>
          current.map((c) => (c.id === event.data.conversation_id && c.last_message?.id === event.data.message_id ? { ...c, last_message: { ...c.last_message, status: event.data.status } } : c)),
        );
        break;
      default:
        break;
    }
  });

  return (
    <section className="inbox-list" aria-label="Conversations">
      <div className="inbox-tabs" role="tablist" aria-label="Status">
        {statuses.map((s) => (
          <button key={s} type="button" role="tab" aria-selected={filters.status === s} className={`inbox-tab${filters.status === s ? ' active' : ''}`} onClick={() => setQuery({ status: s === 'open' ? undefined : s })}>
            {statusLabel[s]}
          </button>
        ))}
      </div>
      <div className="inbox-filters">
        <select aria-label="Assignee" value={filters.assignee} onChange={(e) => setQuery({ assignee: e.target.value === 'all' ? undefined : e.target.value })}>
          <option value="all">Everyone’s</option>
          <option value="me">Mine</option>
          <option value="unassigned">Unassigned</option>
        </select>
        <select aria-label="Label" value={filters.label} onChange={(e) => setQuery({ label: e.target.value || undefined })}>
          <option value="">Any label</option>
          {labels.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
        <select aria-label="Sort" value={filters.sort} onChange={(e) => setQuery({ sort: e.target.value === 'activity' ? undefined : e.target.value })}>
          <option value="activity">Latest activity</option>
          <option value="window">Least time left</option>
        </select>
      </div>
      {error ? <Notice tone="bad">{error}</Notice> : null}
      <ul className="conversations">
        {items.map((c) => (
          <li key={c.id}>
            <Item c={c} me={me} active={c.id === selected} />
          </li>
        ))}
      </ul>
      {!loading && items.length === 0 && !error ? <p className="muted inbox-empty">No {statusLabel[filters.status].toLowerCase()} conversations{filters.assignee !== 'all' || filters.label ? ' match these filters' : ''}.</p> : null}
      {after ? (
        <Button variant="ghost" onClick={() => void more()}>
          Load more
        </Button>
      ) : null}
    </section>
  );
}

function Item({ c, me, active }: { c: Conversation; me: string; active: boolean }) {
  const last = c.last_message;
  return (
    <button type="button" className={`conversation-item${active ? ' active' : ''}`} data-testid="conversation" data-id={c.id} aria-current={active || undefined} onClick={() => setQuery({ c: c.id })}>
      <span className="avatar" aria-hidden="true">
        {customerName(c).replace('+', '').slice(0, 1).toUpperCase()}
      </span>
      <span className="conversation-main">
        <span className="conversation-top">
          <span className="conversation-name">{customerName(c)}</span>
          <WindowCountdown expiresAt={c.window_expires_at} />
        </span>
        <span className="conversation-number muted small">+{c.customer.wa_id}</span>
        <span className="conversation-preview">
          {last?.direction === 'out' ? <span className="muted">You: </span> : null}
          {last?.preview || <span className="muted">No messages yet</span>}
        </span>
        <span className="conversation-tags">
          <span className={`assignee small${c.assignee?.id === me ? ' assignee-me' : ''}`} data-testid="assignee">
            {c.assignee ? `→ ${c.assignee.id === me ? 'You' : c.assignee.name}` : 'Unassigned'}
          </span>
          {c.labels.map((l) => (
            <span key={l} className="label-chip">
              {l}
            </span>
          ))}
        </span>
      </span>
      {c.unread_count > 0 ? (
        <span className="unread" aria-label={`${c.unread_count} unread`} data-testid="unread">
          {c.unread_count}
        </span>
      ) : null}
    </button>
  );
}
