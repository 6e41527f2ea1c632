/**
 * End to end: the real CLI on small templates written to temporary folders.
 * Needs nothing from ../shared.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findNodeAtLocation, parse, parseTree } from 'jsonc-parser';
import { ROOT, jsonReport, makeTempDir, removeDir, reportFor, runCli, snapshot } from './support';

const RULE = 'no-managed-identity-extension';
const TEMPLATE_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/** A VM (2018-06-01, with identity) and its child managed-identity extension; the `{` of the extension is at 13:9. */
const TEMPLATE = `{
  "$schema": "${TEMPLATE_SCHEMA}",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Compute/virtualMachines",
      "apiVersion": "2018-06-01",
      "name": "vm1",
      "location": "[resourceGroup().location]",
      "identity": { "type": "SystemAssigned" },
      "properties": {},
      "resources": [
        {
          "type": "extensions",
          "name": "ManagedIdentityExtensionForLinux",
          "apiVersion": "2018-06-01",
          "location": "[resourceGroup().location]",
          "dependsOn": ["[resourceId('Microsoft.Compute/virtualMachines', 'vm1')]"],
          "properties": {
            "publisher": "Microsoft.ManagedIdentity",
            "type": "ManagedIdentityExtensionForLinux",
            "typeHandlerVersion": "1.0",
            "settings": {"port": 50342}
          }
        }
      ]
    }
  ]
}
`;
const EXTENSION_LINE = 13;
const EXTENSION_COLUMN = 9;

/** Two children: the managed-identity extension, then a custom-script extension that stays. */
const TEMPLATE_TWO_CHILDREN = `{
  "$schema": "${TEMPLATE_SCHEMA}",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Compute/virtualMachines",
      "apiVersion": "2018-06-01",
      "name": "vm1",
      "location": "[resourceGroup().location]",
      "identity": { "type": "SystemAssigned" },
      "properties": {},
      "resources": [
        {
          "type": "extensions",
          "name": "ManagedIdentityExtensionForLinux",
          "apiVersion": "2018-06-01",
          "location": "[resourceGroup().location]",
          "dependsOn": ["[resourceId('Microsoft.Compute/virtualMachines', 'vm1')]"],
          "properties": {
            "publisher": "Microsoft.ManagedIdentity",
            "type": "ManagedIdentityExtensionForLinux",
            "typeHandlerVersion": "1.0",
            "settings": {"port": 50342}
          }
        },
        {
          "type": "extensions",
          "name": "customScript",
          "apiVersion": "2018-06-01",
          "location": "[resourceGroup().location]",
          "dependsOn": ["[resourceId('Microsoft.Compute/virtualMachines', 'vm1')]"],
          "properties": {
            "publisher": "Microsoft.Azure.Extensions",
            "type": "CustomScript",
            "typeHandlerVersion": "2.0",
            "settings": {"commandToExecute": "echo hello"}
          }
        }
      ]
    }
  ]
}
`;

/** A clean template: nothing to report. */
const CLEAN_TEMPLATE = `{
  "$schema": "${TEMPLATE_SCHEMA}",
  "contentVersion": "1.0.0.0",
  "resources": []
}
`;

const TRUNCATED = `{"$schema": "${TEMPLATE_SCHEMA}", "resources": [`;

function write(dir: string, rel: string, text: string | Buffer): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** The template's parsed value with the managed-identity child extension removed. */
function withoutExtension(text: string): unknown {
  const value = parse(text.replace(/^\uFEFF/, ''), [], { allowTrailingComma: true });
  const vm = value.resources[0];
  vm.resources = vm.resources.filter((r: any) => r.properties?.publisher !== 'Microsoft.ManagedIdentity');
  return value;
}

/** `resources: []` and no `resources` say the same thing: compare them alike. */
function normalizeEmptyChildren(value: any): unknown {
  for (const r of value.resources ?? []) if (Array.isArray(r.resources) && r.resources.length === 0) delete r.resources;
  return value;
}

