import { describe, expect, it } from 'vitest';
import { docsPage } from '../src/docs-page.ts';
import { openApiDocument } from '../src/document.ts';

type FakeNode = {
  textContent: string;
  className: string;
  children: FakeNode[];
  append(...nodes: FakeNode[]): void;
};

/** Runs the page's own script against the document, in a DOM of plain objects; answers every text it wrote. */
async function render(spec: unknown): Promise<string[]> {
  const texts: string[] = [];
  const node = (): FakeNode => {
    const made: FakeNode = {
      className: '',
      children: [],
      append: (...nodes) => made.children.push(...nodes),
      set textContent(value: string) {
        texts.push(value);
      },
      get textContent() {
        return '';
      },
    };
    return made;
  };
  const script = docsPage('openapi.json').split('<script>')[1]?.split('</script>')[0] ?? '';
  const run = new Function('document', 'fetch', script);
  await new Promise<void>((resolve) => {
    run({ createElement: node, getElementById: node }, async () => ({ json: async () => spec }));
    setTimeout(resolve, 20);
  });
  return texts;
}

describe('the docs page', () => {
  it("renders every operation with its answers, the shared ones looked up in the document's components", async () => {
    const texts = await render(openApiDocument());
    expect(texts.filter((text) => text.includes('undefined'))).toEqual([]);
    expect(texts).toContain('/cart/checkout');
    expect(texts).toContain('422 The key was used with another body');
    expect(texts.some((text) => text.startsWith('429 Too many requests'))).toBe(true);
    expect(texts).not.toContainEqual(expect.stringMatching(/^Could not load/));
  });

  it('shows a body several routes answer (a component) under each of them', async () => {
    const texts = await render(openApiDocument());
    const reviewBodies = texts.filter((text) => text.includes('"reviewId"') && text.includes('"authorName"'));
    // POST and PUT …/reviews, GET /reviews/mine/{productId} (a component), and the list's items.
    expect(reviewBodies.length).toBeGreaterThanOrEqual(4);
  });
});
