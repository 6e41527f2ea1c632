/**
 * Per-object derived data (a model's graph, a scope's settled values), kept on the object under a
 * symbol rather than in a WeakMap. A WeakMap entry whose key is short-lived keeps its value alive
 * through V8's minor collections, so every template's model, graph and parse tree survived into the
 * old generation: that cost more than building them. A symbol-keyed property dies with its object and
 * stays out of Object.keys, JSON and structuredClone.
 */
export function attached<T>(owner: object, slot: symbol, create: () => T): T {
  const holder = owner as { [slot: symbol]: T | undefined };
  let value = holder[slot];
  if (value === undefined) {
    value = create();
    Object.defineProperty(owner, slot, { value, enumerable: false, configurable: true });
  }
  return value;
}
