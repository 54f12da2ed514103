import { eachConcurrently } from '../../../src/infra/concurrency';

const tick = () => new Promise((resolve) => setImmediate(resolve));

it('runs at most `limit` items at once, taking them in order', async () => {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  await eachConcurrently([1, 2, 3, 4, 5], 2, async (item) => {
    started.push(item);
    running += 1;
    most = Math.max(most, running);
    await tick();
    running -= 1;
  });
  expect(started).toEqual([1, 2, 3, 4, 5]);
  expect(most).toBe(2);
});

it('throws the first failure once the work already started has ended, and starts nothing after it', async () => {
  const ended: number[] = [];
  const run = eachConcurrently([1, 2, 3, 4], 2, async (item) => {
    if (item === 1) throw new Error('one failed');
    await tick();
    ended.push(item);
  });
  await expect(run).rejects.toThrow('one failed');
  expect(ended).toEqual([2]);
});
