import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { ConfiguredRule } from '../engine/linter';
import type { RuleModule, Severity, SeveritySetting } from '../engine/types';
import { OFF_BY_DEFAULT } from '../engine/suppressions';
import { compileIgnores } from './glob';
import { configSchemaPath } from './package-info';
import { scriptKind } from '../scripts/script-kind';
import { isNormalAbsolute } from '../normal-path';

/** The names a config file may have, in the order they are looked for in each folder. */
export const CONFIG_FILE_NAMES = ['armlint.config.json', '.armlintrc.json'];

/** How a severity is written in a config file and on the command line. */
export type ConfigSeverity = 'off' | 'warn' | 'error';

export interface ConfigFile {
  /** Absolute path of the file. */
  file: string;
  rules: Record<string, ConfigSeverity>;
  ignores: string[];
  /** False: scripts beside templates (.sh, .ps1, .cmd, .py, cloud-init) are not linted. */
  scripts?: boolean;
}

/** A config that cannot be read, parsed or validated: the run stops with exit code 2. */
export class ConfigError extends Error {}

export interface EffectiveConfig {
  /** The config file that applies, or undefined when none does (defaults). */
  configFile?: string;
  /** True when the config's ignores exclude the file. */
  ignored: boolean;
  rules: ConfiguredRule[];
  /** Severity of every rule, as written in configs ("off" included). */
  severities: Record<string, ConfigSeverity>;
  ignores: string[];
}

export interface ResolverOptions {
  /** Every rule armlint knows, the pseudo-rules included. */
  rules: RuleModule[];
  /** `--config`: one file for every linted file, no lookup. */
  configFile?: string;
  /** `--rule id:severity`, applied over any config. */
  overrides?: Record<string, ConfigSeverity>;
  /** `--report-unused-disable-directives`. */
  reportUnusedDirectives?: boolean;
  cwd: string;
}

/**
 * Finds and applies configs. For each linted file the nearest
 * armlint.config.json / .armlintrc.json in its folder or above applies, up to
 * the repository root (the folder holding `.git`) or the file system root.
 * Lookups are cached per folder, parsed configs per file.
 */
export class ConfigResolver {
  private readonly byFolder = new Map<string, ConfigFile | null>();
  private readonly byFile = new Map<string, ConfigFile>();
  private readonly effective = new Map<ConfigFile | null, { rules: ConfiguredRule[]; severities: Record<string, ConfigSeverity>; isIgnored: (p: string) => boolean }>();
  private readonly explicit: ConfigFile | undefined;
  private readonly hasGit = new Map<string, boolean>();
  /** What discovery already knows: folders walked completely, and the JSON files found in them. */
  private known: { roots: string[]; files: Set<string> } | undefined;

  constructor(private readonly options: ResolverOptions) {
    if (options.configFile) {
      const file = path.resolve(options.cwd, options.configFile);
      if (!existsSync(file)) throw new ConfigError(`${options.configFile}: no such config file.`);
      this.explicit = this.load(file);
    }
  }

  /**
   * Tells the resolver which folders discovery walked and what it found
   * there (config files are *.json), so looking for configs in those folders
   * costs no file-system call.
   */
  knowTree(roots: string[], files: Iterable<string>): void {
    this.known = { roots: roots.map((r) => (r.endsWith(path.sep) ? r : r + path.sep)), files: new Set(files) };
  }

  /** The config file for a file (throws ConfigError when the one found is invalid). */
  configFor(filePath: string): ConfigFile | undefined {
    return this.configForAbsolute(path.resolve(this.options.cwd, filePath));
  }

  private configForAbsolute(absolute: string): ConfigFile | undefined {
    if (this.explicit) return this.explicit;
    return this.lookUp(path.dirname(absolute)) ?? undefined;
  }

