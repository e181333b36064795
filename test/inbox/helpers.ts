import type { DemoFacts } from '../../src/demo/service.js';
import type { TestChatapp } from '../helpers/chatapp.js';

export interface Agent {
  readonly memberId: string;
  readonly name: string;
  readonly cookie: string;
  readonly csrf: string;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Signs in to the console as a member: the session cookie and the CSRF token. */
export async function signIn(t: TestChatapp, credentials: { email: string; password: string }): Promise<Agent> {
  const login = await t.chatapp.app.inject({ method: 'POST', url: '/console/api/session', payload: credentials });
  if (login.statusCode !== 200) throw new Error(`sign-in failed: ${login.body}`);
  const user = login.json().user as { member_id: string; name: string; csrf_token: string };
  return { memberId: user.member_id, name: user.name, cookie: String(login.headers['set-cookie']).split(';')[0]!, csrf: user.csrf_token };
}

/** A console API call as `agent`; answered as status and JSON. */
export async function call(t: TestChatapp, agent: Agent, method: Method, url: string, payload?: object) {
  const res = await t.chatapp.app.inject({ method, url: `/console/api${url}`, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf }, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, json: res.json() as Record<string, any> };
}

/** An Advertiser (who may use the inbox) added by the business's admin, signed in. */
export async function addAgent(t: TestChatapp, admin: Agent, name: string): Promise<Agent> {
  const email = `${name.toLowerCase()}.${Math.random().toString(36).slice(2, 8)}@agents.example`;
  const password = 'correct horse battery staple';
  const res = await call(t, admin, 'POST', '/members', { email, name, role: 'ADVERTISER', password });
  if (res.status !== 200) throw new Error(`adding a member failed: ${JSON.stringify(res.json)}`);
  return signIn(t, { email, password });
}

/** A simulated user writes text to the business's number. */
export async function userWrites(t: TestChatapp, biz: DemoFacts, from: string, body: string): Promise<string> {
  const res = await t.simulator(biz, 'POST', '/messages', { from, to: biz.phone_number_id, message: { type: 'text', text: { body } } });
  if (res.statusCode !== 200) throw new Error(`the user could not write: ${res.body}`);
  return (res.json() as { id: string }).id;
}

/** Polls until `check` answers something truthy (the workers run on their own time). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface StreamEvent {
  readonly type: string;
  readonly data: Record<string, any>;
}

/** A member's live stream read over real HTTP, its events collected as they come. */
export class EventStream {
  readonly events: StreamEvent[] = [];
  readonly status: number;
  readonly contentType: string | null;
  readonly #abort: AbortController;

  private constructor(res: Response, abort: AbortController) {
    this.status = res.status;
    this.contentType = res.headers.get('content-type');
    this.#abort = abort;
    void this.#read(res);
  }

  static async open(baseUrl: string, agent: Agent): Promise<EventStream> {
    const abort = new AbortController();
    const res = await fetch(`${baseUrl}/console/api/inbox/events`, { headers: { cookie: agent.cookie }, signal: abort.signal });
    const stream = new EventStream(res, abort);
    await stream.next((e) => e.type === 'ready', 'the ready event');
    return stream;
  }

  async #read(res: Response): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data) this.events.push({ type, data: JSON.parse(data) as Record<string, any> });
        }
      }
    } catch {
      /* aborted at close */
    }
  }

  /** The first event (already received or still to come) that matches. */
  next(match: (e: StreamEvent) => boolean, what: string): Promise<StreamEvent> {
    return eventually(async () => this.events.find(match), what);
  }

  close(): void {
    this.#abort.abort();
  }
}
