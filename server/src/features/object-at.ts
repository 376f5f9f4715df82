import { objectsOf, type K8sObject } from '../model/k8s-object';
import { skippable, type YamlDocument, type YamlFile } from '../parse/yaml-file';
import { lastIndex } from '../parse/line-index';

/** Whether a file offset lies inside a range, end included (a cursor right after a word still touches it). */
export function touches(range: { start: number; end: number } | undefined, offset: number): boolean {
  return range !== undefined && range.start <= offset && offset <= range.end;
}

const parses = (document: YamlDocument) => document.errors.length === 0;

/**
 * Every Kubernetes object of a file (items of a List included), skipping documents
 * that do not parse and, given `kinds`, documents whose kind line shows another
 * kind (left unparsed).
 */
export function objectsOfFile(file: YamlFile, kinds?: ReadonlySet<string>): K8sObject[] {
  return file.documents.filter((d) => !skippable(d, kinds) && parses(d)).flatMap((d) => objectsOf(d));
}

/**
 * The objects of the documents that hold `offset` (two when it sits where one ends
 * and the next begins), found by bisection: a rendered chart has thousands of
 * documents, and the cursor is in one.
 */
export function objectsAround(file: YamlFile, offset: number): K8sObject[] {
  const { documents } = file;
  const low = Math.max(
    0,
    lastIndex(documents.length, (i) => (documents[i]?.start ?? Infinity) <= offset),
  );
  const candidates = [documents[low - 1], documents[low]].filter(
    (d): d is YamlDocument => d !== undefined && touches({ start: d.start, end: d.start + d.text.length }, offset),
  );
  return candidates.filter(parses).flatMap((d) => objectsOf(d));
}

/** The innermost Kubernetes object whose mapping holds `offset` (an item rather than its List). */
export function objectAt(file: YamlFile, offset: number): K8sObject | undefined {
  let best: K8sObject | undefined;
  for (const object of objectsAround(file, offset)) {
    const range = object.view.range(object.node);
    if (!range || !touches(range, offset)) continue;
    const bestRange = best && best.view.range(best.node);
    if (!bestRange || range.end - range.start < bestRange.end - bestRange.start) best = object;
  }
  return best;
}
