import type { Rule } from './rule';
import { hpaLocations, ownReplicaFloor } from './support/replicas-count';
import { rollingUpdateOf } from './support/replicas-rolling-update';

/** What the fix inserts: long enough for endpoints, kube-proxy and load balancers to pick a new pod up. */
const MIN_READY_SECONDS = 10;

/** Flags rolling Deployments that count a new pod available at its first ready probe. */
export const rule: Rule = {
  meta: {
    id: 'missing-min-ready-seconds',
    defaultSeverity: 'hint',
    title: 'Deployment has no minReadySeconds',
    summary: 'A Deployment with 2 or more replicas has no minReadySeconds, so a rollout stops old pods before new ones receive traffic.',
    fixable: true,
    needsCompleteObject: true,
  },
  checkKubernetes({ object, index, editor }) {
    const floor = ownReplicaFloor(object, index);
    const rolling = rollingUpdateOf(object);
    if (!floor || floor.count < 2 || !rolling) return [];
    const { view } = object;
    if (view.field(rolling.spec, 'minReadySeconds') !== 'absent') return [];
    const edit = editor.insertIntoMap(view, rolling.spec, { minReadySeconds: MIN_READY_SECONDS });
    return [
      {
        message: `${object.name ? `Deployment ${object.name}` : 'This Deployment'} runs ${floor.count} replicas but has no minReadySeconds: a rolling update stops an old pod as soon as a new one first reports ready, before load balancers route to it.`,
        range: view.pairRange(object.kindPair)!,
        related: hpaLocations(floor),
        fixes: edit ? [{ title: `Set minReadySeconds: ${MIN_READY_SECONDS}`, edits: [edit], preferred: true }] : [],
      },
    ];
  },
};
