/**
 * Helpers for the end-to-end tests: they run the real CLI (`bin/armlint.js`,
 * which loads the compiled `dist/`) as a child process.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The project's root (where package.json is). */
export const ROOT = path.resolve(__dirname, '..', '..');
/** Read-only development material; absent on a user's machine. */
export const SHARED = path.resolve(ROOT, '../shared');
export const CLI = path.join(ROOT, 'bin', 'armlint.js');

/**
 * `describe` when `folder` exists, otherwise `describe.skip` with the reason
 * printed, so that a checkout without `../shared` still runs cleanly.
 */
export function describeIfShared(name: string, folder: string, fn: () => void): void {
  if (fs.existsSync(folder)) {
    describe(name, fn);
  } else {
    // eslint-disable-next-line no-console
    console.log(`skipping: ${path.relative(ROOT, folder)} not found`);
    describe.skip(name, fn);
  }
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/armlint.js ...args` and waits for it. The environment is
 * this process's with colours off, unless `env` replaces it whole.
 */
export function runCli(args: string[], options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv; input?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    input: options.input,
    maxBuffer: 512 * 1024 * 1024,
    timeout: options.timeoutMs ?? 110_000,
    env: options.env ?? { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh, empty temporary directory. */
export function makeTempDir(prefix = 'armlint-e2e-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Copies `src` into a fresh temporary directory (files made writable); returns the copy's path. */
export function copyDir(src: string): string {
  const dest = path.join(makeTempDir(), path.basename(src));
  fs.cpSync(src, dest, { recursive: true });
  for (const file of listFiles(dest)) fs.chmodSync(file, 0o644);
  return dest;
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Every regular file under `dir`, recursively, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

export interface JsonMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
  fix?: { range: [number, number]; text: string };
}

export interface JsonFileReport {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  fatalErrorCount?: number;
  output?: string;
}

/** Parses `--format json` output (ESLint's JSON formatter shape) and checks its outline. */
export function jsonReport(stdout: string): JsonFileReport[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch (error) {
    throw new Error(`--format json printed something that is not JSON (${(error as Error).message}):\n${stdout.slice(0, 2000)}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`--format json printed ${typeof parsed}, not an array`);
  for (const r of parsed as JsonFileReport[]) {
    if (typeof r.filePath !== 'string' || !Array.isArray(r.messages) || typeof r.errorCount !== 'number') {
      throw new Error(`malformed file report: ${JSON.stringify(r).slice(0, 500)}`);
    }
  }
  return parsed as JsonFileReport[];
}

/** The report for a file, by base name (fails when absent or ambiguous). */
export function reportFor(reports: JsonFileReport[], baseName: string): JsonFileReport {
  const found = reports.filter((r) => path.basename(r.filePath) === baseName);
  if (found.length !== 1) {
    throw new Error(`expected one report for ${baseName}, found ${found.length} among: ${reports.map((r) => path.basename(r.filePath)).join(', ')}`);
  }
  return found[0];
}

/** Byte contents and mtimes of every file under `dir`, keyed by relative path. */
export function snapshot(dir: string): Map<string, { bytes: Buffer; mtimeMs: number }> {
  const map = new Map<string, { bytes: Buffer; mtimeMs: number }>();
  for (const file of listFiles(dir)) {
    map.set(path.relative(dir, file), { bytes: fs.readFileSync(file), mtimeMs: fs.statSync(file).mtimeMs });
  }
  return map;
}
