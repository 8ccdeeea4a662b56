/**
 * Stock of a hot product, split over shard items so that a flash sale is not capped by one DynamoDB
 * item (about 1,000 write units a second per partition, half that for transactions). The API's
 * `stock` stays one number: the sum of the shards. The model and its figures: bench/README.md.
 */

/** Shards of a hot product: 16 × 500 transactional writes a second ≈ 8,000/s, 5,000/s at ~60 % (bench/README.md). */
export const HOT_STOCK_SHARDS = 16;

/** The key of shard `index` of a product in the products table (outside every index: no category, no name key). */
export const shardKey = (productId: string, index: number): string => `${productId}#stock-${index}`;

/** `total` units over `shards` shards, as even as can be (the first ones get the remainder). */
export function splitStock(total: number, shards: number): number[] {
  const base = Math.floor(total / shards);
  const extra = total % shards;
  return Array.from({ length: shards }, (_, index) => base + (index < extra ? 1 : 0));
}

/** Units taken from one shard for one line. */
export type ShardTake = { shard: number; quantity: number };

/**
 * Where `quantity` units come from: going round the shards from `start`, as much as each has, until the
 * line is served; undefined when all of them together have less (the line is short). Starting at a
 * random shard spreads concurrent buyers over the partitions.
 */
export function planShardTakes(
  quantity: number,
  available: readonly number[],
  start: number,
): ShardTake[] | undefined {
  const takes: ShardTake[] = [];
  let left = quantity;
  for (let step = 0; step < available.length && left > 0; step += 1) {
    const shard = (start + step) % available.length;
    const take = Math.min(left, Math.max(0, available[shard] ?? 0));
    if (take > 0) takes.push({ shard, quantity: take });
    left -= take;
  }
  return left > 0 ? undefined : takes;
}
