/**
 * The progress line: only when stderr is a terminal, not in CI, for many
 * files; erased at the end. The "never when piped" side runs the real CLI.
 */
import { spawnSync } from 'node:child_process';
import { Progress } from '../../src/formatters/progress';
import { CLI, armlint, removeDir, template, tempTree } from './helpers';

function manyFiles(n: number): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`t${String(i).padStart(3, '0')}.json`] = template();
  return tempTree(files);
}

describe('Progress', () => {
  const make = (isTTY: boolean, env: NodeJS.ProcessEnv, total = 100) => {
    const out: string[] = [];
    let now = 0;
    const p = Progress.start(total, { isTTY, env, write: (t) => out.push(t), now: () => (now += 60) });
    return { p, out };
  };

  test('on a terminal: files done / total, redrawn in place, erased at the end', () => {
    const { p, out } = make(true, {});
    for (let i = 1; i <= 100; i++) p.update(i);
    p.done();
    expect(out[0]).toBe('\r\u001b[2Karmlint: 1/100 files');
    expect(out).toContain('\r\u001b[2Karmlint: 100/100 files');
    expect(out.length).toBeLessThan(60); // throttled
    expect(out[out.length - 1]).toBe('\r\u001b[2K');
  });

  test('never when not a terminal, in CI, on a dumb terminal, or for few files', () => {
    for (const [isTTY, env, total] of [
      [false, {}, 1000],
      [true, { CI: 'true' }, 1000],
      [true, { TERM: 'dumb' }, 1000],
      [true, {}, 10],
    ] as Array<[boolean, NodeJS.ProcessEnv, number]>) {
      const { p, out } = make(isTTY, env, total);
      for (let i = 1; i <= total; i++) p.update(i);
      p.done();
      expect(out).toEqual([]);
    }
  });
});

describe('the real CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = manyFiles(120);
  });
  afterAll(() => removeDir(dir));

  test('never writes a progress line when stderr is piped', () => {
    const run = armlint(['--format', 'json', '.'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('files\r');
  });

  test('on a pseudo-terminal (script(1)) the line appears and is erased; with CI set it does not', () => {
    const probe = spawnSync('script', ['--version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      // eslint-disable-next-line no-console
      console.log('skipping: script(1) from util-linux is not installed, no pseudo-terminal to test with');
      return;
    }
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} --format json . > /dev/null`;
    const env = { ...process.env };
    delete env.CI;
    const tty = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', env });
    expect(tty.stdout).toContain('armlint: 120/120 files');
    expect(tty.stdout.endsWith('\r\u001b[2K')).toBe(true);
    const ci = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { ...env, CI: 'true' } });
    expect(ci.stdout).not.toContain('files');
  });
});
