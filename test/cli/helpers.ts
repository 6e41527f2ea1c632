/**
 * Helpers for the CLI tests: the real `bin/armlint.js` (compiled dist/) as a
 * child process, with control over the environment and standard input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, ROOT, makeTempDir, runCli } from '../e2e/support';

export { ROOT, CLI, makeTempDir };
export { removeDir, describeIfShared, SHARED } from '../e2e/support';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  input?: string;
  /** Added to a clean environment without CI, NO_COLOR and FORCE_COLOR (unless given here). */
  env?: Record<string, string | undefined>;
}

export function armlint(args: string[], options: RunOptions = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['CI', 'NO_COLOR', 'FORCE_COLOR', 'GITHUB_ACTIONS', 'TF_BUILD']) delete env[name];
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return runCli(args, { cwd: options.cwd, input: options.input ?? '', env });
}

/** Writes files (relative path → content) under a fresh temp folder; returns the folder. */
export function tempTree(files: Record<string, string>): string {
  const dir = makeTempDir('armlint-cli-');
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

export const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/**
 * A VM with the deprecated child extension (error, fixable; its `{` is on
 * line 13) and a script resource whose URL is the extension endpoint
 * (warning, fixable, on line 26). `before` lines go above the extension's
 * line, `beforeUrl` above the URL's line.
 */
export function template(options: { beforeExtension?: string; beforeUrl?: string; top?: string } = {}): string {
  const ext = options.beforeExtension ? `        ${options.beforeExtension}\n` : '';
  const url = options.beforeUrl ? `        ${options.beforeUrl}\n` : '';
  const top = options.top ? `${options.top}\n` : '';
  return `${top}{
  "$schema": "${SCHEMA}",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Compute/virtualMachines",
      "apiVersion": "2018-06-01",
      "name": "vm1",
      "location": "westus",
      "identity": { "type": "SystemAssigned" },
      "properties": {},
      "resources": [
${ext}        {
          "type": "extensions",
          "name": "ManagedIdentityExtensionForLinux",
          "apiVersion": "2018-06-01",
          "location": "westus",
          "dependsOn": ["vm1"],
          "properties": {
            "publisher": "Microsoft.ManagedIdentity",
            "type": "ManagedIdentityExtensionForLinux",
            "typeHandlerVersion": "1.0",
            "settings": {"port": 50342}
          }
        }
      ]
    },
    {
      "type": "Microsoft.Resources/deploymentScripts",
      "apiVersion": "2020-10-01",
      "name": "script",
      "location": "westus",
      "kind": "AzureCLI",
      "properties": {
${url}        "scriptContent": "curl -H Metadata:true http://localhost:50342/oauth2/token?resource=https://vault.azure.net"
      }
    }
  ]
}
`;
}

export const NOT_A_PROBLEM = `{
  "$schema": "${SCHEMA}",
  "contentVersion": "1.0.0.0",
  "resources": []
}
`;

/** Parses --format json output. */
export function json(stdout: string): Array<{ filePath: string; messages: Array<{ ruleId: string | null; severity: number; line: number; message: string }>; errorCount: number; warningCount: number; output?: string }> {
  return JSON.parse(stdout);
}

/** A `tree(files)` for one test file: every folder it makes is removed after that file's tests. */
export function useTempTrees(): (files: Record<string, string>) => string {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeTree));
  return (files) => {
    const d = tempTree(files);
    dirs.push(d);
    return d;
  };
}

function removeTree(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
