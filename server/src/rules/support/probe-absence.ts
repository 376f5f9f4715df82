import type { ContainerRef } from '../../model/pod-spec';
import type { ProbeKey } from './probe-handler';

/**
 * Whether we are sure the container has no probe under `key`. A Helm directive on
 * a line of its own inside the container (`{{- include "app.probes" . | nindent 10 }}`)
 * may emit that key, so its absence from the parse proves nothing. A null probe (`readinessProbe:`) is absent.
 */
export function probeSurelyAbsent(container: ContainerRef, key: ProbeKey): boolean {
  const { view } = container.pod.object;
  return view.field(container.node, key) === 'absent';
}
