import { storeChangesConsumer } from '@shop/store-directory';
import { config } from '../../wiring.ts';

/** The store-events queue consumer: keeps this service's copy of the stores from StoreChanged. */
export const handler = storeChangesConsumer({ tableName: config().STORES_TABLE });
