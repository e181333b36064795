import { useCallback, useMemo, useState } from 'react';
import { Button, Notice, PageHeader } from '../components/ui.tsx';
import { usePolling } from '../hooks.ts';
import { setQuery, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { inboxApi } from './inbox/api.ts';
import { CannedManager } from './inbox/canned.tsx';
import { useSandboxClockSync } from './inbox/clock.tsx';
import { ConversationView } from './inbox/conversation.tsx';
import { ConversationList } from './inbox/list.tsx';
import { Mentions } from './inbox/mentions.tsx';
import { InboxSettings } from './inbox/settings.tsx';
import './inbox/extras.css';
import { statuses, type AssigneeFilter, type ConversationStatus, type Filters, type NoteItem, type SortBy } from './inbox/model.ts';
import { useInboxEvents, useInboxStream } from './inbox/stream.ts';

const oneOf = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T => (allowed.includes(value as T) ? (value as T) : fallback);

/**
 * The shared inbox: the queue beside the open conversation (one or the other on a phone), live over
 * the inbox's event stream. Filters and the open conversation live in the URL (`?status=&assignee=
 * &label=&sort=&c=`), so a reload or a shared link lands on the same view.
 */
export function InboxPage() {
  const { me, sandbox } = useSession();
  const memberId = me.user.member_id;
  const { query } = useLocation();
  const { stream, state } = useInboxStream();
  useSandboxClockSync(sandbox);

  const status = oneOf<ConversationStatus>(query.get('status'), statuses, 'open');
  const assignee = oneOf<AssigneeFilter>(query.get('assignee'), ['all', 'me', 'unassigned'], 'all');
  const sort = oneOf<SortBy>(query.get('sort'), ['activity', 'window'], 'activity');
  const label = query.get('label') ?? '';
  const filters = useMemo<Filters>(() => ({ status, assignee, label, sort }), [status, assignee, label, sort]);
  const selected = query.get('c') ?? undefined;
  // Screens beside the queue: notes that mention me, and how conversations are assigned.
  const view = oneOf(query.get('view'), ['inbox', 'mentions', 'settings'] as const, 'inbox');

  // Who can be assigned (and who is online), the labels in use, the canned replies: refreshed now and then.
  const agents = usePolling(inboxApi.agents, 30_000, []);
  const labels = usePolling(inboxApi.labels, 30_000, []);
  const canned = usePolling(inboxApi.canned, 30_000, []);
  const [mention, setMention] = useState<{ conversationId: string; note: NoteItem }>();

  const reloadLabels = labels.reload;
  useInboxEvents(
    stream,
    useCallback(
      (event) => {
        if (event.type === 'mention') setMention({ conversationId: event.data.conversation_id, note: event.data.note });
        if (event.type === 'conversation.updated' && 'labels' in event.data.change) void reloadLabels();
      },
      [reloadLabels],
    ),
  );

  const knownLabels = (labels.data ?? []).map((l) => l.label);
  return (
    <div className={`inbox-page${selected ? ' has-selection' : ''}`}>
      <PageHeader title="Inbox">
        <span className={`stream-state stream-${state}`} data-testid="stream-state" title="Live updates from the inbox's event stream">
          {state === 'live' ? '● Live' : state === 'connecting' ? '◌ Connecting…' : '○ Offline, retrying'}
        </span>
        <nav className="inbox-views" aria-label="Inbox screens">
          {(
            [
              ['inbox', 'Conversations'],
              ['mentions', 'Mentions'],
              ['settings', 'Settings'],
            ] as const
          ).map(([v, label]) => (
            <button key={v} type="button" className={`inbox-view${view === v ? ' active' : ''}`} aria-current={view === v ? 'page' : undefined} onClick={() => setQuery({ view: v === 'inbox' ? undefined : v })}>
              {label}
            </button>
          ))}
        </nav>
        <CannedManager canned={canned.data ?? []} reload={canned.reload} />
      </PageHeader>
      {mention ? (
        <Notice tone="info">
          <strong>{mention.note.author.name || 'A member'}</strong> mentioned you: “{mention.note.body.length > 80 ? `${mention.note.body.slice(0, 79)}…` : mention.note.body}”{' '}
          <Button
            variant="ghost"
            onClick={() => {
              setQuery({ c: mention.conversationId, view: undefined });
              setMention(undefined);
            }}
          >
            Open
          </Button>
          <Button variant="ghost" onClick={() => setMention(undefined)} aria-label="Dismiss">
            ✕
          </Button>
        </Notice>
      ) : null}
      {agents.error ? <Notice tone="bad">{agents.error}</Notice> : null}
      {view === 'mentions' ? <Mentions stream={stream} /> : null}
      {view === 'settings' ? <InboxSettings role={me.user.role} agents={agents.data ?? []} /> : null}
      <div className="inbox" hidden={view !== 'inbox'}>
        <ConversationList filters={filters} me={memberId} stream={stream} selected={selected} labels={knownLabels} />
        {selected ? (
          <ConversationView key={selected} id={selected} stream={stream} agents={agents.data ?? []} me={memberId} canned={canned.data ?? []} knownLabels={knownLabels} />
        ) : (
          <section className="inbox-conversation inbox-none">
            <p className="muted">Pick a conversation from the list. New ones appear here live as customers write.</p>
          </section>
        )}
      </div>
    </div>
  );
}
