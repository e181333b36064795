import { useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { messageOf } from '../../api.ts';
import { Button, Notice } from '../../components/ui.tsx';
import { useDraft } from '../../hooks.ts';
import { inboxApi } from './api.ts';
import { blame } from './field-errors.ts';
import { InteractiveComposer } from './interactive-composer.tsx';
import { handleOf, type Agent, type Attachment, type CannedReply, type Conversation, type MessageItem, type NoteItem } from './model.ts';
import { useSuggestions, type Suggestion } from './suggest.tsx';
import { TemplateComposer } from './template-composer.tsx';

/** The server's typing mark lasts ~10 s (src/inbox/model.ts TYPING_MS): renew well before it lapses. */
const RENEW_TYPING_MS = 4000;

interface Props {
  conversation: Conversation;
  agents: readonly Agent[];
  canned: readonly CannedReply[];
  me: string;
  windowOpen: boolean;
  onSent: (message: MessageItem) => void;
  onNote: (note: NoteItem) => void;
  /** The message the agent answers (a quoted reply), chosen in the timeline. */
  replyTo: MessageItem | undefined;
  onClearReply: () => void;
}

/** Media types whose message carries a caption (spec §1.3); audio and stickers do not. */
const captioned = ['image', 'video', 'document'];

/**
 * Answer the customer or leave the team a note. While the window is open a reply is free text (with
 * canned replies after `/`); once it has closed only an approved template can go, so that is all
 * the composer offers. Drafts survive a reload and an expired session.
 */
export function Composer(props: Props) {
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  return (
    <div className={`inbox-composer composer-${mode}`}>
      <div className="composer-modes" role="tablist" aria-label="Write">
        <button type="button" role="tab" aria-selected={mode === 'reply'} className={mode === 'reply' ? 'active' : ''} onClick={() => setMode('reply')}>
          Reply
        </button>
        <button type="button" role="tab" aria-selected={mode === 'note'} className={mode === 'note' ? 'active' : ''} onClick={() => setMode('note')}>
          Private note
        </button>
      </div>
      {mode === 'note' ? (
        <NoteForm {...props} />
      ) : props.windowOpen ? (
        <>
          {props.replyTo ? (
            <div className="reply-to" data-testid="reply-to">
              <span className="quoted-line">
                ↩ Replying to {props.replyTo.direction === 'in' ? 'the customer' : 'your team'}: <em>{props.replyTo.preview || `[${props.replyTo.type}]`}</em>
              </span>
              <button type="button" className="link-button" aria-label="Stop quoting" onClick={props.onClearReply}>
                ✕
              </button>
            </div>
          ) : null}
          <ReplyForm {...props} />
        </>
      ) : (
        <div className="template-only">
          <Notice tone="warn">
            The 24-hour customer service window is closed: only an approved template can reach {props.conversation.customer.profile_name || 'the customer'}. Free text works again once they write.
          </Notice>
          <TemplateComposer conversationId={props.conversation.id} phoneNumberId={props.conversation.phone_number_id} onSent={props.onSent} />
        </div>
      )}
    </div>
  );
}

function ReplyForm({ conversation, canned, onSent, replyTo, onClearReply }: Props) {
  const id = conversation.id;
  const [draft, setDraft] = useDraft(`inbox.reply.${id}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: string | undefined; text: string }>();
  const [warning, setWarning] = useState<string>();
  const [attachment, setAttachment] = useState<Attachment>();
  const [uploading, setUploading] = useState(false);
  const [interactive, setInteractive] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const lastMark = useRef(0);

  const stopTyping = () => {
    if (!lastMark.current) return;
    lastMark.current = 0;
    inboxApi.typing(id, false).catch(() => undefined);
  };
  const markTyping = (text: string) => {
    if (!text.trim()) return stopTyping();
    if (Date.now() - lastMark.current < RENEW_TYPING_MS) return;
    lastMark.current = Date.now();
    inboxApi.typing(id, true).catch(() => undefined);
  };
  // Leaving the conversation lifts the mark; so does a send (the server does it) and a blur.
  useEffect(() => () => stopTyping(), [id]);
  // Still typing after a pause of a few seconds: keep the mark alive while the box has focus and text.
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.activeElement === box.current && lastMark.current && box.current?.value.trim()) {
        lastMark.current = 0;
        markTyping(box.current.value);
      }
    }, RENEW_TYPING_MS);
    return () => clearInterval(timer);
  }, [id]);

  const slash = /^\/([a-z0-9_-]*)$/i.exec(draft);
  const options: Suggestion[] = slash
    ? canned.filter((c) => c.shortcut.startsWith(slash[1]!.toLowerCase())).map((c) => ({ key: c.id, label: `/${c.shortcut}`, hint: c.text.length > 60 ? `${c.text.slice(0, 59)}…` : c.text }))
    : [];
  const suggestions = useSuggestions(options, (s) => {
    const chosen = canned.find((c) => c.id === s.key);
    if (chosen) setDraft(chosen.text);
  });

  /** A picked file goes up at once for the conversation's number; the text box becomes its caption. */
  async function attach(picked: File | undefined) {
    if (!picked) return;
    setUploading(true);
    setError(undefined);
    try {
      setAttachment(await inboxApi.upload(id, picked));
    } catch (e) {
      setError({ field: 'file', text: messageOf(e) });
    } finally {
      setUploading(false);
      if (file.current) file.current.value = '';
    }
  }

  // The paths a refusal may name, and the input each stands for.
  const kind = attachment?.kind;
  const fields = kind ? [kind, `${kind}.caption`, `${kind}.id`, 'context'] : ['text', 'context'];

  async function send(event?: FormEvent) {
    event?.preventDefault();
    const body = draft.trim();
    if ((!body && !attachment) || busy) return;
    setBusy(true);
    setError(undefined);
    const context = replyTo ? { context: { message_id: replyTo.id } } : {};
    const message = attachment
      ? {
          type: attachment.kind,
          [attachment.kind]: {
            id: attachment.id,
            // Audio and stickers take no caption: Meta's refusal shows under the box if one is typed.
            ...(body ? { caption: body } : {}),
            ...(attachment.kind === 'document' && attachment.filename ? { filename: attachment.filename } : {}),
          },
        }
      : { type: 'text', text: { body } };
    try {
      const answer = await inboxApi.send(id, { ...message, ...context });
      lastMark.current = 0;
      setDraft('');
      setAttachment(undefined);
      setWarning(answer.warning);
      onClearReply();
      onSent(answer.message);
    } catch (e) {
      const blamed = blame(e, fields);
      setError({ field: blamed.field === kind ? `${kind}.caption` : blamed.field, text: blamed.text });
    } finally {
      setBusy(false);
    }
  }

  if (interactive) {
    return (
      <InteractiveComposer
        conversationId={id}
        contextId={replyTo?.id}
        onClose={() => setInteractive(false)}
        onSent={(m) => {
          onClearReply();
          onSent(m);
        }}
      />
    );
  }
  const captionError = error && kind && (error.field === `${kind}.caption` || error.field === `${kind}.id`) ? error.text : undefined;
  const textError = error && (error.field === 'text' || error.field === 'context') ? error.text : undefined;
  const fileError = error?.field === 'file' ? error.text : undefined;
  const formError = error && !captionError && !textError && !fileError ? error.text : undefined;

  function keyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (suggestions.keyDown(event)) return;
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void send();
    }
  }

  return (
    <form className="composer-form" onSubmit={(e) => void send(e)}>
      {warning ? <Notice tone="warn">{warning}</Notice> : null}
      {formError ? <Notice tone="bad">{formError}</Notice> : null}
      {attachment ? (
        <div className="attachment-chip" data-testid="attachment">
          <span>
            {attachmentIcon[attachment.kind] ?? '▤'} {attachment.filename ?? attachment.kind} · {attachment.kind} · {Math.max(1, Math.round(attachment.file_size / 1024))} KB
          </span>
          <button type="button" className="link-button" aria-label="Remove the attachment" onClick={() => setAttachment(undefined)}>
            ✕
          </button>
        </div>
      ) : null}
      {uploading ? <p className="muted small">Uploading…</p> : null}
      {fileError ? (
        <p className="field-error" role="alert" data-field="file">
          {fileError}
        </p>
      ) : null}
      <div className="composer-row">
        <label className="composer-tool" title="Attach an image, video, audio or document">
          <span aria-hidden="true">+</span>
          <input ref={file} type="file" className="visually-hidden" aria-label="Attach a file" accept="image/jpeg,image/png,video/mp4,video/3gpp,audio/*,application/pdf,text/plain,.doc,.docx,.xls,.xlsx,.ppt,.pptx" onChange={(e) => void attach(e.target.files?.[0])} />
        </label>
        <button type="button" className="composer-tool" title="Reply buttons or a list" aria-label="Buttons or list" onClick={() => setInteractive(true)}>
          ☰
        </button>
        <div className="composer-box">
          {suggestions.list}
          <textarea
            ref={box}
            aria-label={attachment ? 'Caption' : 'Reply'}
            aria-invalid={captionError || textError ? true : undefined}
            placeholder={attachment ? (captioned.includes(attachment.kind) ? 'Add a caption (optional) · Enter sends' : 'Enter sends') : 'Reply to the customer · / for canned replies · Enter sends'}
            rows={2}
            maxLength={4096}
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
              markTyping(e.target.value);
            }}
            onBlur={stopTyping}
            onKeyDown={keyDown}
          />
        </div>
        <Button type="submit" busy={busy} disabled={!draft.trim() && !attachment}>
          Send
        </Button>
      </div>
      {captionError || textError ? (
        <p className="field-error" role="alert" data-field={captionError ? 'caption' : 'text'}>
          {captionError ?? textError}
        </p>
      ) : null}
    </form>
  );
}

const attachmentIcon: Record<string, string> = { image: '🖼', video: '🎬', audio: '🎵', document: '📄', sticker: '🙂' };

function NoteForm({ conversation, agents, me, onNote }: Props) {
  const [draft, setDraft] = useDraft(`inbox.note.${conversation.id}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [caret, setCaret] = useState(0);
  const box = useRef<HTMLTextAreaElement>(null);
  // Where the caret goes once a picked mention is in the box: before the next key is handled.
  const caretAfterPick = useRef<number>(undefined);
  useLayoutEffect(() => {
    if (caretAfterPick.current === undefined) return;
    box.current?.setSelectionRange(caretAfterPick.current, caretAfterPick.current);
    caretAfterPick.current = undefined;
  }, [draft]);

  // The word being typed at the caret, when it starts with @: suggest members (not oneself).
  const typed = /(?:^|[^\w@.])@([\w.-]*)$/.exec(draft.slice(0, caret));
  const query = typed?.[1]?.toLowerCase();
  const options: Suggestion[] =
    query === undefined
      ? []
      : agents
          .filter((a) => a.id !== me && (handleOf(a).startsWith(query) || a.name.toLowerCase().replace(/\s+/g, '').startsWith(query)))
          .slice(0, 6)
          .map((a) => ({ key: a.id, label: a.name || handleOf(a), hint: `@${handleOf(a)}${a.online ? ' · online' : ''}` }));
  const suggestions = useSuggestions(options, (s) => {
    const agent = agents.find((a) => a.id === s.key);
    if (!agent || query === undefined) return;
    const start = caret - query.length - 1;
    const next = `${draft.slice(0, start)}@${handleOf(agent)} ${draft.slice(caret)}`;
    const at = start + handleOf(agent).length + 2;
    caretAfterPick.current = at;
    setDraft(next);
    setCaret(at);
  });

  async function add(event?: FormEvent) {
    event?.preventDefault();
    const body = draft.trim();
    if (!body || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      onNote(await inboxApi.note(conversation.id, body));
      setDraft('');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="composer-form" onSubmit={(e) => void add(e)}>
      {error ? <Notice tone="bad">{error}</Notice> : null}
      <div className="composer-row">
        <div className="composer-box">
          {suggestions.list}
          <textarea
            ref={box}
            aria-label="Note"
            placeholder="Only your team sees notes · @ mentions a member"
            rows={2}
            maxLength={4000}
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
              setCaret(e.target.selectionStart);
            }}
            onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
            onKeyDown={(e) => {
              if (suggestions.keyDown(e)) return;
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                void add();
              }
            }}
          />
        </div>
        <Button type="submit" variant="secondary" busy={busy} disabled={!draft.trim()}>
          Add note
        </Button>
      </div>
    </form>
  );
}
