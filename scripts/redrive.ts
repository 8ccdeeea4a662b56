// `npm run redrive -- --queue <name> --stage <stage> [--method move-task|receive-send-delete]`: moves a
// dead-letter queue's messages back to the queue they came from. <name> is the full queue name or
// `<service>-<queue>` (e.g. `orders-saga` for shop-orders-<stage>-saga-dlq). In AWS the default is
// SQS's StartMessageMoveTask; with AWS_ENDPOINT_URL set (the emulator) a receive/send/delete loop.
import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { deadLetterQueueName, redrive } from '@shop/ops';

const { values } = parseArgs({
  options: {
    queue: { type: 'string' },
    stage: { type: 'string', default: 'dev' },
    region: { type: 'string' },
    method: { type: 'string' },
  },
});
if (!values.queue) {
  console.error(
    'usage: npm run redrive -- --queue <name> --stage <stage> [--method move-task|receive-send-delete]',
  );
  process.exit(2);
}
const method = (values.method ?? (process.env.AWS_ENDPOINT_URL ? 'receive-send-delete' : 'move-task')) as
  | 'move-task'
  | 'receive-send-delete';
if (!['move-task', 'receive-send-delete'].includes(method)) {
  console.error(`unknown --method ${method}`);
  process.exit(2);
}
const deadLetterQueue = deadLetterQueueName(values.queue, values.stage as string);
const sqs = new SQSClient(values.region ? { region: values.region } : {});
const result = await redrive({ sqs, deadLetterQueue, method, log: (line) => console.log(line) });
console.log(
  result.method === 'move-task'
    ? `move task ${result.taskHandle} started: ${result.deadLetterQueueUrl} -> ${result.sourceQueueUrl} (aws sqs list-message-move-tasks --source-arn ... shows progress)`
    : `moved ${result.moved} messages: ${result.deadLetterQueueUrl} -> ${result.sourceQueueUrl}`,
);
