import { Fragment, type ReactNode } from 'react';
import { handleOf, type Agent, type MessageItem, type NoteItem, type TimelineItem } from './model.ts';

const tickMarks: Record<string, { mark: string; words: string }> = {
  pending: { mark: '◷', words: 'pending' },
  sent: { mark: '✓', words: 'sent' },
  delivered: { mark: '✓✓', words: 'delivered' },
  read: { mark: '✓✓', words: 'read' },
  failed: { mark: '!', words: 'failed' },
};

const clock = (seconds: number) => new Date(seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const day = (seconds: number) => new Date(seconds * 1000).toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' });

/** Messages both ways and private notes, oldest at the top, with a line where the day changes. */
export function Timeline({ items, agents, me }: { items: readonly TimelineItem[]; agents: readonly Agent[]; me: string }) {
  let lastDay = '';
  return (
    <>
      {items.map((item) => {
        const today = day(item.timestamp);
        const divider = today !== lastDay ? <div className="day-divider">{today}</div> : null;
        lastDay = today;
        return (
          <Fragment key={`${item.kind}:${item.id}`}>
            {divider}
            {item.kind === 'note' ? <Note note={item} agents={agents} me={me} /> : <Message m={item} />}
          </Fragment>
        );
      })}
    </>
  );
}

function Message({ m }: { m: MessageItem }) {
  const out = m.direction === 'out';
  const ticks = m.ticks ? (tickMarks[m.ticks] ?? { mark: '?', words: m.ticks }) : undefined;
  return (
    <div className={`bubble-row ${out ? 'mine' : 'theirs'}`} data-testid="message" data-direction={m.direction} data-ticks={m.ticks ?? ''} data-id={m.id}>
      <div className={`bubble inbox-bubble${m.error ? ' bubble-failed' : ''}`}>
        {out ? <div className="bubble-author">{m.sent_by ? m.sent_by.name || 'A member' : 'API'}</div> : null}
        <Content m={m} />
        <div className="bubble-meta">
          <span>{clock(m.timestamp)}</span>
          {ticks ? (
            <span className={`ticks ticks-${m.ticks}`} title={ticks.words} aria-label={ticks.words} data-testid="ticks">
              {ticks.mark}
            </span>
          ) : null}
        </div>
        {m.error ? (
          <div className="failure" role="note">
            <strong>
              {m.error.title}
              {m.error.code ? <span className="muted"> · {m.error.code}</span> : null}
            </strong>
            {m.error.details ? <p className="failure-details">{m.error.details}</p> : null}
            <p className="failure-advice">{m.error.advice}</p>
          </div>
        ) : null}
      </div>
    </div>
  );
}

/** Outbound content is the type's object (`{body}`); inbound is the entry's (`{text: {body}}`). */
function Content({ m }: { m: MessageItem }): ReactNode {
  const c = (m.content ?? {}) as Record<string, any>;
  const body = (c[m.type] && typeof c[m.type] === 'object' ? c[m.type] : c) as Record<string, any>;
  if (m.type === 'text') return <p className="bubble-text">{typeof body.body === 'string' ? body.body : m.preview}</p>;
  if (m.type === 'template') {
    const params = ((body.components ?? []) as { type?: string; parameters?: { type?: string; text?: string }[] }[]).flatMap((comp) => (comp.parameters ?? []).map((p) => p.text ?? `[${p.type}]`));
    return (
      <div className="template">
        <p className="template-header">
          ▤ Template {body.name ?? ''} <span className="muted small">{body.language?.code ?? ''}</span>
        </p>
        {params.length ? <p className="bubble-text muted small">{params.map((p, i) => `{{${i + 1}}} ${p}`).join(' · ')}</p> : null}
      </div>
    );
  }
  return <p className="bubble-text">{m.preview || `[${m.type}]`}</p>;
}

/** A private note: only the team sees it; `@handles` of members stand out, the signed-in member's most. */
function Note({ note, agents, me }: { note: NoteItem; agents: readonly Agent[]; me: string }) {
  const parts = note.body.split(/((?:^|(?<=[^\w@.]))@[A-Za-z0-9][\w.-]*)/);
  return (
    <div className="note" data-testid="note">
      <div className="note-head small">
        <strong>{note.author.name || 'A member'}</strong> · private note · {clock(note.timestamp)}
      </div>
      <p className="note-body">
        {parts.map((part, i) => {
          const agent = part.startsWith('@') ? agents.find((a) => handleOf(a) === part.slice(1).replace(/[.-]+$/, '').toLowerCase() || a.name.replace(/\s+/g, '').toLowerCase() === part.slice(1).toLowerCase()) : undefined;
          return agent ? (
            <span key={i} className={`mention${agent.id === me ? ' mention-me' : ''}`} title={agent.name}>
              {part}
            </span>
          ) : (
            <Fragment key={i}>{part}</Fragment>
          );
        })}
      </p>
    </div>
  );
}
