import type { ReactNode } from 'react';
import type { ChatMessage, Rendered, RenderedButton, Ticks } from '../../types.ts';
import type { Worn } from './model.ts';

export interface UserActions {
  /** Taps a template's quick-reply button. */
  tap(message: ChatMessage, index: number): Promise<void>;
  /** Answers an interactive message (a reply button or a list row). */
  reply(message: ChatMessage, interactive: Record<string, unknown>): Promise<void>;
  read(message: ChatMessage): Promise<void>;
  /** Opens the emoji bar on a business message (a long press, or its ☺ button). */
  react(message: ChatMessage): void;
}

const tickMarks: Record<Ticks, { mark: string; words: string }> = {
  pending: { mark: '◷', words: 'pending' },
  sent: { mark: '✓', words: 'sent' },
  delivered: { mark: '✓✓', words: 'delivered' },
  read: { mark: '✓✓', words: 'read' },
  failed: { mark: '!', words: 'failed' },
};

/** One message as WhatsApp draws it: the user's on the right with ticks, the business's on the left. */
export function Bubble({ message: m, actions, worn, picker }: { message: ChatMessage; actions: UserActions; worn?: Worn | undefined; picker?: ReactNode }) {
  const mine = m.from === 'user';
  const reactions = [worn?.business, worn?.user].filter((e): e is string => Boolean(e));
  const ticks = tickMarks[m.status] ?? tickMarks.sent;
  const time = new Date(m.timestamp * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return (
    <div className={`bubble-row ${mine ? 'mine' : 'theirs'}${reactions.length ? ' reacted' : ''}`} data-testid="bubble" data-from={m.from} data-status={m.status} data-id={m.id}>
      <div
        className={`bubble bubble-${m.type}`}
        // A long press on a phone (and a right click) opens the emoji bar, as in WhatsApp.
        onContextMenu={
          mine
            ? undefined
            : (e) => {
                e.preventDefault();
                actions.react(m);
              }
        }
      >
        <Content message={m} actions={actions} />
        <div className="bubble-meta">
          <span>{time}</span>
          <span className={`ticks ticks-${m.status}`} title={ticks.words} aria-label={ticks.words}>
            {ticks.mark}
          </span>
        </div>
        {!mine && m.status !== 'read' && m.status !== 'failed' ? (
          <button type="button" className="bubble-read" onClick={() => void actions.read(m)}>
            Mark as read
          </button>
        ) : null}
        {reactions.length ? (
          <span className="bubble-reactions" data-testid="reactions" aria-label={`Reactions: ${reactions.join(' ')}`}>
            {reactions.join('')}
          </span>
        ) : null}
      </div>
      {!mine && m.type !== 'reaction' ? (
        <button type="button" className="bubble-react" aria-label="React" title="React (or long-press the message)" onClick={() => actions.react(m)}>
          ☺
        </button>
      ) : null}
      {picker}
    </div>
  );
}

function Content({ message: m, actions }: { message: ChatMessage; actions: UserActions }): ReactNode {
  const body = m[m.type] as Record<string, any> | undefined;
  switch (m.type) {
    case 'text':
      return <p className="bubble-text">{body?.body}</p>;
    case 'template': {
      const rendered = body?.rendered as Rendered | undefined;
      return rendered ? <Template rendered={rendered} onTap={(i) => void actions.tap(m, i)} /> : <p className="bubble-text muted">Template {body?.name}</p>;
    }
    case 'interactive':
      // The user's own answer to an interactive message, or the business's interactive message.
      if (body?.type === 'button_reply' || body?.type === 'list_reply') return <p className="bubble-text">{body[body.type]?.title}</p>;
      return <Interactive message={m} body={body ?? {}} actions={actions} />;
    case 'button':
      return <p className="bubble-text">{body?.text}</p>;
    case 'image':
    case 'sticker':
      return (
        <figure>
          <img src={body?.url} alt={body?.caption ?? m.type} className="bubble-media" />
          {body?.caption ? <figcaption>{body.caption}</figcaption> : null}
        </figure>
      );
    case 'video':
      return (
        <figure>
          <video src={body?.url} controls className="bubble-media" />
          {body?.caption ? <figcaption>{body.caption}</figcaption> : null}
        </figure>
      );
    case 'audio':
      return <audio src={body?.url} controls aria-label={body?.voice ? 'Voice note' : 'Audio'} className="bubble-audio" />;
    case 'document':
      return (
        <figure>
          <a href={body?.url} target="_blank" rel="noreferrer" download={body?.filename ?? true} className="bubble-doc">
            ▤ {body?.filename ?? 'Document'}
            <span className="muted small"> · Download</span>
          </a>
          {body?.caption ? <figcaption>{body.caption}</figcaption> : null}
        </figure>
      );
    case 'location':
      return (
        <p className="bubble-text bubble-location">
          ⌖ <strong>{body?.name ?? 'Location'}</strong> {body?.address ? `· ${body.address}` : ''} ({body?.latitude}, {body?.longitude}){' '}
          <a href={`https://www.openstreetmap.org/?mlat=${body?.latitude}&mlon=${body?.longitude}#map=16/${body?.latitude}/${body?.longitude}`} target="_blank" rel="noreferrer">
            Map
          </a>
        </p>
      );
    case 'reaction':
      return <p className="bubble-text">Reacted {body?.emoji || '(removed)'}</p>;
    case 'contacts':
      return <Contacts shown={m.contacts} />;
    default:
      return <pre className="bubble-raw">{JSON.stringify(body ?? m, null, 1)}</pre>;
  }
}

type Card = { name?: { formatted_name?: string }; phones?: { phone?: string }[] };

/** A business sends the cards as an array; a user's message keeps them under `contacts`, as on the wire. */
function Contacts({ shown }: { shown: unknown }) {
  const list = Array.isArray(shown) ? shown : (shown as { contacts?: unknown } | undefined)?.contacts;
  const cards = (Array.isArray(list) ? list : []) as Card[];
  return (
    <div className="bubble-contacts">
      {cards.map((c, i) => (
        <p key={i} className="bubble-text">
          ☺ <strong>{c.name?.formatted_name ?? 'Contact'}</strong>
          {c.phones?.length ? <span className="muted small"> {c.phones.map((p) => p.phone).join(', ')}</span> : null}
        </p>
      ))}
    </div>
  );
}

function Template({ rendered, onTap }: { rendered: Rendered; onTap: (index: number) => void }) {
  const header = rendered.header;
  return (
    <div className="template">
      {header?.type === 'text' ? <p className="template-header">{header.text}</p> : null}
      {header?.type === 'image' && header.link ? <img src={header.link} alt="" className="bubble-media" /> : null}
      {header && ['image', 'video', 'document'].includes(header.type) && !(header.type === 'image' && header.link) ? <p className="template-media">{header.type === 'image' ? '▣' : header.type === 'video' ? '▶' : '▤'} {header.filename ?? header.type}</p> : null}
      {header?.type === 'location' ? <p className="template-media">⌖ {header.name ?? 'Location'}</p> : null}
      <p className="bubble-text">{rendered.body}</p>
      {rendered.footer ? <p className="template-footer">{rendered.footer}</p> : null}
      {rendered.buttons.length ? <Buttons buttons={rendered.buttons} onTap={onTap} /> : null}
      {rendered.cards?.map((card, i) => (
        <div key={i} className="template-card">
          {card.body ? <p className="bubble-text">{card.body}</p> : null}
          <Buttons buttons={card.buttons} onTap={() => undefined} />
        </div>
      ))}
    </div>
  );
}

function Buttons({ buttons, onTap }: { buttons: readonly RenderedButton[]; onTap: (index: number) => void }) {
  return (
    <div className="bubble-buttons">
      {buttons.map((b, i) => {
        switch (b.type) {
          case 'QUICK_REPLY':
            return (
              <button key={i} type="button" onClick={() => onTap(i)}>
                ↩ {b.text}
              </button>
            );
          case 'URL':
            return (
              <a key={i} href={b.url} target="_blank" rel="noreferrer">
                ↗ {b.text}
              </a>
            );
          case 'PHONE_NUMBER':
            return (
              <a key={i} href={`tel:${b.phoneNumber ?? ''}`}>
                ☎ {b.text}
              </a>
            );
          default:
            return (
              <button key={i} type="button" disabled title={b.code ? `Code: ${b.code}` : b.type}>
                {b.code ? `⧉ ${b.text}: ${b.code}` : b.text}
              </button>
            );
        }
      })}
    </div>
  );
}

function Interactive({ message, body, actions }: { message: ChatMessage; body: Record<string, any>; actions: UserActions }) {
  const header = body.header?.type === 'text' ? body.header.text : undefined;
  const replies = (body.action?.buttons ?? []) as { reply?: { id: string; title: string } }[];
  const sections = (body.action?.sections ?? []) as { title?: string; rows?: { id: string; title: string; description?: string }[] }[];
  return (
    <div className="template">
      {header ? <p className="template-header">{header}</p> : null}
      <p className="bubble-text">{body.body?.text}</p>
      {body.footer?.text ? <p className="template-footer">{body.footer.text}</p> : null}
      {body.type === 'button' ? (
        <div className="bubble-buttons">
          {replies.map((b, i) => (
            <button key={i} type="button" onClick={() => b.reply && void actions.reply(message, { type: 'button_reply', button_reply: b.reply })}>
              ↩ {b.reply?.title}
            </button>
          ))}
        </div>
      ) : null}
      {body.type === 'list' ? (
        <details className="bubble-list">
          <summary>☰ {body.action?.button ?? 'Choose'}</summary>
          {sections.map((s, i) => (
            <div key={i}>
              {s.title ? <p className="muted small">{s.title}</p> : null}
              {(s.rows ?? []).map((r) => (
                <button
                  key={r.id}
                  type="button"
                  onClick={(e) => {
                    // The list sheet closes on a choice, as WhatsApp's does.
                    e.currentTarget.closest('details')?.removeAttribute('open');
                    void actions.reply(message, { type: 'list_reply', list_reply: { id: r.id, title: r.title, ...(r.description ? { description: r.description } : {}) } });
                  }}
                >
                  {r.title}
                  {r.description ? <span className="muted small"> {r.description}</span> : null}
                </button>
              ))}
            </div>
          ))}
        </details>
      ) : null}
      {body.type === 'cta_url' ? (
        <div className="bubble-buttons">
          <a href={body.action?.parameters?.url} target="_blank" rel="noreferrer">
            ↗ {body.action?.parameters?.display_text}
          </a>
        </div>
      ) : null}
    </div>
  );
}
