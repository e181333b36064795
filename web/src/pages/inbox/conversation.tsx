import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../api.ts';
import { Badge, Button, Notice } from '../../components/ui.tsx';
import { setQuery } from '../../router.tsx';
import { ConversationActions } from './actions.tsx';
import { inboxApi } from './api.ts';
import { usePlatformNow, WindowCountdown } from './clock.tsx';
import { Composer } from './composer.tsx';
import { ContactPanel } from './contact.tsx';
import { customerName, ticksOfStatus, type Agent, type CannedReply, type Conversation, type MemberRef, type MessageItem, type TimelineItem } from './model.ts';
import { useInboxEvents, type InboxStream } from './stream.ts';
import { Timeline, type MessageActions } from './timeline.tsx';

/** A typing mark lapses on the server after ~10 s without renewal, and no event says so: lapse it here too. */
const TYPING_SHOWN_MS = 11_000;
const rank: Record<string, number> = { pending: 0, accepted: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

const newestFirst = (items: TimelineItem[]) => items.sort((a, b) => b.timestamp - a.timestamp || (a.kind === b.kind ? 0 : a.kind === 'message' ? -1 : 1));

/** One conversation: who has it, its timeline (live), the composer and the contact panel. */
export function ConversationView(props: { id: string; stream: InboxStream; agents: readonly Agent[]; me: string; canned: readonly CannedReply[]; knownLabels: readonly string[] }) {
  const { id, stream, agents, me } = props;
  const [conversation, setConversation] = useState<Conversation>();
  const [items, setItems] = useState<TimelineItem[]>([]);
  const [before, setBefore] = useState<string>();
  const [typing, setTyping] = useState<MemberRef[]>([]);
  const [error, setError] = useState<string>();
  const [contactOpen, setContactOpen] = useState(false);
  const [replyTo, setReplyTo] = useState<MessageItem>();
  // A reply's `sent` status is when Meta opens a free entry point (its pricing says so): the contact panel reads again.
  const [sentCount, setSentCount] = useState(0);
  const now = usePlatformNow();
  const log = useRef<HTMLDivElement>(null);
  // Statuses that arrived before their message did (a fast phone can read a reply before the send answers).
  const statuses = useRef(new Map<string, { status: string; error: MessageItem['error'] }>());
  const typingTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const reading = useRef(false);

  const load = useCallback(async () => {
    try {
      const [c, timeline] = await Promise.all([inboxApi.get(id), inboxApi.timeline(id)]);
      setConversation(c);
      setTyping((c.typing ?? []).filter((m) => m.id !== me));
      setItems(timeline.data);
      setBefore(timeline.paging.cursors?.before);
      setError(undefined);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [id, me]);

  useEffect(() => {
    setConversation(undefined);
    setItems([]);
    setTyping([]);
    statuses.current.clear();
    void load();
  }, [load]);

  const withStatus = (m: MessageItem): MessageItem => {
    const known = statuses.current.get(m.id);
    return known && (rank[known.status] ?? 0) > (rank[m.status] ?? 0) ? { ...m, status: known.status, ticks: ticksOfStatus(known.status), error: known.error ?? m.error } : m;
  };
  const put = (item: TimelineItem) =>
    setItems((current) => newestFirst([item.kind === 'message' ? withStatus(item) : item, ...current.filter((x) => !(x.kind === item.kind && x.id === item.id))]));

  useInboxEvents(stream, (event) => {
    switch (event.type) {
      case 'ready':
        void load();
        return;
      case 'message.created':
        if (event.data.conversation.id !== id) return;
        setConversation((c) => ({ ...event.data.conversation, typing: c?.typing ?? [] }));
        put(event.data.message);
        return;
      case 'message.updated':
        if (event.data.conversation_id === id) put(event.data.message);
        return;
      case 'message.status': {
        const { conversation_id, message_id, status, error: failure } = event.data;
        if (conversation_id !== id) return;
        statuses.current.set(message_id, { status, error: failure });
        if (status === 'sent') setSentCount((n) => n + 1);
        setItems((current) => current.map((x) => (x.kind === 'message' && x.id === message_id ? withStatus(x) : x)));
        return;
      }
      case 'conversation.updated':
        if (event.data.conversation.id === id) setConversation((c) => ({ ...event.data.conversation, typing: c?.typing ?? [] }));
        return;
      case 'note.created':
        if (event.data.conversation_id === id) put(event.data.note);
        return;
      case 'typing':
        if (event.data.conversation_id !== id) return;
        setTyping(event.data.members.filter((m) => m.id !== me));
        clearTimeout(typingTimer.current);
        typingTimer.current = setTimeout(() => setTyping([]), TYPING_SHOWN_MS);
        return;
      default:
        return;
    }
  });
  useEffect(() => () => clearTimeout(typingTimer.current), []);

  // An agent looking at the conversation has read it: unread to zero, blue ticks for the customer.
  const unread = conversation?.unread_count ?? 0;
  useEffect(() => {
    const markRead = () => {
      if (unread === 0 || reading.current || document.visibilityState !== 'visible') return;
      reading.current = true;
      inboxApi
        .read(id)
        .then((c) => setConversation((old) => ({ ...c, typing: old?.typing ?? [] })))
        .catch(() => undefined)
        .finally(() => (reading.current = false));
    };
    markRead();
    document.addEventListener('visibilitychange', markRead);
    return () => document.removeEventListener('visibilitychange', markRead);
  }, [id, unread]);

  // Follow the newest message down, as a chat does.
  const newest = items[0] ? `${items[0].kind}:${items[0].id}` : '';
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [newest]);

  async function earlier() {
    if (!before) return;
    try {
      const page = await inboxApi.timeline(id, before);
      setItems((current) => newestFirst([...current, ...page.data.filter((x) => !current.some((y) => y.kind === x.kind && y.id === x.id))]));
      setBefore(page.paging.cursors?.before);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  if (!conversation) {
    return <section className="inbox-conversation inbox-loading">{error ? <Notice tone="bad">{error}</Notice> : <p className="muted">Loading…</p>}</section>;
  }
  const c = conversation;
  const windowOpen = c.window_expires_at !== null && c.window_expires_at > now;
  const keep = (next: Conversation) => setConversation((old) => ({ ...next, typing: old?.typing ?? [] }));
  const actions: MessageActions = {
    reply: (m) => setReplyTo(m),
    react: async (m, emoji) => put((await inboxApi.send(id, { type: 'reaction', reaction: { message_id: m.id, emoji } })).message),
  };

  return (
    <div className={`inbox-detail${contactOpen ? ' contact-open' : ''}`}>
      <section className="inbox-conversation" aria-label={`Conversation with ${customerName(c)}`}>
        <header className="conversation-head">
          <button type="button" className="back-button" onClick={() => setQuery({ c: undefined })} aria-label="Back to the list">
            ←
          </button>
          <div className="conversation-title">
            <h2>{customerName(c)}</h2>
            <div className="muted small">
              +{c.customer.wa_id} · <Badge tone={c.status === 'open' ? 'good' : c.status === 'resolved' ? 'muted' : 'info'}>{c.status}</Badge>·{' '}
              <span data-testid="conversation-assignee">{c.assignee ? `Assigned to ${c.assignee.id === me ? 'you' : c.assignee.name}` : 'Unassigned'}</span> · <WindowCountdown expiresAt={c.window_expires_at} />
            </div>
          </div>
          <span className="contact-toggle">
            <Button variant="ghost" aria-expanded={contactOpen} onClick={() => setContactOpen(!contactOpen)}>
              Contact
            </Button>
          </span>
        </header>
        <ConversationActions c={c} agents={agents} me={me} onChange={keep} />
        {error ? <Notice tone="bad">{error}</Notice> : null}
        <div className="chat inbox-chat" ref={log} role="log" aria-live="polite" aria-label="Timeline">
          {before ? (
            <button type="button" className="link-button earlier" onClick={() => void earlier()}>
              Load earlier messages
            </button>
          ) : null}
          {items.length === 0 ? <p className="chat-empty">No messages yet.</p> : null}
          <Timeline items={[...items].reverse()} agents={agents} me={me} conversationId={id} actions={actions} />
        </div>
        <div className="typing-line" data-testid="typing" aria-live="polite">
          {typing.length ? `${typing.map((m) => m.name || 'Someone').join(', ')} ${typing.length > 1 ? 'are' : 'is'} typing…` : ''}
        </div>
        <Composer
          conversation={c}
          agents={agents}
          canned={props.canned}
          me={me}
          windowOpen={windowOpen}
          onSent={(m) => put(m)}
          onNote={(n) => put(n)}
          replyTo={replyTo}
          onClearReply={() => setReplyTo(undefined)}
        />
      </section>
      <ContactPanel c={c} refresh={sentCount} knownLabels={props.knownLabels} onLabels={(labels) => setConversation((old) => old && { ...old, labels })} />
    </div>
  );
}
