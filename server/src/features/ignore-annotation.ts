import { isScalar } from 'yaml';
import type { RuleId } from '../../../shared/src/rule-ids';
import { IGNORE_ANNOTATION } from '../config/suppressions';
import { YamlEditor } from '../fix/yaml-edit';
import type { YamlFile } from '../parse/yaml-file';
import type { TextEdit } from '../types';
import { objectAt } from './object-at';

/**
 * Adds `rule` to the `graceful.dev/ignore` annotation of the Kubernetes object
 * holding `offset`, creating `metadata.annotations` entries as needed. Undefined
 * when there is no object there, the annotation is templated or already covers
 * the rule, or the maps are flow style (which edits leave alone).
 */
export function ignoreObjectEdit(file: YamlFile, offset: number, rule: RuleId): TextEdit | undefined {
  const object = objectAt(file, offset);
  if (!object) return undefined;
  const { view } = object;
  const editor = new YamlEditor(file.text);
  const metadata = view.getMap(object.node, 'metadata');
  if (!metadata) {
    if (view.pair(object.node, 'metadata')) return undefined;
    return editor.insertIntoMap(view, object.node, { metadata: { annotations: { [IGNORE_ANNOTATION]: rule } } });
  }
  const annotations = view.getMap(metadata, 'annotations');
  const existing = view.pair(annotations, IGNORE_ANNOTATION);
  if (existing) {
    const value = view.string(existing.value);
    if (value === undefined || !isScalar(existing.value)) return undefined;
    const ids = value.split(/[\s,]+/).filter(Boolean);
    // An empty value, `*` or `all` already silences every rule.
    if (ids.length === 0 || ids.includes(rule) || ids.includes('*') || ids.includes('all')) return undefined;
    return editor.replaceScalar(view, existing.value, [...ids, rule].join(','));
  }
  if (annotations) return editor.insertIntoMap(view, annotations, { [IGNORE_ANNOTATION]: rule });
  if (view.pair(metadata, 'annotations')) return undefined;
  return editor.insertIntoMap(view, metadata, { annotations: { [IGNORE_ANNOTATION]: rule } });
}
