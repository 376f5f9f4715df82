import { isMap, isScalar, type Scalar } from 'yaml';

/**
 * The written keys of a path of map keys (`livenessProbe.httpGet.path`) in a parsed YAML node, in
 * order, as far as the path is written: fewer than the path's segments when one is missing. Where a
 * key repeats, the last pair wins, as YAML loaders (helm's, `toJS`) read it.
 */
export function keyPathKeys(node: unknown, path: readonly string[]): Scalar[] {
  const keys: Scalar[] = [];
  for (const segment of path) {
    if (!isMap(node)) break;
    const pair = [...node.items].reverse().find((p) => isScalar(p.key) && String(p.key.value) === segment);
    if (!pair || !isScalar(pair.key) || !pair.key.range) break;
    keys.push(pair.key);
    node = pair.value;
  }
  return keys;
}

/** The range of the last key of a path, when every key of the path is written. */
export function keyPathRange(node: unknown, path: readonly string[]): { start: number; end: number } | undefined {
  const keys = keyPathKeys(node, path);
  const range = keys.length === path.length ? keys.at(-1)?.range : undefined;
  return range ? { start: range[0], end: range[1] } : undefined;
}
