import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, messageOf } from '../../api.ts';
import { Button, Notice } from '../../components/ui.tsx';
import { useDraft, usePolling } from '../../hooks.ts';
import type { Chat, ChatMessage } from '../../types.ts';
import { AttachPanel } from './attach.tsx';
import { Bubble, type UserActions } from './bubble.tsx';
import { foldReactions } from './model.ts';
import { ReactionPicker } from './reactions.tsx';

/** The ad the sandbox's phone opens; the simulator makes up its ids (source_id, ctwa_clid). */
const AD_REFERRAL = { source_type: 'ad', headline: 'Chat with us', body: 'Autumn sale: ask us anything' } as const;

/** Text a `wa.me` link put in the composer, for the chat it names (phone.tsx). */
export interface Prefill {
  readonly user: string;
  readonly phoneNumberId: string;
  readonly text: string;
}

/** One chat as the simulated user's phone shows it, refreshed every second (ticks, replies, typing). */
export function PhoneChat({ user, phoneNumberId, prefill, onPrefilled }: { user: string; phoneNumberId: string; prefill?: Prefill | undefined; onPrefilled?: () => void }) {
  const chat = usePolling(() => api.get<Chat>(`/simulator/users/${encodeURIComponent(user)}/chat?phone_number_id=${phoneNumberId}`), 1000, [user, phoneNumberId]);
  const [draft, setDraft] = useDraft(`phone.${user}.${phoneNumberId}`);
  const [error, setError] = useState<string>();
  const [blocked, setBlocked] = useState(false);
  const [busy, setBusy] = useState(false);
  /** The user tapped a Click-to-WhatsApp ad: their next message carries its `referral` (spec §4.4, §6.2). */
  const [fromAd, setFromAd] = useState(false);
  const [attaching, setAttaching] = useState(false);
  /** The business message whose emoji bar is open. */
  const [reactingTo, setReactingTo] = useState<string>();
  const log = useRef<HTMLDivElement>(null);
  const composer = useRef<HTMLInputElement>(null);
  const count = chat.data?.messages.length ?? 0;

  // A wa.me link's text lands in the composer unsent, as WhatsApp does; the user still taps send.
  useEffect(() => {
    if (!prefill || prefill.user !== user || prefill.phoneNumberId !== phoneNumberId) return;
    if (prefill.text) setDraft(prefill.text);
    composer.current?.focus();
    onPrefilled?.();
  }, [prefill, user, phoneNumberId, setDraft, onPrefilled]);

  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [count]);

  /** Runs a user action, then refreshes the chat; a refusal shows above the composer. */
  async function act(run: () => Promise<unknown>): Promise<void> {
    setError(undefined);
    try {
      await run();
    } catch (e) {
      const text = messageOf(e);
      if (/blocked the business/.test(text)) setBlocked(true);
      setError(text);
    }
    await chat.reload();
  }

  const post = (action: string, body: object) => api.post(`/simulator/users/${encodeURIComponent(user)}/${action}`, body);
  const setBlock = (value: boolean) =>
    act(async () => {
      await post(value ? 'block' : 'unblock', { phone_number_id: phoneNumberId });
      setBlocked(value);
    });
  const report = () =>
    act(async () => {
      await post('report', { phone_number_id: phoneNumberId, reason: 'spam' });
      setBlocked(true);
    });
  const send = (message: Record<string, unknown>) => api.post('/simulator/messages', { from: `+${user}`, to: phoneNumberId, message });
  const actions: UserActions = {
    tap: (m, index) => act(() => post('tap', { message_id: m.id, button_index: index })),
    reply: (m, interactive) => act(() => send({ type: 'interactive', interactive, context: { id: m.id } })),
    read: (m) => act(() => post('read', { message_id: m.id })),
    react: (m) => setReactingTo((open) => (open === m.id ? undefined : m.id)),
  };
  const react = (messageId: string, emoji: string) =>
    act(async () => {
      setReactingTo(undefined);
      await send({ type: 'reaction', reaction: { message_id: messageId, emoji } });
    });
  const { shown, worn } = foldReactions(chat.data?.messages ?? []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = draft.trim();
    if (!body) return;
    setBusy(true);
    await act(async () => {
      await send({ type: 'text', text: { body }, ...(fromAd ? { referral: AD_REFERRAL } : {}) });
      setDraft('');
      setFromAd(false);
    });
    setBusy(false);
  }

  const unread = (chat.data?.messages ?? []).filter((m) => m.from === 'business' && m.status !== 'read' && m.status !== 'failed');
  const business = chat.data?.business;
  return (
    <div className="phone" aria-label="Phone">
      <header className="phone-head">
        <span className="avatar avatar-business" aria-hidden="true">
          {(business?.verified_name ?? '?').slice(0, 1)}
        </span>
        <div className="phone-title">
          <div className="phone-name">
            {business?.verified_name ?? '…'}
            {business?.is_official_business_account ? (
              <span className="verified" title="Meta Verified">
                ✔
              </span>
            ) : null}
          </div>
          <div className="phone-sub">{chat.data?.typing ? 'typing…' : (business?.display_phone_number ?? '')}</div>
        </div>
        <details className="phone-menu">
          <summary aria-label="Chat menu">⋮</summary>
          <div className="menu">
            <button type="button" disabled={unread.length === 0} onClick={() => void act(() => Promise.all(unread.map((m) => post('read', { message_id: m.id }))))}>
              Read all ({unread.length})
            </button>
            <button type="button" onClick={() => setFromAd(true)}>
              Open a Click-to-WhatsApp ad
            </button>
            <button type="button" onClick={() => void setBlock(!blocked)}>
              {blocked ? 'Unblock business' : 'Block business'}
            </button>
            <button type="button" onClick={() => confirm('Report this business to WhatsApp? Reporting also blocks it.') && void report()}>
              Report business
            </button>
          </div>
        </details>
      </header>
      <div className="chat phone-chat" ref={log} role="log" aria-live="polite" aria-label="Chat">
        {chat.error && !chat.data ? <Notice tone="bad">{chat.error}</Notice> : null}
        {chat.data && chat.data.messages.length === 0 ? <p className="chat-empty">No messages yet. Say hello to the business.</p> : null}
        {shown.map((m: ChatMessage) => (
          <Bubble
            key={m.id}
            message={m}
            actions={actions}
            worn={worn.get(m.id)}
            picker={reactingTo === m.id ? <ReactionPicker current={worn.get(m.id)?.user} onPick={(emoji) => void react(m.id, emoji)} onClose={() => setReactingTo(undefined)} /> : null}
          />
        ))}
      </div>
      {fromAd ? (
        <div className="phone-banner" data-testid="from-ad">
          From an ad: “{AD_REFERRAL.headline}”. Your next message tells the business which ad brought you; its reply within 24 h opens 72 free hours.
        </div>
      ) : null}
      {blocked ? <div className="phone-banner">You blocked this business. It cannot message you, and you cannot write to it.</div> : null}
      {error ? (
        <div className="phone-error" role="alert">
          {error}
        </div>
      ) : null}
      {attaching ? (
        <AttachPanel
          send={async (message) => {
            await send(message);
            await chat.reload();
          }}
          onDone={() => setAttaching(false)}
        />
      ) : null}
      <form className="composer" onSubmit={(e) => void submit(e)}>
        <button type="button" className="composer-attach" aria-label="Attach" aria-expanded={attaching} title="Photo, video, file, location or contact" onClick={() => setAttaching(!attaching)}>
          +
        </button>
        <input ref={composer} aria-label="Message" placeholder="Message" value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={4096} />
        <Button type="submit" busy={busy} disabled={!draft.trim()} aria-label="Send">
          ➤
        </Button>
      </form>
    </div>
  );
}
