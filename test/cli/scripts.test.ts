/**
 * Scripts beside templates, through the real CLI: found in folders and when
 * named, findings per language, --fix writing only the URL's bytes (CRLF and
 * BOM kept, mode kept), suppressions in each language's comment syntax, and
 * the config switch.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { armlint, json, removeDir, tempTree } from './helpers';

const IMDS = 'http://169.254.169.254/metadata/identity/oauth2/token';
const OLD = 'http://localhost:50342/oauth2/token';
const DEAD =
  'Token request to the retired managed identity extension endpoint localhost:50342, where nothing listens on any VM deployed today; request tokens from IMDS ' +
  `(${IMDS}?api-version=2018-02-01&resource=..., header Metadata: true).`;

const FILES: Record<string, string> = {
  'scripts/get-token.sh': `#!/bin/bash\r\nset -e\r\nTOKEN=$(curl -s -H Metadata:true ${OLD}?resource=https://vault.azure.net) && echo "$TOKEN"\r\n`,
  'scripts/get-token.ps1': `\ufeff$r = Invoke-RestMethod -Uri ${OLD}?resource=https://vault.azure.net -Headers @{Metadata="true"}\n`,
  'scripts/get-token.cmd': `@echo off\r\ncurl -H Metadata:true ${OLD}?resource=x & echo done\r\n`,
  'scripts/get_token.py': `import requests\nr = requests.post("${OLD}", json={"resource": "x"}, headers={"Metadata": "true"})\n`,
  'cloud-init.yml': `#cloud-config\nruncmd:\n  - curl -s -H Metadata:true '${OLD}?resource=x'\n`,
  'notes.txt': `${OLD} is not linted\n`,
};

describe('scripts beside templates', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempTree(FILES);
    fs.chmodSync(path.join(dir, 'scripts/get-token.sh'), 0o755);
  });
  afterEach(() => removeDir(dir));

  test('a folder run finds every script kind, with positions and fix honesty per language', () => {
    const run = armlint(['--format', 'json', '.'], { cwd: dir });
    expect(run.status).toBe(1);
    const reports = json(run.stdout)
      .filter((r) => r.messages.length > 0)
      .map((r) => ({ file: path.relative(dir, r.filePath), messages: r.messages.map((m) => ({ line: m.line, message: m.message, severity: m.severity })) }));
    expect(reports).toEqual([
      { file: 'cloud-init.yml', messages: [{ line: 3, message: DEAD, severity: 2 }] },
      { file: 'scripts/get-token.cmd', messages: [{ line: 2, message: DEAD, severity: 2 }] },
      { file: 'scripts/get-token.ps1', messages: [{ line: 1, message: DEAD, severity: 2 }] },
      { file: 'scripts/get-token.sh', messages: [{ line: 3, message: DEAD, severity: 2 }] },
      {
        file: 'scripts/get_token.py',
        messages: [
          {
            line: 2,
            severity: 2,
            message: DEAD.slice(0, -1) +
              '. Not fixed automatically: the request sends its parameters in a body (requests.post(..., json=...)), and IMDS reads parameters only from the query string of a GET; use requests.get(url, params={...}, headers=...).',
          },
        ],
      },
    ]);
  });

  test('--fix rewrites only the URL (quoting it where the new & needs it), keeping CRLF, BOM and mode', () => {
    const run = armlint(['--fix', '.'], { cwd: dir });
    expect(run.status).toBe(1); // the Python POST remains
    const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
    expect(read('scripts/get-token.sh')).toBe(`#!/bin/bash\r\nset -e\r\nTOKEN=$(curl -s -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=https://vault.azure.net') && echo "$TOKEN"\r\n`);
    expect(read('scripts/get-token.ps1')).toBe(`\ufeff$r = Invoke-RestMethod -Uri '${IMDS}?api-version=2018-02-01&resource=https://vault.azure.net' -Headers @{Metadata="true"}\n`);
    expect(read('scripts/get-token.cmd')).toBe(`@echo off\r\ncurl -H Metadata:true "${IMDS}?api-version=2018-02-01&resource=x" & echo done\r\n`);
    expect(read('cloud-init.yml')).toBe(`#cloud-config\nruncmd:\n  - curl -s -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=x'\n`);
    expect(read('scripts/get_token.py')).toBe(FILES['scripts/get_token.py']);
    expect(read('notes.txt')).toBe(FILES['notes.txt']);
    expect(fs.statSync(path.join(dir, 'scripts/get-token.sh')).mode & 0o777).toBe(0o755);
    // A second run finds nothing more to fix: the hook's second commit is not a silent pass.
    const again = armlint(['--fix', '--format', 'json', '.'], { cwd: dir });
    expect(json(again.stdout).flatMap((r) => r.messages.map((m) => path.basename(r.filePath)))).toEqual(['get_token.py']);
  });

  test('a script named explicitly is linted', () => {
    const run = armlint(['--format', 'json', 'scripts/get-token.sh'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(json(run.stdout).map((r) => r.messages.map((m) => m.line))).toEqual([[3]]);
  });

  test('"scripts": false in the config leaves them out, found in a folder or named', () => {
    fs.writeFileSync(path.join(dir, 'armlint.config.json'), '{ "scripts": false }');
    const folder = armlint(['--format', 'json', '.'], { cwd: dir });
    expect({ status: folder.status, files: json(folder.stdout).map((r) => r.filePath) }).toEqual({ status: 0, files: [] });
    const named = armlint(['--format', 'json', 'scripts/get-token.sh'], { cwd: dir });
    expect({ status: named.status, files: json(named.stdout).map((r) => r.filePath) }).toEqual({ status: 0, files: [] });
  });

  test('the rule turned off or to warn in the config applies to scripts too', () => {
    fs.writeFileSync(path.join(dir, 'armlint.config.json'), '{ "rules": { "imds-token-endpoint": "warn" } }');
    const run = armlint(['--format', 'json', 'scripts/get-token.sh'], { cwd: dir });
    expect({ status: run.status, severities: json(run.stdout).flatMap((r) => r.messages.map((m) => m.severity)) }).toEqual({ status: 0, severities: [1] });
  });
});

describe('suppressions in each language\'s comment syntax', () => {
  const cases: Array<[string, string]> = [
    ['a.sh', `# armlint-disable-next-line imds-token-endpoint -- kept for the old image\ncurl -H Metadata:true '${OLD}?resource=x'\ncurl -H Metadata:true '${OLD}?resource=y' # armlint-disable-line\n`],
    ['a.py', `import requests\n# armlint-disable-next-line imds-token-endpoint\nrequests.get('${OLD}?resource=x', headers={'Metadata': 'true'})\n`],
    ['a.ps1', `<# armlint-disable imds-token-endpoint #>\nInvoke-RestMethod -Uri '${OLD}?resource=x' -Headers @{Metadata='true'}\n`],
    ['a.cmd', `REM armlint-disable-next-line imds-token-endpoint\r\ncurl -H Metadata:true "${OLD}?resource=x"\r\n:: armlint-disable-next-line\r\ncurl -H Metadata:true "${OLD}?resource=y"\r\n`],
  ];
  test.each(cases)('%s: suppressed findings are neither reported nor fixed', (name, text) => {
    const dir = tempTree({ [name]: text });
    try {
      const run = armlint(['--fix', '--format', 'json', name], { cwd: dir });
      expect({ status: run.status, messages: json(run.stdout).flatMap((r) => r.messages) }).toEqual({ status: 0, messages: [] });
      expect(fs.readFileSync(path.join(dir, name), 'utf8')).toBe(text);
    } finally {
      removeDir(dir);
    }
  });

  test('an unsuppressed line next to a suppressed one is still reported', () => {
    const dir = tempTree({ 'b.sh': `# armlint-disable-next-line imds-token-endpoint\ncurl -H Metadata:true '${OLD}?resource=x'\ncurl -H Metadata:true '${OLD}?resource=y'\n` });
    try {
      const run = armlint(['--format', 'json', 'b.sh'], { cwd: dir });
      expect(json(run.stdout).flatMap((r) => r.messages.map((m) => m.line))).toEqual([3]);
    } finally {
      removeDir(dir);
    }
  });
});

describe('--stdin with a script file name', () => {
  test('reads the text as that script and prints it fixed', () => {
    const text = `curl -s -H Metadata:true ${OLD}?resource=x && echo\n`;
    const run = armlint(['--stdin', '--stdin-filename', 'deploy/get.sh', '--fix-dry-run', '--format', 'json'], { input: text });
    expect(run.status).toBe(0);
    expect(json(run.stdout).map((r) => r.output)).toEqual([`curl -s -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=x' && echo\n`]);
  });
});
