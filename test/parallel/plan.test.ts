import { WORKER_OVERHEAD, WORKER_START_MS, freeCores, workersFor } from '../../src/parallel/plan';

describe('--concurrency auto: workers only where they pay', () => {
  test('free cores are the cores less the load already on them, at least one', () => {
    expect(freeCores(2, 11.6)).toBe(1);
    expect(freeCores(2, 0.4)).toBe(2);
    expect(freeCores(2, 0.6)).toBe(1);
    expect(freeCores(8, 0)).toBe(8);
    expect(freeCores(8, 3.2)).toBe(5);
  });

  test('no workers when the remaining work is smaller than what starting them costs', () => {
    // 1 ms per file: 100 files are 100 ms of work, less than starting one worker.
    expect(workersFor(1, 100, 2, 2)).toBe(0);
    // Break-even on 4 cores: start + overhead x T / 4 must stay under 0.8 T.
    const breakEven = WORKER_START_MS / (0.8 - WORKER_OVERHEAD / 4);
    expect(workersFor(1, Math.floor(breakEven * 0.99), 4, 4)).toBe(0);
    expect(workersFor(1, Math.ceil(breakEven * 1.01), 4, 4)).toBe(4);
  });

  test('no workers with one or two free cores, whatever the work (they slowed runs down there); at most the thread limit and the free cores', () => {
    expect(workersFor(5, 100_000, 2, 1)).toBe(0);
    expect(workersFor(5, 1_000_000, 2, 2)).toBe(0);
    expect(workersFor(5, 100_000, 1, 8)).toBe(0);
    expect(workersFor(5, 100_000, 8, 4)).toBe(4);
    expect(workersFor(5, 100_000, 3, 8)).toBe(3);
    expect(workersFor(5, 1, 8, 8)).toBe(0);
  });

  test('more cores make smaller sets worth it', () => {
    // 700 ms of remaining work: enough for 8 cores (break-even ~546 ms), not for 4 (~1,000 ms).
    expect(workersFor(1, 700, 8, 8)).toBe(8);
    expect(workersFor(1, 700, 4, 4)).toBe(0);
  });
});
