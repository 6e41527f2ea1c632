/**
 * fixDataFor against jsonc-parser's applyEdits (what --fix applies), for any
 * set of edits applyEdits accepts: the merged range and text, and the
 * normalized edits applied last first, give applyEdits' result; no two
 * normalized edits start at one offset.
 */
import fc from 'fast-check';
import { applyEdits } from 'jsonc-parser';
import { fixDataFor } from '../../src/fixer/fix-data';
import type { Edit } from '../../src/engine/types';
import { seedFor } from '../robustness/helpers';

const text = '{"identityIds": ["id"], "b": [1,2]}';
const edit: fc.Arbitrary<Edit> = fc
  .record({ offset: fc.nat({ max: text.length }), length: fc.nat({ max: 4 }), content: fc.constantFrom('', '}', '{', ': {}', ', "x"', '"') })
  .map((e) => ({ ...e, length: Math.min(e.length, text.length - e.offset) }));

function accepted(edits: Edit[]): string | undefined {
  try {
    return applyEdits(text, edits);
  } catch {
    return undefined;
  }
}

describe('fixDataFor', () => {
  test('an insertion and a replacement at one offset: merged in the order applyEdits writes them (the compact-array case)', () => {
    const close = text.indexOf(']');
    const edits: Edit[] = [
      { offset: close, length: 1, content: '}' },
      { offset: close, length: 0, content: ': {}' },
      { offset: text.indexOf('['), length: 1, content: '{' },
    ];
    const data = fixDataFor(text, edits)!;
    expect(data.edits).toEqual([
      { offset: text.indexOf('['), length: 1, content: '{' },
      { offset: close, length: 1, content: ': {}}' },
    ]);
    expect(text.slice(0, data.range[0]) + data.text + text.slice(data.range[1])).toBe('{"identityIds": {"id": {}}, "b": [1,2]}');
    expect(applyEdits(text, edits)).toBe('{"identityIds": {"id": {}}, "b": [1,2]}');
  });

  test('no edits: no fix data', () => {
    expect(fixDataFor(text, [])).toBeUndefined();
  });

  test('property: for any edits applyEdits accepts, the range+text and the edits applied last first equal applyEdits', () => {
    const seed = seedFor('fix-data property', 4242);
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        const expected = accepted(edits);
        fc.pre(expected !== undefined);
        const data = fixDataFor(text, edits)!;
        expect(text.slice(0, data.range[0]) + data.text + text.slice(data.range[1])).toBe(expected);
        let out = text;
        for (const e of [...data.edits].reverse()) out = out.slice(0, e.offset) + e.content + out.slice(e.offset + e.length);
        expect(out).toBe(expected);
        const starts = data.edits.map((e) => e.offset);
        expect(new Set(starts).size).toBe(starts.length);
      }),
      { seed, numRuns: 2000 },
    );
  });
});
