import { isScalar, type Pair, type YAMLMap } from 'yaml';
import { YamlView, type YamlDocument } from '../parse/yaml-file';

/** A Kubernetes object: a YAML mapping with string `apiVersion` and `kind`. */
export interface K8sObject {
  readonly view: YamlView;
  readonly node: YAMLMap<unknown, unknown>;
  readonly apiVersion: string;
  readonly kind: string;
  readonly kindPair: Pair<unknown, unknown>;
  readonly name: string | undefined;
  /** Undefined: compatible with any namespace (set at apply time or by a kustomization). */
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>> | undefined;
  readonly annotations: Readonly<Record<string, string>> | undefined;
}

/** The Kubernetes objects of a document: the document itself, or the items of a `kind: List`. */
export function objectsOf(document: YamlDocument): K8sObject[] {
  const view = new YamlView(document);
  const root = view.asMap(view.root);
  const top = root && toObject(view, root);
  if (!top) return [];
  if (top.kind !== 'List' && !top.kind.endsWith('List')) return [top];
  const items = view.getSeq(root, 'items');
  if (!items) return [];
  const out: K8sObject[] = [];
  for (const item of items.items) {
    const map = view.asMap(item);
    const object = map && toObject(view, map);
    if (object) out.push(object);
  }
  return out;
}

function toObject(view: YamlView, node: YAMLMap<unknown, unknown>): K8sObject | undefined {
  const apiVersion = view.getString(node, 'apiVersion');
  const kindPair = view.pair(node, 'kind');
  const kind = kindPair && view.string(kindPair.value);
  if (apiVersion === undefined || kind === undefined || !kindPair || !isScalar(kindPair.key)) return undefined;
  const metadata = view.getMap(node, 'metadata');
  return {
    view,
    node,
    apiVersion,
    kind,
    kindPair,
    name: view.getString(metadata, 'name'),
    namespace: view.getString(metadata, 'namespace'),
    labels: view.stringMap(view.get(metadata, 'labels')),
    annotations: view.stringMap(view.get(metadata, 'annotations')),
  };
}

/** Two namespaces can hold the same object graph unless both are set and differ. */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}
