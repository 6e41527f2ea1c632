import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, readlinkSync, readSync, type Stats } from 'node:fs';
import type { ConfiguredRule } from './engine/linter';
import { fixText, lintTextVerified } from './fixer/fix-text';
import { writeFileAtomic } from './fixer/write-atomic';
import { makeDurable } from './fixer/durable';
import type { Finding } from './engine/types';
import type { SuppressedFinding } from './engine/suppressions';
import { scriptKind } from './scripts/script-kind';
import { fixScriptText, lintScriptText } from './scripts/lint-script';

export interface FileResult {
  filePath: string;
  /** False for JSON that is not a deployment template: skipped, and left out of reports. */
  isTemplate: boolean;
  /** What remains (after fixing, when fixing). */
  findings: Finding[];
  /** Findings armlint-disable comments suppressed; absent when none were. */
  suppressed?: SuppressedFinding[];
  /**
   * The text the findings' offsets refer to; empty when there are no
   * findings, so a run over thousands of clean files keeps no file text.
   * From the cache: a stand-in that prints the same (see SourceSketch).
   */
  source: string;
  /** Problems fixed (or, in a dry run, that would be fixed). */
  fixed: number;
  /** The fixed text, when it differs from the file's. */
  output?: string;
  internalError?: boolean;
  /** Size, mtime and SHA-256 of the bytes that were read (with `fingerprint`), for the results cache. */
  fingerprint?: Fingerprint;
}

export interface Fingerprint {
  size: number;
  mtimeMs: number;
  hash: string;
}

export interface LintFilesOptions {
  rules: ConfiguredRule[];
  fix: boolean;
  /** Write fixed files (false for a dry run). */
  write: boolean;
  /** Record the fingerprint of the bytes read (for --cache). */
  fingerprint?: boolean;
}

/** Lints (and fixes) one file. Never throws: unreadable files and write failures become fatal findings. */
export async function lintFile(filePath: string, options: LintFilesOptions): Promise<FileResult> {
  // The common case reads into the shared pool; anything it does not take goes the checked way, which explains failures.
  const pooled = readSmallRegularFile(filePath, options.fingerprint === true);
  const read = pooled ?? readTemplateFile(filePath);
  if (typeof read === 'string') return fatalResult(filePath, `Could not read the file: ${read}`, true);
  // Hashed before linting can yield: the next file's read refills the pool.
  const fingerprint = options.fingerprint && read.stat ? fingerprintOf(read.buffer, read.stat) : undefined;
  // A write gets its own copy of pooled bytes to check the file against, for the same reason.
  const result = await lintBuffer(filePath, pooled && options.write ? Buffer.from(read.buffer) : read.buffer, options);
  if (fingerprint) result.fingerprint = fingerprint;
  return result;
}

/** What the results cache knows a file by: the stat taken on the descriptor the bytes were read from, and their hash. */
function fingerprintOf(buffer: Buffer, stat: Stats): Fingerprint {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return { size: stat.size, mtimeMs: stat.mtimeMs, hash: createHash('sha256').update(buffer).digest('hex') };
}

/** Lints (and, with `fix`, fixes in memory) a file's text; `output` is set when fixing changed it. Writes nothing. */
export function lintSourceText(filePath: string, text: string, options: Pick<LintFilesOptions, 'rules' | 'fix'>): FileResult {
  if (!options.fix) {
    const outcome = lintAnyText(filePath, text, options.rules);
    return {
      filePath,
      isTemplate: outcome.isTemplate,
      findings: outcome.findings,
      ...(outcome.suppressed ? { suppressed: outcome.suppressed } : {}),
      source: sourceFor(outcome.findings, text),
      fixed: 0,
      internalError: outcome.internalError,
    };
  }
  const script = scriptKind(filePath);
  const outcome = script ? fixScriptText(text, script, options.rules) : fixText(text, options.rules);
  return {
    filePath,
    isTemplate: outcome.isTemplate,
    findings: outcome.findings,
    ...(outcome.suppressed ? { suppressed: outcome.suppressed } : {}),
    source: sourceFor(outcome.findings, outcome.output),
    fixed: outcome.fixed,
    internalError: outcome.internalError,
    ...(outcome.output !== text ? { output: outcome.output } : {}),
  };
}

async function lintBuffer(filePath: string, buffer: Buffer, options: LintFilesOptions): Promise<FileResult> {
  const notText = notUtf8Text(buffer);
  if (notText) return fatalResult(filePath, `Parsing error: ${notText}; ARM templates are UTF-8 JSON`, true);
  const text = buffer.toString('utf8');
  const result = lintSourceText(filePath, text, options);
  if (result.output === undefined || !options.write) return result;
  const { link, mode } = linkOrMode(filePath);
  if (link !== undefined) {
    // Renaming over the path would replace the link; writing through it could write outside the paths given.
    const original = lintAnyText(filePath, text, options.rules);
    const message = `Not fixed: the file is a symbolic link to ${link}; armlint never writes through links. Run armlint --fix on the link's target.`;
    return { ...fatalResult(filePath, message, true), findings: [{ ...fatalFinding(message), fatal: undefined }, ...original.findings], source: text, internalError: original.internalError };
  }
  try {
    await writeFileAtomic(filePath, result.output, buffer, mode);
  } catch (error) {
    // Nothing was replaced: report on the original text.
    const original = lintAnyText(filePath, text, options.rules);
    const message = `Could not write the fixed file (left unchanged): ${describeIoError(error)}`;
    return { ...fatalResult(filePath, message, true), findings: [fatalFinding(message), ...original.findings], source: text };
  }
  return result;
}

