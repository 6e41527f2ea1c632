import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import yargs from 'yargs';
import type { Finding } from './engine/types';
import { discoverFiles } from './discovery';
import { lintSourceText, type FileResult } from './lint-files';
import { KNOWN_RULES, lintFiles } from './lint-run';
import type { LintCache } from './cache/lint-cache';
import { availableThreads } from './parallel/plan';
import { FORMAT_NAMES, formatters, type FormatName } from './formatters';
import { countResults, fixedSentence, oneLineSummary, plural } from './formatters/summary';
import { Progress } from './formatters/progress';
import { ConfigError, ConfigResolver, parseRuleOptions, type EffectiveConfig } from './config/config';
import { packageInfo } from './config/package-info';
import { repositoryRootOf } from './git-root';

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_FATAL = 2;

/** Every rule a config or --rule can name: the shipped rules and the engine's pseudo-rule. */
export { KNOWN_RULES };

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Environment (NO_COLOR, FORCE_COLOR, CI); default process.env. */
  env?: NodeJS.ProcessEnv;
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  /** Reads all of standard input (for --stdin). */
  readStdin?: () => Promise<string>;
}

/** Runs armlint with command-line arguments; resolves to the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let usageError: string | undefined;
  const parser = yargs(argv)
    .scriptName('armlint')
    .usage('Usage: armlint [options] [paths...]\n\nLint Azure Resource Manager templates for deprecated managed-identity code.\nPaths are files, directories (searched for *.json and *.jsonc) or globs; default: .')
    .option('fix', { type: 'boolean', default: false, describe: 'Rewrite files in place with the safe fixes' })
    .option('fix-dry-run', { type: 'boolean', default: false, describe: 'Compute the fixes without writing files; the report shows what would remain' })
    .option('diff', { type: 'boolean', default: false, describe: 'With --fix-dry-run (implied): print a unified diff per file that would change; exit 1 if any would' })
    .option('format', { alias: 'f', choices: FORMAT_NAMES, default: 'stylish' as FormatName, describe: 'Output format' })
    .option('output-file', { alias: 'o', type: 'string', describe: 'Write the report to this file; stdout gets a one-line summary' })
    .option('max-warnings', { type: 'number', default: -1, describe: 'Exit 1 when there are more than this many warnings (-1: no limit)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'Report errors only' })
    .option('color', { type: 'boolean', describe: 'Force colours on (--color) or off (--no-color); default: on for a terminal unless NO_COLOR' })
    .option('rule', { type: 'string', describe: 'Set a rule\'s severity: <rule-id>:off|warn|error (repeatable; overrides configs)' })
    .option('config', { alias: 'c', type: 'string', describe: 'Use this config file for every file instead of looking for armlint.config.json' })
    .option('print-config', { type: 'string', describe: 'Print the effective config for this file and exit' })
    .option('report-unused-disable-directives', { type: 'boolean', default: false, describe: 'Report armlint-disable comments that suppress nothing (as errors)' })
    .option('concurrency', { type: 'string', default: 'auto', describe: "Worker threads: 'auto' (when the measured work pays for them, up to one per free core), 'off', or a number" })
    .option('cache', { type: 'boolean', default: false, describe: 'Reuse the results of files that did not change since the last run' })
    .option('cache-location', { type: 'string', default: '.armlintcache', describe: 'The cache file (with --cache)' })
    .option('stdin', { type: 'boolean', default: false, describe: 'Lint the text on standard input (with --fix: print the fixed text)' })
    .option('stdin-filename', { type: 'string', describe: 'The file name of the --stdin text (for configs and the report)' })
    .version(packageInfo().version)
    .alias('version', 'v')
    .help()
    .alias('help', 'h')
    .strictOptions()
    .exitProcess(false)
    .fail((message, error) => {
      usageError = message ?? error?.message;
    })
    .wrap(Math.min(100, process.stdout.columns ?? 100));

  let args: Awaited<ReturnType<typeof parser.parseAsync>>;
  let printed = '';
  try {
    args = await parser.parseAsync(argv, {}, (_err, _argv, output) => {
      printed = output;
    });
  } catch (error) {
    usageError ??= (error as Error).message;
    args = {} as typeof args;
  }
  usageError ??= conflicts(args);
  if (usageError) {
    io.stderr(`armlint: ${usageError}\nRun 'armlint --help' for usage.\n`);
    return EXIT_FATAL;
  }
  if (args.help || args.version) {
    if (printed) io.stdout(printed.endsWith('\n') ? printed : `${printed}\n`);
    return EXIT_OK;
  }

  const env = io.env ?? process.env;
  const dryRun = args.fixDryRun || args.diff;
  const fixing = args.fix || dryRun;
  const format = args.format as FormatName;

  let resolver: ConfigResolver;
  try {
    const overrides = parseRuleOptions(asList(args.rule), KNOWN_RULES);
    resolver = new ConfigResolver({
      rules: KNOWN_RULES,
      configFile: args.config,
      overrides,
      reportUnusedDirectives: args.reportUnusedDisableDirectives,
      cwd: io.cwd,
    });
    if (args.printConfig !== undefined) {
      io.stdout(`${JSON.stringify(printableConfig(args.printConfig, resolver, io.cwd), null, 2)}\n`);
      return EXIT_OK;
    }
  } catch (error) {
    return configFailure(error, io);
  }

  let results: FileResult[];
  let originals = new Map<string, string>();
  if (args.stdin) {
    const text = await (io.readStdin ?? readProcessStdin)();
    const filePath = path.resolve(io.cwd, args.stdinFilename ?? '<stdin>');
    let config: EffectiveConfig;
    try {
      config = resolver.resolve(filePath);
    } catch (error) {
      return configFailure(error, io);
    }
    const result = lintStdin(text, filePath, config, fixing);
    originals.set(filePath, text);
    results = result ? [result] : [];
    if (args.fix && !dryRun) {
      // Editors replace the buffer with stdout: the fixed text, or the input unchanged.
      io.stdout(result?.output ?? text);
      const report = render(format, filterQuiet(results, args.quiet), io, { fixed: true, dryRun: false, color: colorFor(args.color, env, io.stderrIsTTY) });
      if (args.outputFile) writeReport(args.outputFile, report, io.cwd);
      else if (report) io.stderr(report);
      return exitCode(results, args.maxWarnings, io);
    }
  } else {
    const patterns = (args._ as Array<string | number>).map(String);
    const discovery = await discoverFiles(patterns.length > 0 ? patterns : ['.'], io.cwd);
    for (const problem of discovery.problems) io.stderr(`armlint: ${problem}\n`);
    if (discovery.files.length === 0 && discovery.problems.length > 0) return EXIT_FATAL;

    // Every config is read and validated before any file is touched.
    resolver.knowTree(discovery.walked, discovery.files);
    const configs: EffectiveConfig[] = [];
    try {
      for (const file of discovery.files) configs.push(resolver.resolve(file));
    } catch (error) {
      return configFailure(error, io);
    }

    const jobs = discovery.files.flatMap((filePath, i) => (configs[i].ignored ? [] : [{ filePath, rules: configs[i].rules }]));
    const progress = Progress.start(jobs.length, { isTTY: io.stderrIsTTY === true, env, write: io.stderr });
    let done = 0;
    const cache = args.cache ? loadCache(path.resolve(io.cwd, args.cacheLocation)) : undefined;
    const all = await lintFiles(jobs, { fix: fixing, write: args.fix && !dryRun }, {
      threads: threadCount(args.concurrency),
      auto: args.concurrency === 'auto',
      cache,
      onResult: () => progress.update(++done),
    });
    progress.done();
    results = all.filter((r) => r.isTemplate);
    if (args.diff) originals = readOriginals(results);
  }

  if (args.diff) return printDiffs(results, originals, io, args.outputFile);

  const shown = filterQuiet(results, args.quiet);
  const color = args.outputFile ? args.color === true : colorFor(args.color, env, io.stdoutIsTTY);
  const report = render(format, shown, io, { fixed: fixing, dryRun, color });
  if (args.outputFile) {
    writeReport(args.outputFile, report, io.cwd);
    io.stdout(`${oneLineSummary(results, { fix: fixing, dryRun })} (report: ${args.outputFile})\n`);
  } else if (report) {
    io.stdout(report.endsWith('\n') ? report : `${report}\n`);
  }
  return exitCode(results, args.maxWarnings, io);
}

/** The --cache file's results; its module (and node:crypto's hashing) loads only for --cache runs. */
function loadCache(file: string): LintCache {
  const { LintCache } = require('./cache/lint-cache') as typeof import('./cache/lint-cache');
  return LintCache.load(file, packageInfo().version);
}

