import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { GraphError } from '../core/graph-errors.js';
import { graphParams, requirePrincipal, resolveNode } from '../http/graph.js';
import type { Store } from '../store/database.js';
import { uploadTypes } from './resumable.js';
import { PUBLIC_PICTURE_PATH, type UploadsService } from './uploads.js';

const tags = ['Graph: resumable upload'];

/**
 * The Resumable Upload API's routes (see `resumable.ts`), inside the Graph plugin. The chunk route
 * takes the request body as raw bytes whatever its Content-Type (curl's `--data-binary` says
 * form-urlencoded), so it lives in a scope without the app's body parsers.
 */
export async function registerUploadRoutes(graph: FastifyInstance, options: { store: Store; uploads: UploadsService }): Promise<void> {
  const { store, uploads } = options;

  graph.post(
    '/:id(^\\d+$)/uploads',
    {
      schema: {
        tags,
        summary: 'Start a resumable upload session for one file (file_name, file_length, file_type)',
        description: `Types: ${uploadTypes.join(', ')}. Answers {"id":"upload:<session>"}; send the bytes to POST /upload:<session>.`,
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const app = await resolveNode(store, principal, (request.params as { id: string }).id, 'app', 'post');
      return uploads.start({ businessId: principal.businessId, appId: app.id, params: graphParams(request) });
    },
  );

  // `upload:<session>`: find-my-way reads `::` as a literal colon, then `:session` as the parameter.
  const sessionPathPattern = '/upload:::session(^\\d+$)';
  const sessionParams = { type: 'object', properties: { session: { type: 'string' } }, required: ['session'] } as const;

  graph.get(sessionPathPattern, { schema: { tags, summary: 'How many bytes of an upload arrived: {"id", "file_offset"}', params: sessionParams } }, async (request) => {
    const principal = requirePrincipal(request);
    return uploads.progress(principal.businessId, (request.params as { session: string }).session);
  });

  await graph.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.post(
      sessionPathPattern,
      {
        schema: {
          tags,
          summary: 'Send the bytes of an upload from the file_offset header on; the last chunk answers the handle {"h"}',
          params: sessionParams,
        },
      },
      async (request) => {
        const principal = requirePrincipal(request);
        const sessionId = (request.params as { session: string }).session;
        // No body at all (a zero-length chunk) reaches no parser.
        const body = request.body instanceof Readable ? request.body : Readable.from([]);
        return uploads.append({ businessId: principal.businessId, sessionId, offset: request.headers.file_offset, body });
      },
    );
  });
}

/** Profile pictures, served without a token under an unguessable key, as Meta's CDN serves them. */
export function registerPublicPictureRoute(app: FastifyInstance, uploads: UploadsService): void {
  app.get(`${PUBLIC_PICTURE_PATH}/:key`, { schema: { hide: true } }, async (request, reply) => {
    const found = await uploads.openPublic((request.params as { key: string }).key);
    if (!found) return reply.code(404).type('application/json; charset=utf-8').send(new GraphError('objectNotFound', 'No such picture').toBody());
    return reply.header('content-type', found.upload.fileType).header('content-length', String(found.upload.fileLength)).header('cache-control', 'public, max-age=86400').send(found.stream);
  });
}
