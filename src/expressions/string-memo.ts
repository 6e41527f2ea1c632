/**
 * `compute`, remembered per distinct string: for pure results that every caller shares (never
 * mutate them). Templates repeat the same expressions and resource names, so most lookups hit.
 * Bounded: at `limit` entries the memo starts over, so a run over a whole estate keeps memory flat
 * (the keys are slices of file texts and would otherwise keep those texts alive).
 */
export function stringMemo<T>(compute: (key: string) => T, limit = 50_000): (key: string) => T {
  const memo = new Map<string, T>();
  return (key) => {
    let value = memo.get(key);
    if (value === undefined) {
      if (memo.size >= limit) memo.clear();
      value = compute(key);
      memo.set(key, value);
    }
    return value;
  };
}
