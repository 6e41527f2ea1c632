import { getNodeValue, type Node } from 'jsonc-parser';

/** The property node (key + value) named `key` in an object node; ARM property names are case-insensitive. */
export function findProperty(object: Node | undefined, key: string): Node | undefined {
  if (!object || object.type !== 'object' || !object.children) return undefined;
  const wanted = key.toLowerCase();
  // Lower-casing keeps a string's length except for U+0130 (İ → i + U+0307), so lengths can tell most keys apart.
  const sameLength = !wanted.includes('\u0307');
  let found: Node | undefined;
  for (const prop of object.children) {
    const k = prop.children?.[0]?.value;
    // The last duplicate wins, as in ARM (and JSON.parse). The length test spares lower-casing most keys.
    if (typeof k === 'string' && (k.length === wanted.length || !sameLength) && (k === key || k.toLowerCase() === wanted)) found = prop;
  }
  return found;
}

/** The value node of property `key`, or undefined. */
export function propertyValue(object: Node | undefined, key: string): Node | undefined {
  return findProperty(object, key)?.children?.[1];
}

/** Follows a path of property names; undefined as soon as a step is missing or not an object. */
export function valueAtPath(object: Node | undefined, path: string[]): Node | undefined {
  let current = object;
  for (const key of path) {
    current = propertyValue(current, key);
    if (!current) return undefined;
  }
  return current;
}

export function stringValue(node: Node | undefined): string | undefined {
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

export function isObject(node: Node | undefined): node is Node & { type: 'object' } {
  return node?.type === 'object';
}

export function isArray(node: Node | undefined): node is Node & { type: 'array' } {
  return node?.type === 'array';
}

export function elements(node: Node | undefined): Node[] {
  return node?.type === 'array' ? node.children ?? [] : [];
}

/** Property nodes of an object (empty for anything else). */
export function properties(node: Node | undefined): Node[] {
  return node?.type === 'object' ? node.children ?? [] : [];
}

export function keyOf(property: Node): string {
  return String(property.children?.[0]?.value ?? '');
}

/** Plain JS value of a node (objects, arrays, strings...). */
export function plainValue(node: Node | undefined): unknown {
  return node ? getNodeValue(node) : undefined;
}

export function endOf(node: Node): number {
  return node.offset + node.length;
}

/** Visits string values (not property keys) in document order, iteratively so deep files cannot overflow the stack. */
export function forEachStringValue(root: Node, visit: (node: Node) => void): void {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'string') visit(node);
    else if (node.type === 'property') {
      const value = node.children?.[1];
      if (value) stack.push(value);
    } else if (node.children) {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
    }
  }
}
