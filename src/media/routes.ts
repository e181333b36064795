import type {} from '@fastify/swagger';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../accounts/model.js';
import { asPhoneNumberId } from '../core/brand.js';
import { GraphError, invalidParameter, objectNotFound } from '../core/graph-errors.js';
import { authorizeWaba, requirePrincipal, resolveNode, type GraphNodes } from '../http/graph.js';
import type { NumbersService } from '../numbers/service.js';
import { MAX_MEDIA_BYTES, mediaTypes } from '../rules/media/kinds.js';
import type { Store } from '../store/database.js';
import type { StagedFile } from '../store/files.js';
import { MEDIA_DOWNLOAD_PATH, presentMedia, type Media } from './model.js';
import type { MediaService } from './service.js';
import { uploadFormError, uploadType } from '../rules/media/upload-form.js';

export interface MediaRoutesOptions {
  readonly store: Store;
  readonly nodes: GraphNodes;
  readonly media: MediaService;
  readonly numbers: NumbersService;
  readonly publicUrl: string | undefined;
}

const idParam = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const tags = ['Graph: media'];

/**
 * Media (spec §2): upload, `GET /{media-id}` with a signed URL, `DELETE /{media-id}`, and the
 * download that URL points to. Registered inside the Graph plugin: every route needs the token.
 */
export async function registerMediaRoutes(graph: FastifyInstance, options: MediaRoutesOptions): Promise<void> {
  const { store, nodes, media, numbers, publicUrl } = options;
  const baseUrl = (request: FastifyRequest): string => publicUrl ?? `${request.protocol}://${request.host}`;

  /** The item's number decides which WABA the token needs, as for sends: whatsapp_business_messaging. */
  const authorize = async (principal: Principal, item: Media, method: 'get' | 'delete'): Promise<void> => {
    const number = await numbers.platformNumber(item.phoneNumberId);
    if (!number || number.businessId !== principal.businessId) throw objectNotFound(item.id, method);
    authorizeWaba(principal, number.wabaId, 'whatsapp_business_messaging');
  };
  /** `?phone_number_id=` only lets the call through for media of that number (spec §2). */
  const guard = (item: Media, value: unknown): void => {
    if (value === undefined || value === '' || String(value) === item.phoneNumberId) return;
    throw invalidParameter(`phone_number_id: media ${item.id} does not belong to phone number ${String(value)}`);
  };

  nodes.register('media', {
    get: async ({ request, principal, object, params }) => {
      const item = await media.get(principal.businessId, object.id);
      await authorize(principal, item, 'get');
      guard(item, params.phone_number_id);
      return presentMedia(item, await media.urlFor(item, baseUrl(request)));
    },
    delete: async ({ principal, object, params }) => {
      const item = await media.get(principal.businessId, object.id, { method: 'delete' });
      await authorize(principal, item, 'delete');
      guard(item, params.phone_number_id);
      await media.delete(principal.businessId, item.id);
      return { success: true };
    },
  });

  graph.get(
    MEDIA_DOWNLOAD_PATH,
    {
      schema: {
        tags,
        summary: 'Download media by the URL GET /{media-id} answered (the token of the same business, within 5 minutes)',
        querystring: { type: 'object', properties: { mid: { type: 'string' }, exp: { type: 'string' }, sig: { type: 'string' } } },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const item = await media.resolveDownload(principal.businessId, request.query as Record<string, unknown>);
      if (!item) {
        // Meta's media URLs answer 404 once expired or when they are not yours (spec §2).
        const error = new GraphError('objectNotFound', 'The media URL is invalid or has expired; get a new one with GET /{media-id}');
        return reply.code(404).type('application/json; charset=utf-8').send(error.toBody());
      }
      await authorize(principal, item, 'get');
      reply.header('content-type', item.mimeType).header('content-length', String(item.fileSize)).header('cache-control', 'private, no-store');
      if (item.filename) reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(item.filename)}`);
      return reply.send(media.read(item));
    },
  );

  // Multipart lives in a scope of its own: only the upload parses it, and only it takes 100 MB.
  await graph.register(async (scope) => {
    await scope.register(multipart, {
      // One byte over the largest file, so a file past it is seen, not silently cut.
      limits: { fileSize: MAX_MEDIA_BYTES + 1, files: 1, fields: 10, fieldSize: 4096, parts: 12, headerPairs: 50 },
    });
    scope.post(
      '/:id(^\\d+$)/media',
      {
        schema: {
          tags,
          summary: 'Upload media (multipart: file, messaging_product=whatsapp, type)',
          description:
            `The type comes from the file part's Content-Type, or from the \`type\` field when the part has none of the supported types. ` +
            `Types: ${Object.keys(mediaTypes).join(', ')}. Limits: images 5 MB, audio and video 16 MB, documents 100 MB, stickers 100 KB (500 KB animated).`,
          consumes: ['multipart/form-data'],
          params: idParam,
        },
      },
      async (request) => {
        const principal = requirePrincipal(request);
        const { id } = request.params as { id: string };
        await resolveNode(store, principal, id, 'phone_number', 'post');
        const number = await numbers.getPhoneNumber(principal.businessId, asPhoneNumberId(id));
        authorizeWaba(principal, number.wabaId, 'whatsapp_business_messaging');
        if (!request.isMultipart()) throw new GraphError('invalidParameter', 'file: upload the file as multipart/form-data in a part named "file"');

        const fields: Record<string, unknown> = { ...(request.query as Record<string, unknown>) };
        let file: { staged: StagedFile; mimeType: string; filename: string } | undefined;
        try {
          for await (const part of request.parts()) {
            if (part.type === 'field') {
              fields[part.fieldname] = part.value;
            } else if (part.fieldname !== 'file') {
              throw invalidParameter(`${part.fieldname}: unexpected file part; the file goes in a part named "file"`);
            } else {
              file = { staged: await media.stage(part.file), mimeType: part.mimetype, filename: part.filename };
            }
          }
        } catch (error) {
          if (file) await media.discard(file.staged);
          throw uploadFormError(error);
        }
        if (fields.messaging_product !== 'whatsapp') {
          if (file) await media.discard(file.staged);
          throw invalidParameter('messaging_product: is required and must be "whatsapp"');
        }
        if (!file) throw invalidParameter('file: is required');
        const item = await media.upload({
          businessId: principal.businessId,
          phoneNumberId: number.id,
          mimeType: uploadType(file.mimeType, fields.type),
          staged: file.staged,
          filename: file.filename,
        });
        return { id: item.id };
      },
    );
  });
}
