/**
 * Fixed token requests executed for real. armlint --fix rewrites templates
 * and scripts; the test then points the rewritten command at a stub server
 * on 127.0.0.1 (substituting IMDS's host, and refusing to run anything that
 * still names another address), runs it with bash or python3, and checks the
 * request IMDS would get: GET /metadata/identity/oauth2/token with
 * api-version, resource and the Metadata: true header. Traffic goes to
 * loopback only; each command runs once, with a time limit.
 */
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { armlint, removeDir, tempTree } from './helpers';

const OLD = 'http://localhost:50342/oauth2/token';
const IMDS_HOST = 'http://169.254.169.254/';
const RESOURCE = 'https://vault.azure.net';

interface Seen {
  method?: string;
  path: string;
  query: URLSearchParams;
  metadata?: string;
}

const has = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
const missing = ['bash', 'curl', 'python3'].filter((p) => !has(p));
if (missing.length > 0) {
  // eslint-disable-next-line no-console
  console.log(`skipping the token request execution tests: ${missing.join(', ')} not on this machine`);
}
const describeIfTools = missing.length > 0 ? describe.skip : describe;

/** Environment without proxies, so requests to 127.0.0.1 go straight there. */
function directEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_PROXY: '*', no_proxy: '*' };
  for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY']) delete env[name];
  return env;
}

