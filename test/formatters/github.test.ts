/** --format github: workflow commands through the real CLI, and their escaping. */
import { escapeData, escapeProperty } from '../../src/formatters/github';
import { armlint, removeDir, template, tempTree, useTempTrees } from '../cli/helpers';

const tree = useTempTrees();

test('escaping follows @actions/core: % CR LF in data; also : and , in properties', () => {
  expect(escapeData('50% done\r\nnext: a,b')).toBe('50%25 done%0D%0Anext: a,b');
  expect(escapeProperty('dir,x/a:b%.json')).toBe('dir%2Cx/a%3Ab%25.json');
});

test('one ::error / ::warning command per finding with file, line, col, endLine, endColumn and title', () => {
  const dir = tempTree({ 'sub dir/a,b:c.json': template() });
  try {
    // The URL finding as a warning (its default is error), to see both commands.
    const run = armlint(['--rule', 'imds-token-endpoint:warn', '--format', 'github', '.'], { cwd: dir });
    expect(run.status).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^::error file=sub dir\/a%2Cb%3Ac\.json,line=13,col=9,endLine=25,endColumn=10,title=no-managed-identity-extension::Deprecated managed identity VM extension 'ManagedIdentityExtensionForLinux'/,
    );
    expect(lines[1]).toMatch(/^::warning file=sub dir\/a%2Cb%3Ac\.json,line=35,col=49,endLine=35,endColumn=\d+,title=imds-token-endpoint::Token request/);
    for (const line of lines) expect(line).not.toMatch(/[\r\n]/);
  } finally {
    removeDir(dir);
  }
});

test('a parse error becomes an ::error titled armlint (fatal); no output when clean', () => {
  const dir = tempTree({ 'bad.json': '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "resources": [\n' });
  try {
    const run = armlint(['--format', 'github', 'bad.json'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::error file=bad\.json,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=armlint \(fatal\)::Parsing error/);
    const clean = armlint(['--format', 'github', '.'], { cwd: tree({ 'ok.json': '{}' }) });
    expect(clean).toMatchObject({ status: 0, stdout: '' });
  } finally {
    removeDir(dir);
  }
});
