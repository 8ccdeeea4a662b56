import type { BuyerRecords } from './buyers.ts';
import type { ReviewCommands } from './reviews.ts';

/**
 * A user erased their account (UserErased): their name goes and a mark stays, so no later
 * OrderDelivered or UserRegistered records them again; then each review of theirs is deleted, its
 * product's rating following exactly as after any deletion (one transaction, one ProductRatingChanged);
 * then the records of what they received. Deleted rather than anonymised: a review is the person's own
 * words, which may name them. Every review has its author's purchase record (a review needs one, and
 * only this deletes them, after the reviews), so the records are where the reviews are found. Safe
 * to repeat: a second time finds nothing left.
 */
export async function eraseAuthor(
  userId: string,
  deps: {
    buyers: Pick<BuyerRecords, 'markErased' | 'purchasesOf' | 'forgetPurchases'>;
    reviews: Pick<ReviewCommands, 'removeAuthorReview'>;
    now?: () => Date;
  },
  context: { correlationId?: string } = {},
): Promise<{ reviews: number; purchases: number }> {
  await deps.buyers.markErased(userId, deps.now?.() ?? new Date());
  const purchases = await deps.buyers.purchasesOf(userId);
  let reviews = 0;
  for (const purchase of purchases)
    if (await deps.reviews.removeAuthorReview({ ...purchase, userId }, context)) reviews += 1;
  await deps.buyers.forgetPurchases(userId, purchases);
  return { reviews, purchases: purchases.length };
}
