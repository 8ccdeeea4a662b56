import { afterAll, expect } from 'vitest';
import { contractBreaches } from './client.ts';

// A test file fails if any answer it received broke the HTTP contract, even one it never awaited.
afterAll(() => {
  expect(contractBreaches, 'answers that broke the HTTP contract').toEqual([]);
});
