/** At most this many distinct words of a product are indexed, so a write stays one transaction. */
export const MAX_INDEXED_TERMS = 40;

const MIN_TERM_LENGTH = 2;

/**
 * A word of a search this long or longer also matches the words it begins (API.md: `lam` finds "Lamp");
 * a shorter one matches only itself. It is also the length of the prefix index's partition key.
 */
export const PREFIX_LENGTH = 3;

/** The searchable words of a text: lower-case, accents folded, split on anything not a letter or digit. */
export function wordsOf(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= MIN_TERM_LENGTH);
}

/**
 * The words a product is found by: every distinct word of its name first, then of its description,
 * up to MAX_INDEXED_TERMS so that the product and its index entries fit one DynamoDB transaction.
 */
export function indexTerms(name: string, description: string): string[] {
  return [...new Set([...wordsOf(name), ...wordsOf(description)])].slice(0, MAX_INDEXED_TERMS);
}

/** The partition of the prefix index a word is in: its first letters; none for a word too short. */
export function prefixOf(word: string): string | undefined {
  const letters = Array.from(word);
  return letters.length < PREFIX_LENGTH ? undefined : letters.slice(0, PREFIX_LENGTH).join('');
}

/** Whether a word of a search matches by prefix (else only the same word matches it). */
export const matchesByPrefix = (word: string): boolean => prefixOf(word) !== undefined;

/**
 * A product's words as one string, each between spaces, so that a filter can test a word of a search
 * with `contains`: ` lam` is any word beginning with "lam", ` tv ` is exactly "tv".
 */
export const wordsText = (terms: string[]): string => ` ${terms.join(' ')} `;

/** What `wordsText` of a product contains when the product has a word matching `word`. */
export const wordPattern = (word: string): string => (matchesByPrefix(word) ? ` ${word}` : ` ${word} `);

/**
 * The words of a search, and the one to look up first: the longest word is usually the rarest, so
 * its index entries are the fewest to read; the others filter those entries.
 */
export function searchPlan(q: string): { lookup: string; alsoRequired: string[] } | undefined {
  const words = [...new Set(wordsOf(q))];
  if (words.length === 0) return undefined;
  const [lookup, ...alsoRequired] = [...words].sort((a, b) => b.length - a.length || a.localeCompare(b));
  return { lookup: lookup as string, alsoRequired };
}
