import { objectsOf } from '../model/k8s-object';
import type { YamlFile } from '../parse/yaml-file';

/** Which Kubernetes object a finding is about, for inputs with no file to point at (`kubectl get -o yaml`). */
export interface ObjectRef {
  readonly kind: string;
  /** Absent when the manifest leaves it to apply time. */
  readonly namespace?: string;
  readonly name?: string;
}

/** `Deployment shop/web`, `Deployment web` without a namespace, `Deployment` without a name: as kubectl users name objects. */
export function formatObjectRef(ref: ObjectRef): string {
  const name = ref.name === undefined ? '' : ref.namespace === undefined ? ref.name : `${ref.namespace}/${ref.name}`;
  return name ? `${ref.kind} ${name}` : ref.kind;
}

/** The object (a document, or an item of a `List`) whose mapping holds `offset`, if any. */
export function objectAt(file: YamlFile, offset: number): ObjectRef | undefined {
  const document = [...file.documents].reverse().find((d) => d.start <= offset);
  if (!document) return undefined;
  for (const object of objectsOf(document)) {
    const range = object.view.range(object.node);
    if (range && range.start <= offset && offset < range.end) {
      return {
        kind: object.kind,
        ...(object.namespace !== undefined ? { namespace: object.namespace } : {}),
        ...(object.name !== undefined ? { name: object.name } : {}),
      };
    }
  }
  return undefined;
}
