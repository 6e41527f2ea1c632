/**
 * The README as a new user follows it: every command in its `sh` blocks and
 * every `$ ` prompt in its output examples is listed below with what the
 * README says it does, and run with the real CLI (`node bin/armlint.js` and
 * `armlint` become this build's bin/armlint.js) in a fresh folder, unless it
 * needs the network or is covered by a named test. A command added to or
 * changed in the README fails the first test until it is listed here.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, ROOT, makeTempDir, removeDir } from './support';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const EXAMPLES = path.join(ROOT, 'examples');
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
  dir: string;
  read: (file: string) => string;
}
type Tree = 'clone' | 'project' | 'before';
type Check = { tree: Tree; verify: (o: Outcome) => void } | { skip: string };

/** Commands of `sh` blocks (comments cut) and `$ ` prompts of output blocks, in README order. */
function readmeCommands(): string[] {
  const out: string[] = [];
  for (const block of README.matchAll(/```(\w*)\n([\s\S]*?)```/g)) {
    const [, lang, body] = block;
    for (const line of body.split('\n')) {
      if (lang === 'sh' && line.trim()) out.push(line.replace(/\s+#\s.*$/, '').trim());
      else if (lang === '' && line.startsWith('$ ')) out.push(line.trim());
    }
  }
  return out;
}

/** The lines of the output block that follows a `$ ` prompt in the README. */
function outputAfter(prompt: string): string {
  const start = README.indexOf(`${prompt}\n`);
  return README.slice(start + prompt.length + 1, README.indexOf('```', start));
}

/** The first fenced block of a language after `marker` in the README. */
function blockAfter(marker: string, lang: string): string {
  const start = README.indexOf(marker);
  const open = README.indexOf('```' + lang + '\n', start);
  return README.slice(open + lang.length + 4, README.indexOf('```', open + 3));
}

const strictConfig = JSON.stringify({ rules: { 'imds-token-endpoint': 'error' }, ignores: ['generated/**', '*.legacy.json'] });

/** A user's project: templates/ and infra/ from the examples, the README's strict config in ci/, files it ignores. */
function project(dir: string): void {
  fs.mkdirSync(path.join(dir, '.git'));
  fs.cpSync(EXAMPLES, path.join(dir, 'templates'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'infra', 'net'), { recursive: true });
  fs.copyFileSync(path.join(EXAMPLES, 'vm-linux-preview-msi.json'), path.join(dir, 'infra', 'vm.json'));
  fs.copyFileSync(path.join(EXAMPLES, 'one-line.json'), path.join(dir, 'infra', 'net', 'jumpbox.json'));
  fs.copyFileSync(path.join(EXAMPLES, 'one-line.json'), path.join(dir, 'infra', 'old.legacy.json'));
  fs.mkdirSync(path.join(dir, 'generated'));
  fs.copyFileSync(path.join(EXAMPLES, 'one-line.json'), path.join(dir, 'generated', 'vm.json'));
  fs.mkdirSync(path.join(dir, 'ci'));
  fs.writeFileSync(path.join(dir, 'ci', 'armlint.strict.json'), strictConfig);
}

/** infra/vm.json holding the README's Before template. */
function beforeTree(dir: string): void {
  fs.mkdirSync(path.join(dir, 'infra'));
  fs.writeFileSync(path.join(dir, 'infra', 'vm.json'), blockAfter('\nBefore:\n', 'json'));
}

/** A clone's layout as far as the commands see it: examples/. */
function clone(dir: string): void {
  fs.cpSync(EXAMPLES, path.join(dir, 'examples'), { recursive: true });
}

const lines = (s: string) => s.split('\n').filter(Boolean);
const fixedExample = (() => {
  let cached: string | undefined;
  return () => {
    if (cached === undefined) {
      const dir = makeTempDir('armlint-readme-fix-');
      fs.copyFileSync(path.join(EXAMPLES, 'vm-linux-preview-msi.json'), path.join(dir, 'vm.json'));
      spawnSync(process.execPath, [CLI, '--fix', 'vm.json'], { cwd: dir });
      cached = fs.readFileSync(path.join(dir, 'vm.json'), 'utf8');
      removeDir(dir);
    }
    return cached;
  };
})();

const CHECKS: Record<string, Check> = {
  'npm ci && node bin/armlint.js examples': {
    tree: 'clone',
    verify: (o) => {
      expect(o.status).toBe(1);
      expect(o.stdout).toContain('✖ 8 problems (8 errors, 0 warnings)');
      expect(lines(o.stdout).filter((l) => l.startsWith(path.join(o.dir, 'examples')))).toHaveLength(3);
      for (const rule of ['no-managed-identity-extension', 'user-assigned-identity-dictionary', 'imds-token-endpoint']) expect(o.stdout).toContain(`  ${rule}\n`);
      expect(o.stdout).toContain('Not fixed automatically:');
    },
  },
  'node bin/armlint.js --diff examples': {
    tree: 'clone',
    verify: (o) => {
      expect(o.status).toBe(1);
      expect(lines(o.stdout).filter((l) => l.startsWith('diff --git'))).toHaveLength(3);
      expect(o.stderr).toBe('armlint: 7 problems in 3 files would be fixed: run armlint --fix; 1 problem would remain.\n');
    },
  },
  'node bin/armlint.js --fix examples': {
    tree: 'clone',
    verify: (o) => {
      // The PowerShell POST with a string -Body stays, an error without a fix.
      expect(o.status).toBe(1);
      expect(o.stdout).toContain('Fixed 7 problems in 3 files.');
      expect(o.stdout).toContain('✖ 1 problem (1 error, 0 warnings)');
      expect(o.read('examples/vm-linux-preview-msi.json')).toBe(fixedExample());
    },
  },
  'npm ci && npm test': { skip: 'the test run itself' },
  'npm install --save-dev git+https://github.com/armlint/armlint.git': { skip: 'needs the network (GitHub)' },
  'npm ci && npm pack': { skip: 'run by test/e2e/package.test.ts (npm pack, then the tarball installed and npx armlint run)' },
  'npm install --save-dev /path/to/armlint-0.1.0.tgz': { skip: 'run by test/e2e/package.test.ts with the tarball npm pack wrote' },
  'node bin/armlint.js templates/': { tree: 'project', verify: (o) => expect([o.status, o.stdout.includes('✖ 8 problems')]).toEqual([1, true]) },
  'node bin/armlint.js --fix templates/': {
    tree: 'project',
    verify: (o) => {
      expect(o.status).toBe(1);
      expect(o.read('templates/vm-linux-preview-msi.json')).toBe(fixedExample());
    },
  },
  "node bin/armlint.js --format json 'infra/**/*.json'": {
    tree: 'project',
    verify: (o) => {
      expect(o.status).toBe(1);
      const files = (JSON.parse(o.stdout) as Array<{ filePath: string }>).map((r) => path.relative(o.dir, r.filePath));
      expect(files.sort()).toEqual(['infra/net/jumpbox.json', 'infra/old.legacy.json', 'infra/vm.json']);
    },
  },
  'node bin/armlint.js --fix-dry-run templates/': {
    tree: 'project',
    verify: (o) => {
      expect(o.stdout).toContain('7 problems in 3 files would be fixed.');
      expect(o.read('templates/one-line.json')).toBe(fs.readFileSync(path.join(EXAMPLES, 'one-line.json'), 'utf8'));
    },
  },
  'node bin/armlint.js --diff templates/': {
    tree: 'project',
    verify: (o) => {
      expect(o.status).toBe(1);
      expect(o.stdout.split('\n')[0]).toBe('diff --git a/templates/one-line.json b/templates/one-line.json');
    },
  },
  'node bin/armlint.js --format sarif -o armlint.sarif .': {
    tree: 'project',
    verify: (o) => {
      expect(JSON.parse(o.read('armlint.sarif')).version).toBe('2.1.0');
      expect(o.stdout).toMatch(/^armlint: \d+ problems \(\d+ errors, \d+ warnings\) in \d+ files \(report: armlint\.sarif\)\n$/);
    },
  },
  'node bin/armlint.js --format github .': {
    tree: 'project',
    verify: (o) => {
      expect(o.status).toBe(1);
      for (const line of lines(o.stdout)) expect(line).toMatch(/^::(error|warning) file=.+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z-]+::/);
    },
  },
  'node bin/armlint.js --quiet --max-warnings 0 .': {
    tree: 'project',
    verify: (o) => {
      expect(o.status).toBe(1);
      expect(o.stdout).not.toMatch(/ warning /);
      expect(o.stdout).toContain(' error ');
    },
  },
  'node bin/armlint.js --no-color . > report.txt': {
    tree: 'project',
    verify: (o) => {
      expect(o.stdout).toBe('');
      expect(o.read('report.txt')).toContain('problems');
      expect(o.read('report.txt')).not.toContain('\u001b[');
    },
  },
  'node bin/armlint.js --rule imds-token-endpoint:off --rule no-managed-identity-extension:warn .': {
    tree: 'project',
    verify: (o) => {
      expect(o.stdout).not.toContain('imds-token-endpoint');
      expect(lines(o.stdout).filter((l) => l.endsWith('  no-managed-identity-extension')).every((l) => / warning /.test(l))).toBe(true);
      expect(o.stdout).toContain('no-managed-identity-extension');
    },
  },
  'node bin/armlint.js --config ci/armlint.strict.json .': {
    tree: 'project',
    verify: (o) => {
      expect(o.stdout).not.toContain('generated');
      expect(o.stdout).not.toContain('legacy');
      expect(o.stdout).toContain(path.join(o.dir, 'infra', 'vm.json'));
      expect(lines(o.stdout).filter((l) => l.endsWith('  imds-token-endpoint')).every((l) => / error /.test(l))).toBe(true);
    },
  },
  'node bin/armlint.js --print-config infra/vm.json': {
    tree: 'project',
    verify: (o) => {
      expect(o.status).toBe(0);
      expect(Object.keys(JSON.parse(o.stdout))).toEqual(Object.keys(JSON.parse(blockAfter('`armlint --print-config infra/vm.json` shows', 'json'))));
      expect(JSON.parse(o.stdout).file).toBe(path.join(o.dir, 'infra', 'vm.json'));
    },
  },
  'node bin/armlint.js --report-unused-disable-directives .': {
    tree: 'project',
    verify: (o) => {
      expect(o.status).toBe(1);
      // The one directive in the project (templates/kept-on-purpose.jsonc) suppresses a finding: not unused.
      expect(o.stdout).not.toContain('unused-disable-directive');
    },
  },
  'node bin/armlint.js --stdin --stdin-filename infra/vm.json < infra/vm.json': {
    tree: 'project',
    verify: (o) => expect([o.status, o.stdout.split('\n')[1]]).toEqual([1, path.join(o.dir, 'infra', 'vm.json')]),
  },
  'node bin/armlint.js --cache .': { tree: 'project', verify: (o) => expect(JSON.parse(o.read('.armlintcache')).entries).toBeDefined() },
  'node bin/armlint.js --concurrency off .': { tree: 'project', verify: (o) => expect([o.status, o.stdout.includes('problems')]).toEqual([1, true]) },
  'node bin/armlint.js --stdin --stdin-filename infra/vm.json --fix < infra/vm.json > fixed.json': {
    tree: 'project',
    verify: (o) => {
      expect(o.read('fixed.json')).toBe(fixedExample());
      expect(o.read('infra/vm.json')).toBe(fs.readFileSync(path.join(EXAMPLES, 'vm-linux-preview-msi.json'), 'utf8'));
    },
  },
  '$ armlint .': { skip: 'run by its own test below, with the invalid config its messages describe' },
  '$ armlint --diff infra': {
    tree: 'before',
    verify: (o) => {
      const shown = lines(outputAfter('$ armlint --diff infra'));
      expect(o.status).toBe(1);
      expect(lines(o.stdout).slice(0, 4)).toEqual(shown.slice(0, 4));
      expect(o.stderr).toBe(`${shown[shown.length - 1]}\n`);
    },
  },
  'armlint --stdin --stdin-filename infra/vm.json --format json < infra/vm.json': {
    tree: 'project',
    verify: (o) => expect((JSON.parse(o.stdout) as Array<{ filePath: string }>).map((r) => r.filePath)).toEqual([path.join(o.dir, 'infra', 'vm.json')]),
  },
  'armlint --stdin --stdin-filename infra/vm.json --fix < infra/vm.json': { tree: 'project', verify: (o) => expect(o.stdout).toBe(fixedExample()) },
  'npx lint-staged': { skip: 'needs lint-staged and husky from the npm registry' },
  '$ node bin/armlint.js vm.json': { skip: "run by its own test below, with the README's Before template and After text" },
};

/** Runs a README command in `dir` with this build standing in for `node bin/armlint.js` / `armlint`. */
function runCommand(command: string, dir: string): Outcome {
  const script = command
    .replace(/^\$ /, '')
    .replace(/^npm ci && /, '')
    .replace(/^node bin\/armlint\.js\b/, 'armlint')
    .replace(/^armlint\b/, `"${process.execPath}" "${CLI}"`);
  const r = spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, dir, read: (f) => fs.readFileSync(path.join(dir, f), 'utf8') };
}

