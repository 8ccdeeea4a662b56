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
  cloudwatch: {
    /** https://aws.amazon.com/cloudwatch/pricing/ — standard-resolution metric alarm, per alarm-month. */
    perAlarmMonth: 0.1,
    /** Same page — custom dashboard, per dashboard-month (the first three are free; ignored). */
    perDashboardMonth: 3,
    /** Same page — Logs: ingestion (Standard log class), per GB. */
    perGbLogsIngested: 0.5,
    /** Same page — Logs: storage, per GB-month (compressed; billed here at ingested size, an upper bound). */
    perGbMonthLogsStored: 0.03,
    /** Same page — embedded metric format: each custom metric, per metric-month (first 10,000). */
    perCustomMetricMonth: 0.3,
  },
  xray: {
    /** https://aws.amazon.com/xray/pricing/ — traces recorded, per million (first 100,000/month free; ignored). */
    perMillionTracesRecorded: 5,
  },
  cloudFront: {
    /** https://aws.amazon.com/cloudfront/pricing/ — HTTPS requests, North America, $0.0100 per 10,000. */
    perMillionHttpsRequests: 1,
    /** Same page — data transfer out to the internet, North America, first 10 TB, per GB. */
    perGbTransferOut: 0.085,
  },
  waf: {
    /** https://aws.amazon.com/waf/pricing/ — per web ACL-month. */
    perWebAclMonth: 5,
    /** Same page — per rule-month. */
    perRuleMonth: 1,
    /** Same page — per million requests inspected. */
    perMillionRequests: 0.6,
  },
} as const;

/**
 * What the cost model assumes beyond the measured calls (each named where the cost is computed).
 */
export const assumptions = {
  /** Seconds in the month the fixed costs are for (30 days). */
  secondsPerMonth: 30 * 24 * 60 * 60,
  /**
   * Lambda's SQS event source mapping long-polls each queue with 5 pollers while idle, each a
   * ReceiveMessage of up to 20 s: 3 requests per minute per poller.
   */
  sqsPollersPerQueue: 5,
  sqsReceivesPerPollerMinute: 3,
  /**
   * Lambda's own log lines per invocation (START, END, REPORT with the X-Ray trace id), bytes; added to
   * the functions' JSON lines measured locally.
   */
  platformLogBytesPerInvocation: 350,
  /** Log retention of prod (stages.yml logRetentionInDays: 30): each GB is stored one month. */
  logStorageMonths: 1,
  /**
   * X-Ray: Lambda samples 1 request a second per function, then 5 % (the default rule). Per order the
   * model takes 5 % of invocations; the reservoir of 1 trace a second is a ceiling independent of volume
   * and is shown with the fixed costs.
   */
  xraySampledFraction: 0.05,
  /** Bytes a storefront answer sends through CloudFront on the measured operations (JSON, gzip off). */
  cloudFrontBytesPerRequest: 2_000,
  /** Stream reads by Lambda triggers are free, DynamoDB streams themselves are free for Lambda. */
} as const;
