import { randomBytes } from 'node:crypto';

/**
 * The one catalogue of Graph errors chatapp answers (spec/cloud-api.md §5). Every answer and every
 * `failed` status carries one of these; docs/errors.md documents each, and a test keeps them in step.
 */
export interface GraphErrorEntry {
  readonly code: number;
  readonly httpStatus: number;
  readonly title: string;
  readonly type: 'OAuthException' | 'GraphMethodException';
  readonly subcode?: number;
}

const entry = (code: number, httpStatus: number, title: string, extra: Partial<GraphErrorEntry> = {}): GraphErrorEntry => ({
  code,
  httpStatus,
  title,
  type: 'OAuthException',
  ...extra,
});

export const graphErrors = {
  // Platform and request errors.
  unknown: entry(1, 500, 'An unknown error occurred'),
  service: entry(2, 503, 'Service temporarily unavailable'),
  tooManyCalls: entry(4, 400, 'Application request limit reached'),
  permissionDenied: entry(10, 403, 'Application does not have permission for this action'),
  invalidParameter: entry(100, 400, 'Invalid parameter'),
  requestTooLarge: entry(100, 413, 'Invalid parameter'),
  unsupportedMediaType: entry(100, 415, 'Invalid parameter'),
  objectNotFound: entry(100, 400, 'Unsupported request', { subcode: 33, type: 'GraphMethodException' }),
  nonexistingField: entry(100, 400, 'Tried accessing nonexisting field'),
  invalidToken: entry(190, 401, 'Invalid OAuth access token'),
  expiredToken: entry(190, 401, 'Error validating access token: Session has expired', { subcode: 463 }),
  permissionsError: entry(200, 403, 'Permissions error'),
  callbackVerificationFailed: entry(2200, 400, 'Callback verification failed'),
  unknownPath: entry(2500, 400, 'Unknown path components'),
  wabaRateLimit: entry(80007, 400, 'Rate limit issues'),
  // Messaging errors (spec §5.2).
  rateLimitHit: entry(130429, 400, 'Rate limit hit'),
  countryRestricted: entry(130497, 403, 'Business account is restricted from messaging users in this country'),
  somethingWentWrong: entry(131000, 500, 'Something went wrong'),
  accessDenied: entry(131005, 403, 'Access denied'),
  requiredParameterMissing: entry(131008, 400, 'Required parameter is missing'),
  parameterValueInvalid: entry(131009, 400, 'Parameter value is not valid'),
  serviceUnavailable: entry(131016, 503, 'Service unavailable'),
  recipientIsSender: entry(131021, 400, 'Recipient cannot be sender'),
  undeliverable: entry(131026, 400, 'Message Undeliverable'),
  recipientNotAllowed: entry(131030, 400, 'Recipient phone number not in allowed list'),
  accountLocked: entry(131031, 403, 'Account has been locked'),
  displayNameApprovalNeeded: entry(131037, 400, 'Display name approval needed'),
  paymentIssue: entry(131042, 400, 'Business eligibility payment issue'),
  reEngagement: entry(131047, 400, 'Re-engagement message'),
  spamRateLimit: entry(131048, 400, 'Spam rate limit hit'),
  ecosystemEngagement: entry(131049, 400, 'This message was not delivered to maintain healthy ecosystem engagement.'),
  marketingOptOut: entry(131050, 400, 'User stopped marketing messages'),
  unsupportedMessageType: entry(131051, 400, 'Unsupported message type'),
  mediaDownloadError: entry(131052, 400, 'Media download error'),
  mediaUploadError: entry(131053, 400, 'Media upload error'),
  pairRateLimit: entry(131056, 400, '(Business Account, Consumer Account) pair rate limit hit'),
  maintenanceMode: entry(131057, 500, 'Account in maintenance mode'),
  // Template errors.
  templateParamCount: entry(132000, 400, 'Number of parameters does not match the expected number of params'),
  templateNotFound: entry(132001, 404, 'Template name does not exist in the translation'),
  templateTextTooLong: entry(132005, 400, 'Translated text too long'),
  templateCharacterPolicy: entry(132007, 400, 'Format character policy violated'),
  templateParamFormat: entry(132012, 400, 'Parameter format does not match format in the created template'),
  templatePaused: entry(132015, 400, 'Template is Paused'),
  templateDisabled: entry(132016, 400, 'Template is Disabled'),
  templateParamIssue: entry(132018, 400, 'There was an issue with the parameters in your template.'),
  // Registration errors.
  pinMismatch: entry(133005, 400, 'Two step verification PIN Mismatch'),
  reverificationNeeded: entry(133006, 400, 'Phone number re-verification needed'),
  tooManyPinGuesses: entry(133008, 400, 'Too many two step verification PIN guesses for this phone number'),
  pinGuessedTooFast: entry(133009, 400, 'Two step verification PIN was entered too quickly'),
  notRegistered: entry(133010, 400, 'Phone number Not Registered'),
  registrationRateLimit: entry(133016, 400, 'Account register deregister rate limit exceeded'),
  // Phone-number verification (request_code / verify_code).
  verifyCodeError: entry(136025, 400, 'Verify code error'),
  // chatapp's own (meta-cloud): never a code of Meta's.
  handoverUnknown: entry(1390001, 409, 'Hand-over outcome unknown'),
} as const satisfies Record<string, GraphErrorEntry>;

