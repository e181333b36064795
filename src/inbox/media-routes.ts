import { Readable } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { currentUser, requireConsole } from '../accounts/console-auth.js';
import type { InboxService } from './service.js';

const Id = Type.Object({ id: Type.String({ maxLength: 30 }) });
const MediaParams = Type.Object({ id: Type.String({ maxLength: 30 }), media_id: Type.String({ maxLength: 30 }) });
const UploadQuery = Type.Object({ file_name: Type.Optional(Type.String({ maxLength: 255 })) });

/**
 * Files in the inbox: an agent's attachment, uploaded for the conversation's number in one piece (the
 * body is the file's bytes, its Content-Type the file's type), and the file of any media message of
 * the conversation for the timeline's preview. The session stands in for Graph's access token.
 */
export function registerInboxMediaRoutes(app: FastifyInstance, options: { inbox: InboxService }): void {
  const { inbox } = options;
  const tags = ['Console: inbox'];
  const use = requireConsole('inbox.use');

  // The body is the file whatever its type, hence a scope without the JSON parser.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.post<{ Params: Static<typeof Id>; Querystring: Static<typeof UploadQuery> }>(
      '/inbox/conversations/:id/media',
      { schema: { params: Id, querystring: UploadQuery, tags, summary: 'Upload a file to send in the conversation (body: the bytes); answers {id, kind, mime_type}' }, preHandler: use },
      async (request) => {
        const body = request.body instanceof Readable ? request.body : Readable.from([]);
        const mimeType = request.headers['content-type'];
        return inbox.uploadMedia(currentUser(request), request.params.id, { body, mimeType, filename: request.query.file_name });
      },
    );
  });

  app.get<{ Params: Static<typeof MediaParams> }>(
    '/inbox/conversations/:id/media/:media_id',
    { schema: { params: MediaParams, tags, summary: 'The file of a media message of the conversation' }, preHandler: use },
    async (request, reply) => {
      const { item, stream } = await inbox.openMedia(currentUser(request), request.params.id, request.params.media_id);
      reply.header('content-type', item.mimeType).header('content-length', String(item.fileSize)).header('cache-control', 'private, max-age=300');
      if (item.filename) reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(item.filename)}`);
      return reply.send(stream);
    },
  );
}
