/**
 * End to end on ../shared/corpus/msi-history: six real templates (2017-2018)
 * that declare the deprecated managed-identity VM extension. Runs the real CLI.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diffLines } from 'diff';
import { findNodeAtOffset, getNodePath, parse, parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { SHARED, copyDir, describeIfShared, jsonReport, removeDir, reportFor, runCli, snapshot, type JsonFileReport } from './support';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const Ajv = require('ajv-draft-04');

const CORPUS = path.join(SHARED, 'corpus', 'msi-history');
const SCHEMAS = path.join(SHARED, 'arm-schemas');
const RULE = 'no-managed-identity-extension';

interface Expected {
  line: number;
  column: number;
  endLine: number;
  fixable: boolean;
  /** The extension's type (ManagedIdentityExtensionForLinux / ...ForWindows). */
  extType: string;
}

/** Where each file declares the extension: the `{` of the extension object (checked against the file below). */
const EXPECTED: Record<string, Expected> = {
  '201-vm-msi-linux-terraform_azuredeploy__0402ea86b.json': { line: 258, column: 5, endLine: 276, fixable: true, extType: 'ManagedIdentityExtensionForLinux' },
  '201-vm-msi-linux_nestedtemplates_createVM__5bd218168.json': { line: 121, column: 5, endLine: 139, fixable: true, extType: 'ManagedIdentityExtensionForLinux' },
  '201-vm-msi-windows_nestedtemplates_createVM__0552ef815.json': { line: 107, column: 5, endLine: 125, fixable: true, extType: 'ManagedIdentityExtensionForWindows' },
  '201-vmss-msi-linux_azuredeploy__8a45d205d.json': { line: 366, column: 15, endLine: 378, fixable: true, extType: 'ManagedIdentityExtensionForLinux' },
  '201-vmss-msi-windows_azuredeploy__fca6e4d13.json': { line: 303, column: 15, endLine: 315, fixable: true, extType: 'ManagedIdentityExtensionForWindows' },
  // Declared as an object in `variables` and pulled in through createArray(variables('msiExtension'), ...): the fix
  // removes the variable and drops the argument from createArray.
  '201-vmss-msi_nestedtemplates_createVMSS__d1115dc34.json': { line: 204, column: 21, endLine: 216, fixable: true, extType: 'ManagedIdentityExtensionForLinux' },
};
const FILES = Object.keys(EXPECTED).sort();
const FIXABLE = FILES.filter((f) => EXPECTED[f].fixable);
/** What `--fix` leaves: the findings without a fix (`file line:column`). */
const LEFT_AFTER_FIX = FILES.filter((f) => !EXPECTED[f].fixable).map((f) => `${f} ${EXPECTED[f].line}:${EXPECTED[f].column}`);
const EXIT_AFTER_FIX = LEFT_AFTER_FIX.length > 0 ? 1 : 0;

// ---------------------------------------------------------------- helpers

function parseJsonc(text: string): unknown {
  const errors: ParseError[] = [];
  const value = parse(stripBom(text), errors, { allowTrailingComma: true });
  if (errors.length > 0) throw new Error(`test could not parse a template: ${JSON.stringify(errors.slice(0, 3))}`);
  return value;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Offset of a 1-based line/column in `text`. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) throw new Error(`line ${line} beyond the end of the text`);
    offset = nl + 1;
  }
  return offset + column - 1;
}

/** The object node that starts exactly at line:column. */
function objectNodeAt(text: string, line: number, column: number): JsonNode {
  const offset = offsetOf(text, line, column);
  const tree = parseTree(text, [], { allowTrailingComma: true });
  if (!tree) throw new Error('no parse tree');
  let node = findNodeAtOffset(tree, offset, true);
  while (node && !(node.type === 'object' && node.offset === offset)) node = node.parent;
  if (!node) throw new Error(`no object starts at ${line}:${column} (text there: ${JSON.stringify(text.slice(offset, offset + 40))})`);
  return node;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: unknown): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function getAt(root: Json, p: Array<string | number>): Json {
  let v: Json = root;
  for (const seg of p) v = (v as any)[seg];
  return v;
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The extension's name as dependsOn entries would mention it: the last segment of its `name`. */
function extensionShortName(ext: Json): string {
  const name = isObject(ext) && typeof ext.name === 'string' ? ext.name : '';
  const m = /'\/?([^'/]+)'\s*\)\s*\]$/.exec(name);
  return m ? m[1] : name;
}

