/**
 * AWS list prices used for the cost per million orders: region us-east-1, on-demand, USD, free tiers
 * ignored, first volume tier. Taken from the public pricing pages named beside each price as they read in
 * 2025 (DynamoDB after its 2024-11-01 on-demand price cut); assumed unchanged on the run date
 * (2026-11-22). No network is used at bench time: check the pages before quoting a figure.
 */
export const prices = {
  region: 'us-east-1',
  asOf: '2026-11-22 (list prices as published in 2025, assumed unchanged)',
  lambda: {
    /** https://aws.amazon.com/lambda/pricing/ — requests, any architecture. */
    perMillionRequests: 0.2,
    /** https://aws.amazon.com/lambda/pricing/ — Arm (the services' `architecture: arm64`), first 7.5 billion GB-s/month. */
    perGbSecondArm: 0.0000133334,
  },
  httpApi: {
    /** https://aws.amazon.com/api-gateway/pricing/ — HTTP APIs, first 300 million requests/month (per 512 KB). */
    perMillionRequests: 1.0,
  },
  dynamodb: {
    /** https://aws.amazon.com/dynamodb/pricing/on-demand/ — write request unit (1 KB), Standard table class. */
    perMillionWriteUnits: 0.625,
    /** https://aws.amazon.com/dynamodb/pricing/on-demand/ — read request unit (4 KB strongly consistent). */
    perMillionReadUnits: 0.125,
    /** Same page: GetRecords by a Lambda trigger on a DynamoDB stream is free. */
    streamReadsByLambda: 0,
  },
  sns: {
    /** https://aws.amazon.com/sns/pricing/ — standard topic publishes (each 64 KB chunk is one request). */
    perMillionPublishes: 0.5,
    /** Same page: deliveries to SQS queues are not charged. */
    perMillionSqsDeliveries: 0,
  },
  sqs: {
    /** https://aws.amazon.com/sqs/pricing/ — standard queue requests (each 64 KB chunk is one request). */
    perMillionRequests: 0.4,
  },
  ses: {
    /** https://aws.amazon.com/ses/pricing/ — outbound email, $0.10 per 1,000. */
    perMillionEmails: 100,
  },
} as const;
