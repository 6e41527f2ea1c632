/**
 * The package as users install it: `npm pack` makes the tarball the README's
 * install section names, `npm install` of it gives a working `npx armlint`,
 * and the type declarations named in package.json "types" compile a small
 * TypeScript consumer. Offline: the dependencies come from the npm cache
 * that `npm ci` filled, pinned by this repository's lockfile; where that
 * cannot install, the test says why and skips its checks.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, makeTempDir, removeDir } from './support';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  license: string;
  types: string;
  main: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  dependencies: Record<string, string>;
};
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function run(command: string, args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 110_000 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? String(result.error ?? '') };
}

/**
 * An app folder whose lockfile installs the tarball and, at the versions and
 * integrity hashes of this repository's lockfile, its runtime dependencies:
 * `npm ci --offline` then needs nothing the cache lacks (a plain `npm install
 * <tarball>` asks the registry for package metadata, which the cache of an
 * `npm ci` does not hold).
 */
function appFor(tarball: string, dir: string): void {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const spec = `file:${path.relative(dir, tarball)}`;
  const packages: Record<string, unknown> = {
    '': { name: 'app', version: '1.0.0', dependencies: { [pkg.name]: spec } },
    [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: spec, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  for (const [key, entry] of Object.entries(lock.packages)) if (key.startsWith('node_modules/') && !entry.dev) packages[key] = entry;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, dependencies: { [pkg.name]: spec } }, null, 2));
  fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
}

const CONSUMER = `import * as fs from 'node:fs';
import { allRules, fixText, lintText, type ConfiguredRule, type Finding } from 'armlint';

const rules: ConfiguredRule[] = allRules.map((rule) => ({ rule, severity: rule.meta.severity }));
const text: string = fs.readFileSync(process.argv[2], 'utf8');
const findings: Finding[] = lintText(text, rules).findings;
const output: string = fixText(text, rules).output;
// The declarations are real types, not any: a wrong argument does not compile (never called).
// @ts-expect-error lintText takes the text as a string
export const wrong = () => lintText(42, rules);
console.log(JSON.stringify({ rules: findings.map((f) => f.ruleId), changed: output !== text }));
`;

describe('npm pack, npm install <tarball>, npx armlint, and the types', () => {
  let work: string;
  let app: string;
  let installed = false;

  beforeAll(() => {
    work = makeTempDir('armlint-pack-');
    const packed = run(NPM, ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], ROOT);
    expect(packed.status).toBe(0);
    const tarball = path.join(work, packed.stdout.trim().split('\n').pop()!);
    expect(fs.existsSync(tarball)).toBe(true);
    app = path.join(work, 'app');
    fs.mkdirSync(app);
    appFor(tarball, app);
    const install = run(NPM, ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], app);
    installed = install.status === 0;
    if (!installed) {
      // eslint-disable-next-line no-console
      console.log(`skipping the installed-package checks: npm ci --offline of the tarball failed (the npm cache lacks a dependency?):\n${install.stderr.slice(-800)}`);
    }
  });
  afterAll(() => removeDir(work));

  test('package.json names the declarations, and the build has them', () => {
    expect(pkg.types).toBe('dist/src/index.d.ts');
    expect(fs.existsSync(path.join(ROOT, pkg.types))).toBe(true);
  });

  test('npx armlint works in the installing project: version, and the examples linted', () => {
    if (!installed) return;
    expect(run(NPX, ['--offline', 'armlint', '--version'], app)).toMatchObject({ status: 0, stdout: `${pkg.version}\n` });
    fs.cpSync(path.join(ROOT, 'examples'), path.join(app, 'examples'), { recursive: true });
    const lint = run(NPX, ['--offline', 'armlint', '--format', 'json', 'examples'], app);
    expect(lint.status).toBe(1);
    const ruleIds = new Set((JSON.parse(lint.stdout) as Array<{ messages: Array<{ ruleId: string }> }>).flatMap((r) => r.messages.map((m) => m.ruleId)));
    expect([...ruleIds].sort()).toEqual(['imds-token-endpoint', 'no-managed-identity-extension', 'user-assigned-identity-dictionary']);
  });

  test('a TypeScript consumer compiles against the installed declarations (strict) and runs', () => {
    if (!installed) return;
    fs.writeFileSync(path.join(app, 'consumer.ts'), CONSUMER);
    fs.writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'commonjs', moduleResolution: 'node', target: 'ES2022', types: [], typeRoots: [path.join(ROOT, 'node_modules', '@types')], skipLibCheck: false, outDir: 'out' }, files: ['consumer.ts'] }),
    );
    const tsc = run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--types', 'node'], app);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    const out = run(process.execPath, [path.join(app, 'out', 'consumer.js'), path.join(ROOT, 'examples', 'one-line.json')], app);
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout)).toEqual({ rules: ['user-assigned-identity-dictionary', 'no-managed-identity-extension'], changed: true });
  });
});
