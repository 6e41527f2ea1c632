/**
 * firstTooDeep guards the recursive parser: it must find the first bracket
 * that opens one level too many, with brackets inside strings (escapes
 * honoured) and comments not counted.
 */
import fc from 'fast-check';
import { firstTooDeep } from '../../src/parsing/nesting';

/** The plain definition, one character at a time: what the fast scan must agree with. */
function reference(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      if (++depth > limit) return i;
    } else if (c === '}' || c === ']') {
      if (depth > 0) depth--;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    }
  }
  return -1;
}

describe('firstTooDeep', () => {
  it.each([
    ['[[[[', 3],
    ['[[["[[["]]', -1],
    ['[[["\\"[[["[', 10],
    ['[[["\\\\"[', 7],
    ['[[[// [\n[', 8],
    ['[[[/* [ */[', 10],
    ['[[["unterminated [[[', -1],
    [']]]][[[[', 7],
  ])('%j', (text, expected) => {
    expect(firstTooDeep(text, 3)).toBe(expected);
  });

  it('agrees with the plain definition on any text of brackets, quotes, escapes and comments', () => {
    const piece = fc.constantFrom('{', '}', '[', ']', '"', '\\', '\\\\', '\\"', '/', '//', '/*', '*/', '*', '\n', '\r', 'a', ' ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 0, max: 4 }), (pieces, limit) => {
        const text = pieces.join('');
        expect(firstTooDeep(text, limit)).toBe(reference(text, limit));
      }),
      { numRuns: 5000, seed: 20261123 },
    );
  });
});
