import yargs from 'yargs';
import { allRules } from '../rules';
import type { ConfiguredRule } from './engine/linter';
import { discoverFiles } from './discovery';
import { lintFile, type FileResult } from './lint-files';
import { FORMAT_NAMES, formatters, type FormatName } from './formatters';

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_FATAL = 2;

// eslint-disable-next-line @typescript-eslint/no-var-requires
const VERSION: string = require('../../package.json').version;

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Runs armlint with command-line arguments; resolves to the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let usageError: string | undefined;
  const parser = yargs(argv)
    .scriptName('armlint')
    .usage('Usage: armlint [options] [paths...]\n\nLint Azure Resource Manager templates for deprecated managed-identity code.\nPaths are files, directories (searched for *.json and *.jsonc) or globs; default: .')
    .option('fix', { type: 'boolean', default: false, describe: 'Rewrite files in place with the safe fixes' })
    .option('format', { alias: 'f', choices: FORMAT_NAMES, default: 'stylish' as FormatName, describe: 'Output format' })
    .version(VERSION)
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
  if (usageError) {
    io.stderr(`armlint: ${usageError}\nRun 'armlint --help' for usage.\n`);
    return EXIT_FATAL;
  }
  if (args.help || args.version) {
    if (printed) io.stdout(printed.endsWith('\n') ? printed : `${printed}\n`);
    return EXIT_OK;
  }

  const patterns = (args._ as Array<string | number>).map(String);
  const discovery = await discoverFiles(patterns.length > 0 ? patterns : ['.'], io.cwd);
  for (const problem of discovery.problems) io.stderr(`armlint: ${problem}\n`);
  if (discovery.files.length === 0 && discovery.problems.length > 0) return EXIT_FATAL;

  const rules: ConfiguredRule[] = allRules.map((rule) => ({ rule, severity: rule.meta.severity }));
  const results: FileResult[] = [];
  for (const file of discovery.files) {
    const result = await lintFile(file, { rules, fix: args.fix, write: args.fix });
    if (result.isTemplate) results.push(result);
  }

  const report = formatters[args.format as FormatName](results, { cwd: io.cwd, rules: allRules, fixed: args.fix });
  if (report) io.stdout(report.endsWith('\n') ? report : `${report}\n`);

  if (results.some((r) => r.internalError)) return EXIT_FATAL;
  return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? EXIT_PROBLEMS : EXIT_OK;
}

export function main(): void {
  runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
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

