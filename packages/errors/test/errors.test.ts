import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  HttpError,
  IdempotencyKeyReusedError,
  NotFoundError,
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
