import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../src/index.ts';

describe('the emulator from global setup', () => {
  it('answers AWS SDK calls on a loopback endpoint', async () => {
    const endpoint = useEmulator();
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const tables = await new DynamoDBClient({}).send(new ListTablesCommand({}));
    expect(Array.isArray(tables.TableNames)).toBe(true);
  });
});
