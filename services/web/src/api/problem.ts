// Errors the client raises: the API's problem+json answers (RFC 9457) and failures to reach it.
import type { FieldError, Problem as ProblemAnswer } from '@shop/contracts';

export type { FieldError };

/** A problem as the API answers it, or as the client makes one up for an answer that is not one (`detail` may be missing then). */
export type Problem = Omit<ProblemAnswer, 'detail'> & { detail?: string };

/** The API answered with an error status; `problem` is its problem+json body (or one made up for it). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** The session's token was refused: the customer must sign in again (not a wrong password). */
  readonly sessionEnded: boolean;

  constructor(problem: Problem, { sessionEnded = false }: { sessionEnded?: boolean } = {}) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.sessionEnded = sessionEnded;
  }

  /** Field messages by field path (`shippingAddress.city`); several for one field are joined. */
  get fieldErrors(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const { field, message } of this.problem.errors ?? []) {
      byField[field] = byField[field] ? `${byField[field]}; ${message}` : message;
    }
    return byField;
  }
}

/** The API could not be reached (offline, DNS, CORS refused, aborted by a timeout). */
export class NetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NetworkError';
  }
}

function isFieldErrors(value: unknown): value is FieldError[] {
  return (
    Array.isArray(value) &&
    value.every(
      (item) =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as FieldError).field === 'string' &&
        typeof (item as FieldError).message === 'string',
    )
  );
}

/** Reads a failed response as a Problem, whatever its body; a non-problem body gets a generic one. */
export async function problemFrom(response: Response): Promise<Problem> {
  const fallback: Problem = {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail:
      response.status >= 500
        ? 'The shop had a problem answering. Please try again in a moment.'
        : `The request failed (HTTP ${response.status}).`,
  };
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fallback;
  }
  if (typeof body !== 'object' || body === null) return fallback;
  const raw = body as Record<string, unknown>;
  const problem: Problem = {
    type: typeof raw.type === 'string' ? raw.type : fallback.type,
    title: typeof raw.title === 'string' ? raw.title : fallback.title,
    status: response.status,
  };
  const detail =
    typeof raw.detail === 'string' ? raw.detail : typeof raw.message === 'string' ? raw.message : undefined;
  problem.detail = detail ?? fallback.detail;
  if (isFieldErrors(raw.errors)) problem.errors = raw.errors;
  return problem;
}

/** A sentence for any error a page can show. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail ?? error.problem.title;
  if (error instanceof NetworkError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
