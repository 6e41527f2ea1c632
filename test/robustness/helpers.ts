/**
 * Helpers for the robustness tests (issue 6): run the real CLI with extra
 * Node options (preloads that inject faults or record calls), write hostile
 * files, lint and fix in-process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules';
import type { ConfiguredRule } from '../../src/engine/linter';
import { runCli } from '../e2e/support';

export { ROOT, SHARED, describeIfShared, jsonReport, makeTempDir, removeDir, reportFor, snapshot, listFiles } from '../e2e/support';

export const TEMPLATE_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
export const RULES: ConfiguredRule[] = allRules.map((rule) => ({ rule, severity: rule.meta.severity }));
export const PRELOADS = path.join(__dirname, 'preloads');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `node bin/armlint.js ...args`, optionally with `--require` preloads and extra environment. */
export function armlint(args: string[], options: { cwd?: string; preload?: string[]; env?: Record<string, string>; timeoutMs?: number } = {}): Run {
  const nodeOptions = (options.preload ?? []).map((p) => `--require ${JSON.stringify(p)}`).join(' ');
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...options.env };
  if (nodeOptions) env.NODE_OPTIONS = nodeOptions;
  else delete env.NODE_OPTIONS;
  return runCli(args, { cwd: options.cwd, timeoutMs: options.timeoutMs ?? 60_000, env });
}

/** Fails when output looks like a leaked stack trace. */
export function expectNoStackTrace(run: Run): void {
  for (const text of [run.stdout, run.stderr]) {
    expect(text).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
    expect(text).not.toMatch(/\b(TypeError|RangeError|ReferenceError|SyntaxError):/);
  }
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** A small VM template with a child managed-identity extension (fixable), as text. */
export function vmWithExtension(indent = '  ', eol = '\n'): string {
  const value = {
    $schema: TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    resources: [
      {
        type: 'Microsoft.Compute/virtualMachines',
        apiVersion: '2018-06-01',
        name: 'vm1',
        location: 'westus',
        identity: { type: 'SystemAssigned' },
        properties: {},
        resources: [
          {
            type: 'extensions',
            apiVersion: '2018-06-01',
            name: 'ManagedIdentityExtensionForLinux',
            location: 'westus',
            dependsOn: ['vm1'],
            properties: { publisher: 'Microsoft.ManagedIdentity', type: 'ManagedIdentityExtensionForLinux', typeHandlerVersion: '1.0', settings: { port: 50342 } },
          },
        ],
      },
    ],
  };
  return JSON.stringify(value, null, indent).replace(/\n/g, eol) + eol;
}

/** A small deterministic PRNG (mulberry32), so fuzz runs are reproducible from a printed seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed for a randomized test: ARMLINT_SEED when set (to replay a failure), else fixed. */
export function seedFor(name: string, fallback: number): number {
  const fromEnv = process.env.ARMLINT_SEED;
  const seed = fromEnv ? Number(fromEnv) : fallback;
  // eslint-disable-next-line no-console
  console.log(`${name}: seed ${seed} (replay with ARMLINT_SEED=${seed})`);
  return seed;
}
