import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PhoneNumberId } from '../../../core/brand.js';
import type { Clock } from '../../../core/clock.js';
import { GraphError, invalidParameter } from '../../../core/graph-errors.js';
import { graphParams } from '../../../core/graph-request.js';
import { splitCallingCode } from '../../../core/phone.js';
import { newWamid } from '../../../core/wamid.js';
import { MAX_MEDIA_BYTES } from '../../../rules/media/kinds.js';
import { validateOutbound } from '../../../rules/messages/validate.js';
import type { Upstream } from '../../types.js';
import type { Simulator } from '../compose.js';
import { SIM_FILES_PATH } from '../media.js';
import { callerOf } from './auth.js';
import { ownerOf, type GraphObjects } from './objects.js';
import { uploadFormError, uploadType } from '../../../rules/media/upload-form.js';

export interface MessageRoutesOptions {
  readonly clock: Clock;
  readonly upstream: Upstream;
  readonly templateSends: Simulator['templateSends'];
  readonly objects: GraphObjects;
  /** The base of absolute URLs (media): the configured public URL, or the request's own origin. */
  readonly baseUrl: (request: FastifyRequest) => string;
}

const idParam = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

/**
 * `POST /{phone-number-id}/messages` (sends, read receipts, typing) and media (spec §1, §2): the
 * body checked with the rules chatapp checks it with (src/rules/messages), then handed to Meta's
 * side through the port, which names the message and reports its fate through the webhooks.
 */
export async function registerMessageRoutes(graph: FastifyInstance, options: MessageRoutesOptions): Promise<void> {
  const { clock, upstream, templateSends, objects } = options;

  graph.post('/:id(^\\d+$)/messages', { schema: { params: idParam, tags: ['Graph: messages'], summary: 'Send a message, or mark one read (with an optional typing indicator)' } }, async (request) => {
    const { id } = request.params as { id: string };
    const number = await objects.own(callerOf(request), id, ['phone_number'], 'post');
    const phoneNumberId = id as PhoneNumberId;
    const parsed = validateOutbound(graphParams(request), { businessCallingCode: splitCallingCode(number.digits!).callingCode });
    if (parsed.kind === 'read') {
      await upstream.markRead({ phoneNumberId, messageId: parsed.messageId, typing: parsed.typing });
      return { success: true };
    }
    const { message } = parsed;
    // A template that is not approved in that language, or whose parameters do not fit, is refused at once (spec §9).
    if (message.type === 'template') {
      const check = await templateSends.evaluateSend({ wabaId: number.wabaId!, content: message.content });
      if ('error' in check) throw new GraphError(check.error, check.details);
    }
    const wamid = newWamid(message.to.waId, clock.now());
    await upstream.sendMessage({
      wamid,
      phoneNumberId,
      to: message.to.waId,
      type: message.type,
      content: message.content,
      contextMessageId: message.contextMessageId,
      bizOpaqueCallbackData: message.bizOpaqueCallbackData,
    });
    return { messaging_product: 'whatsapp', contacts: [{ input: message.to.input, wa_id: message.to.waId }], messages: [{ id: wamid }] };
  });

  // The URL `GET /{media-id}` answers, good for 5 minutes, fetched with the access token as on Meta.
  graph.get(`${SIM_FILES_PATH}/:id(^\\d+$)`, { schema: { params: idParam, tags: ['Graph: media'], summary: 'Download media by the URL GET /{media-id} answered' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const found = await objects.find(id);
    const mine = found?.kind === 'media' && found.businessId === callerOf(request).businessId;
    // An expired or forged URL is the port's GraphError; anything else is a fault, answered as one.
    const file = mine ? await upstream.download(request.url, ownerOf(found)).catch((error: unknown) => (error instanceof GraphError ? undefined : Promise.reject(error))) : undefined;
    if (!file) {
      // Meta's media URLs answer 404 once expired or when they are not yours (spec §2).
      const error = new GraphError('objectNotFound', 'The media URL is invalid or has expired; get a new one with GET /{media-id}');
      return reply.code(404).type('application/json; charset=utf-8').send(error.toBody());
    }
    return reply.header('content-type', file.mimeType).header('content-length', String(file.bytes.length)).header('cache-control', 'private, no-store').send(file.bytes);
  });

  // Multipart in a scope of its own: only the upload parses it, and only it takes 100 MB.
  await graph.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_MEDIA_BYTES + 1, files: 1, fields: 10, fieldSize: 4096, parts: 12, headerPairs: 50 } });
    scope.post(
      '/:id(^\\d+$)/media',
      { schema: { params: idParam, consumes: ['multipart/form-data'], tags: ['Graph: media'], summary: 'Upload media (multipart: file, messaging_product=whatsapp, type)' } },
      async (request) => {
        const { id } = request.params as { id: string };
        await objects.own(callerOf(request), id, ['phone_number'], 'post');
        if (!request.isMultipart()) throw invalidParameter('file: upload the file as multipart/form-data in a part named "file"');
        const fields: Record<string, unknown> = { ...(request.query as Record<string, unknown>) };
        let file: { bytes: Buffer; mimeType: string; filename: string } | undefined;
        try {
          for await (const part of request.parts()) {
            if (part.type === 'field') fields[part.fieldname] = part.value;
            else if (part.fieldname !== 'file') throw invalidParameter(`${part.fieldname}: unexpected file part; the file goes in a part named "file"`);
            // The port takes the bytes whole: an emulator's uploads are test files, at most 100 MB.
            else file = { bytes: await part.toBuffer(), mimeType: part.mimetype, filename: part.filename };
          }
        } catch (error) {
          throw uploadFormError(error);
        }
        if (fields.messaging_product !== 'whatsapp') throw invalidParameter('messaging_product: is required and must be "whatsapp"');
        if (!file) throw invalidParameter('file: is required');
        return upstream.upload({ phoneNumberId: id, bytes: file.bytes, mimeType: uploadType(file.mimeType, fields.type), filename: file.filename });
      },
    );
  });
}
