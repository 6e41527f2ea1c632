/**
 * Discovery hands every later stage (config lookup, the cache's keys, report
 * order) one absolute, normalized path per file, sorted, each file once.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverFiles } from '../src/discovery';
import { isNormalAbsolute, normalizedPath } from '../src/normal-path';

describe('normalizedPath', () => {
  // Whatever shortcut it takes, it must answer what path.normalize answers.
  const paths = [
    '/repo/azuredeploy.json',
    '/repo//nested/a.json',
    '/repo/./a.json',
    '/repo/nested/../a.json',
    '/repo/nested/..',
    '/repo/nested/.',
    '/repo/nested/',
    '/repo/.../a.json',
    '/repo/..nested/a.json',
    '/repo/.hidden/a.json',
    '/repo/nested./a.json',
    '/',
  ];
  it.each(paths)('%s', (p) => {
    expect(normalizedPath(p)).toBe(path.normalize(p));
  });
});

describe('isNormalAbsolute', () => {
  // The config lookup skips path.resolve when this says yes: only where resolving changes nothing.
  const cases: Array<[string, boolean]> = [
    ['/repo/azuredeploy.json', true],
    ['/repo/.../a.json', true],
    ['/repo//a.json', false],
    ['/repo/./a.json', false],
    ['/repo/x/../a.json', false],
    ['/repo/x/', false],
    ['repo/a.json', false],
    ['./a.json', false],
  ];
  it.each(cases)('%s: %s', (p, normal) => {
    expect(isNormalAbsolute(p)).toBe(normal);
    if (normal) expect(path.resolve('/elsewhere', p)).toBe(p);
  });
});

describe('discoverFiles', () => {
  let root: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'armlint-discovery-')));
    for (const file of ['templates/b.json', 'templates/a.jsonc', 'templates/deploy.sh', 'templates/notes.txt', 'other/c.json']) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), '{}');
    }
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('returns each file once, normalized and sorted, however the paths were spelled', async () => {
    const cwd = path.join(root, 'other');
    const discovery = await discoverFiles(['../templates', '../templates/./', `${root}//templates`, '../templates/../templates/*.json', 'c.json'], cwd);
    expect(discovery.files).toEqual([
      path.join(root, 'other/c.json'),
      path.join(root, 'templates/a.jsonc'),
      path.join(root, 'templates/b.json'),
      path.join(root, 'templates/deploy.sh'),
    ]);
    expect(discovery.problems).toEqual([]);
  });
});
