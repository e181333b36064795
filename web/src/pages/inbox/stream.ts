import { useEffect, useRef, useState } from 'react';
import { api } from '../../api.ts';
import type { Conversation, Failure, MemberRef, MessageItem, NoteItem } from './model.ts';

/** The live stream's events (src/inbox/stream.ts), plus `ready` each time it (re)connects. */
export type InboxEvent =
  | { type: 'ready'; data: { member_id: string } }
  | { type: 'message.created'; data: { conversation: Conversation; message: MessageItem } }
  | { type: 'message.updated'; data: { conversation_id: string; message: MessageItem } }
  | { type: 'message.status'; data: { conversation_id: string; message_id: string; status: string; error: Failure | null } }
  | { type: 'conversation.updated'; data: { conversation: Conversation; change: Record<string, unknown> } }
  | { type: 'note.created'; data: { conversation_id: string; note: NoteItem } }
  | { type: 'mention'; data: { conversation_id: string; note: NoteItem } }
  | { type: 'typing'; data: { conversation_id: string; members: MemberRef[] } };

export type StreamState = 'connecting' | 'live' | 'offline';

const types = ['ready', 'message.created', 'message.updated', 'message.status', 'conversation.updated', 'note.created', 'mention', 'typing'] as const;
const MAX_BACKOFF_MS = 30_000;

/**
 * One EventSource on `/console/api/inbox/events` for the whole inbox screen. The browser reconnects
 * by itself after a dropped connection; when the server refuses the stream (a restart, an expired
 * session) the source closes for good, so this reopens it with backoff, after asking `/me` (whose
 * 401 sends the console back to the login page). Every `ready` tells listeners to reload what they
 * show, since events sent while disconnected are not replayed.
 */
export class InboxStream {
  readonly #listeners = new Set<(event: InboxEvent) => void>();
  readonly #stateListeners = new Set<(state: StreamState) => void>();
  #source: EventSource | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #closed = false;
  state: StreamState = 'connecting';

  constructor(readonly url = '/console/api/inbox/events') {}

  open(): void {
    this.#closed = false;
    const source = new EventSource(this.url);
    this.#source = source;
    for (const type of types) {
      source.addEventListener(type, (e) => {
        let data: unknown;
        try {
          data = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return;
        }
        if (type === 'ready') {
          this.#failures = 0;
          this.#setState('live');
        }
        const event = { type, data } as InboxEvent;
        this.#listeners.forEach((l) => l(event));
      });
    }
    source.onerror = () => {
      if (this.#closed) return;
      if (source.readyState === EventSource.CONNECTING) {
        this.#setState('connecting');
        return;
      }
      source.close();
      this.#setState('offline');
      this.#failures += 1;
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(this.#failures - 1, 5));
      this.#retryTimer = setTimeout(() => {
        if (this.#closed) return;
        // A 401 here signs the console out (and keeps drafts); otherwise try the stream again.
        api.get('/console/api/me').then(
          () => !this.#closed && this.open(),
          () => !this.#closed && this.open(),
        );
      }, delay);
    };
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#source?.close();
    this.#source = undefined;
  }

  subscribe(listener: (event: InboxEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onState(listener: (state: StreamState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  #setState(state: StreamState): void {
    if (state === this.state) return;
    this.state = state;
    this.#stateListeners.forEach((l) => l(state));
  }
}

/** Opens the stream for as long as the inbox screen is shown. */
export function useInboxStream(): { stream: InboxStream; state: StreamState } {
  const [stream] = useState(() => new InboxStream());
  const [state, setState] = useState<StreamState>(stream.state);
  useEffect(() => {
    const off = stream.onState(setState);
    stream.open();
    return () => {
      off();
      stream.close();
    };
  }, [stream]);
  return { stream, state };
}

/** Calls `listener` for each event while mounted; the latest `listener` is used, without resubscribing. */
export function useInboxEvents(stream: InboxStream, listener: (event: InboxEvent) => void): void {
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => stream.subscribe((e) => ref.current(e)), [stream]);
}
