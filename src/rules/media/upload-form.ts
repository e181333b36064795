import { GraphError, invalidParameter } from '../../core/graph-errors.js';
import { MAX_MEDIA_BYTES, baseMimeType, mediaTypes } from './kinds.js';

/**
 * `POST /{phone-number-id}/media` as a form (spec §2): the file part's own type wins; the `type`
 * field speaks when the part says nothing useful (curl's default is octet-stream).
 */
export function uploadType(partType: string, field: unknown): string {
  if (mediaTypes[baseMimeType(partType)] || typeof field !== 'string' || field === '') return partType;
  return field;
}

/** A refusal of the form's reader (@fastify/multipart's codes) as Meta words it; anything else passes through. */
export function uploadFormError(error: unknown): unknown {
  switch ((error as { code?: string }).code) {
    case 'FST_FILES_LIMIT':
      return invalidParameter('file: upload one file per request');
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return invalidParameter('The form has more fields than an upload takes (file, messaging_product, type)');
    case 'FST_REQ_FILE_TOO_LARGE':
      return new GraphError('mediaUploadError', `The file is larger than ${MAX_MEDIA_BYTES} bytes, the most any media may be`);
    default:
      return error;
  }
}
