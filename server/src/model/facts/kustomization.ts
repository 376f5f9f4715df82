import type { YAMLMap } from 'yaml';
import type { YamlView } from '../../parse/yaml-file';
import type { K8sObject } from '../k8s-object';
import { basename } from '../workspace-fs';

const KUSTOMIZATION_FILE = /^(?:kustomization\.ya?ml|Kustomization)$/;

/** The kinds a kustomization is written as. */
export const KUSTOMIZATION_KINDS = ['Kustomization', 'Component'];

/** kustomize accepts a kustomization.yaml without apiVersion and kind. */
export function isKustomizationFile(path: string): boolean {
  return KUSTOMIZATION_FILE.test(basename(path));
}

/** The root map of a kustomization: an object of its kinds, or a bare document in a kustomization file. */
export function kustomizationRoot(object: K8sObject): YAMLMap<unknown, unknown> | undefined {
  return object.kind === 'Kustomization' || (object.kind === 'Component' && object.apiVersion.startsWith('kustomize')) ? object.node : undefined;
}

/** The bare document's root map when the file is a kustomization. */
export function bareKustomizationRoot(view: YamlView, path: string): YAMLMap<unknown, unknown> | undefined {
  return isKustomizationFile(path) ? view.asMap(view.root) : undefined;
}
