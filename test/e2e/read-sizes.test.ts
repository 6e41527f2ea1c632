/**
 * Files up to 1 MB are read into one reused buffer, larger ones by the
 * checked path (see readSmallRegularFile in src/lint-files.ts). Templates on
 * both sides of that edge, and a run that reads both kinds in turn, must
 * report and fix exactly as a small template does: the reused buffer never
 * leaks one file's bytes into another's result or write.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, makeTempDir, removeDir, runCli } from './support';

const EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples', 'vm-linux-preview-msi.json'), 'utf8');
const POOL_BYTES = 1024 * 1024;
let dir: string;

/** The example with spaces before its final newline, `bytes` long in all. */
function padded(bytes: number): string {
  const body = EXAMPLE.trimEnd();
  return `${body}${' '.repeat(bytes - Buffer.byteLength(body) - 1)}\n`;
}

/** The JSON report with this run's folder and the padding's positions left out. */
function messages(stdout: string) {
  return (JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; message: string; line: number; column: number }> }>).map((r) => ({
    file: path.basename(r.filePath),
    messages: r.messages.map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`),
  }));
}

beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => removeDir(dir));

describe('reading files of every size', () => {
  const sizes = [POOL_BYTES - 2, POOL_BYTES - 1, POOL_BYTES, POOL_BYTES + 1, 3 * POOL_BYTES];

  test('each size reports what the small file reports', () => {
    fs.writeFileSync(path.join(dir, 'small.json'), EXAMPLE);
    sizes.forEach((size, i) => fs.writeFileSync(path.join(dir, `size${i}.json`), padded(size)));
    const run = runCli(['--format', 'json', dir]);
    expect(run.stderr).toBe('');
    const reports = messages(run.stdout);
    const small = reports.find((r) => r.file === 'small.json')!;
    expect(small.messages.length).toBeGreaterThan(0);
    expect(reports).toHaveLength(sizes.length + 1);
    for (const report of reports) expect(report.messages).toEqual(small.messages);
  });

  test('--fix writes each file its own fixed text, small and large files interleaved', () => {
    const names = ['a.json', 'b.json', 'c.json', 'd.json'];
    const texts = [EXAMPLE, padded(POOL_BYTES + 1), EXAMPLE.replace(/vmName/g, 'machineName'), padded(POOL_BYTES - 1)];
    names.forEach((name, i) => fs.writeFileSync(path.join(dir, name), texts[i]));
    const reference = makeTempDir();
    try {
      // Each file fixed alone: what it must become.
      const expected = names.map((name, i) => {
        fs.writeFileSync(path.join(reference, name), texts[i]);
        runCli(['--fix', path.join(reference, name)]);
        return fs.readFileSync(path.join(reference, name), 'utf8');
      });
      expect(expected[0]).not.toBe(texts[0]);
      runCli(['--fix', '--concurrency', 'off', dir]);
      names.forEach((name, i) => expect(fs.readFileSync(path.join(dir, name), 'utf8')).toBe(expected[i]));
    } finally {
      removeDir(reference);
    }
  });
});
