// Lighthouse on the storefront's catalog and product pages, as `npm start` serves them: the whole
// local shop (seeded products), the built storefront on its static server, Debian's Chromium.
// `npm run lighthouse` prints the four category scores per page (and what costs performance);
// `lighthouse.e2e.ts` (in `npm run test:e2e`) holds them at 95 by the median of up to 3 runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type LocalShop, startLocalShop } from '@shop/local-platform';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { type RunningWeb, startWeb } from '../local.ts';

export const categories = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof categories)[number];

export interface PageAudit {
  path: string;
  /** 0-100 per category. */
  scores: Record<Category, number>;
  /** Lab figures (ms) and the failed performance audits, for the README and for finding causes. */
  metrics: Record<string, number>;
  failing: string[];
}

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Runs Lighthouse (its default: mobile, simulated throttling) once on each of `paths` of `baseUrl`. */
export async function auditPages(baseUrl: string, paths: string[]): Promise<PageAudit[]> {
  const chrome = await chromeLauncher.launch({
    chromePath: chromiumPath,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const audits: PageAudit[] = [];
    for (const path of paths) {
      const result = await lighthouse(`${baseUrl}${path}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: [...categories],
      });
      if (!result) throw new Error(`lighthouse gave no result for ${path}`);
      const { lhr } = result;
      const reportDir = process.env.LIGHTHOUSE_REPORT_DIR;
      if (reportDir) {
        mkdirSync(reportDir, { recursive: true });
        writeFileSync(join(reportDir, `${path.replace(/\W+/g, '_') || 'root'}.json`), JSON.stringify(lhr));
      }
      if (lhr.runtimeError) throw new Error(`lighthouse on ${path}: ${lhr.runtimeError.message}`);
      const scores = Object.fromEntries(
        categories.map((category) => [category, Math.round((lhr.categories[category]?.score ?? 0) * 100)]),
      ) as Record<Category, number>;
      const metric = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? Number.NaN);
      const metrics = {
        fcpMs: metric('first-contentful-paint'),
        lcpMs: metric('largest-contentful-paint'),
        tbtMs: metric('total-blocking-time'),
        cls: Number((lhr.audits['cumulative-layout-shift']?.numericValue ?? Number.NaN).toFixed(3)),
        speedIndexMs: metric('speed-index'),
      };
      const failing = Object.values(lhr.categories)
        .flatMap((category) => category.auditRefs)
        .map((ref) => lhr.audits[ref.id])
        .filter((audit) => audit && audit.score !== null && audit.score < 0.9)
        .map((audit) => `${audit?.id}: ${audit?.displayValue ?? audit?.score}`);
      audits.push({ path, scores, metrics, failing: [...new Set(failing)] });
    }
    return audits;
  } finally {
    chrome.kill();
  }
}

/**
 * The shop and storefront, then `audit` given the storefront's URL and the pages to audit: the catalog
 * and the seeded T-shirt's page (a product with options: the variant picker is the heavier page).
 */
export async function withStorefront<T>(
  audit: (baseUrl: string, paths: string[]) => Promise<T>,
  log: (line: string) => void = () => undefined,
): Promise<T> {
  let shop: LocalShop | undefined;
  let web: RunningWeb | undefined;
  try {
    shop = await startLocalShop({ port: await freePort(), log });
    web = await startWeb({ apiBaseUrl: shop.baseUrl, log });
    const listing = (await (await fetch(`${shop.baseUrl}/products?category=clothing&limit=10`)).json()) as {
      items?: Array<{ productId: string; name: string }>;
    };
    const productId = listing.items?.find((item) => item.name === 'Organic Cotton T-shirt')?.productId;
    if (!productId) throw new Error('the local shop lists no seeded T-shirt to audit');
    // The local functions start cold (a new process per concurrent call): the calls the pages make
    // at once, made at once, so the audit measures the storefront rather than a local cold start.
    const get = async (route: string) =>
      (await fetch(`${shop?.baseUrl}${route}`, { headers: { 'x-store-id': 'main' } })).arrayBuffer();
    for (let round = 0; round < 2; round += 1) {
      await Promise.all(
        ['/stores?limit=100', '/products?limit=100', '/products?limit=24', `/products/${productId}`].map(get),
      );
    }
    return await audit(web.url, ['/', `/products/${encodeURIComponent(productId)}`]);
  } finally {
    await web?.stop().catch(() => undefined);
    await shop?.stop().catch(() => undefined);
  }
}

/** One audit of the catalog and the product page, as `npm run lighthouse` prints it. */
export const auditStorefront = (log?: (line: string) => void): Promise<PageAudit[]> =>
  withStorefront(auditPages, log);

/**
 * The median score per page and category over `runs` audits: Lighthouse's own advice for a noisy
 * machine (one run's performance score swings several points with the load).
 */
export function medianScores(
  runs: readonly PageAudit[][],
): Array<{ path: string; scores: Record<Category, number> }> {
  const paths = runs[0]?.map((audit) => audit.path) ?? [];
  return paths.map((path) => ({
    path,
    scores: Object.fromEntries(
      categories.map((category) => {
        const values = runs
          .map((run) => run.find((audit) => audit.path === path)?.scores[category] ?? 0)
          .sort((a, b) => a - b);
        return [category, values[Math.floor((values.length - 1) / 2)] ?? 0];
      }),
    ) as Record<Category, number>,
  }));
}

// `npm run lighthouse`: print the figures (LIGHTHOUSE_REPORT_DIR=dir also keeps each full report).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const audits = await auditStorefront();
  for (const audit of audits) console.log(JSON.stringify(audit, null, 2));
}
