// Step 6 of `npm start`: which poller feeds which function, and starting them. A function's mapping
// may read a queue of another stack, so queues are looked up across every provisioned stack.
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { EventSourceTrigger } from '../provisioning/lambda.ts';
import type { ProvisionedStack } from '../provisioning/stack.ts';
import { startQueuePoller } from './queue-poller.ts';
import { startStreamPoller } from './stream-poller.ts';

/** A service whose functions run, and the port of its serverless-offline Lambda endpoint. */
export interface FedService {
  name: string;
  lambdaPort: number;
}

/** One enabled event source mapping to feed, with the URL of its queue for an SQS one. */
export interface Feed {
  service: FedService;
  trigger: EventSourceTrigger;
  queueUrl?: string;
}

/**
 * The enabled mappings of the running services. An SQS mapping whose queue no stack holds stops the
 * start-up before any poller runs: its messages would wait forever.
 */
export function planFeeds(services: FedService[], stacks: Record<string, ProvisionedStack>): Feed[] {
  const queueUrls = new Map(
    Object.values(stacks)
      .flatMap((stack) => Object.values(stack.resources))
      .filter((resource) => resource.type === 'AWS::SQS::Queue')
      .map((queue) => [queue.attributes.Arn, queue.ref]),
  );
  return services.flatMap((service) =>
    (stacks[service.name]?.triggers ?? [])
      .filter((trigger) => trigger.enabled)
      .map((trigger): Feed => {
        if (trigger.kind === 'dynamodb-stream') return { service, trigger };
        const queueUrl = queueUrls.get(trigger.sourceArn);
        if (!queueUrl) throw new Error(`${trigger.logicalId}: no local queue ${trigger.sourceArn}`);
        return { service, trigger, queueUrl };
      }),
  );
}

export interface FeedOptions {
  /** The emulator, where the queues and streams are. */
  endpoint: string;
  sqs: SQSClient;
  /** What a poller has to say about a service (it cannot deliver, say). */
  log: (service: string, line: string) => void;
}

/** Starts one poller per feed, invoking each function through its service's Lambda endpoint. */
export function startFeeds(feeds: Feed[], options: FeedOptions): Array<{ stop(): Promise<void> }> {
  const lambdas = new Map<number, LambdaClient>();
  const lambdaOf = (port: number) => {
    const existing = lambdas.get(port);
    if (existing) return existing;
    const client = new LambdaClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    lambdas.set(port, client);
    return client;
  };
  return feeds.map(({ service, trigger, queueUrl }) => {
    const lambda = lambdaOf(service.lambdaPort);
    const log = (line: string) => options.log(service.name, line);
    return queueUrl === undefined
      ? startStreamPoller({ endpoint: options.endpoint, lambda, trigger, log })
      : startQueuePoller({ sqs: options.sqs, lambda, trigger, queueUrl, log });
  });
}
