import { Fragment, useState, type ReactNode } from 'react';
import { messageOf } from '../../api.ts';
import { inboxApi } from './api.ts';
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

export interface MessageActions {
  /** Quote this message in the next reply. */
  reply(m: MessageItem): void;
  /** React to a customer's message; `''` removes the reaction. Throws what the server refused. */
  react(m: MessageItem, emoji: string): Promise<void>;
}

/** Reactions per message, the latest of each side: a later one replaces it and `''` removes it (spec §1.3). */
function reactionsOf(items: readonly TimelineItem[]): Map<string, { in?: string; out?: string }> {
  const found = new Map<string, { in?: string; out?: string }>();
  for (const item of items) {
    if (item.kind !== 'message' || item.type !== 'reaction' || item.status === 'failed') continue;
    const r = reactionOf(item);
    if (!r) continue;
    const now = found.get(r.messageId) ?? {};
    found.set(r.messageId, { ...now, [item.direction]: r.emoji });
  }
  return found;
}

/** Messages both ways and private notes, oldest at the top, with a line where the day changes. */
export function Timeline({ items, agents, me, conversationId, actions }: { items: readonly TimelineItem[]; agents: readonly Agent[]; me: string; conversationId: string; actions: MessageActions }) {
  const byId = new Map(items.filter((i): i is MessageItem => i.kind === 'message').map((m) => [m.id, m]));
  const reactions = reactionsOf(items);
  let lastDay = '';
  return (
    <>
      {items.map((item) => {
        // A reaction shows on the message it is about; only one whose message is not loaded stands alone.
        if (item.kind === 'message' && item.type === 'reaction' && byId.has(reactionOf(item)?.messageId ?? '')) return null;
        const today = day(item.timestamp);
        const divider = today !== lastDay ? <div className="day-divider">{today}</div> : null;
        lastDay = today;
        return (
          <Fragment key={`${item.kind}:${item.id}`}>
            {divider}
            {item.kind === 'note' ? (
              <Note note={item} agents={agents} me={me} />
            ) : (
              <Message m={item} quoted={item.context_message_id ? (byId.get(item.context_message_id) ?? null) : undefined} reactions={reactions.get(item.id)} conversationId={conversationId} actions={actions} />
            )}
          </Fragment>
        );
      })}
    </>
  );
}

const reactionOf = (m: MessageItem): { messageId: string; emoji: string } | undefined => {
  const c = (m.content ?? {}) as Record<string, any>;
  const r = (c.reaction && typeof c.reaction === 'object' ? c.reaction : c) as { message_id?: unknown; emoji?: unknown };
  return typeof r.message_id === 'string' ? { messageId: r.message_id, emoji: typeof r.emoji === 'string' ? r.emoji : '' } : undefined;
};

const EMOJIS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