describeIfTools('fixed token requests, executed against a stub on 127.0.0.1', () => {
  let server: http.Server;
  let port: number;
  let seen: Seen[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      seen.push({ method: req.method, path: url.pathname, query: url.searchParams, metadata: req.headers.metadata as string | undefined });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"access_token":"stub"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen = [];
  });

  /** Runs a rewritten command with its IMDS host replaced by the stub's; at most one run, 15 s. */
  async function execute(program: string, args: (code: string) => string[], code: string): Promise<string> {
    expect(code).toContain(IMDS_HOST);
    const local = code.split(IMDS_HOST).join(`http://127.0.0.1:${port}/`);
    // Nothing but loopback: no IMDS address and no other host to request.
    expect(local).not.toMatch(/169\.254|localhost:50342/);
    return new Promise((resolve, reject) => {
      execFile(program, args(local), { timeout: 15_000, env: directEnv() }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
    });
  }

  function expectOneImdsRequest(): void {
    expect(seen.map((s) => ({ method: s.method, path: s.path, apiVersion: s.query.get('api-version'), resource: s.query.get('resource'), metadata: s.metadata, params: [...s.query.keys()].sort() }))).toEqual([
      { method: 'GET', path: '/metadata/identity/oauth2/token', apiVersion: '2018-02-01', resource: RESOURCE, metadata: 'true', params: ['api-version', 'resource'] },
    ]);
  }

  /** A template with the command in a Linux CustomScript extension, fixed by the real CLI; returns the fixed commandToExecute. */
  function fixTemplateCommand(command: string): string {
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { r: { type: 'string', defaultValue: RESOURCE } },
      resources: [
        {
          type: 'Microsoft.Compute/virtualMachines/extensions',
          apiVersion: '2018-06-01',
          name: 'vm/script',
          properties: { publisher: 'Microsoft.Azure.Extensions', type: 'CustomScript', typeHandlerVersion: '2.0', settings: { commandToExecute: command } },
        },
      ],
    };
    const dir = tempTree({ 'azuredeploy.json': JSON.stringify(template, null, 2) });
    try {
      const run = armlint(['--fix', 'azuredeploy.json'], { cwd: dir });
      expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 0, stdout: expect.any(String) });
      return JSON.parse(fs.readFileSync(path.join(dir, 'azuredeploy.json'), 'utf8')).resources[0].properties.settings.commandToExecute;
    } finally {
      removeDir(dir);
    }
  }

  /** A script fixed by the real CLI; returns its text. */
  function fixScript(name: string, text: string): string {
    const dir = tempTree({ [name]: text });
    try {
      const run = armlint(['--fix', name], { cwd: dir });
      expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 0, stdout: expect.any(String) });
      return fs.readFileSync(path.join(dir, name), 'utf8');
    } finally {
      removeDir(dir);
    }
  }

  const bash = (code: string) => ['-c', code];
  const python = (code: string) => ['-c', code];

  test('template: unquoted URL in $( ) followed by && (quoted by the fix)', async () => {
    const fixed = fixTemplateCommand(`TOKEN=$(curl -s -H Metadata:true ${OLD}?resource=${RESOURCE}) && echo "$TOKEN"`);
    expect(await execute('bash', bash, fixed)).toBe('{"access_token":"stub"}\n');
    expectOneImdsRequest();
  });

  test('template: a POSTed --data form becomes a GET with -G', async () => {
    const fixed = fixTemplateCommand(`curl -s ${OLD} -H Metadata:true --data "resource=${RESOURCE}"`);
    await execute('bash', bash, fixed);
    expectOneImdsRequest();
  });

  test("template: concat literal whose query runs into parameters('r') (the & is escaped)", async () => {
    const fixed = fixTemplateCommand(`[concat('curl -s -H Metadata:true 127.0.0.1:50342/oauth2/token?resource=', parameters('r'))]`);
    // What ARM makes of the expression: the literal (with '' unescaped) followed by the parameter's value.
    const literal = /^\[concat\('(.*)', parameters\('r'\)\)\]$/.exec(fixed);
    expect(literal).not.toBeNull();
    await execute('bash', bash, literal![1].replace(/''/g, "'") + RESOURCE);
    expectOneImdsRequest();
  });

  test("template: sh -c '...' around the request", async () => {
    const fixed = fixTemplateCommand(`sh -c 'curl -s -H Metadata:true ${OLD}?resource=${RESOURCE}'`);
    await execute('bash', bash, fixed);
    expectOneImdsRequest();
  });

  test('template: an existing api-version is replaced, the query keeps one ?', async () => {
    const fixed = fixTemplateCommand(`curl -s -H 'Metadata: true' '${OLD}?api-version=2017-09-01&resource=${RESOURCE}'`);
    await execute('bash', bash, fixed);
    expectOneImdsRequest();
  });

  test('shell script: curl -sf in $( )', async () => {
    const fixed = fixScript('get-token.sh', `#!/bin/bash\nset -e\nTOKEN=$(curl -sf -H Metadata:true ${OLD}?resource=${RESOURCE})\necho "$TOKEN"\n`);
    await execute('bash', bash, fixed);
    expectOneImdsRequest();
  });

  test('python script with urllib', async () => {
    const fixed = fixScript(
      'get_token.py',
      `import urllib.request\nreq = urllib.request.Request('${OLD}?resource=${RESOURCE}', headers={'Metadata': 'true'})\nprint(urllib.request.urlopen(req, timeout=5).read().decode())\n`,
    );
    expect(await execute('python3', python, fixed)).toBe('{"access_token":"stub"}\n');
    expectOneImdsRequest();
  });

  const hasRequests = spawnSync('python3', ['-c', 'import requests']).status === 0;
  (hasRequests ? test : test.skip)('python script with requests.get(params=...)', async () => {
    const fixed = fixScript(
      'get_token.py',
      `import requests\nr = requests.get("${OLD}", params={"resource": "${RESOURCE}"}, headers={"Metadata": "true"}, timeout=5)\nprint(r.text)\n`,
    );
    await execute('python3', python, fixed);
    expectOneImdsRequest();
  });

  (hasRequests ? test : test.skip)('python script: requests.post(data={...}) becomes requests.get(params={...})', async () => {
    const fixed = fixScript(
      'get_token.py',
      `import requests\nr = requests.post("${OLD}", data={"resource": "${RESOURCE}"}, headers={"Metadata": "true"}, timeout=5)\nprint(r.text)\n`,
    );
    expect(fixed).toContain('requests.get(');
    await execute('python3', python, fixed);
    expectOneImdsRequest();
  });

  (has('wget') ? test : test.skip)('template: wget --post-data becomes a GET with the pairs in the query', async () => {
    const fixed = fixTemplateCommand(`wget -q -O- --header=Metadata:true --post-data=resource=${RESOURCE} ${OLD}`);
    expect(fixed).not.toContain('--post-data');
    await execute('bash', bash, fixed);
    expectOneImdsRequest();
  });

  (has('wget') ? test : test.skip)('template: wget GET with --header', async () => {
    const fixed = fixTemplateCommand(`wget -q -O- --header=Metadata:true ${OLD}?resource=${RESOURCE}`);
    await execute('bash', bash, fixed);
    expectOneImdsRequest();
  });
});
