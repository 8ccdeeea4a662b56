import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { storeAdminGroup } from '@shop/auth';
import { NotFoundError } from '@shop/errors';
import type { StoreAdminGroups } from '../domain/store-management.ts';

const errorName = (error: unknown) => (error as { name?: string } | undefined)?.name;

const noSuchUser = (error: unknown) =>
  new NotFoundError('No user signs in with that email.', { cause: error });

/**
 * Store admins as Cognito groups (`store-admin-<storeId>`, @shop/auth): membership shows in the
 * `cognito:groups` claim of access tokens issued after it changed, so a grant or revoke takes effect
 * at the user's next sign-in or refresh. Users are named by their email, the pool's sign-in name.
 */
export function cognitoStoreAdminGroups(options: {
  client: CognitoIdentityProviderClient;
  userPoolId: string;
  /** The SDK's Cognito package (its commands), loaded by the caller: only the group routes need it. */
  sdk: () => Promise<typeof import('@aws-sdk/client-cognito-identity-provider')>;
}): StoreAdminGroups {
  const { client, userPoolId, sdk } = options;

  async function open(storeId: string): Promise<void> {
    const { CreateGroupCommand } = await sdk();
    try {
      await client.send(
        new CreateGroupCommand({
          UserPoolId: userPoolId,
          GroupName: storeAdminGroup(storeId),
          Description: `Admins of the store ${storeId}`,
        }),
      );
    } catch (error) {
      if (errorName(error) !== 'GroupExistsException') throw error;
    }
  }

  const membership = (storeId: string, email: string) => ({
    UserPoolId: userPoolId,
    GroupName: storeAdminGroup(storeId),
    Username: email,
  });

  return {
    open,

    async grant(storeId, email) {
      const { AdminAddUserToGroupCommand } = await sdk();
      try {
        await client.send(new AdminAddUserToGroupCommand(membership(storeId, email)));
        return;
      } catch (error) {
        if (errorName(error) === 'UserNotFoundException') throw noSuchUser(error);
        // `main` exists before anyone wrote it, so its group may not yet: open it, then grant.
        if (errorName(error) !== 'ResourceNotFoundException') throw error;
      }
      await open(storeId);
      try {
        await client.send(new AdminAddUserToGroupCommand(membership(storeId, email)));
      } catch (error) {
        if (errorName(error) === 'UserNotFoundException') throw noSuchUser(error);
        throw error;
      }
    },

    async revoke(storeId, email) {
      const { AdminRemoveUserFromGroupCommand } = await sdk();
      try {
        await client.send(new AdminRemoveUserFromGroupCommand(membership(storeId, email)));
      } catch (error) {
        if (errorName(error) === 'UserNotFoundException') throw noSuchUser(error);
        // No group yet: nobody was ever its admin, so there is nothing to take away.
        if (errorName(error) === 'ResourceNotFoundException') return;
        throw error;
      }
    },
  };
}