function Message(props: { m: MessageItem; quoted: MessageItem | null | undefined; reactions: { in?: string; out?: string } | undefined; conversationId: string; actions: MessageActions }) {
  const { m, quoted, reactions, actions } = props;
  const out = m.direction === 'out';
  const ticks = m.ticks ? (tickMarks[m.ticks] ?? { mark: '?', words: m.ticks }) : undefined;
  const [picking, setPicking] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const mine = reactions?.out || undefined;
  const shown = [reactions?.in, reactions?.out].filter((e): e is string => Boolean(e));
  const react = async (emoji: string) => {
    setRefusal(undefined);
    try {
      await actions.react(m, emoji);
      setPicking(false);
    } catch (e) {
      setRefusal(messageOf(e));
    }
  };
  return (
    <div className={`bubble-row ${out ? 'mine' : 'theirs'}`} data-testid="message" data-direction={m.direction} data-ticks={m.ticks ?? ''} data-id={m.id} data-type={m.type}>
      <div className={`bubble inbox-bubble${m.error ? ' bubble-failed' : ''}${shown.length ? ' has-reactions' : ''}`}>
        {out ? <div className="bubble-author">{m.sent_by ? m.sent_by.name || 'A member' : 'API'}</div> : null}
        {quoted !== undefined ? (
          <blockquote className="quoted" data-testid="quoted">
            {quoted ? (
              <>
                <span className="quoted-author">{quoted.direction === 'in' ? 'Customer' : quoted.sent_by?.name || 'Business'}</span>
                {quoted.preview || `[${quoted.type}]`}
              </>
            ) : (
              <span className="muted">An earlier message</span>
            )}
          </blockquote>
        ) : null}
        <Content m={m} conversationId={props.conversationId} />
        <div className="bubble-meta">
          {m.type !== 'reaction' && !m.error ? (
            <span className="message-actions">
              <button type="button" className="link-button" onClick={() => actions.reply(m)} aria-label="Quote" title="Answer quoting this message">
                ↩
              </button>
              {!out ? (
                <button type="button" className="link-button" onClick={() => setPicking(!picking)} aria-label="React" aria-expanded={picking} title="React with an emoji">
                  ☺
                </button>
              ) : null}
            </span>
          ) : null}
          <span>{clock(m.timestamp)}</span>
          {ticks ? (
            <span className={`ticks ticks-${m.ticks}`} title={ticks.words} aria-label={ticks.words} data-testid="ticks">
              {ticks.mark}
            </span>
          ) : null}
        </div>
        {picking ? (
          <div className="reaction-picker" role="group" aria-label="Reactions">
            {EMOJIS.map((e) => (
              <button key={e} type="button" className={e === mine ? 'chosen' : ''} aria-label={`React ${e}`} onClick={() => void react(e)}>
                {e}
              </button>
            ))}
            {mine ? (
              <button type="button" className="link-button" onClick={() => void react('')}>
                Remove reaction
              </button>
            ) : null}
            {refusal ? <p className="field-error" role="alert">{refusal}</p> : null}
          </div>
        ) : null}
        {shown.length ? (
          <div className="reactions" data-testid="reactions" aria-label={`Reactions: ${shown.join(' ')}`}>
            {reactions?.in ? <span title="The customer’s reaction">{reactions.in}</span> : null}
            {reactions?.out ? <span title="Your team’s reaction" data-testid="our-reaction">{reactions.out}</span> : null}
          </div>
        ) : null}
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

const mediaTypes = ['image', 'video', 'audio', 'document', 'sticker'];

/** Outbound content is the type's object (`{body}`); inbound is the entry's (`{text: {body}}`). */
function Content({ m, conversationId }: { m: MessageItem; conversationId: string }): ReactNode {
  const c = (m.content ?? {}) as Record<string, any>;
  const body = (c[m.type] && typeof c[m.type] === 'object' ? c[m.type] : c) as Record<string, any>;
  const referral = m.direction === 'in' && c.referral && typeof c.referral === 'object' ? (c.referral as Record<string, unknown>) : undefined;
  const tag = referral ? (
    <div className="referral-tag" data-testid="referral-tag">
      ↗ From {referral.source_type === 'post' ? 'a post' : 'an ad'}
      {typeof referral.headline === 'string' ? `: ${referral.headline}` : ''}
    </div>
  ) : null;
  let shown: ReactNode;
  if (m.type === 'text') shown = <p className="bubble-text">{typeof body.body === 'string' ? body.body : m.preview}</p>;
  else if (m.type === 'template') {
    const params = ((body.components ?? []) as { type?: string; parameters?: { type?: string; text?: string }[] }[]).flatMap((comp) => (comp.parameters ?? []).map((p) => p.text ?? `[${p.type}]`));
    shown = (
      <div className="template">
        <p className="template-header">
          ▤ Template {body.name ?? ''} <span className="muted small">{body.language?.code ?? ''}</span>
        </p>
        {params.length ? <p className="bubble-text muted small">{params.map((p, i) => `{{${i + 1}}} ${p}`).join(' · ')}</p> : null}
      </div>
    );
  } else if (mediaTypes.includes(m.type)) shown = <MediaContent type={m.type} media={body} conversationId={conversationId} />;
  else if (m.type === 'reaction') shown = <p className="bubble-text muted">{body.emoji ? `Reacted ${body.emoji} to a message` : 'Removed a reaction'}</p>;
  else if (m.type === 'interactive' && (body.type === 'button' || body.type === 'list')) shown = <InteractiveContent body={body} />;
  else if (m.type === 'interactive' || m.type === 'button') {
    const answer = body.button_reply?.title ?? body.list_reply?.title ?? body.text ?? m.preview;
    shown = (
      <p className="bubble-text" data-testid="tapped">
        <span className="muted small">Tapped </span>
        {answer}
        {body.list_reply?.description ? <span className="muted small"> · {body.list_reply.description}</span> : null}
      </p>
    );
  } else shown = <p className="bubble-text">{m.preview || `[${m.type}]`}</p>;
  return (
    <>
      {tag}
      {shown}
    </>
  );
}

/** A media message: a preview of the file (chatapp's copy by id, or the sender's link) and a link to open it. */
function MediaContent({ type, media, conversationId }: { type: string; media: Record<string, any>; conversationId: string }) {
  const src = typeof media.id === 'string' ? inboxApi.mediaUrl(conversationId, media.id) : typeof media.link === 'string' ? media.link : undefined;
  const caption = typeof media.caption === 'string' ? media.caption : undefined;
  const name = typeof media.filename === 'string' ? media.filename : type;
  let preview: ReactNode = null;
  if (src && (type === 'image' || type === 'sticker')) preview = <img className="bubble-media" src={src} alt={caption ?? type} loading="lazy" />;
  else if (src && type === 'video') preview = <video className="bubble-media" src={src} controls preload="metadata" />;
  else if (src && type === 'audio') preview = <audio src={src} controls preload="none" />;
  return (
    <figure className="inbox-media" data-testid="media">
      {preview}
      {src ? (
        <a className={type === 'document' ? 'bubble-doc' : 'small'} href={src} target="_blank" rel="noreferrer">
          {type === 'document' ? `📄 ${name}` : `Open ${type}`}
        </a>
      ) : (
        <span className="muted small">[{type}]</span>
      )}
      {caption ? <figcaption className="bubble-text">{caption}</figcaption> : null}
    </figure>
  );
}

/** The business's reply buttons or list, as the customer sees them (not tappable here). */
function InteractiveContent({ body }: { body: Record<string, any> }) {
  const header = typeof body.header?.text === 'string' ? body.header.text : undefined;
  const buttons = ((body.action?.buttons ?? []) as { reply?: { title?: string } }[]).map((b) => b.reply?.title ?? '');
  const rows = ((body.action?.sections ?? []) as { title?: string; rows?: { title?: string; description?: string }[] }[]).flatMap((s) => s.rows ?? []);
  return (
    <div className="interactive" data-testid="interactive">
      {header ? <p className="template-header">{header}</p> : null}
      <p className="bubble-text">{body.body?.text ?? ''}</p>
      {body.footer?.text ? <p className="template-footer">{body.footer.text}</p> : null}
      {buttons.length ? (
        <ul className="interactive-buttons" aria-label="Buttons">
          {buttons.map((b, i) => (
            <li key={i}>{b}</li>
          ))}
        </ul>
      ) : null}
      {body.type === 'list' ? (
        <details className="interactive-list">
          <summary>☰ {body.action?.button ?? 'List'}</summary>
          <ul>
            {rows.map((r, i) => (
              <li key={i}>
                {r.title}
                {r.description ? <span className="muted small"> · {r.description}</span> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
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
