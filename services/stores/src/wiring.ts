import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { awsClient, once, sharedDocumentClient } from '@shop/aws';
import { cognitoStoreAdminGroups } from './adapters/cognito-store-admin-groups.ts';
import { dynamoStoreRegistry } from './adapters/dynamo-store-registry.ts';
import { type StoreManagement, storeManagement } from './domain/store-management.ts';
import { config, outbox } from './outbox.ts';

export { config, outbox };

/** The stores every handler works on, and their admin groups. */
export const stores = /* @__PURE__ */ once(
  (): StoreManagement =>
    storeManagement({
      registry: dynamoStoreRegistry({
        tableName: config().STORES_TABLE,
        client: sharedDocumentClient(),
        outbox: outbox(),
      }),
      groups: cognitoStoreAdminGroups({
        client: awsClient(new CognitoIdentityProviderClient({})),
        userPoolId: config().USER_POOL_ID,
      }),
    }),
);
