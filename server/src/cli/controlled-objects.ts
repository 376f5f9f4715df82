import { isScalar } from 'yaml';
import { objectsOf, type K8sObject } from '../model/k8s-object';
import type { YamlFile } from '../parse/yaml-file';
import type { OffsetRange } from '../types';
import type { FileReport } from './disk-workspace';

const identity = (namespace: string | undefined, kind: string, name: string | undefined) => `${namespace ?? ''}/${kind}/${name ?? ''}`;

/**
 * Ranges of the objects in `file` that a controller made from another object of the same
 * file: what `kubectl get all -o yaml` lists besides the Deployment (its ReplicaSet, their
 * Pods, a CronJob's Jobs), each with a `controller: true` owner reference. Their specs are
 * copies of the owner's template, so their findings repeat the owner's, where the fix belongs.
 */
function controlledRanges(file: YamlFile): OffsetRange[] {
  if (!file.text.includes('ownerReferences')) return [];
  const objects: K8sObject[] = file.documents.flatMap((d) => objectsOf(d));
  const present = new Set(objects.map((o) => identity(o.namespace, o.kind, o.name)));
  const ranges: OffsetRange[] = [];
  for (const object of objects) {
    const { view } = object;
    const owners = view.getSeq(view.getMap(object.node, 'metadata'), 'ownerReferences')?.items ?? [];
    const controlledHere = owners.some((item) => {
      const owner = view.asMap(item);
      const controller = view.get(owner, 'controller');
      return (
        isScalar(controller) &&
        controller.value === true &&
        present.has(identity(object.namespace, view.getString(owner, 'kind') ?? '', view.getString(owner, 'name')))
      );
    });
    const range = controlledHere ? view.range(object.node) : undefined;
    if (range) ranges.push(range);
  }
  return ranges;
}

/** Drops findings on controller-made copies whose owner is in the same file (see {@link controlledRanges}). */
export function withoutControlledCopies(files: readonly FileReport[], yamlFileOf: (path: string) => YamlFile | undefined): FileReport[] {
  return files.map((report) => {
    // Reading every object of a file (CRDs too) is only worth it when there are findings to drop.
    if (report.findings.length === 0) return report;
    const file = yamlFileOf(report.path);
    const ranges = file ? controlledRanges(file) : [];
    if (ranges.length === 0) return report;
    return { ...report, findings: report.findings.filter((f) => !ranges.some((r) => r.start <= f.range.start && f.range.start < r.end)) };
  });
}
