import type { YAMLMap } from 'yaml';
import type { YamlView } from '../../parse/yaml-file';
import { joinPath } from '../workspace-fs';
import { listKind, type FactIndex } from './fact-kind';
import { fromKustomizations } from './kustomization';

/** The files kustomizations list as patches, counted: two may list the same one. */
export class PatchIndex implements FactIndex<string> {
  private readonly listed = new Map<string, number>();

  add(_path: string, patch: string): void {
    this.listed.set(patch, (this.listed.get(patch) ?? 0) + 1);
  }

  remove(_path: string, patch: string): void {
    const count = this.listed.get(patch) ?? 0;
    if (count > 1) this.listed.set(patch, count - 1);
    else this.listed.delete(patch);
  }

  /** Whether a kustomization uses this file as a patch. */
  has(path: string): boolean {
    return this.listed.has(path);
  }
}

/** Files a kustomization lists as patches: fragments, not complete objects. */
export const KUSTOMIZE_PATCHES = listKind<'kustomizePatches', string, PatchIndex>({
  name: 'kustomizePatches',
  yaml: fromKustomizations(patchesOf),
  inFragments: true,
  shapesLookup: true,
  createIndex: () => new PatchIndex(),
});

function patchesOf(view: YamlView, root: YAMLMap<unknown, unknown>, folder: string): string[] {
  const out: string[] = [];
  for (const key of ['patchesStrategicMerge', 'patches', 'patchesJson6902']) {
    const seq = view.getSeq(root, key);
    for (const item of seq?.items ?? []) {
      const file = view.string(item) ?? view.getString(view.asMap(item), 'path');
      // Inline patches are YAML text, not file names.
      if (file && !file.includes('\n') && !file.includes(':')) out.push(joinPath(folder, file));
    }
  }
  return out;
}
