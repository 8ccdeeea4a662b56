import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  HttpError,
  IdempotencyKeyReusedError,
  MAX_FIELD_ERRORS,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  toProblem,
  UnauthorizedError,
  ValidationError,
} from '../src/index.ts';

describe('toProblem', () => {
  it('answers an HttpError with its own status, title, type and detail', () => {
    expect(toProblem(new NotFoundError('Product p1 was not found.'))).toEqual({
      type: 'https://shop.example/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'Product p1 was not found.',
    });
  });

  it('keeps the field errors of a ValidationError', () => {
    const problem = toProblem(
      new ValidationError('Invalid input.', [{ field: 'limit', message: 'Too big' }]),
    );
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual([{ field: 'limit', message: 'Too big' }]);
  });

  it('turns an unknown error into a generic 500 that leaks neither message nor stack', () => {
    const problem = toProblem(new Error('password=hunter2 at db.ts:12'));
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toMatch(/hunter2|db\.ts/);
    expect(toProblem('a string').status).toBe(500);
  });

  it('gives each subclass its status and keeps the cause', () => {
    const cause = new Error('root');
    const error = new ConflictError('Out of stock.', { cause });
    expect(error).toBeInstanceOf(HttpError);
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('ConflictError');
    expect(
      [new UnauthorizedError(), new IdempotencyKeyReusedError(), new TooManyRequestsError()].map(
        (e) => e.status,
      ),
    ).toEqual([401, 422, 429]);
  });
});

describe('field errors in a problem', () => {
  const fieldErrors = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ field: `field${i}`, message: 'Unknown field' }));

  it('lists every field error up to MAX_FIELD_ERRORS', () => {
    const problem = toProblem(new ValidationError('The request is invalid.', fieldErrors(MAX_FIELD_ERRORS)));
    expect(problem.errors).toEqual(fieldErrors(MAX_FIELD_ERRORS));
    expect(problem.detail).toBe('The request is invalid.');
  });

  it('lists the first MAX_FIELD_ERRORS and says in the detail how many more there were', () => {
    const problem = toProblem(new ValidationError('The request is invalid.', fieldErrors(57)));
    expect(MAX_FIELD_ERRORS).toBe(20);
    expect(problem.errors).toEqual(fieldErrors(20));
    expect(problem.detail).toBe('The request is invalid. 37 more field errors are not listed.');
    expect(toProblem(new ValidationError('Invalid.', fieldErrors(21))).detail).toBe(
      'Invalid. 1 more field error is not listed.',
    );
  });

  it('cuts an echoed field name and a message to a bounded length', () => {
    const hugeKey = 'k'.repeat(60_000);
    const problem = toProblem(
      new ValidationError('The request is invalid.', [{ field: hugeKey, message: 'm'.repeat(5_000) }]),
    );
    const [error] = problem.errors ?? [];
    expect(error?.field).toHaveLength(100);
    expect(error?.field.startsWith('kkkk')).toBe(true);
    expect(error?.field.endsWith('…')).toBe(true);
    expect(error?.message).toHaveLength(200);
    expect(JSON.stringify(problem).length).toBeLessThan(500);
  });
});

describe('PayloadTooLargeError', () => {
  it('is a 413 problem of its own type', () => {
    expect(toProblem(new PayloadTooLargeError('The body must not be larger than 64 KB.'))).toEqual({
      type: 'https://shop.example/problems/payload-too-large',
      title: 'Content Too Large',
      status: 413,
      detail: 'The body must not be larger than 64 KB.',
    });
  });
});
