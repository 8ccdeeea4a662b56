/** One failing input field, named as the client sent it (e.g. `limit`, `shippingAddress.country`). */
export type FieldError = { field: string; message: string };

/** The RFC 9457 problem+json body every error response carries. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
};

// One scheme for every problem type, so clients can switch on `type` without parsing `title`.
const PROBLEM_BASE = 'https://shop.example/problems/';

/** The problem type URI for a slug such as `not-found`. */
export const problemType = (slug: string): string => `${PROBLEM_BASE}${slug}`;

export type HttpErrorOptions = { cause?: unknown; errors?: FieldError[] };

/** At most this many field errors are listed in a problem; the detail says how many more there were. */
export const MAX_FIELD_ERRORS = 20;
// Field names come from the request (unknown keys are echoed): bounded, so an answer cannot be inflated.
const MAX_FIELD_LENGTH = 100;
const MAX_MESSAGE_LENGTH = 200;

const bounded = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The first MAX_FIELD_ERRORS field errors, each name and message cut to a bounded length. */
export function boundedFieldErrors(errors: FieldError[]): FieldError[] {
  return errors.slice(0, MAX_FIELD_ERRORS).map(({ field, message }) => ({
    field: bounded(field, MAX_FIELD_LENGTH),
    message: bounded(message, MAX_MESSAGE_LENGTH),
  }));
}

function withOmitted(detail: string, errors: FieldError[] | undefined): string {
  const omitted = (errors?.length ?? 0) - MAX_FIELD_ERRORS;
  if (omitted <= 0) return detail;
  return `${detail} ${omitted} more field ${omitted === 1 ? 'error is' : 'errors are'} not listed.`;
}

/** An error whose status, title and detail are safe to show to the client. */
export class HttpError extends Error {
  readonly status: number;
  readonly title: string;
  readonly type: string;
  readonly detail: string;
  readonly errors?: FieldError[];

  constructor(
    status: number,
    title: string,
    slug: string,
    detail: string = title,
    options: HttpErrorOptions = {},
  ) {
    const fullDetail = withOmitted(detail, options.errors);
    super(fullDetail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = status;
    this.title = title;
    this.type = problemType(slug);
    this.detail = fullDetail;
    if (options.errors) this.errors = boundedFieldErrors(options.errors);
  }
}

/**
 * 400: the request's input failed validation; `errors` names each failing field (at most
 * MAX_FIELD_ERRORS, names and messages of bounded length).
 */
export class ValidationError extends HttpError {
  constructor(detail: string, errors: FieldError[], options: { cause?: unknown } = {}) {
    super(400, 'Bad Request', 'validation', detail, { ...options, errors });
  }
}

/** 401: missing, malformed, expired, forged or wrong-audience credentials. */
export class UnauthorizedError extends HttpError {
  constructor(detail = 'A valid access token is required.', options: { cause?: unknown } = {}) {
    super(401, 'Unauthorized', 'unauthorized', detail, options);
  }
}

/** 403: authenticated, but lacking the role. */
export class ForbiddenError extends HttpError {
  constructor(detail = 'You are not allowed to do this.', options: { cause?: unknown } = {}) {
    super(403, 'Forbidden', 'forbidden', detail, options);
  }
}

/** 404: no such resource, or one that belongs to someone else. */
export class NotFoundError extends HttpError {
  constructor(detail = 'The resource was not found.', options: { cause?: unknown } = {}) {
    super(404, 'Not Found', 'not-found', detail, options);
  }
}

/** 409: the request conflicts with the resource's current state (transition, stock, empty cart). */
export class ConflictError extends HttpError {
  constructor(detail = 'The request conflicts with the current state.', options: { cause?: unknown } = {}) {
    super(409, 'Conflict', 'conflict', detail, options);
  }
}

/** 413: the request body is larger than the API accepts. */
export class PayloadTooLargeError extends HttpError {
  constructor(detail = 'The body is too large.', options: { cause?: unknown } = {}) {
    super(413, 'Content Too Large', 'payload-too-large', detail, options);
  }
}

/** 415: the body is not JSON. */
export class UnsupportedMediaTypeError extends HttpError {
  constructor(
    detail = 'The body must be JSON (Content-Type: application/json).',
    options: { cause?: unknown } = {},
  ) {
    super(415, 'Unsupported Media Type', 'unsupported-media-type', detail, options);
  }
}

/** 422: an `Idempotency-Key` was reused with a different body. */
export class IdempotencyKeyReusedError extends HttpError {
  constructor(
    detail = 'This Idempotency-Key was already used with a different request body.',
    options: { cause?: unknown } = {},
  ) {
    super(422, 'Unprocessable Content', 'idempotency-key-reused', detail, options);
  }
}

/** 429: the client is sending too many requests. */
export class TooManyRequestsError extends HttpError {
  constructor(detail = 'Too many requests; retry later.', options: { cause?: unknown } = {}) {
    super(429, 'Too Many Requests', 'too-many-requests', detail, options);
  }
}

/** The generic 500 problem; it never carries the underlying message or stack. */
export const internalProblem = (): Problem => ({
  type: problemType('internal'),
  title: 'Internal Server Error',
  status: 500,
  detail: 'An unexpected error occurred.',
});

/** Turns anything thrown into the problem+json body to answer; unknown errors become a generic 500. */
export function toProblem(error: unknown): Problem {
  if (!(error instanceof HttpError)) return internalProblem();
  const problem: Problem = {
    type: error.type,
    title: error.title,
    status: error.status,
    detail: error.detail,
  };
  if (error.errors) problem.errors = error.errors;
  return problem;
}