/** `--concurrency`: 'auto' allows one thread per core (workers start only when they pay, see parallel/plan), 'off' or 1 stays on the main thread. */
function threadCount(value: string): number {
  if (value === 'auto') return availableThreads();
  if (value === 'off') return 1;
  return Number(value);
}

/** Combinations of options that contradict each other. */
function conflicts(args: Record<string, unknown>): string | undefined {
  if (args.fix && (args.fixDryRun || args.diff)) return 'The --fix option and the --fix-dry-run/--diff options cannot be used together.';
  if (args.stdinFilename !== undefined && !args.stdin) return 'The --stdin-filename option needs --stdin.';
  const concurrency = String(args.concurrency);
  if (!/^(auto|off|[1-9]\d*)$/.test(concurrency)) return `--concurrency takes 'auto', 'off' or a positive number, not '${concurrency}'.`;
  if (args.stdin && Array.isArray(args._) && args._.length > 0) return 'With --stdin, no paths can be given.';
  if (args.printConfig !== undefined && Array.isArray(args._) && args._.length > 0) {
    return `--print-config takes exactly one file; also given: ${args._.join(', ')}.`;
  }
  if (typeof args.maxWarnings === 'number' && !Number.isInteger(args.maxWarnings)) return '--max-warnings takes a whole number.';
  for (const name of ['outputFile', 'config', 'printConfig', 'stdinFilename'] as const) {
    if (Array.isArray(args[name])) return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} can be given once.`;
    if (args[name] === '') return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs a value.`;
  }
  return undefined;
}

