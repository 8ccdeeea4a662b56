import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { deadLetterQueueName, redrive } from '../src/redrive.ts';
import { repositoryRoot } from '../src/templates.ts';

// The emulator of packages/testing's global setup (AWS_ENDPOINT_URL and fake keys are set).
const sqs = new SQSClient({});
const unique = () => Math.random().toString(36).slice(2, 8);

async function queuePair(name: string) {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const source = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: 5 }),
      },
    }),
  );
  return { dlqUrl: dlq.QueueUrl as string, sourceUrl: source.QueueUrl as string };
}

async function drain(queueUrl: string) {
  const bodies: string[] = [];
  for (let empty = 0; empty < 2; ) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    );
    empty = Messages.length === 0 ? empty + 1 : 0;
    bodies.push(...Messages.map((message) => message.Body as string));
  }
  return bodies;
}

describe('deadLetterQueueName', () => {
  it('expands <service>-<queue> for the stage and keeps full names', () => {
    expect(deadLetterQueueName('orders-saga', 'prod')).toBe('shop-orders-prod-saga-dlq');
    expect(deadLetterQueueName('carts-incoming-events', 'dev')).toBe('shop-carts-dev-incoming-events-dlq');
    expect(deadLetterQueueName('shop-orders-prod-saga-dlq', 'dev')).toBe('shop-orders-prod-saga-dlq');
    expect(deadLetterQueueName('shop-orders-prod-saga', 'dev')).toBe('shop-orders-prod-saga-dlq');
  });

  it('refuses a name without a queue part', () => {
    expect(() => deadLetterQueueName('orders', 'dev')).toThrow(/service>-<queue/);
  });
});

describe('redrive against the emulator', () => {
  it('moves every dead-lettered message back to its source queue', async () => {
    const name = `shop-ops-test-${unique()}-saga`;
    const { dlqUrl, sourceUrl } = await queuePair(name);
    const bodies = Array.from({ length: 23 }, (_, index) => JSON.stringify({ id: `event-${index}` }));
    for (const body of bodies)
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: dlqUrl,
          MessageBody: body,
          MessageAttributes: { type: { DataType: 'String', StringValue: 'StockReserved' } },
        }),
      );

    const result = await redrive({ sqs, deadLetterQueue: `${name}-dlq`, method: 'receive-send-delete' });

    expect(result).toMatchObject({ moved: 23, sourceQueueUrl: sourceUrl, deadLetterQueueUrl: dlqUrl });
    expect((await drain(sourceUrl)).sort()).toEqual(bodies.sort());
    expect(await drain(dlqUrl)).toEqual([]);
  });

  it('runs as `npm run redrive -- --queue <service>-<queue> --stage <stage>`', async () => {
    const stage = `t${unique()}`;
    const { dlqUrl, sourceUrl } = await queuePair(`shop-orders-${stage}-saga`);
    await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: '{"id":"one"}' }));

    const run = spawnSync(
      process.execPath,
      [join(repositoryRoot, 'scripts/redrive.ts'), '--queue', 'orders-saga', '--stage', stage],
      { cwd: repositoryRoot, encoding: 'utf8', env: process.env },
    );

    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('moved 1 messages');
    expect(await drain(sourceUrl)).toEqual(['{"id":"one"}']);
  });
});
