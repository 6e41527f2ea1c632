import { WORKER_START_MS, freeCores, workersFor } from '../../src/parallel/plan';

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
    // Just below break-even on 2 cores: start + 1.15 T / 2 must stay under 0.8 T, i.e. T > 1,333 ms.
    expect(workersFor(1, Math.floor((WORKER_START_MS / (0.8 - 1.15 / 2)) * 0.99), 2, 2)).toBe(0);
    expect(workersFor(1, Math.ceil((WORKER_START_MS / (0.8 - 1.15 / 2)) * 1.01), 2, 2)).toBe(2);
  });

  test('no workers with one free core, whatever the work; at most the thread limit and the free cores', () => {
    expect(workersFor(5, 100_000, 2, 1)).toBe(0);
    expect(workersFor(5, 100_000, 1, 8)).toBe(0);
    expect(workersFor(5, 100_000, 8, 4)).toBe(4);
    expect(workersFor(5, 100_000, 3, 8)).toBe(3);
    expect(workersFor(5, 1, 8, 8)).toBe(0);
  });

  test('more cores make smaller sets worth it', () => {
    const smallest = (cores: number) => {
      let files = 1;
      while (workersFor(1, files, cores, cores) === 0) files *= 2;
      return files;
    };
    expect(smallest(8)).toBeLessThan(smallest(2));
  });
});
