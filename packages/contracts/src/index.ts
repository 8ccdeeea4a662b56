// Messages between services that more than one service reads or writes, and the HTTP contract. The
// producer owns each message; a breaking change to a `data` schema is a new definition with the next
// version, never an edit. One module per producer or flow, so a function bundles only what it uses.

export * from './catalog.ts';
export * from './checkout-settings.ts';
export * from './http/index.ts';
export * from './inventory.ts';
export * from './orders.ts';
export * from './promotions.ts';
export * from './reviews.ts';
export * from './stores.ts';
export * from './users.ts';
export * from './variants.ts';
