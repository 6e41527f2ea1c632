import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SourceText } from '../parsing/source-text';
import { docsUri, packageInfo } from '../config/package-info';
import { fixDataFor } from '../fixer/fix-data';
import type { Finding, RuleModule } from '../engine/types';
import type { Suppression, SuppressedFinding } from '../engine/suppressions';
import type { Formatter } from './types';

/**
 * SARIF 2.1.0 for GitHub code scanning and Azure DevOps: one run whose
 * tool.driver lists every rule, one result per finding with a location
 * relative to %SRCROOT% (the working directory) and, for fixable findings,
 * `fixes` whose replacements are the fix's edits as 1-based line/column
 * regions (columns in UTF-16 code units, the byte order mark not counted,
 * end column exclusive — SARIF's conventions and armlint's).
 */

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
/** Findings with no rule: the file could not be read or parsed, or a rule failed. */
const FATAL_RULE_ID = 'fatal';

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

type Descriptor = { id: string } & Record<string, unknown>;

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

export const formatSarif: Formatter = (results, context) => {
  const info = packageInfo();
  const descriptors = [...context.rules.map((r) => ruleDescriptor(r, info.root)), fatalDescriptor()];
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const sarifResults: object[] = [];
  for (const result of results) {
    const location = artifactLocation(result.filePath, context.cwd);
    let source: SourceText | undefined;
    const suppressed: Finding[] = result.suppressed ?? [];
    for (const f of [...result.findings, ...suppressed]) {
      const ruleId = f.ruleId ?? FATAL_RULE_ID;
      const entry: Record<string, unknown> = {
        ruleId,
        ruleIndex: index.get(ruleId) ?? -1,
        level: f.severity === 'error' ? 'error' : 'warning',
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: location, region: findingRegion(f) } }],
      };
      if (!index.has(ruleId)) delete entry.ruleIndex;
      if ('suppressions' in f) entry.suppressions = (f as SuppressedFinding).suppressions.map(inSource);
      const fix = f.fix && fixDataFor(result.source, f.fix.edits);
      if (fix) {
        source ??= new SourceText(result.source);
        entry.fixes = [
          {
            description: { text: `armlint --fix (${ruleId})` },
            artifactChanges: [
              {
                artifactLocation: location,
                // Last first: applied in this order, each region still means the original text.
                replacements: [...fix.edits]
                  .reverse()
                  .map((e) => ({ deletedRegion: offsetRegion(source!, e.offset, e.length), insertedContent: { text: e.content } })),
              },
            ],
          },
        ];
      }
      sarifResults.push(entry);
    }
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'armlint',
            version: info.version,
            semanticVersion: info.version,
            informationUri: info.homepage,
            rules: descriptors,
          },
        },
        invocations: [{ executionSuccessful: !results.some((r) => r.internalError) }],
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(context.cwd.endsWith(path.sep) ? context.cwd : context.cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

/** Relative to %SRCROOT% when the file is under the working directory, else an absolute file URI. */
function artifactLocation(filePath: string, cwd: string): ArtifactLocation {
  const relative = path.relative(cwd, filePath);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(filePath).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** SARIF's suppression for an armlint-disable comment: in source, with the directive's reason when it gives one. */
function inSource(s: Suppression): object {
  return { kind: 'inSource', ...(s.justification ? { justification: s.justification } : {}) };
}

function findingRegion(f: Finding): SarifRegion {
  return { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn };
}

function offsetRegion(source: SourceText, offset: number, length: number): SarifRegion {
  const start = source.positionAt(offset);
  const end = source.positionAt(offset + length);
  return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
}

function ruleDescriptor(rule: RuleModule, root: string): Descriptor {
  const doc = readDoc(root, rule.meta.docs);
  const full = doc ? firstParagraph(doc) : undefined;
  const helpUri = docsUri(rule.meta.docs);
  return {
    id: rule.meta.id,
    name: rule.meta.id.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()).replace(/^[a-z]/, (c) => c.toUpperCase()),
    shortDescription: { text: rule.meta.description },
    fullDescription: { text: full ?? rule.meta.description },
    helpUri,
    help: doc ? { text: `${full ?? rule.meta.description} Documentation: ${helpUri}`, markdown: doc } : { text: `Documentation: ${helpUri}` },
    defaultConfiguration: {
      level: rule.meta.severity === 'error' ? 'error' : 'warning',
      ...(rule.meta.id === 'unused-disable-directive' ? { enabled: false } : {}),
    },
    properties: { tags: ['azure', 'arm-template', 'managed-identity'], fixable: rule.meta.fixable },
  };
}

function fatalDescriptor(): Descriptor {
  const helpUri = docsUri('README.md#exit-codes');
  return {
    id: FATAL_RULE_ID,
    name: 'Fatal',
    shortDescription: { text: 'The file could not be read or parsed as a template, or a rule failed on it' },
    fullDescription: { text: 'armlint reports a file it cannot read or parse (with the line and column of the syntax error), and a failure of its own, as a fatal error.' },
    helpUri,
    help: { text: `Documentation: ${helpUri}` },
    defaultConfiguration: { level: 'error' },
  };
}

function readDoc(root: string, docs: string): string | undefined {
  const file = path.join(root, docs.replace(/#.*$/, ''));
  if (!docs.endsWith('.md') || !existsSync(file)) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The first prose paragraph of a rule page: not the title, not the bold facts line. */
function firstParagraph(markdown: string): string | undefined {
  const paragraphs = markdown.split(/\r?\n\s*\r?\n/).map((p) => p.trim());
  const prose = paragraphs.find((p) => p && !p.startsWith('#') && !p.startsWith('**') && !p.startsWith('```') && !p.startsWith('|'));
  return prose?.replace(/\s*\r?\n\s*/g, ' ').replace(/:$/, '.');
}