function asList(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function configFailure(error: unknown, io: CliIo): number {
  if (!(error instanceof ConfigError)) throw error;
  io.stderr(`armlint: invalid configuration:\n${error.message.split('\n').map((l) => `  ${l}`).join('\n')}\n`);
  return EXIT_FATAL;
}

function printableConfig(file: string, resolver: ConfigResolver, cwd: string): object {
  const config = resolver.resolve(file);
  const found = resolver.configFor(file);
  return {
    file: path.resolve(cwd, file),
    configFile: config.configFile ?? null,
    ignored: config.ignored,
    rules: config.severities,
    ignores: config.ignores,
    // --config's ignores are relative to the working directory, a found config's to its folder.
    ignoresRelativeTo: found ? resolver.ignoresBase(found) : null,
  };
}

/** Lints (or fixes, without writing) text from stdin; undefined when it is not a template. */
function lintStdin(text: string, filePath: string, config: EffectiveConfig, fix: boolean): FileResult | undefined {
  if (config.ignored) return undefined;
  const result = lintSourceText(filePath, text, { rules: config.rules, fix });
  return result.isTemplate ? result : undefined;
}

function readProcessStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

/** --quiet: warnings are left out of the report (they still count for --max-warnings, as in ESLint). */
function filterQuiet(results: FileResult[], quiet: boolean): FileResult[] {
  if (!quiet) return results;
  return results.map((r) => ({ ...r, findings: r.findings.filter((f: Finding) => f.severity === 'error') }));
}

function render(format: FormatName, results: FileResult[], io: CliIo, options: { fixed: boolean; dryRun: boolean; color: boolean }): string {
  return formatters[format](results, { cwd: io.cwd, rules: KNOWN_RULES, ...options });
}

function writeReport(file: string, report: string, cwd: string): void {
  const target = path.resolve(cwd, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, report);
}

/**
 * Colours: --color / --no-color decide; else FORCE_COLOR (0 = off) and then
 * NO_COLOR (any value = off); else on only for a terminal that is not dumb.
 */
export function colorFor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY === true && env.TERM !== 'dumb';
}

function exitCode(results: FileResult[], maxWarnings: number, io: CliIo): number {
  if (results.some((r) => r.internalError)) return EXIT_FATAL;
  const c = countResults(results);
  if (c.errors > 0) return EXIT_PROBLEMS;
  if (maxWarnings >= 0 && c.warnings > maxWarnings) {
    io.stderr(`armlint found too many warnings (maximum: ${maxWarnings}).\n`);
    return EXIT_PROBLEMS;
  }
  return EXIT_OK;
}

/** The files' texts before fixing (a dry run wrote nothing, so the disk still has them). */
function readOriginals(results: FileResult[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const r of results) {
    if (r.output === undefined) continue;
    try {
      map.set(r.filePath, readFileSync(r.filePath, 'utf8'));
    } catch {
      // Vanished since: no diff for it.
    }
  }
  return map;
}

/**
 * --diff: a git-style unified diff per file that --fix would change, on
 * stdout (so `armlint --diff | git apply` works from any folder of the
 * repository); the summary goes to stderr.
 * Exit 1 when any file would change, else the usual exit code.
 */
function printDiffs(results: FileResult[], originals: Map<string, string>, io: CliIo, outputFile: string | undefined): number {
  const { createTwoFilesPatch, FILE_HEADERS_ONLY } = require('diff') as typeof import('diff');
  const patches: string[] = [];
  const roots = new Map<string, string | undefined>();
  for (const r of results) {
    const before = originals.get(r.filePath);
    if (r.output === undefined || before === undefined || before === r.output) continue;
    const name = diffPath(r.filePath, io.cwd, roots);
    const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, before, r.output, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY });
    patches.push(`diff --git a/${name} b/${name}\n${patch}`);
  }
  const text = patches.join('');
  if (outputFile) writeReport(outputFile, text, io.cwd);
  else io.stdout(text);
  const c = countResults(results);
  const remaining = c.errors + c.warnings;
  const parts = [c.fixed > 0 ? `${fixedSentence(c, true).replace(/\.$/, '')}: run armlint --fix` : 'no file would change'];
  if (remaining > 0) parts.push(`${plural(remaining, 'problem')} would remain`);
  io.stderr(`armlint: ${parts.join('; ')}.\n`);
  if (patches.length > 0) return EXIT_PROBLEMS;
  return exitCode(results, -1, io);
}

/**
 * A file's name in a diff: relative to its git repository's root, as `git
 * diff` prints it and `git apply` reads it from any folder of the repository;
 * outside a repository, relative to the working directory.
 */
function diffPath(filePath: string, cwd: string, roots: Map<string, string | undefined>): string {
  const base = repositoryRootOf(path.dirname(filePath), roots) ?? cwd;
  return path.relative(base, filePath).split(path.sep).join('/') || path.basename(filePath);
}

export function main(): void {
  runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`armlint: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = EXIT_FATAL;
    },
  );
}
