import type { YAMLMap } from 'yaml';
import type { YamlView } from '../../parse/yaml-file';
import { joinPath } from '../workspace-fs';
import { listKind, type FactIndex } from './fact-kind';
import { fromKustomizations } from './kustomization';

/** `commonLabels` (or `labels` with `includeSelectors`) of a kustomization, and the files or folders it lists. */
export interface KustomizeLabels {
  readonly resources: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

export class KustomizeLabelIndex implements FactIndex<KustomizeLabels> {
  private readonly all = new Set<KustomizeLabels>();

  add(_path: string, fact: KustomizeLabels): void {
    this.all.add(fact);
  }

  remove(_path: string, fact: KustomizeLabels): void {
    this.all.delete(fact);
  }

  /** Labels kustomize adds to this file's objects: from kustomizations listing the file or a folder above it. */
  addedTo(path: string): Readonly<Record<string, string>> {
    let out: Record<string, string> = {};
    for (const { resources, labels } of this.all) {
      if (resources.some((r) => path === r || path.startsWith(`${r}/`))) out = { ...out, ...labels };
    }
    return out;
  }
}

/** Labels a kustomization adds to the selectors and pod templates of its resources (`commonLabels`). */
export const KUSTOMIZE_LABELS = listKind<'kustomizeLabels', KustomizeLabels, KustomizeLabelIndex>({
  name: 'kustomizeLabels',
  yaml: fromKustomizations(labelsOf),
  inFragments: true,
  shapesLookup: true,
  createIndex: () => new KustomizeLabelIndex(),
});

/**
 * The labels a kustomization writes into its resources' selectors and pod templates: `commonLabels`,
 * and `labels` entries with `includeSelectors: true`. Resources are files or folders (bases).
 */
function labelsOf(view: YamlView, root: YAMLMap<unknown, unknown>, folder: string): KustomizeLabels[] {
  const labels: Record<string, string> = { ...view.stringMap(view.get(root, 'commonLabels')) };
  for (const item of view.getSeq(root, 'labels')?.items ?? []) {
    const entry = view.asMap(item);
    const includeSelectors = view.get(entry, 'includeSelectors') as { readonly value?: unknown } | undefined;
    if (includeSelectors?.value === true) Object.assign(labels, view.stringMap(view.get(entry, 'pairs')));
  }
  const resources = (view.strings(view.get(root, 'resources')) ?? [])
    .filter((r) => !/^[a-z]+:\/\//.test(r) && !r.includes('?'))
    .map((r) => joinPath(folder, r).replace(/\/$/, ''));
  return Object.keys(labels).length > 0 && resources.length > 0 ? [{ resources, labels }] : [];
}
