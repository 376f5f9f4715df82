import { objectsOf, type K8sObject } from '../model/k8s-object';
import type { YamlFile } from '../parse/yaml-file';

/** Whether a file offset lies inside a range, end included (a cursor right after a word still touches it). */
export function touches(range: { start: number; end: number } | undefined, offset: number): boolean {
  return range !== undefined && range.start <= offset && offset <= range.end;
}

/** Every Kubernetes object of a file (items of a List included), skipping documents that do not parse. */
export function objectsOfFile(file: YamlFile): K8sObject[] {
  return file.documents.filter((d) => d.errors.length === 0).flatMap((d) => objectsOf(d));
}

/** The innermost Kubernetes object whose mapping holds `offset` (an item rather than its List). */
export function objectAt(file: YamlFile, offset: number): K8sObject | undefined {
  let best: K8sObject | undefined;
  for (const object of objectsOfFile(file)) {
    const range = object.view.range(object.node);
    if (!touches(range, offset)) continue;
    const bestRange = best && best.view.range(best.node);
    if (!bestRange || range!.end - range!.start < bestRange.end - bestRange.start) best = object;
  }
  return best;
}
