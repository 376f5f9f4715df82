import type { Pair, YAMLMap } from 'yaml';
import type { YamlEditor } from '../../fix/yaml-edit';
import type { PodSpecRef } from '../../model/pod-spec';
import type { YamlView } from '../../parse/yaml-file';
import type { TextEdit } from '../../types';

/**
 * Whether a fix may write into `map`: a block map without an anchor. Flow maps
 * are left alone, and an anchored map may be aliased elsewhere, where the edit
 * would silently change other objects too.
 */
export function isWritableMap(map: YAMLMap<unknown, unknown> | undefined): map is YAMLMap<unknown, unknown> {
  return map !== undefined && !map.flow && !map.anchor && map.items.length > 0;
}

/** Whether `pair` is written in `map` itself (not brought in through a `<<` merge key). */
export function ownsPair(map: YAMLMap<unknown, unknown>, pair: Pair<unknown, unknown>): boolean {
  return map.items.includes(pair);
}

/**
 * Sets the pod's `terminationGracePeriodSeconds` to `seconds`: replaces the
 * literal when the pod spec writes one, else adds the key at the end of the pod
 * spec (which also overrides a value merged in from an anchor). Undefined when
 * the pod spec cannot be edited safely.
 */
export function setGracePeriodEdit(view: YamlView, editor: YamlEditor, pod: PodSpecRef, seconds: number): TextEdit | undefined {
  const pair = view.pair(pod.spec, 'terminationGracePeriodSeconds');
  // A null value (`terminationGracePeriodSeconds:`) has no text to replace: the insertion takes the key's place.
  if (pair && !view.isNull(pair) && ownsPair(pod.spec, pair)) return pod.spec.anchor ? undefined : editor.replaceScalar(view, pair.value, seconds);
  if (!isWritableMap(pod.spec)) return undefined;
  return editor.insertIntoMap(view, pod.spec, { terminationGracePeriodSeconds: seconds });
}

/** The pair whose value is the pod spec (`spec` of the template, or a Pod's `spec`), for findings about it as a whole. */
export function podSpecPair(view: YamlView, pod: PodSpecRef): Pair<unknown, unknown> | undefined {
  let map: YAMLMap<unknown, unknown> | undefined = pod.object.node;
  let pair: Pair<unknown, unknown> | undefined;
  for (const key of pod.path) {
    pair = view.pair(map, key);
    map = pair && view.asMap(pair.value);
  }
  return pair;
}

/**
 * Combines a fix's edits into non-overlapping ones: two insertions at the same
 * offset (a preStop added to the last container, the grace period after it)
 * become one, in order, so every editor applies them the same way.
 */
export function mergeInsertions(edits: readonly TextEdit[], eol: string): TextEdit[] {
  const out: TextEdit[] = [];
  for (const edit of edits) {
    const same = out.findIndex((e) => e.range.start === e.range.end && edit.range.start === edit.range.end && e.range.start === edit.range.start);
    const earlier = out[same];
    if (!earlier) {
      out.push(edit);
      continue;
    }
    const first = earlier.newText;
    // Each insertion at the end of a file without a final newline starts one of its own.
    const second = first.endsWith(eol) && edit.newText.startsWith(eol) ? edit.newText.slice(eol.length) : edit.newText;
    out[same] = { range: edit.range, newText: first + second };
  }
  return out;
}
