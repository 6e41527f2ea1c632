/** --stdin and --stdin-filename (editor integrations) through the real CLI. */
import * as path from 'node:path';
import { armlint, json, template, useTempTrees } from './helpers';

const tree = useTempTrees();

test('lints standard input; the report names --stdin-filename', () => {
  const dir = tree({});
  const run = armlint(['--stdin', '--stdin-filename', 'infra/vm.json', '--format', 'json'], { cwd: dir, input: template() });
  expect(run.status).toBe(1);
  const report = json(run.stdout);
  expect(report).toHaveLength(1);
  expect(report[0].filePath).toBe(path.join(dir, 'infra/vm.json'));
  expect(report[0].messages.map((m) => m.ruleId)).toEqual(['no-managed-identity-extension', 'imds-token-endpoint']);
});

test('with --fix the fixed text goes to stdout, the report of what remains to stderr; no file is written', () => {
  const dir = tree({});
  const run = armlint(['--stdin', '--stdin-filename', 'vm.json', '--fix'], { cwd: dir, input: template() });
  expect(run.status).toBe(0);
  expect(run.stdout).not.toContain('ManagedIdentityExtensionForLinux');
  expect(run.stdout).toContain('http://169.254.169.254/metadata/identity/oauth2/token');
  // The extension was the VM's only child: the emptied `resources` array goes too.
  expect(JSON.parse(run.stdout).resources[0].resources).toBeUndefined();
  expect(run.stderr).toBe('\nFixed 2 problems in 1 file.\n');
  // The same text as fixing a file.
  const fileDir = tree({ 'vm.json': template() });
  armlint(['--fix', 'vm.json'], { cwd: fileDir });
  expect(run.stdout).toBe(require('node:fs').readFileSync(path.join(fileDir, 'vm.json'), 'utf8'));
});

test('with --fix, text that is not a template or has nothing to fix comes back unchanged', () => {
  const params = '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {}}';
  expect(armlint(['--stdin', '--fix'], { input: params })).toMatchObject({ status: 0, stdout: params, stderr: '' });
});

test('the config for --stdin-filename applies (lookup from its folder, ignores)', () => {
  const dir = tree({
    '.git/HEAD': '',
    'infra/armlint.config.json': JSON.stringify({ rules: { 'imds-token-endpoint': 'off' }, ignores: ['legacy/**'] }),
  });
  const run = armlint(['--stdin', '--stdin-filename', 'infra/vm.json', '--format', 'json'], { cwd: dir, input: template() });
  expect(json(run.stdout)[0].messages.map((m) => m.ruleId)).toEqual(['no-managed-identity-extension']);
  expect(armlint(['--stdin', '--stdin-filename', 'infra/legacy/vm.json', '--format', 'json'], { cwd: dir, input: template() })).toMatchObject({ status: 0, stdout: '[]\n' });
});

test('--stdin with paths is a usage error', () => {
  expect(armlint(['--stdin', 'a.json'], { input: '{}' }).status).toBe(2);
});
