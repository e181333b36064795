import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { currentUser, requireConsole } from '../accounts/console-auth.js';
import { asciiJson } from '../core/ascii-json.js';
import type { InboxService } from './service.js';

/** A comment line this often keeps proxies from closing an idle stream, renews presence and wakes due snoozes. */
const KEEP_ALIVE_MS = 15_000;

/**
 * `GET /console/api/inbox/events`: the signed-in member's live stream (Server-Sent Events) of
 * conversation changes — `message.created`, `message.updated`, `message.status`,
 * `conversation.updated`, `note.created`, `mention` (to the mentioned member only), `typing` —
 * each `data` a JSON object. It opens with `ready`. An open stream counts the member online for
 * auto-assignment. The session is checked when the stream opens; signing out elsewhere ends it
 * only when the browser reconnects. Events come from this process's bus (see events.ts).
 */
export function registerInboxStream(app: FastifyInstance, options: { inbox: InboxService; keepAliveMs?: number }): void {
  const { inbox } = options;
  const open = new Set<ServerResponse>();
  // Streams never finish by themselves: end them, or closing the server waits for them forever.
  app.addHook('preClose', async () => {
    for (const raw of open) raw.end();
  });

  app.get(
    '/inbox/events',
    { schema: { tags: ['Console: inbox'], summary: 'Live updates (text/event-stream)' }, preHandler: requireConsole('inbox.use') },
    (request, reply) => {
      const user = currentUser(request);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx buffers responses unless told not to; a buffered stream is no live update.
        'x-accel-buffering': 'no',
      });
      let sequence = 0;
      const send = (type: string, data: unknown) => raw.write(`id: ${++sequence}\nevent: ${type}\ndata: ${asciiJson(data)}\n\n`);
      raw.write('retry: 3000\n\n');
      const close = inbox.openStream(user, (event) => send(event.type, event.data));
      send('ready', { business_id: user.businessId, member_id: user.memberId });
      const timer = setInterval(() => {
        raw.write(': keep-alive\n\n');
        inbox.heartbeat(user);
        inbox.wakeDue(user.businessId).catch((error: unknown) => request.log.warn({ err: error }, 'waking snoozed conversations failed'));
      }, options.keepAliveMs ?? KEEP_ALIVE_MS);
      open.add(raw);
      raw.on('close', () => {
        clearInterval(timer);
        close();
        open.delete(raw);
      });
    },
  );
}
