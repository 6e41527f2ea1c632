#!/usr/bin/env node
// Derives data/identity-support.json (the table armlint reads at run time) from
// ../shared/arm-schemas/identity/identity-shapes.json. Same input, same bytes:
// the input's `generated` date is left out so a rerun on the same schemas is a no-op.
//
//   node scripts/build-identity-table.mjs [identity-shapes.json] [--out <file>]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const output = outAt >= 0 ? resolve(args[outAt + 1]) : join(root, 'data', 'identity-support.json');
const input = args.find((a, i) => !a.startsWith('--') && i !== outAt + 1) ?? join(root, '..', 'shared', 'arm-schemas', 'identity', 'identity-shapes.json');

const source = JSON.parse(readFileSync(input, 'utf8'));
writeFileSync(output, buildTable(source));
console.log(`wrote ${output}`);

/** `2018-06-01` → `180601`, `2021-11-01-preview` → `211101p`: versions are most of the table. */
function shortVersion(version) {
  const m = /^20(\d\d)-(\d\d)-(\d\d)(-preview)?$/.exec(version);
  if (!m) throw new Error(`unexpected apiVersion ${JSON.stringify(version)}: extend shortVersion and the reader in src/schema-facts`);
  return m[1] + m[2] + m[3] + (m[4] ? 'p' : '');
}

function buildTable(source) {
  // Shape 0 is "no identity", so identity-less types need no per-version codes.
  const shapes = [{ identity: false }];
  const shapeIndex = new Map([['{"identity":false}', 0]]);
  const versionLists = [];
  const listIndex = new Map();
  const types = [];
  for (const type of Object.keys(source.types).sort()) {
    const entries = source.types[type];
    const versions = Object.keys(entries).sort();
    const list = versions.map(shortVersion).join(',');
    if (!listIndex.has(list)) listIndex.set(list, versionLists.push(list) - 1);
    const codes = versions.map((v) => {
      const key = JSON.stringify(entries[v]);
      if (!shapeIndex.has(key)) shapeIndex.set(key, shapes.push(entries[v]) - 1);
      return shapeIndex.get(key);
    });
    if (shapes.length > 36) throw new Error('more than 36 identity shapes: one base-36 digit per version no longer fits');
    // Types that never take an identity (shape 0 everywhere) store only their version list.
    const encoded = codes.every((c) => c === 0) ? `${listIndex.get(list)}` : `${listIndex.get(list)}:${codes.map((c) => c.toString(36)).join('')}`;
    types.push([type, encoded]);
  }
  const lines = (items) => items.join(',\n');
  return (
    '{\n' +
    `"source": ${JSON.stringify(source.source)},\n` +
    `"sourceDate": ${JSON.stringify(source.sourceDate)},\n` +
    `"generator": "scripts/build-identity-table.mjs",\n` +
    `"shapes": [\n${lines(shapes.map((s) => JSON.stringify(s)))}\n],\n` +
    `"versionLists": [\n${lines(versionLists.map((l) => JSON.stringify(l)))}\n],\n` +
    `"types": {\n${lines(types.map(([t, e]) => `${JSON.stringify(t)}: ${JSON.stringify(e)}`))}\n}\n` +
    '}\n'
  );
}