/**
 * Lines (1-based) of dependsOn entries in `text` that mention `shortName`,
 * with the lines of the `"dependsOn": [` and `]` of their arrays (an array
 * left empty may be rewritten as `[]` or removed).
 */
function dependsOnLinesMentioning(text: string, shortName: string): number[] {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const lines: number[] = [];
  const visit = (node: JsonNode | undefined) => {
    if (!node) return;
    if (node.type === 'property' && node.children?.[0].value === 'dependsOn' && node.children[1]?.type === 'array') {
      const array = node.children[1];
      let mentioned = false;
      for (const entry of array.children ?? []) {
        if (typeof entry.value === 'string' && entry.value.includes(shortName)) {
          lines.push(lineOfOffset(text, entry.offset));
          mentioned = true;
        }
      }
      if (mentioned) lines.push(lineOfOffset(text, node.offset), lineOfOffset(text, array.offset + array.length - 1));
    }
    node.children?.forEach(visit);
  };
  visit(tree);
  return lines;
}

/** Removes dependsOn string entries mentioning `shortName`, everywhere in `value` (in place). */
/**
 * Dependents lose their entries naming the extension and wait instead for
 * what the extension waited for (its own dependsOn entries, where they do not
 * have them already), so ordering after the VM is kept.
 */
function removeDependsOnMentions(value: Json, shortName: string, inherited: string[] = []): void {
  if (Array.isArray(value)) value.forEach((v) => removeDependsOnMentions(v, shortName, inherited));
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'dependsOn' && Array.isArray(v)) {
        const kept = v.filter((e) => !(typeof e === 'string' && e.includes(shortName)));
        value[k] = kept.length < v.length ? [...kept, ...inherited.filter((d) => !kept.includes(d))] : kept;
      } else removeDependsOnMentions(v, shortName, inherited);
    }
  }
}

/** Deep equality, except that `actual` may carry an `identity` property that `expected` lacks. */
function diffAllowingIdentity(expected: Json, actual: Json, where = '$'): string | undefined {
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) return `${where}: array vs non-array`;
    if (expected.length !== actual.length) return `${where}: length ${expected.length} expected, ${actual.length} found`;
    for (let i = 0; i < expected.length; i++) {
      const d = diffAllowingIdentity(expected[i], actual[i], `${where}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (isObject(expected) || isObject(actual)) {
    if (!isObject(expected) || !isObject(actual)) return `${where}: object vs non-object`;
    const ek = Object.keys(expected);
    const ak = Object.keys(actual).filter((k) => !(k === 'identity' && !(k in expected)));
    if (ek.join('\u0000') !== ak.join('\u0000')) return `${where}: keys ${JSON.stringify(ek)} expected, ${JSON.stringify(ak)} found`;
    for (const k of ek) {
      const d = diffAllowingIdentity(expected[k], actual[k], `${where}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return expected === actual ? undefined : `${where}: ${JSON.stringify(expected)} expected, ${JSON.stringify(actual)} found`;
}

/** `createArray(variables('x'), y)` → `createArray(y)`: the argument that pulled a removed variable in, dropped. */
function dropVariableArgument(text: string, variable: string): string {
  const ref = `variables\\('${variable.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'\\)`;
  return text.replace(new RegExp(`${ref}\\s*,\\s*`, 'g'), '').replace(new RegExp(`\\s*,\\s*${ref}`, 'g'), '');
}

function mapStrings(value: Json, f: (text: string) => string): Json {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]));
  return value;
}

const PUNCTUATION_ONLY = /^[\s{}[\],]*$/;
/** What a dependsOn array whose only entry was the extension may become. */
const EMPTY_DEPENDS_ON = /^\s*"dependsOn"\s*:\s*\[\s*\]\s*,?\s*$/;

// ------------------------------------------------------- schema validation

interface ComputeResource {
  key: string;
  type: string;
  apiVersion: string;
  resource: Json;
}

