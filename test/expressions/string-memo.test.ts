/** The per-string memo behind the expression parse and the reference readings. */
import { stringMemo } from '../../src/expressions/string-memo';

describe('stringMemo', () => {
  it('computes once per distinct string and returns the same result after', () => {
    const calls: string[] = [];
    const lengthOf = stringMemo((key) => {
      calls.push(key);
      return { length: key.length };
    });
    const first = lengthOf('abc');
    expect(lengthOf('abc')).toBe(first);
    expect(lengthOf('de')).toEqual({ length: 2 });
    expect(calls).toEqual(['abc', 'de']);
  });

  it('starts over at its limit, and answers the same after', () => {
    const calls: string[] = [];
    const upper = stringMemo((key) => {
      calls.push(key);
      return key.toUpperCase();
    }, 2);
    expect(['a', 'b', 'a', 'c', 'a', 'b'].map(upper)).toEqual(['A', 'B', 'A', 'C', 'A', 'B']);
    // 'c' found the memo full (a, b) and cleared it: 'a' and 'b' are computed again.
    expect(calls).toEqual(['a', 'b', 'c', 'a', 'b']);
  });
});
