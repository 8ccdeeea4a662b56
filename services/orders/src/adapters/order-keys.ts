// The orders table's index names and partitions, apart from the order store so the erasure consumer
// and the migration use them without bundling the store's schemas.

/** GSI: a user's orders in one store, newest first (partition `storeUser` = `<storeId>#<userId>`, sort `createdKey`). */
export const BY_STORE_USER_INDEX = 'byStoreUser';
/** GSI: a store's orders in one status, newest first (partition `storeStatus` = `<storeId>#<status>`, sort `createdKey`). */
export const BY_STORE_STATUS_INDEX = 'byStoreStatus';

/** The index partition of a user's orders in a store. */
export const storeUserKey = (storeId: string, userId: string): string => `${storeId}#${userId}`;
/** The index partition of a store's orders in a status. */
export const storeStatusKey = (storeId: string, status: string): string => `${storeId}#${status}`;
