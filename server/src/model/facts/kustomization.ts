import type { YAMLMap } from 'yaml';
import type { YamlView } from '../../parse/yaml-file';
import type { K8sObject } from '../k8s-object';
import { basename } from '../workspace-fs';
import type { YamlExtraction } from './fact-kind';

const KUSTOMIZATION_FILE = /^(?:kustomization\.ya?ml|Kustomization)$/;

/** kustomize accepts a kustomization.yaml without apiVersion and kind. */
export function isKustomizationFile(path: string): boolean {
  return KUSTOMIZATION_FILE.test(basename(path));
}

/**
 * How a fact of kustomizations is read: `read` gets the root map of a kustomization (an object of
 * kind Kustomization or kustomize's Component, or a bare kustomization file) and its folder.
 * Its facts are file names and labels: nothing moves with the text.
 */
export function fromKustomizations<Fact>(read: (view: YamlView, root: YAMLMap<unknown, unknown>, folder: string) => Fact[]): YamlExtraction<Fact> {
  return {
    objectKinds: ['Kustomization', 'Component'],
    fromObject(object, { folder }) {
      const root = kustomizationRoot(object);
      return root ? read(object.view, root, folder) : [];
    },
    fromBareDocument(view, path, folder) {
      const root = isKustomizationFile(path) ? view.asMap(view.root) : undefined;
      return root ? read(view, root, folder) : [];
    },
    shift: (fact) => fact,
  };
}

/** The object itself when it is a kustomization (a `Component` only with kustomize's apiVersion). */
function kustomizationRoot(object: K8sObject): YAMLMap<unknown, unknown> | undefined {
  return object.kind === 'Kustomization' || (object.kind === 'Component' && object.apiVersion.startsWith('kustomize')) ? object.node : undefined;
}
