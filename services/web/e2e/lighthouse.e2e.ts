// Issue 16, point 4: Lighthouse scores at least 95 in performance, accessibility, best practices and
// SEO on the catalog and a product page as `npm start` serves them. One run's performance score
// swings with the machine's load, so the gate is the median of up to 3 runs per page and category
// (Lighthouse's advice for variance): it stops after 2 runs when both already pass.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditPages, categories, medianScores, type PageAudit, withStorefront } from './lighthouse.ts';

const MINIMUM = 95;
const MAX_RUNS = 3;

test('the catalog and a product page score at least 95 in all four Lighthouse categories', async () => {
  const runs = await withStorefront(async (baseUrl, paths) => {
    const done: PageAudit[][] = [];
    for (let run = 0; run < MAX_RUNS; run += 1) {
      done.push(await auditPages(baseUrl, paths));
      const passing = done.filter((audits) =>
        audits.every((audit) => categories.every((category) => audit.scores[category] >= MINIMUM)),
      );
      // Two passing runs make the median of three pass whatever the third says.
      if (passing.length >= 2) break;
    }
    return done;
  });
  for (const run of runs)
    for (const audit of run)
      console.log(`lighthouse ${audit.path}: ${JSON.stringify(audit.scores)} ${audit.failing.join(', ')}`);
  for (const { path, scores } of medianScores(runs))
    for (const category of categories)
      assert.ok(
        scores[category] >= MINIMUM,
        `${path}: ${category} ${scores[category]} (median of ${runs.length}) is under ${MINIMUM}`,
      );
});
