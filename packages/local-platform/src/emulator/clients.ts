import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

export interface EmulatorTarget {
  endpoint: string;
  region?: string;
  accountId?: string;
}

/** SDK clients for one emulator, with its fake keys. */
export function emulatorClients(target: EmulatorTarget) {
  const config = {
    endpoint: target.endpoint,
    region: target.region ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  return {
    dynamodb: new DynamoDBClient(config),
    sns: new SNSClient(config),
    sqs: new SQSClient(config),
    cognito: new CognitoIdentityProviderClient(config),
    ses: new SESClient(config),
  };
}

export type EmulatorClients = ReturnType<typeof emulatorClients>;
