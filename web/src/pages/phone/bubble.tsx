import type { ReactNode } from 'react';
import type { ChatMessage, Rendered, RenderedButton, Ticks } from '../../types.ts';

export interface UserActions {
  /** Taps a template's quick-reply button. */
  tap(message: ChatMessage, index: number): Promise<void>;
  /** Answers an interactive message (a reply button or a list row). */
  reply(message: ChatMessage, interactive: Record<string, unknown>): Promise<void>;
  read(message: ChatMessage): Promise<void>;
}

const tickMarks: Record<Ticks, { mark: string; words: string }> = {
  pending: { mark: '◷', words: 'pending' },
  sent: { mark: '✓', words: 'sent' },
  delivered: { mark: '✓✓', words: 'delivered' },
  read: { mark: '✓✓', words: 'read' },
  failed: { mark: '!', words: 'failed' },
};

/** One message as WhatsApp draws it: the user's on the right with ticks, the business's on the left. */
export function Bubble({ message: m, actions }: { message: ChatMessage; actions: UserActions }) {
  const mine = m.from === 'user';
  const ticks = tickMarks[m.status] ?? tickMarks.sent;
  const time = new Date(m.timestamp * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return (
    <div className={`bubble-row ${mine ? 'mine' : 'theirs'}`} data-testid="bubble" data-from={m.from} data-status={m.status}>
      <div className={`bubble bubble-${m.type}`}>
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
      </div>
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
      return <video src={body?.url} controls className="bubble-media" />;
    case 'audio':
      return <audio src={body?.url} controls />;
    case 'document':
      return (
        <a href={body?.url} target="_blank" rel="noreferrer" className="bubble-doc">
          ▤ {body?.filename ?? 'Document'}
        </a>
      );
    case 'location':
      return (
        <p className="bubble-text">
          ⌖ {body?.name ?? 'Location'} {body?.address ? `· ${body.address}` : ''} ({body?.latitude}, {body?.longitude})
        </p>
      );
    case 'reaction':
      return <p className="bubble-text">Reacted {body?.emoji || '(removed)'}</p>;
    case 'contacts':
      return <p className="bubble-text">☺ {((m.contacts as { name?: { formatted_name?: string } }[] | undefined) ?? []).map((c) => c.name?.formatted_name).join(', ')}</p>;
    default:
      return <pre className="bubble-raw">{JSON.stringify(body ?? m, null, 1)}</pre>;
  }
}

function Template({ rendered, onTap }: { rendered: Rendered; onTap: (index: number) => void }) {
  const header = rendered.header;
  return (
    <div className="template">
      {header?.type === 'text' ? <p className="template-header">{header.text}</p> : null}
      {header && ['image', 'video', 'document'].includes(header.type) ? <p className="template-media">{header.type === 'image' ? '▣' : header.type === 'video' ? '▶' : '▤'} {header.filename ?? header.type}</p> : null}
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
                <button key={r.id} type="button" onClick={() => void actions.reply(message, { type: 'list_reply', list_reply: { id: r.id, title: r.title, ...(r.description ? { description: r.description } : {}) } })}>
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
