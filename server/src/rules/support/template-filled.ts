import { isScalar, type YAMLMap } from 'yaml';
import type { YamlView } from '../../parse/yaml-file';

/**
 * Whether `key` is written with no value in a templated document, as in a Helm chart's
 * `lifecycle:` followed by `{{- toYaml .Values.lifecycle | nindent 12 }}`. The mask blanks
 * the directive line, so the parse sees null where the rendered manifest has a map:
 * the value is unknown, not absent.
 */
export function valueLeftToTemplate(view: YamlView, map: YAMLMap<unknown, unknown>, key: string): boolean {
  if (!view.document.templated) return false;
  const pair = view.pair(map, key);
  if (!pair) return false;
  const value = view.deref(pair.value);
  return value === undefined || (isScalar(value) && value.value === null);
}