  resolve(filePath: string): EffectiveConfig {
    // Resolved once per file: discovery hands thousands of them over, already absolute and normal.
    const absolute = isNormalAbsolute(filePath) ? filePath : path.resolve(this.options.cwd, filePath);
    const config = this.configForAbsolute(absolute) ?? null;
    let entry = this.effective.get(config);
    if (!entry) {
      const severities = this.severities(config);
      const rules: ConfiguredRule[] = [];
      for (const rule of this.options.rules) {
        const s = severities[rule.meta.id];
        if (s !== 'off') rules.push({ rule, severity: toSeverity(s) });
      }
      const isIgnored = config ? compileIgnores(config.ignores) : () => false;
      entry = { rules, severities, isIgnored };
      this.effective.set(config, entry);
    }
    const scriptsOff = config?.scripts === false && scriptKind(absolute) !== undefined;
    const ignored = config ? scriptsOff || entry.isIgnored(path.relative(this.ignoresBase(config), absolute)) : false;
    return { configFile: config?.file, ignored, rules: entry.rules, severities: entry.severities, ignores: config?.ignores ?? [] };
  }

  /**
   * The folder `ignores` are relative to: the config's own folder for a config
   * found by lookup; the working directory for `--config` (ESLint's `-c`), so
   * `--config ci/strict.json .` ignores `generated/**` of the folder linted.
   */
  ignoresBase(config: ConfigFile): string {
    return config === this.explicit ? this.options.cwd : path.dirname(config.file);
  }

  private severities(config: ConfigFile | null): Record<string, ConfigSeverity> {
    const out: Record<string, ConfigSeverity> = {};
    for (const rule of this.options.rules) {
      out[rule.meta.id] = OFF_BY_DEFAULT.has(rule.meta.id) ? 'off' : fromSeverity(rule.meta.severity);
    }
    if (config) Object.assign(out, config.rules);
    if (this.options.reportUnusedDirectives) {
      for (const id of OFF_BY_DEFAULT) out[id] = 'error';
    }
    Object.assign(out, this.options.overrides ?? {});
    return out;
  }

