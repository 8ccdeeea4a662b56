/** At most this many distinct words of a product are indexed, so a write stays one transaction. */
export const MAX_INDEXED_TERMS = 40;

const MIN_TERM_LENGTH = 2;

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
