/**
 * Lenient like ARM: its .NET JSON reader skips any Unicode whitespace between
 * tokens (`char.IsWhiteSpace`), so armlint parses such templates too, through
 * the real CLI, with exact positions; a fix never introduces such characters;
 * characters .NET does not call whitespace (zero-width space, a byte order
 * mark inside the file) stay syntax errors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { armlint, json, ROOT, template, useTempTrees } from '../cli/helpers';

const tree = useTempTrees();
/** Every character .NET's char.IsWhiteSpace accepts besides space, tab, CR and LF. */
const DOTNET_WHITESPACE = ['\u000B', '\u000C', '\u0085', '\u00A0', '\u1680', '\u2000', '\u2005', '\u200A', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000'];
const OTHER_WHITESPACE = /[\u000B\u000C\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/g;

/** Positions of the findings in a folder's JSON report. */
function positions(dir: string): string[] {
  return json(armlint(['--format', 'json', '.'], { cwd: dir }).stdout).flatMap((r) => r.messages.map((m) => `${m.ruleId}@${m.line}:${(m as { column?: number }).column}`));
}

/** The template with `ch` written after every ASCII space that separates tokens on a line (not inside strings). */
function withWhitespace(text: string, ch: string): string {
  return text.replace(/^( +)"/gm, (_m, indent: string) => `${indent.slice(0, -1)}${ch}"`).replace(/": \[/g, `":${ch}[`);
}

describe('Unicode whitespace between tokens', () => {
  test.each(DOTNET_WHITESPACE.map((c) => [`U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`, c]))(
    '%s between tokens: parsed, the same findings at the same lines and columns as with spaces',
    (_name, ch) => {
      const plain = template();
      const odd = withWhitespace(plain, ch);
      expect(odd).not.toBe(plain);
      expect(odd.length).toBe(plain.length);
      const expected = positions(tree({ 't.json': plain }));
      expect(expected).toEqual(['no-managed-identity-extension@13:9', 'imds-token-endpoint@35:49']);
      expect(positions(tree({ 't.json': odd }))).toEqual(expected);
    },
  );

  test('a template whose second character is a no-break space is linted, not "Invalid symbol"', () => {
    const dir = tree({ 't.json': `{\u00A0${template().slice(1)}` });
    const run = armlint(['--format', 'json', '.'], { cwd: dir });
    expect(json(run.stdout)[0].messages.map((m) => m.ruleId)).toEqual(['no-managed-identity-extension', 'imds-token-endpoint']);
  });

  test('zero-width space and a byte order mark inside the file are not whitespace to .NET: a parse error at their position', () => {
    for (const ch of ['\u200B', '\uFEFF']) {
      const dir = tree({ 't.json': `{\n  ${ch}"$schema": "x"\n}\n`.replace('"x"', JSON.stringify('https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#')) });
      const [file] = json(armlint(['--format', 'json', '.'], { cwd: dir }).stdout);
      expect(file.messages.map((m) => [m.message, m.line, (m as { column?: number }).column])).toEqual([['Parsing error: Invalid symbol', 2, 3]]);
    }
  });

  test('whitespace inside strings is the string\'s own: kept byte for byte by --fix', () => {
    const text = template().replace('"location": "westus",', '"location": "west\u00A0us\u3000",');
    const dir = tree({ 't.json': text });
    armlint(['--fix', '.'], { cwd: dir });
    expect(fs.readFileSync(path.join(dir, 't.json'), 'utf8')).toContain('"location": "west\u00A0us\u3000",');
  });

  test('fixes never introduce such whitespace: every fixture indented with no-break spaces, --fix, then counted', () => {
    const fixtures = path.join(ROOT, 'fixtures');
    const files: Record<string, string> = {};
    for (const name of fs.readdirSync(fixtures)) {
      const input = path.join(fixtures, name, 'input.json');
      if (!fs.existsSync(input)) continue;
      const text = fs.readFileSync(input, 'utf8');
      files[`${name}.json`] = text.replace(/^([ \t]+)/gm, (indent: string) => indent.replace(/ /g, '\u00A0'));
    }
    const dir = tree(files);
    const run = armlint(['--fix', '--format', 'json', '.'], { cwd: dir });
    const reports = json(run.stdout);
    expect(reports.flatMap((r) => r.messages.filter((m) => m.ruleId === null))).toEqual([]);
    let changed = 0;
    for (const [name, before] of Object.entries(files)) {
      const after = fs.readFileSync(path.join(dir, name), 'utf8');
      if (after !== before) changed++;
      expect({ name, count: (after.match(OTHER_WHITESPACE) ?? []).length <= (before.match(OTHER_WHITESPACE) ?? []).length }).toEqual({ name, count: true });
      expect({ name, added: [...new Set(after.match(OTHER_WHITESPACE) ?? [])].filter((c) => !before.includes(c)) }).toEqual({ name, added: [] });
    }
    expect(changed).toBeGreaterThan(5);
    // A second --fix changes nothing: the first left no fixable problem behind.
    expect(armlint(['--fix-dry-run', '.'], { cwd: dir }).stdout).not.toContain('would be fixed');
  });
});