/** Lints a template or, when its name says so, a script beside templates (.sh, .ps1, .cmd, .py, cloud-init). */
function lintAnyText(filePath: string, text: string, rules: ConfiguredRule[]) {
  const script = scriptKind(filePath);
  return script ? lintScriptText(text, script, rules) : lintTextVerified(text, rules);
}

/**
 * Makes the files this run rewrote durable, in one batch (see makeDurable);
 * a file that could not be flushed gets a fatal finding saying so.
 */
export async function flushWrittenFiles(results: FileResult[]): Promise<void> {
  const written = results.filter((r) => r.output !== undefined);
  const failures = await makeDurable(written.map((r) => r.filePath));
  for (const r of written) {
    const error = failures.get(r.filePath);
    if (error !== undefined) r.findings.unshift(fatalFinding(`The fixed file was written but could not be flushed to disk: ${error}`));
  }
}

function sourceFor(findings: Finding[], text: string): string {
  return findings.length > 0 ? text : '';
}

/**
 * Files larger than this are not read: ARM itself accepts templates of up to
 * 4 MB, and the limit keeps armlint's memory bounded (a file's text is held a
 * few times over while it is parsed and fixed).
 */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Reused by every read of a file that fits in it, so a run over thousands of small templates allocates no buffer per file. */
const POOL_BYTES = 1024 * 1024;
let pool: Buffer | undefined;

/**
 * The bytes of a file shorter than POOL_BYTES, read with one open, one
 * positioned read and a one-byte read that confirms the end of the file, into
 * a buffer reused by the next call; undefined for anything else (error,
 * empty, longer, still growing, not seekable), which readTemplateFile then
 * reads and explains. No fstat: a FIFO or a terminal refuses positioned reads
 * (ESPIPE) and a device that never ends fills the pool, so both go the
 * checked way; opened non-blocking like readTemplateFile.
 */
function readSmallRegularFile(filePath: string, withStat: boolean): { buffer: Buffer; stat?: Stats } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(filePath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    // For the cache: the stat of this descriptor, before the read (a change after it makes the next run re-hash).
    const stat = withStat ? fstatSync(fd) : undefined;
    if (stat && !stat.isFile()) return undefined;
    pool ??= Buffer.allocUnsafeSlow(POOL_BYTES);
    const length = readSync(fd, pool, 0, POOL_BYTES - 1, 0);
    if (length === 0 || readSync(fd, pool, length, 1, length) !== 0) return undefined;
    return { buffer: pool.subarray(0, length), stat };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The file's bytes, or why they cannot be read. Synchronous: files are linted
 * one after another, and the async API's thread-pool round trip per file costs
 * more than the read. Opened non-blocking, so a FIFO swapped in after
 * discovery cannot hang the run; only regular files are read.
 */
function readTemplateFile(filePath: string): { buffer: Buffer; stat: Stats } | string {
  let fd: number | undefined;
  try {
    fd = openSync(filePath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return 'it is a directory';
    if (!stat.isFile()) return 'it is not a regular file';
    if (stat.size > MAX_FILE_BYTES) return tooLarge(stat.size);
    const buffer = readFileSync(fd);
    return buffer.length > MAX_FILE_BYTES ? tooLarge(buffer.length) : { buffer, stat };
  } catch (error) {
    return describeIoError(error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function tooLarge(bytes: number): string {
  const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
  return `it is ${mb(bytes)}, more than armlint's limit of ${mb(MAX_FILE_BYTES)} (ARM accepts templates of up to 4 MB)`;
}

/** The link's target when the path itself is a symbolic link, else the file's mode (for the write); neither when it cannot be looked at. */
function linkOrMode(filePath: string): { link?: string; mode?: number } {
  try {
    const stat = lstatSync(filePath);
    return stat.isSymbolicLink() ? { link: readlinkSync(filePath) } : { mode: stat.mode };
  } catch {
    return {};
  }
}

/** Why the bytes cannot be a template's text, or undefined when they can. */
function notUtf8Text(buffer: Buffer): string | undefined {
  if (buffer.length >= 2 && ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff))) {
    return 'the file is UTF-16 encoded';
  }
  // JSON text never holds a NUL byte; UTF-16 without a BOM and binary files do.
  if (buffer.subarray(0, 8192).includes(0)) return 'the file is binary or UTF-16 encoded, not UTF-8 text';
  return undefined;
}

function describeIoError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'it no longer exists';
  if (e.code === 'EISDIR') return 'it is a directory';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ELOOP') return 'it is a symbolic link loop';
  if (e.code === 'ERR_FS_FILE_TOO_LARGE') return 'it is too large';
  return e.message ?? String(error);
}

function fatalFinding(message: string): Finding {
  return { ruleId: null, severity: 'error', fatal: true, message, offset: 0, length: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

function fatalResult(filePath: string, message: string, isTemplate: boolean): FileResult {
  return { filePath, isTemplate, findings: [fatalFinding(message)], source: '', fixed: 0 };
}