describe('README commands', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));
  const fresh = (kind: Tree): string => {
    const dir = makeTempDir('armlint-readme-');
    dirs.push(dir);
    ({ clone, project, before: beforeTree })[kind](dir);
    return dir;
  };

  test('the quick start needs only what a clone has: examples/ is tracked by git, and nothing in ../shared', () => {
    const tracked = spawnSync('git', ['ls-files', 'examples'], { cwd: ROOT, encoding: 'utf8' });
    if (tracked.status !== 0) {
      // eslint-disable-next-line no-console
      console.log('skipping the git part: the project is not a git checkout');
    } else {
      expect(tracked.stdout.split('\n').filter((f) => f.endsWith('.json') || f.endsWith('.jsonc')).sort()).toEqual(
        fs.readdirSync(EXAMPLES).filter((f) => /\.jsonc?$/.test(f)).map((f) => `examples/${f}`).sort(),
      );
    }
    const quickStart = README.slice(README.indexOf('## Quick start'), README.indexOf('## Rules'));
    expect(quickStart).not.toMatch(/\.\.\/shared\/corpus/);
  });

  test('every command in the README is listed here, and nothing else', () => {
    expect(readmeCommands()).toEqual(Object.keys(CHECKS));
  });

  test.each(Object.entries(CHECKS).filter(([, c]) => 'tree' in c))('%s', (command, check) => {
    if (!('tree' in check)) return;
    check.verify(runCommand(command, fresh(check.tree)));
  });

  test('"$ armlint ." with the README\'s invalid config prints exactly the README\'s messages, exit 2', () => {
    const dir = fresh('project');
    fs.writeFileSync(path.join(dir, 'armlint.config.json'), JSON.stringify({ rules: { 'no-managed-identity-extension': 'warning' }, extends: 'x' }));
    const o = runCommand('$ armlint .', dir);
    expect(o.status).toBe(2);
    expect(o.stderr).toBe(outputAfter('$ armlint .'));
  });

  test('"$ node bin/armlint.js vm.json": the README\'s Before template gives its report, and --fix its After text', () => {
    const dir = fresh('before');
    fs.copyFileSync(path.join(dir, 'infra', 'vm.json'), path.join(dir, 'vm.json'));
    const o = runCommand('$ node bin/armlint.js vm.json', dir);
    expect(o.status).toBe(1);
    expect(o.stdout).toBe(outputAfter('$ node bin/armlint.js vm.json').replace('/path/to/vm.json', path.join(dir, 'vm.json')));
    runCommand('node bin/armlint.js --fix vm.json', dir);
    expect(o.read('vm.json')).toBe(blockAfter('After `node bin/armlint.js --fix vm.json`', 'json'));
    expect(SCHEMA).toBe(JSON.parse(o.read('vm.json')).$schema);
  });
});