export type GraphErrorName = keyof typeof graphErrors;

export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product: 'whatsapp'; details: string };
    fbtrace_id: string;
  };
}

/** A domain error that the HTTP boundary turns into the Graph envelope. */
export class GraphError extends Error {
  readonly entry: GraphErrorEntry;
  readonly details: string;
  /** When set, replaces `(#code) title` as the message, for errors Meta words differently. */
  readonly messageOverride: string | undefined;

  /** A catalogued error by name, or an entry as Meta answered it (`fromWire`). */
  constructor(name: GraphErrorName | GraphErrorEntry, details: string, options: { message?: string } = {}) {
    const e = typeof name === 'string' ? graphErrors[name] : name;
    super(options.message ?? `(#${e.code}) ${e.title}`);
    this.name = 'GraphError';
    this.entry = e;
    this.details = details;
    this.messageOverride = options.message;
  }

  get httpStatus(): number {
    return this.entry.httpStatus;
  }

  toBody(): GraphErrorBody {
    return {
      error: {
        message: this.message,
        type: this.entry.type,
        code: this.entry.code,
        ...(this.entry.subcode !== undefined ? { error_subcode: this.entry.subcode } : {}),
        error_data: { messaging_product: 'whatsapp', details: this.details },
        fbtrace_id: newTraceId(),
      },
    };
  }
}

/**
 * An error as Meta's Graph API answered it (the meta-cloud connector's): its code, subcode, type,
 * title and details kept, so a `failed` status and the business see what Meta said. Anything that
 * is not Graph's envelope becomes code 1 with the HTTP status it came with.
 */
export function graphErrorFromWire(httpStatus: number, body: unknown): GraphError {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null || typeof (error as { code?: unknown }).code !== 'number') {
    return new GraphError({ ...graphErrors.unknown, httpStatus }, `Meta answered HTTP ${httpStatus} without a Graph error`);
  }
  const e = error as { code: number; error_subcode?: unknown; type?: unknown; message?: unknown; error_user_title?: unknown; error_user_msg?: unknown; error_data?: { details?: unknown } };
  const message = typeof e.message === 'string' ? e.message : `(#${e.code})`;
  const title = typeof e.error_user_title === 'string' ? e.error_user_title : (graphErrorTitles.get(e.code) ?? message.replace(/^\(#\d+\)\s*/, ''));
  const entry: GraphErrorEntry = {
    code: e.code,
    httpStatus,
    title,
    type: e.type === 'GraphMethodException' ? 'GraphMethodException' : 'OAuthException',
    ...(typeof e.error_subcode === 'number' ? { subcode: e.error_subcode } : {}),
  };
  const details = typeof e.error_data?.details === 'string' ? e.error_data.details : typeof e.error_user_msg === 'string' ? e.error_user_msg : message;
  return new GraphError(entry, details, { message });
}

const graphErrorTitles = new Map<number, string>(Object.values(graphErrors as Record<string, GraphErrorEntry>).map((e) => [e.code, e.title]));

export const newTraceId = (): string => randomBytes(16).toString('base64url').slice(0, 23);

/** Meta's wording when an id is unknown, another tenant's, or not readable with this token. */
export function objectNotFound(id: string, method: 'get' | 'post' | 'delete' = 'get'): GraphError {
  const message =
    `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing ` +
    'permissions, or does not support this operation';
  return new GraphError('objectNotFound', message, { message });
}

export const invalidParameter = (details: string): GraphError => new GraphError('invalidParameter', details);
