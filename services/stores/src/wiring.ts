import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { awsClient, once, sharedDocumentClient } from '@shop/aws';
import { cognitoStoreAdminGroups } from './adapters/cognito-store-admin-groups.ts';
import { dynamoStoreRegistry } from './adapters/dynamo-store-registry.ts';
import {
  type CheckoutSettingsManagement,
  checkoutSettingsManagement,
} from './domain/checkout-settings-management.ts';
import { type StoreManagement, type StoreRegistry, storeManagement } from './domain/store-management.ts';
import { config, outbox } from './outbox.ts';

export { config, outbox };

/**
 * The SDK's Cognito package, loaded on first use: only opening a store and granting or revoking its
 * admins reach Cognito, so reading and updating stores never load it. The routes that do load it at
 * init (`preloadAdminGroups`), so their cold start still pays for it there.
 */
const cognitoSdk = /* @__PURE__ */ once(() => import('@aws-sdk/client-cognito-identity-provider'));
const cognitoClient = /* @__PURE__ */ once(async () => {
  const { CognitoIdentityProviderClient: Client } = await cognitoSdk();
  return awsClient(new Client({}));
});
const lazyCognitoClient = {
  send: async (command: Parameters<CognitoIdentityProviderClient['send']>[0]) =>
    (await cognitoClient()).send(command),
} as CognitoIdentityProviderClient;

/** For the group routes' module scope: Cognito's package and client made during init, not on the first request. */
export const preloadAdminGroups = (): Promise<unknown> => cognitoClient();

/** The stores table, each write with its StoreChanged through the outbox. */
const registry = /* @__PURE__ */ once(
  (): StoreRegistry =>
    dynamoStoreRegistry({
      tableName: config().STORES_TABLE,
      client: sharedDocumentClient(),
      outbox: outbox(),
    }),
);

/** The stores every handler works on, and their admin groups. */
export const stores = /* @__PURE__ */ once(
  (): StoreManagement =>
    storeManagement({
      registry: registry(),
      groups: cognitoStoreAdminGroups({
        client: lazyCognitoClient,
        userPoolId: config().USER_POOL_ID,
        sdk: cognitoSdk,
      }),
    }),
);

/** The stores' shipping options and tax rates (no Cognito: the settings routes never reach it). */
export const checkoutSettings = /* @__PURE__ */ once(
  (): CheckoutSettingsManagement => checkoutSettingsManagement({ registry: registry() }),
);