/** Resolves `[variables('x')]` / `[parameters('x')]` (defaultValue) in the given template scopes, innermost first. */
function resolveApiVersion(apiVersion: Json, scopes: Array<{ [key: string]: Json }>): string {
  if (typeof apiVersion !== 'string') throw new Error(`apiVersion is ${JSON.stringify(apiVersion)}`);
  if (!apiVersion.startsWith('[')) return apiVersion;
  const m = /^\[\s*(variables|parameters)\(\s*'([^']+)'\s*\)\s*\]$/.exec(apiVersion);
  if (!m) throw new Error(`test cannot resolve apiVersion expression ${apiVersion}`);
  for (const scope of scopes) {
    const table = scope[m[1]];
    if (!isObject(table) || !(m[2] in table)) continue;
    const entry = table[m[2]];
    const value = m[1] === 'variables' ? entry : isObject(entry) ? entry.defaultValue : undefined;
    if (typeof value === 'string') return resolveApiVersion(value, scopes);
  }
  throw new Error(`test cannot resolve apiVersion ${apiVersion}`);
}

/** Every VM / scale set in the template, also in nested deployments' inline templates and in child `resources`. */
function computeResources(template: Json): ComputeResource[] {
  const out: ComputeResource[] = [];
  const walkTemplate = (tpl: Json, scopes: Array<{ [key: string]: Json }>, chain: string) => {
    if (!isObject(tpl)) return;
    const inner = [tpl, ...scopes];
    const walkResources = (resources: Json, parentType: string) => {
      const list = Array.isArray(resources) ? resources : isObject(resources) ? Object.values(resources) : [];
      for (const r of list) {
        if (!isObject(r) || typeof r.type !== 'string') continue;
        const type = parentType && !r.type.includes('/') ? `${parentType}/${r.type}` : r.type;
        const lower = type.toLowerCase();
        if (lower === 'microsoft.compute/virtualmachines' || lower === 'microsoft.compute/virtualmachinescalesets') {
          out.push({ key: `${chain}|${type}|${String(r.name)}`, type, apiVersion: resolveApiVersion(r.apiVersion, inner), resource: r });
        }
        if (lower === 'microsoft.resources/deployments' && isObject(r.properties) && isObject(r.properties.template)) {
          walkTemplate(r.properties.template, inner, `${chain}/${String(r.name)}`);
        }
        if (r.resources) walkResources(r.resources, type);
      }
    };
    walkResources(tpl.resources, '');
  };
  walkTemplate(template, [], '');
  return out;
}

const validators = new Map<string, (data: unknown) => boolean>();

