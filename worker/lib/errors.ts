/** The closed set of error codes the API answers with, and the status each one carries. */
export const ERROR_STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  invalid_definition: 422,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  get status(): ErrorStatus {
    return ERROR_STATUS[this.code];
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown; requestId: string };
}

export function errorBody(
  code: ErrorCode,
  message: string,
  requestId: string,
  details?: unknown,
): ErrorBody {
  return {
    error: { code, message, ...(details === undefined ? {} : { details }), requestId },
  };
}

/**
 * Transport-neutral failures that services and db/ throw. `toApiError` is the one place that
 * turns them into HTTP; the message and details reach the client as they are.
 */
export class DomainError extends Error {
  readonly details: unknown;

  constructor(message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** The thing does not exist for the caller (another workspace's is absent too). */
export class NotFound extends DomainError {}

/** The request clashes with the current state (a taken slug, an upgrade with nothing new). */
export class Conflict extends DomainError {}

/** The caller may see the thing but not do this to it. */
export class Forbidden extends DomainError {}

/** A value in the request is not acceptable; `details` lists the problems by path. */
export class Invalid extends DomainError {}

/** A connector or template definition has problems; `details` lists them by JSON path. */
export class InvalidDefinition extends DomainError {}

const DOMAIN_CODES: [new (message: string) => DomainError, ErrorCode][] = [
  [NotFound, "not_found"],
  [Conflict, "conflict"],
  [Forbidden, "forbidden"],
  [Invalid, "invalid_request"],
  [InvalidDefinition, "invalid_definition"],
];

/** The API error a thrown value answers as, or null when it is not one of ours (a 500). */
export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (!(error instanceof DomainError)) return null;
  const code = DOMAIN_CODES.find(([kind]) => error instanceof kind)?.[1];
  if (!code) return null;
  return new ApiError(code, error.message, {
    ...(error.details === undefined ? {} : { details: error.details }),
  });
}
