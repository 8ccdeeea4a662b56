import {
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Provisioner } from './provisioner.ts';

/** AWS::Cognito::UserPool. */
export const provisionUserPool: Provisioner = async (properties, { clients, name, region }) => {
  // CloudFormation's property shapes are the API's, except the pool's name. Lambda triggers are
  // left out: the emulator cannot run them.
  const { UserPoolName, LambdaConfig: _triggers, UserPoolTags, ...rest } = properties;
  const input = { ...rest, PoolName: name(UserPoolName), UserPoolTags } as CreateUserPoolCommandInput;
  const { UserPool } = await clients.cognito.send(new CreateUserPoolCommand(input));
  const id = UserPool?.Id as string;
  return {
    ref: id,
    attributes: {
      Arn: UserPool?.Arn ?? '',
      ProviderName: `cognito-idp.${region}.amazonaws.com/${id}`,
      ProviderURL: `https://cognito-idp.${region}.amazonaws.com/${id}`,
      UserPoolId: id,
    },
  };
};

/** AWS::Cognito::UserPoolClient. */
export const provisionUserPoolClient: Provisioner = async (properties, { clients, name }) => {
  const input = {
    ...properties,
    ClientName: name(properties.ClientName),
  } as CreateUserPoolClientCommandInput;
  const { UserPoolClient } = await clients.cognito.send(new CreateUserPoolClientCommand(input));
  return {
    ref: UserPoolClient?.ClientId as string,
    attributes: {
      ClientId: UserPoolClient?.ClientId ?? '',
      Name: UserPoolClient?.ClientName ?? '',
      ...(UserPoolClient?.ClientSecret ? { ClientSecret: UserPoolClient.ClientSecret } : {}),
    },
  };
};

/** AWS::Cognito::UserPoolGroup. */
export const provisionUserPoolGroup: Provisioner = async (properties, { clients, name }) => {
  const groupName = name(properties.GroupName);
  await clients.cognito.send(
    new CreateGroupCommand({
      UserPoolId: String(properties.UserPoolId),
      GroupName: groupName,
      Description: properties.Description as string | undefined,
      Precedence: properties.Precedence === undefined ? undefined : Number(properties.Precedence),
      RoleArn: properties.RoleArn as string | undefined,
    }),
  );
  return { ref: groupName, attributes: {} };
};
