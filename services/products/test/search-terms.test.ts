import { describe, expect, it } from 'vitest';
import { indexTerms, MAX_INDEXED_TERMS, searchPlan, wordsOf } from '../src/domain/search-terms.ts';

describe('the words of a text', () => {
  it('are lower-case, accent-folded, split on anything but letters and digits, two characters or more', () => {
    expect(wordsOf('Crème Brûlée: 2 Ramekins, USB-C & a lid')).toEqual([
      'creme',
      'brulee',
      'ramekins',
      'usb',
      'lid',
    ]);
  });
});

describe('the indexed terms of a product', () => {
  it('are the distinct words of its name, then of its description, at most MAX_INDEXED_TERMS', () => {
    expect(indexTerms('Cast Iron Skillet', 'A skillet of cast iron, pre-seasoned.')).toEqual([
      'cast',
      'iron',
      'skillet',
      'of',
      'pre',
      'seasoned',
    ]);
    const long = Array.from({ length: 100 }, (_, index) => `word${index}`).join(' ');
    expect(indexTerms('Name', long)).toHaveLength(MAX_INDEXED_TERMS);
    expect(indexTerms('Name', long)[0]).toBe('name');
  });
});

describe('a search plan', () => {
  it('looks up the longest word and requires the others', () => {
    expect(searchPlan('MOON stargazer moon')).toEqual({ lookup: 'stargazer', alsoRequired: ['moon'] });
  });

  it('has nothing to look up in a query without words', () => {
    expect(searchPlan('! a ?')).toBeUndefined();
  });
});
