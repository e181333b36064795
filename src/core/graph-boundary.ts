import type { FastifyError, FastifyInstance } from 'fastify';
import { GraphError } from './graph-errors.js';

/**
 * The one boundary where errors become answers (STYLE.md §11): domain errors keep their Graph
 * entry, validation and parser errors become code 100 naming what was wrong, and anything unknown
 * is logged with its stack and answered with code 1 and no internals.
 */
export function toGraphError(error: unknown): GraphError {
  if (error instanceof GraphError) return error;
  const e = error as Partial<FastifyError> & { validation?: unknown; validationContext?: string };
  if (e.validation) return new GraphError('invalidParameter', `${e.validationContext ?? 'request'} ${e.message ?? 'is invalid'}`.trim());
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GraphError('requestTooLarge', 'The request body is larger than this endpoint accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new GraphError('unsupportedMediaType', 'Unsupported Content-Type; send application/json, application/x-www-form-urlencoded or query parameters');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new GraphError('invalidParameter', 'The request body is empty but its Content-Type is application/json');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new GraphError('invalidParameter', `The request body is not valid JSON: ${e.message ?? ''}`.trim());
  }
  if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
    const details = e instanceof SyntaxError ? `The request body is not valid JSON: ${e.message}` : (e.message ?? 'Invalid request');
    return new GraphError('invalidParameter', details);
  }
  return new GraphError('unknown', 'An unexpected error occurred. Please retry your request later.');
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const graphError = toGraphError(error);
    if (graphError.httpStatus >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(graphError.httpStatus).type('application/json; charset=utf-8').send(graphError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const path = (request.originalUrl ?? request.url).split('?')[0];
    const error = new GraphError('unknownPath', `Unknown path components: ${path}`, { message: `Unknown path components: ${path}` });
    return reply.code(error.httpStatus).type('application/json; charset=utf-8').send(error.toBody());
  });
}
