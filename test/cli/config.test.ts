/**
 * armlint.config.json / .armlintrc.json through the real CLI: lookup per
 * file up to the repository root, --config, rules, ignores, validation
 * messages (exit 2), --print-config; and the shipped JSON Schema.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules';
import { unusedDisableDirective } from '../../src/engine/suppressions';
import { armlint, json, ROOT, template, useTempTrees } from './helpers';

const EXT = 'no-managed-identity-extension';
const URL_RULE = 'imds-token-endpoint';
const tree = useTempTrees();
function findings(stdout: string, cwd: string): string[] {
  return json(stdout).flatMap((r) => r.messages.map((m) => `${path.relative(cwd, r.filePath).split(path.sep).join('/')} ${m.ruleId} ${m.severity}`));
}

describe('config lookup', () => {
  test('the nearest config above each file applies to it; other files keep the defaults', () => {
    const dir = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'armlint.config.json': JSON.stringify({ rules: { [URL_RULE]: 'off' } }),
      'a/t.json': template(),
      'b/.armlintrc.json': `// comments are allowed\n{ "rules": { "${EXT}": "warn", }, }`,
      'b/c/t.json': template(),
    });
    const run = armlint(['--format', 'json', '.'], { cwd: dir });
    expect(findings(run.stdout, dir)).toEqual([`a/t.json ${EXT} 2`, `b/c/t.json ${EXT} 1`, `b/c/t.json ${URL_RULE} 2`]);
    expect(run.status).toBe(1);
  });

  test('a repository nested inside the linted folder does not inherit the outer config', () => {
    const dir = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'armlint.config.json': JSON.stringify({ rules: { [EXT]: 'off', [URL_RULE]: 'off' } }),
      'outer/t.json': template(),
      'vendor/nested/.git/HEAD': 'ref: refs/heads/main\n',
      'vendor/nested/deep/t.json': template(),
    });
    const run = armlint(['--format', 'json', '.'], { cwd: dir });
    expect(findings(run.stdout, dir)).toEqual([`vendor/nested/deep/t.json ${EXT} 2`, `vendor/nested/deep/t.json ${URL_RULE} 2`]);
  });

  test('the walk stops at the repository root (the folder holding .git)', () => {
    const dir = tree({
      'armlint.config.json': JSON.stringify({ rules: { [EXT]: 'off', [URL_RULE]: 'off' } }),
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/t.json': template(),
    });
    const run = armlint(['--format', 'json', 'repo'], { cwd: dir });
    expect(findings(run.stdout, dir)).toEqual([`repo/t.json ${EXT} 2`, `repo/t.json ${URL_RULE} 2`]);
  });

  test('armlint.config.json wins over .armlintrc.json in the same folder', () => {
    const dir = tree({
      '.git/HEAD': '',
      'armlint.config.json': JSON.stringify({ rules: { [URL_RULE]: 'off' } }),
      '.armlintrc.json': JSON.stringify({ rules: { [EXT]: 'off' } }),
      't.json': template(),
    });
    expect(findings(armlint(['--format', 'json', '.'], { cwd: dir }).stdout, dir)).toEqual([`t.json ${EXT} 2`]);
  });

  test('--config uses one file for every template, instead of the lookup; --rule overrides it', () => {
    const dir = tree({
      '.git/HEAD': '',
      'armlint.config.json': JSON.stringify({ rules: { [URL_RULE]: 'off' } }),
      'ci/strict.json': JSON.stringify({ rules: { [URL_RULE]: 'error', [EXT]: 'warn' } }),
      't.json': template(),
    });
    expect(findings(armlint(['--config', 'ci/strict.json', '--format', 'json', '.'], { cwd: dir }).stdout, dir)).toEqual([`t.json ${EXT} 1`, `t.json ${URL_RULE} 2`]);
    expect(findings(armlint(['-c', 'ci/strict.json', '--rule', `${URL_RULE}:off`, '--format', 'json', '.'], { cwd: dir }).stdout, dir)).toEqual([`t.json ${EXT} 1`]);
    const missing = armlint(['--config', 'nope.json', '.'], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope.json: no such config file.');
  });
});

describe('ignores', () => {
  test('globs relative to the config folder; a pattern without a slash matches at any depth; ignored files are not fixed', () => {
    const dir = tree({
      '.git/HEAD': '',
      'armlint.config.json': JSON.stringify({ ignores: ['generated/**', '*.legacy.json', 'one/{x,y}.json'] }),
      'generated/deep/t.json': template(),
      'sub/old.legacy.json': template(),
      'one/x.json': template(),
      'one/z.json': template(),
      'kept.json': template(),
    });
    const run = armlint(['--format', 'json', '.'], { cwd: dir });
    expect([...new Set(findings(run.stdout, dir).map((f) => f.split(' ')[0]))]).toEqual(['kept.json', 'one/z.json']);
    // Also when named explicitly (pre-commit passes every staged file).
    expect(armlint(['--format', 'json', 'generated/deep/t.json'], { cwd: dir })).toMatchObject({ status: 0, stdout: '[]\n' });
    armlint(['--fix', '.'], { cwd: dir });
    expect(fs.readFileSync(path.join(dir, 'generated/deep/t.json'), 'utf8')).toBe(template());
    expect(fs.readFileSync(path.join(dir, 'kept.json'), 'utf8')).not.toBe(template());
  });
});

describe('validation', () => {
  const invalid = (config: string) => {
    const dir = tree({ '.git/HEAD': '', 'armlint.config.json': config, 't.json': template() });
    return { dir, run: armlint(['.'], { cwd: dir }) };
  };

  test('a wrong severity: exit 2, the message names the file, the property and the allowed values; nothing is fixed', () => {
    const { dir, run } = invalid(JSON.stringify({ rules: { [EXT]: 'warning' } }));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`armlint.config.json: property "rules.${EXT}" is "warning"; allowed values: "off", "warn", "error".`);
    armlint(['--fix', '.'], { cwd: dir });
    expect(fs.readFileSync(path.join(dir, 't.json'), 'utf8')).toBe(template());
  });

  test('an unknown rule id and an unknown top-level property are named with the allowed ones', () => {
    const { run } = invalid(JSON.stringify({ rules: { 'no-such-rule': 'off' }, extends: 'x' }));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('armlint.config.json: unknown property "extends"; allowed properties: "$schema", "rules", "scripts", "ignores".');
    expect(run.stderr).toContain(`armlint.config.json: unknown property "rules.no-such-rule"; allowed in "rules": "${EXT}", "user-assigned-identity-dictionary", "${URL_RULE}", "unused-disable-directive".`);
  });

  test('wrong types are named', () => {
    const { run } = invalid(JSON.stringify({ ignores: 'generated/**' }));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('armlint.config.json: property "ignores" must be an array (it is a string).');
    const top = invalid('[]').run;
    expect(top.stderr).toContain('the config must be an object (it is an array).');
  });

  test('a config that is not JSON: exit 2 with line and column', () => {
    const { run } = invalid('{\n  "rules": {\n    "x": \n}');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/armlint\.config\.json:4:1: the config file is not valid JSON \(ValueExpected\)/);
  });
});

describe('--print-config', () => {
  test('prints the effective config for a file: config file, rules with --rule applied, ignores', () => {
    const dir = tree({
      '.git/HEAD': '',
      'armlint.config.json': JSON.stringify({ rules: { [URL_RULE]: 'error' }, ignores: ['vendor/**'] }),
      't.json': template(),
    });
    const run = armlint(['--print-config', 't.json', '--rule', `${EXT}:warn`], { cwd: dir });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      file: path.join(dir, 't.json'),
      configFile: path.join(dir, 'armlint.config.json'),
      ignored: false,
      rules: { [EXT]: 'warn', 'user-assigned-identity-dictionary': 'error', [URL_RULE]: 'error', 'unused-disable-directive': 'off' },
      ignores: ['vendor/**'],
      ignoresRelativeTo: dir,
    });
    expect(JSON.parse(armlint(['--print-config', 'vendor/x.json'], { cwd: dir }).stdout).ignored).toBe(true);
  });

  test('without a config: the defaults and configFile null', () => {
    const dir = tree({ '.git/HEAD': '', 't.json': template() });
    const printed = JSON.parse(armlint(['--print-config', 't.json', '--report-unused-disable-directives'], { cwd: dir }).stdout);
    expect(printed.configFile).toBeNull();
    expect(printed.rules).toEqual({ [EXT]: 'error', 'user-assigned-identity-dictionary': 'error', [URL_RULE]: 'error', 'unused-disable-directive': 'error' });
  });
});

describe('the shipped JSON Schema', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'armlint.config.schema.json'), 'utf8'));

  test('names every rule (and only those), each with a description', () => {
    const ids = [...allRules, unusedDisableDirective].map((r) => r.meta.id);
    expect(Object.keys(schema.properties.rules.properties)).toEqual(ids);
    for (const id of ids) expect(schema.properties.rules.properties[id].description).toMatch(/Default: (error|warn|off)/);
  });

  test('is in the package files and valid for ajv', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.files).toContain('schemas');
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const Ajv = require('ajv').default;
    expect(() => new Ajv({ strict: true }).compile(schema)).not.toThrow();
  });
});