describe('armlint CLI (end to end)', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeDir(dir));

  test('--version prints the package version', () => {
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    const run = runCli(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(version);
    expect(run.stderr).toBe('');
  });

  test('--help describes --fix and --format', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--fix');
    expect(run.stdout).toContain('--format');
    expect(run.stdout).toMatch(/stylish/);
    expect(run.stdout).toMatch(/json/);
    expect(run.stderr).toBe('');
  });

  test('an unknown option: exit 2, message on stderr, nothing linted', () => {
    write(dir, 'a.json', TEMPLATE);
    const run = runCli(['--frobnicate', 'a.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/frobnicate/);
    expect(run.stdout).toBe('');
  });

  test('an unknown --format value: exit 2, message on stderr', () => {
    write(dir, 'a.json', TEMPLATE);
    const run = runCli(['--format', 'xml', 'a.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/xml/);
    expect(run.stdout).toBe('');
  });

  test('a nonexistent path: exit 2 and stderr names it', () => {
    const run = runCli(['does-not-exist.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('does-not-exist.json');
    expect(run.stdout).toBe('');
  });

  test('a glob that matches nothing: exit 2 and stderr names the pattern', () => {
    const run = runCli(['nothing/**/*.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('nothing/**/*.json');
  });

  test('a truncated template gets a fatal message with line and column; the good one beside it is still linted and fixed', () => {
    const good = write(dir, 'good.json', TEMPLATE);
    const broken = write(dir, 'broken.json', TRUNCATED);

    const lint = runCli(['--format', 'json', '.'], { cwd: dir });
    expect(lint.status).toBe(1);
    expect(lint.stderr).toBe('');
    const reports = jsonReport(lint.stdout);
    expect(reports.map((r) => path.basename(r.filePath)).sort()).toEqual(['broken.json', 'good.json']);

    const brokenReport = reportFor(reports, 'broken.json');
    expect(brokenReport.messages).toHaveLength(1);
    const [fatal] = brokenReport.messages;
    expect(fatal).toMatchObject({ ruleId: null, severity: 2, fatal: true, line: 1, column: TRUNCATED.length + 1 });
    expect(fatal.message).toMatch(/^Parsing error/);
    expect(brokenReport.errorCount).toBe(1);
    expect(brokenReport.fatalErrorCount).toBe(1);

    const goodReport = reportFor(reports, 'good.json');
    expect(goodReport.messages.map((m) => [m.ruleId, m.line, m.column, m.severity, m.fix !== undefined])).toEqual([
      [RULE, EXTENSION_LINE, EXTENSION_COLUMN, 2, true],
    ]);
    expect(goodReport.messages[0].message).toContain('ManagedIdentityExtensionForLinux');

    const fix = runCli(['--fix', '--format', 'json', '.'], { cwd: dir });
    expect(fix.status).toBe(1); // the parse error remains
    const after = jsonReport(fix.stdout);
    expect(reportFor(after, 'good.json').messages).toEqual([]);
    expect(reportFor(after, 'broken.json').messages.map((m) => [m.fatal, m.line, m.column])).toEqual([[true, 1, TRUNCATED.length + 1]]);
    expect(fs.readFileSync(broken, 'utf8')).toBe(TRUNCATED);
    const fixedText = fs.readFileSync(good, 'utf8');
    expect(fixedText).not.toContain('Microsoft.ManagedIdentity');
    expect(normalizeEmptyChildren(parse(fixedText))).toEqual(normalizeEmptyChildren(withoutExtension(TEMPLATE)));
  });

  test('parameter files and createUiDefinition-like JSON are skipped without output, even when named explicitly', () => {
    // Both carry what would be a finding in a template: only the $schema makes them non-templates.
    const extensionResource = JSON.parse(TEMPLATE).resources;
    write(
      dir,
      'azuredeploy.parameters.json',
      JSON.stringify(
        {
          $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
          contentVersion: '1.0.0.0',
          parameters: { extensionType: { value: 'ManagedIdentityExtensionForLinux' } },
          resources: extensionResource,
        },
        null,
        2,
      ),
    );
    write(
      dir,
      'createUiDefinition.json',
      JSON.stringify(
        {
          $schema: 'https://schema.management.azure.com/schemas/0.1.2-preview/CreateUIDefinition.MultiVm.json#',
          handler: 'Microsoft.Azure.CreateUIDef',
          version: '0.1.2-preview',
          parameters: { basics: [], steps: [], outputs: {} },
          resources: extensionResource,
        },
        null,
        2,
      ),
    );
    const before = snapshot(dir);
    for (const format of ['stylish', 'json']) {
      const run = runCli(['--format', format, 'azuredeploy.parameters.json', 'createUiDefinition.json'], { cwd: dir });
      expect({ format, status: run.status, stderr: run.stderr }).toEqual({ format, status: 0, stderr: '' });
      if (format === 'json') expect(jsonReport(run.stdout)).toEqual([]);
      else expect(run.stdout).toBe('');
    }
    const fix = runCli(['--fix', 'azuredeploy.parameters.json', 'createUiDefinition.json'], { cwd: dir });
    expect(fix.status).toBe(0);
    expect(fix.stdout).toBe('');
    const after = snapshot(dir);
    for (const [file, b] of before) expect({ file, same: after.get(file)!.bytes.equals(b.bytes) }).toEqual({ file, same: true });
  });

  test('node_modules and .git folders are not searched; .jsonc files are found', () => {
    write(dir, 'root.json', TEMPLATE);
    write(dir, 'nested/deeper/template.jsonc', `// a comment\n${TEMPLATE}`);
    write(dir, 'node_modules/pkg/template.json', TEMPLATE);
    write(dir, 'nested/node_modules/pkg/template.json', TEMPLATE);
    write(dir, '.git/template.json', TEMPLATE);
    write(dir, 'nested/.git/template.json', TEMPLATE);
    write(dir, 'notes.txt', TEMPLATE);

    const run = runCli(['--format', 'json', '.'], { cwd: dir });
    expect(run.status).toBe(1);
    const reports = jsonReport(run.stdout);
    expect(reports.map((r) => path.relative(dir, r.filePath).split(path.sep).join('/')).sort()).toEqual([
      'nested/deeper/template.jsonc',
      'root.json',
    ]);
    const jsonc = reportFor(reports, 'template.jsonc');
    // One line lower than in the .json: the comment line comes first.
    expect(jsonc.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([[RULE, EXTENSION_LINE + 1, EXTENSION_COLUMN]]);
  });

  test("globs are expanded by armlint itself ('dir/**/*.json'), without node_modules/.git", () => {
    write(dir, 'dir/a.json', TEMPLATE);
    write(dir, 'dir/sub/b.json', CLEAN_TEMPLATE);
    write(dir, 'dir/sub/c.jsonc', TEMPLATE);
    write(dir, 'dir/node_modules/x/d.json', TEMPLATE);
    write(dir, 'dir/.git/e.json', TEMPLATE);
    write(dir, 'other/f.json', TEMPLATE);

    const run = runCli(['--format', 'json', 'dir/**/*.json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const reports = jsonReport(run.stdout);
    expect(reports.map((r) => path.relative(dir, r.filePath).split(path.sep).join('/')).sort()).toEqual(['dir/a.json', 'dir/sub/b.json']);
    expect(reportFor(reports, 'a.json').errorCount).toBe(1);
    expect(reportFor(reports, 'b.json').messages).toEqual([]);

    const clean = runCli(['--format', 'json', 'dir/sub/*.json'], { cwd: dir });
    expect(clean.status).toBe(0);
    expect(jsonReport(clean.stdout).map((r) => path.basename(r.filePath))).toEqual(['b.json']);
  });

  test('stylish output: file path, line:column, severity, message, rule id, and the summary', () => {
    const a = write(dir, 'a.json', TEMPLATE);
    const b = write(dir, 'b.json', TEMPLATE_TWO_CHILDREN);
    write(dir, 'clean.json', CLEAN_TEMPLATE);

    const run = runCli(['.'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    const out = run.stdout;
    expect(out).toContain(a);
    expect(out).toContain(b);
    expect(out).not.toContain('clean.json');
    const rows = out.split('\n').filter((l) => l.includes(RULE));
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatch(new RegExp(`^\\s+${EXTENSION_LINE}:${EXTENSION_COLUMN}\\s+error\\s+Deprecated managed identity VM extension 'ManagedIdentityExtensionForLinux'.*\\s${RULE}$`));
    }
    expect(out).toContain('✖ 2 problems (2 errors, 0 warnings)');

    const single = runCli(['a.json'], { cwd: dir });
    expect(single.stdout).toContain('✖ 1 problem (1 error, 0 warnings)');

    const fix = runCli(['--fix', '.'], { cwd: dir });
    expect(fix.status).toBe(0);
    expect(fix.stdout).not.toContain('✖');
    expect(fix.stdout).toContain('Fixed 2 problems in 2 files.');
  });

  test('a CRLF template with a BOM keeps CRLF, BOM and every other byte when the extension is removed', () => {
    const crlf = '\uFEFF' + TEMPLATE_TWO_CHILDREN.replace(/\n/g, '\r\n');
    const original = Buffer.from(crlf, 'utf8');
    expect(original.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const file = write(dir, 'crlf.json', original);

    const lint = runCli(['--format', 'json', 'crlf.json'], { cwd: dir });
    expect(lint.status).toBe(1);
    // The BOM is not a column: positions are those of the LF version.
    expect(jsonReport(lint.stdout)[0].messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([[RULE, EXTENSION_LINE, EXTENSION_COLUMN]]);

    const fix = runCli(['--fix', '--format', 'json', 'crlf.json'], { cwd: dir });
    expect(fix.status).toBe(0);
    expect(jsonReport(fix.stdout)[0].messages).toEqual([]);
    const fixed = fs.readFileSync(file);

    // BOM kept, once.
    expect(fixed.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(fixed.subarray(3, 6).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    // CRLF kept: no bare LF, no bare CR.
    const text = fixed.toString('utf8');
    expect(text.match(/(?<!\r)\n/g)).toBeNull();
    expect(text.match(/\r(?!\n)/g)).toBeNull();

    // The result is the original with one stretch removed (nothing added): the extension object plus the separators around it.
    const tree = parseTree(crlf.slice(1))!;
    const extNode = findNodeAtLocation(tree, ['resources', 0, 'resources', 0])!;
    const objStart = extNode.offset + 1; // + the BOM
    const objEnd = objStart + extNode.length;
    expect(crlf.slice(objStart, objEnd)).toMatch(/^\{[\s\S]*"publisher": "Microsoft\.ManagedIdentity"[\s\S]*\}$/);
    const removedLength = crlf.length - text.length;
    expect(removedLength).toBeGreaterThanOrEqual(objEnd - objStart);
    let deletion: [number, number] | undefined;
    for (let a = Math.max(0, objEnd - removedLength); a <= objStart && !deletion; a++) {
      const b = a + removedLength;
      const separators = crlf.slice(a, objStart) + crlf.slice(objEnd, b);
      if (/^[\s,]*$/.test(separators) && crlf.slice(0, a) + crlf.slice(b) === text) deletion = [a, b];
    }
    expect(deletion).toBeDefined();

    // The custom-script child stays, unchanged.
    expect(parse(text.replace(/^\uFEFF/, ''))).toEqual(withoutExtension(TEMPLATE_TWO_CHILDREN));
  });
});
