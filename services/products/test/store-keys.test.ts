import { describe, expect, it } from 'vitest';
import { belongsTo, searchTermOf, shelfOf, storeCategoryOf, storeOf } from '../src/domain/store-keys.ts';

describe("the catalog's keys per store", () => {
  it('gives an item written before stores to main, and every other item to its own store', () => {
    expect(storeOf({})).toBe('main');
    expect(storeOf({ storeId: 'berlin' })).toBe('berlin');
    expect(belongsTo({}, 'main')).toBe(true);
    expect(belongsTo({}, 'berlin')).toBe(false);
    expect(belongsTo({ storeId: 'berlin' }, 'main')).toBe(false);
  });

  it('puts the store in every index partition, so two stores never share one', () => {
    expect(shelfOf('main')).toBe('main#all');
    expect(shelfOf('berlin')).not.toBe(shelfOf('main'));
    expect(storeCategoryOf('berlin', 'books')).toBe('berlin#books');
    expect(storeCategoryOf('berlin', 'books')).not.toBe(storeCategoryOf('main', 'books'));
    expect(searchTermOf('berlin', 'lamp')).toBe('berlin#lamp');
    expect(searchTermOf('berlin', 'lamp')).not.toBe(searchTermOf('main', 'lamp'));
  });

  it('never meets a key written before stores, even for a store named like one', () => {
    // `all` is a valid store id; the old whole-catalog partition was `all`.
    expect(shelfOf('all')).not.toBe('all');
    // An entry written before stores is keyed by the bare word.
    expect(searchTermOf(undefined, 'lamp')).toBe('lamp');
    expect(searchTermOf('main', 'lamp')).not.toBe('lamp');
  });
});
