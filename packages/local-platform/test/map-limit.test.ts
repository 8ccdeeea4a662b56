import { describe, expect, it } from 'vitest';
import { mapLimit } from '../src/processes.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapLimit', () => {
  it('answers in input order, whatever order the tasks finish in', async () => {
    const results = await mapLimit([30, 10, 20, 0], 2, async (ms, index) => {
      await tick(ms);
      return `${index}:${ms}`;
    });

    expect(results).toEqual(['0:30', '1:10', '2:20', '3:0']);
  });

  it('never has more than `limit` tasks in flight, and runs every one', async () => {
    let inFlight = 0;
    let most = 0;
    const ran: number[] = [];

    await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await tick(5);
      ran.push(item);
      inFlight -= 1;
    });

    expect(most).toBe(3);
    expect(ran.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('starts lane i `rampMs * i` late', async () => {
    const started = Date.now();
    const startedAt: number[] = [];

    // Each task outlasts the ramp, so every item waits for a lane of its own.
    await mapLimit(
      [0, 1, 2],
      3,
      async (_, index) => {
        startedAt[index] = Date.now() - started;
        await tick(300);
      },
      80,
    );

    expect(startedAt[0]).toBeLessThan(60);
    expect(startedAt[1]).toBeGreaterThanOrEqual(75);
    expect(startedAt[2]).toBeGreaterThanOrEqual(155);
  });

  it('runs nothing for no items, and passes a task failure on', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
    await expect(
      mapLimit([1, 2], 2, async (item) => {
        if (item === 2) throw new Error('lane failed');
        return item;
      }),
    ).rejects.toThrow('lane failed');
  });
});
