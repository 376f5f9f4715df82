import type { ContainerRef } from '../../model/pod-spec';
import type { ProbeKey } from './probe-handler';

/**
 * Whether we are sure the container has no probe under `key`. A Helm directive on
 * a line of its own inside the container (`{{- include "app.probes" . | nindent 10 }}`)
 * may emit that key, so its absence from the parse proves nothing.
 */
export function probeSurelyAbsent(container: ContainerRef, key: ProbeKey): boolean {
  const { view } = container.pod.object;
  return view.pair(container.node, key) === undefined && !view.mayHaveTemplatedKeys(container.node);
}