function validatorFor(apiVersion: string, type: string): ((data: unknown) => boolean) & { errors?: any[] | null } {
  const definition = type.toLowerCase().endsWith('virtualmachinescalesets') ? 'virtualMachineScaleSets' : 'virtualMachines';
  const cacheKey = `${apiVersion}/${definition}`;
  const cached = validators.get(cacheKey);
  if (cached) return cached;
  const folder = path.join(SCHEMAS, apiVersion);
  const computeFile = path.join(folder, 'Microsoft.Compute.json');
  if (!fs.existsSync(computeFile)) throw new Error(`no schema for Compute apiVersion ${apiVersion} (${computeFile})`);
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  const files = [path.join(SCHEMAS, 'common', 'definitions.json'), path.join(folder, 'Microsoft.Compute.Extensions.json'), computeFile];
  let computeId = '';
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
    // The files' $refs are absolute URLs (https://schema.management.azure.com/schemas/...): the ids map them here.
    ajv.addSchema(schema, String(schema.id).replace(/#$/, ''));
    if (file === computeFile) computeId = String(schema.id).replace(/#$/, '');
  }
  const validate = ajv.compile({ $ref: `${computeId}#/resourceDefinitions/${definition}` });
  validators.set(cacheKey, validate);
  return validate;
}

/**
 * The resource's schema errors as `instancePath message`, with array indices
 * replaced by the element's `name` where it has one, so that removing a
 * sibling (the extension) does not renumber the errors of what remains.
 */
function schemaErrors(resource: ComputeResource): Set<string> {
  const validate = validatorFor(resource.apiVersion, resource.type);
  if (validate(resource.resource)) return new Set();
  const errors = new Set<string>();
  for (const e of validate.errors ?? []) {
    const segments = String(e.instancePath).split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: Json = resource.resource;
    const named = segments.map((seg) => {
      if (Array.isArray(node)) {
        const element: Json = node[Number(seg)];
        node = element;
        return isObject(element) && typeof element.name === 'string' ? `[name=${element.name}]` : seg;
      }
      node = isObject(node) ? node[seg] : null;
      return seg;
    });
    errors.add(`/${named.join('/')} ${e.message}`);
  }
  return errors;
}

// ------------------------------------------------------------------ tests

describeIfShared('msi-history corpus (real templates with the deprecated extension)', CORPUS, () => {
  const originals = new Map<string, string>();
  /** The `fix` of each file's finding in the plain lint report. */
  const lintFixes = new Map<string, { range: [number, number]; text: string }>();

  beforeAll(() => {
    for (const f of FILES) originals.set(f, fs.readFileSync(path.join(CORPUS, f), 'utf8'));
  });

  test('the corpus holds exactly the six expected templates', () => {
    expect(fs.readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort()).toEqual(FILES);
  });

  test('the expected positions are the `{` of each extension object in the files', () => {
    for (const f of FILES) {
      const text = originals.get(f)!;
      const { line, column, endLine, extType } = EXPECTED[f];
      const node = objectNodeAt(text, line, column);
      const ext = parse(text.slice(node.offset, node.offset + node.length), [], { allowTrailingComma: true });
      expect([f, ext.properties?.publisher, ext.properties?.type]).toEqual([f, 'Microsoft.ManagedIdentity', extType]);
      expect([f, lineOfOffset(text, node.offset + node.length - 1)]).toEqual([f, endLine]);
    }
  });

  test('lint --format json: 6 of 6 files report the extension at its exact position; exit 1', () => {
    const run = runCli(['--format', 'json', CORPUS]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const reports = jsonReport(run.stdout);
    expect(reports.map((r) => path.basename(r.filePath)).sort()).toEqual(FILES);
    let withFinding = 0;
    for (const f of FILES) {
      const report = reportFor(reports, f);
      const findings = report.messages.filter((m) => m.ruleId === RULE);
      if (findings.length > 0) withFinding++;
      expect({ file: f, count: findings.length }).toEqual({ file: f, count: 1 });
      const [m] = findings;
      const { line, column, endLine, fixable, extType } = EXPECTED[f];
      expect({ file: f, line: m.line, column: m.column, endLine: m.endLine, severity: m.severity, fixable: m.fix !== undefined }).toEqual({
        file: f,
        line,
        column,
        endLine,
        severity: 2,
        fixable,
      });
      expect(m.message).toContain(extType);
      expect(m.fatal).toBeUndefined();
      if (!fixable) expect(m.message).toContain('Not fixed automatically');
      // No other finding in these templates, none fatal.
      expect({ file: f, messages: report.messages.length, errorCount: report.errorCount, fixable: report.fixableErrorCount }).toEqual({
        file: f,
        messages: 1,
        errorCount: 1,
        fixable: fixable ? 1 : 0,
      });
      // The fix (when offered) replaces a range that covers the extension object.
      if (m.fix) {
        const text = originals.get(f)!;
        const node = objectNodeAt(text, line, column);
        const [start, end] = m.fix.range;
        expect(start).toBeLessThanOrEqual(node.offset);
        expect(end).toBeGreaterThanOrEqual(node.offset + node.length);
        lintFixes.set(f, m.fix);
      }
    }
    // eslint-disable-next-line no-console
    console.log(`msi-history: ${withFinding} of ${FILES.length} files report ${RULE}`);
    expect(withFinding).toBe(6);
  });

  describe('--fix on a temporary copy', () => {
    let dir: string;
    let firstFix: ReturnType<typeof runCli>;
    const fixed = new Map<string, string>();

    beforeAll(() => {
      dir = copyDir(CORPUS);
      firstFix = runCli(['--fix', '--format', 'json', dir]);
      for (const f of FILES) fixed.set(f, fs.readFileSync(path.join(dir, f), 'utf8'));
    });
    afterAll(() => removeDir(dir));

    test('--fix: only "Not fixed automatically" findings remain (none today), exit code accordingly', () => {
      expect(firstFix.stderr).toBe('');
      expect(firstFix.status).toBe(EXIT_AFTER_FIX);
      const reports = jsonReport(firstFix.stdout);
      const remaining = reports.flatMap((r) => r.messages.map((m) => ({ file: path.basename(r.filePath), ...m })));
      for (const m of remaining) expect(m.message).toContain('Not fixed automatically');
      expect(remaining.map((m) => `${m.file} ${m.line}:${m.column}`)).toEqual(LEFT_AFTER_FIX);
      expect(reports.map((r) => path.basename(r.filePath)).sort()).toEqual(FILES);
    });

    test('re-lint after --fix: only "Not fixed automatically" findings remain (none today), exit code accordingly', () => {
      const run = runCli(['--format', 'json', dir]);
      expect(run.stderr).toBe('');
      const reports = jsonReport(run.stdout);
      expect(reports).toHaveLength(6);
      const remaining: Array<JsonFileReport['messages'][number] & { file: string }> = reports.flatMap((r) =>
        r.messages.map((m) => ({ file: path.basename(r.filePath), ...m })),
      );
      for (const m of remaining) expect({ file: m.file, message: m.message }).toEqual({ file: m.file, message: expect.stringContaining('Not fixed automatically') });
      expect(remaining.map((m) => `${m.file} ${m.line}:${m.column}`)).toEqual(LEFT_AFTER_FIX);
      // Exit 1 exactly when an error remains.
      expect(run.status).toBe(remaining.some((m) => m.severity === 2) ? 1 : 0);
      expect(run.status).toBe(EXIT_AFTER_FIX);
      for (const f of FIXABLE) expect({ file: f, errors: reportFor(reports, f).errorCount }).toEqual({ file: f, errors: 0 });
    });

    test('the files with a fixable finding changed, the others are byte-identical', () => {
      for (const f of FILES) {
        expect({ file: f, changed: fixed.get(f) !== originals.get(f) }).toEqual({ file: f, changed: EXPECTED[f].fixable });
      }
    });

    test('--fix writes exactly what the lint report\'s `fix` describes', () => {
      expect([...lintFixes.keys()].sort()).toEqual(FIXABLE);
      for (const [f, fix] of lintFixes) {
        const original = originals.get(f)!;
        const expected = original.slice(0, fix.range[0]) + fix.text + original.slice(fix.range[1]);
        expect({ file: f, same: fixed.get(f) === expected }).toEqual({ file: f, same: true });
      }
    });

    test('a second --fix changes no byte and touches no mtime', () => {
      const before = snapshot(dir);
      // Let the clock move so that a rewrite would show in the mtimes.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      const run = runCli(['--fix', '--format', 'json', dir]);
      expect(run.status).toBe(EXIT_AFTER_FIX);
      expect(jsonReport(run.stdout).filter((r) => r.output !== undefined)).toEqual([]);
      const after = snapshot(dir);
      expect([...after.keys()]).toEqual([...before.keys()]);
      for (const [file, b] of before) {
        const a = after.get(file)!;
        expect({ file, same: a.bytes.equals(b.bytes) }).toEqual({ file, same: true });
        expect({ file, mtimeMs: a.mtimeMs }).toEqual({ file, mtimeMs: b.mtimeMs });
      }
    });

    test('the fix removes only the extension block (and dependsOn entries / expression arguments using it); adds at most an identity block', () => {
      for (const f of FIXABLE) {
        const original = originals.get(f)!;
        const after = fixed.get(f)!;
        const { line, column, endLine } = EXPECTED[f];
        const node = objectNodeAt(original, line, column);
        const extension = parse(original.slice(node.offset, node.offset + node.length), [], { allowTrailingComma: true }) as Json;
        const shortName = extensionShortName(extension);
        expect(shortName).not.toBe('');
        const dependsOnLines = new Set(dependsOnLinesMentioning(original, shortName));
        // Declared in `variables`: the lines that use the variable in an expression may lose that argument.
        const extPath = getNodePath(node);
        const variable = extPath[0] === 'variables' && extPath.length === 2 ? String(extPath[1]) : undefined;
        const originalLines = original.split('\n');
        const usesVariable = (text: string) => variable !== undefined && text.includes(`variables('${variable}')`);
        const rewrittenUses = new Set(originalLines.filter(usesVariable).map((t) => dropVariableArgument(t, variable!)));
        const allowed = (n: number) => (n >= line && n <= endLine) || dependsOnLines.has(n) || usesVariable(originalLines[n - 1]);
        const near = (n: number) => allowed(n - 1) || allowed(n + 1) || allowed(n);

        let originalLine = 1;
        const problems: string[] = [];
        let removedInBlock = 0;
        for (const change of diffLines(original, after)) {
          const lines = change.value.split('\n');
          if (lines[lines.length - 1] === '') lines.pop();
          if (change.removed) {
            lines.forEach((text, i) => {
              const n = originalLine + i;
              if (allowed(n)) removedInBlock++;
              else if (!(PUNCTUATION_ONLY.test(text) && near(n))) problems.push(`removed line ${n} outside the extension: ${JSON.stringify(text)}`);
            });
            originalLine += lines.length;
          } else if (change.added) {
            // Also allowed: the extension's own dependsOn entries, now in the dependents that waited for it.
            const inheritedLines = new Set(originalLines.slice(line - 1, endLine).map((t) => t.trim().replace(/,$/, '')));
            const meaningful = lines.filter((t) => !PUNCTUATION_ONLY.test(t) && !EMPTY_DEPENDS_ON.test(t) && !rewrittenUses.has(t) && !inheritedLines.has(t.trim().replace(/,$/, '')));
            if (meaningful.length > 0 && !(/^\s*"identity"\s*:/.test(meaningful[0]) && /SystemAssigned|UserAssigned/.test(change.value))) {
              problems.push(`added lines that are not an identity block: ${JSON.stringify(lines)}`);
            }
          } else {
            originalLine += lines.length;
          }
        }
        expect({ file: f, problems }).toEqual({ file: f, problems: [] });
        // All of the extension's lines but those shared with neighbouring punctuation went.
        expect(removedInBlock).toBeGreaterThanOrEqual(endLine - line - 1);

        // Structurally: the fixed template is the original minus the extension (and dependsOn on it), plus possibly an identity.
        let expected = parseJsonc(original) as Json;
        const container = getAt(expected, extPath.slice(0, -1));
        const last = extPath[extPath.length - 1];
        if (Array.isArray(container)) container.splice(Number(last), 1);
        else delete (container as any)[last];
        const ownDependencies = isObject(extension) && Array.isArray(extension.dependsOn) ? (extension.dependsOn as string[]) : [];
        removeDependsOnMentions(expected, shortName, ownDependencies);
        if (variable) expected = mapStrings(expected, (text) => dropVariableArgument(text, variable));
        expect({ file: f, difference: diffAllowingIdentity(expected, parseJsonc(after) as Json) }).toEqual({ file: f, difference: undefined });
        expect(after).not.toMatch(/Microsoft\.ManagedIdentity"/);
      }
    });

    test('rewritten VMs and scale sets gain no schema error (official Compute schema of their apiVersion)', () => {
      // The validator does reject what the schema forbids (else "no new error" would prove nothing).
      const bogus = { key: 'bogus', type: 'Microsoft.Compute/virtualMachines', apiVersion: '2017-03-30', resource: { type: 'Microsoft.Compute/virtualMachines', apiVersion: '2017-03-30', name: 'vm', location: 'x', properties: { osProfile: 5 } } };
      expect([...schemaErrors(bogus)]).toContain('/properties/osProfile must be object');
      let checked = 0;
      for (const f of FILES) {
        const before = computeResources(parseJsonc(originals.get(f)!) as Json);
        const after = computeResources(parseJsonc(fixed.get(f)!) as Json);
        expect({ file: f, resources: after.map((r) => r.key) }).toEqual({ file: f, resources: before.map((r) => r.key) });
        expect(after.length).toBeGreaterThan(0);
        for (const r of after) {
          const original = before.find((b) => b.key === r.key)!;
          expect(r.apiVersion).toBe(original.apiVersion);
          const errorsBefore = schemaErrors(original);
          const errorsAfter = schemaErrors(r);
          const added = [...errorsAfter].filter((e) => !errorsBefore.has(e));
          // eslint-disable-next-line no-console
          console.log(`schema ${f} ${r.type}@${r.apiVersion}: ${errorsBefore.size} errors before fix, ${errorsAfter.size} after, ${added.length} new`);
          expect({ file: f, resource: r.key, newErrors: added }).toEqual({ file: f, resource: r.key, newErrors: [] });
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(6);
    });
  });
});