  private lookUp(folder: string): ConfigFile | null {
    const chain: string[] = [];
    let found: ConfigFile | null = null;
    let foundIn: string | undefined;
    let dir = folder;
    for (;;) {
      const cached = this.byFolder.get(dir);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      chain.push(dir);
      const name = CONFIG_FILE_NAMES.find((n) => this.configExists(dir, n));
      if (name) {
        found = this.load(path.join(dir, name));
        foundIn = dir;
        break;
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    // A config applies up to the repository root: below a `.git` folder that
    // stands between the file and the config, there is none. Checked only
    // when a config was found, so a tree without configs costs no call.
    if (found) {
      const boundary = chain.findIndex((d) => d !== foundIn && this.isRepositoryRoot(d));
      if (boundary >= 0) {
        for (let i = 0; i < chain.length; i++) this.byFolder.set(chain[i], i <= boundary ? null : found);
        return this.byFolder.get(folder) ?? null;
      }
    }
    for (const d of chain) this.byFolder.set(d, found);
    return found;
  }

  private configExists(dir: string, name: string): boolean {
    const file = path.join(dir, name);
    if (this.known && this.known.roots.some((root) => file.startsWith(root))) return this.known.files.has(file);
    return isFile(file);
  }

  private isRepositoryRoot(dir: string): boolean {
    let answer = this.hasGit.get(dir);
    if (answer === undefined) {
      answer = existsSync(path.join(dir, '.git'));
      this.hasGit.set(dir, answer);
    }
    return answer;
  }

  private load(file: string): ConfigFile {
    const cached = this.byFile.get(file);
    if (cached) return cached;
    const display = path.relative(this.options.cwd, file) || file;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(`${display}: cannot read the config file (${(error as Error).message}).`);
    }
    const errors: ParseError[] = [];
    const value: unknown = parseJsonc(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
    if (errors.length > 0) {
      const e = errors[0];
      const before = text.slice(0, e.offset).split(/\r\n|\r|\n/);
      throw new ConfigError(`${display}:${before.length}:${before[before.length - 1].length + 1}: the config file is not valid JSON (${printParseErrorCode(e.error)}).`);
    }
    const problems = validateConfig(value);
    if (problems.length > 0) {
      throw new ConfigError(problems.map((p) => `${display}: ${p}`).join('\n'));
    }
    const v = value as { rules?: Record<string, ConfigSeverity>; ignores?: string[]; scripts?: boolean };
    const config: ConfigFile = { file, rules: v.rules ?? {}, ignores: v.ignores ?? [], ...(v.scripts === false ? { scripts: false } : {}) };
    this.byFile.set(file, config);
    return config;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export function toSeverity(s: ConfigSeverity): Severity {
  return s === 'warn' ? 'warning' : 'error';
}

export function fromSeverity(s: SeveritySetting): ConfigSeverity {
  return s === 'warning' ? 'warn' : s;
}

type Validate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  data?: unknown;
  parentSchema?: { properties?: Record<string, unknown>; enum?: unknown[] };
  schema?: unknown;
}

let validator: Validate | undefined;

/**
 * Validates a parsed config against the JSON Schema shipped in
 * schemas/armlint.config.schema.json. ajv is loaded only here, when a config
 * exists. Each message names the property and what is allowed.
 */
export function validateConfig(value: unknown): string[] {
  if (!validator) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const Ajv = require('ajv').default as new (o: object) => { compile(schema: object): Validate };
    const schema = JSON.parse(readFileSync(configSchemaPath(), 'utf8')) as object;
    validator = new Ajv({ allErrors: true, verbose: true, strict: false }).compile(schema);
  }
  if (validator(value)) return [];
  const messages: string[] = [];
  for (const e of validator.errors ?? []) {
    const where = propertyName(e.instancePath);
    switch (e.keyword) {
      case 'additionalProperties': {
        const allowed = Object.keys(e.parentSchema?.properties ?? {});
        const name = where ? `${where}.${String(e.params.additionalProperty)}` : String(e.params.additionalProperty);
        messages.push(`unknown property "${name}"; allowed ${where ? `in "${where}"` : 'properties'}: ${allowed.map((a) => `"${a}"`).join(', ')}.`);
        break;
      }
      case 'enum':
        messages.push(
          `property "${where}" is ${JSON.stringify(e.data)}; allowed values: ${((e.params.allowedValues as unknown[]) ?? []).map((a) => JSON.stringify(a)).join(', ')}.`,
        );
        break;
      case 'type':
        messages.push(`${where ? `property "${where}"` : 'the config'} must be ${article(String(e.params.type))} (it is ${describeType(e.data)}).`);
        break;
      default:
        messages.push(`${where ? `property "${where}"` : 'the config'} ${e.message ?? 'is invalid'}.`);
    }
  }
  return [...new Set(messages)];
}

function propertyName(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : s))
    .join('.')
    .replace(/\.\[/g, '[');
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeType(data: unknown): string {
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'an array';
  return article(typeof data);
}

/** Parses `--rule id:severity` values; throws ConfigError with the allowed values. */
export function parseRuleOptions(values: string[], known: RuleModule[]): Record<string, ConfigSeverity> {
  const out: Record<string, ConfigSeverity> = {};
  const ids = known.map((r) => r.meta.id);
  for (const value of values) {
    const match = /^([^:]+):\s*(\S+)$/.exec(value.trim());
    if (!match) throw new ConfigError(`--rule ${value}: expected <rule-id>:off|warn|error.`);
    const [, id, severity] = match;
    if (!ids.includes(id.trim())) throw new ConfigError(`--rule ${value}: unknown rule "${id}"; rules: ${ids.join(', ')}.`);
    // Spelled as in config files, which reject "warning" too.
    if (severity !== 'off' && severity !== 'warn' && severity !== 'error') {
      throw new ConfigError(`--rule ${value}: unknown severity "${severity}"; allowed: off, warn, error.`);
    }
    out[id.trim()] = severity;
  }
  return out;
}
