import type { AnalysisSettings } from '../../../shared/src/settings';
import type { Analyzer } from '../analyzer';
import { POD_SPEC_KINDS, podSpecOf } from '../model/pod-spec';
import type { OffsetRange } from '../types';
import { objectsOfFile } from './object-at';
import { shutdownTimeline } from './shutdown-timeline';

/** A line of text shown above a range. */
export interface TimelineLens {
  readonly range: OffsetRange;
  readonly title: string;
}

/**
 * One lens above the `kind` of each long-running workload: its shutdown timeline
 * in one line (`preStop 15s → SIGTERM → drain 45s → SIGKILL at 60s`). Jobs and
 * run-once Pods get none: they are not asked to drain.
 */
export function timelineLenses(analyzer: Analyzer, path: string, settings: AnalysisSettings): TimelineLens[] {
  const file = analyzer.yamlFile(path);
  if (!file) return [];
  const lenses: TimelineLens[] = [];
  for (const object of objectsOfFile(file, POD_SPEC_KINDS)) {
    const pod = podSpecOf(object);
    const range = object.view.keyRange(object.kindPair);
    if (!pod?.longRunning || pod.containers.length === 0 || !range) continue;
    lenses.push({ range, title: shutdownTimeline(pod, settings, analyzer.index, path).summary });
  }
  return lenses;
}
