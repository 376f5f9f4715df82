import type { Rule } from './rule';
import { hpaLocations, ownReplicaFloor } from './support/replicas-count';
import { rollingUpdateOf } from './support/replicas-rolling-update';

/** What the fix inserts: long enough for endpoints, kube-proxy and load balancers to pick a new pod up. */
const MIN_READY_SECONDS = 10;

const DOCS = `# missing-min-ready-seconds

## Why it matters

A rolling update stops an old pod as soon as its replacement counts as available. Without
\`minReadySeconds\` that is the instant the new pod's readiness probe first passes: before the endpoint
change has reached kube-proxy on every node, the ingress controller and any cloud load balancer, and
before the new pod has shown that it stays ready under traffic. The old pod is already draining while its
replacement does not yet receive requests, or fails right after its first success, and the rollout keeps
going. \`minReadySeconds\` makes the controller wait that long after readiness before it counts the pod and
moves on to stop the next old one.

## What triggers it

A \`Deployment\` that rolls (no \`strategy.type: Recreate\`), runs 2 or more replicas, and has no
\`spec.minReadySeconds\`. The replica count is \`spec.replicas\` (1 when absent); for a Deployment that a
HorizontalPodAutoscaler scales, its \`minReplicas\` (the HPA owns the count).

It does not trigger when \`minReadySeconds\` is set to any value (0 included: a deliberate choice), when the
replica count, the strategy or the HPA's \`minReplicas\` is templated, for \`Recreate\` Deployments (every old
pod stops before new ones start, so there is nothing to wait for), or in a kustomize patch.

## How to fix

Set \`minReadySeconds\` in the Deployment's \`spec\`, to about the time your load balancers need to route to a
new pod (the quick fix inserts ${MIN_READY_SECONDS}).

## Example

Before:

\`\`\`yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  # selector, template...
\`\`\`

After:

\`\`\`yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  # selector, template...
  minReadySeconds: ${MIN_READY_SECONDS}
\`\`\`
`;

/** Flags rolling Deployments that count a new pod available at its first ready probe. */
export const rule: Rule = {
  meta: {
    id: 'missing-min-ready-seconds',
    defaultSeverity: 'hint',
    title: 'Deployment has no minReadySeconds',
    summary: 'A Deployment with 2 or more replicas has no minReadySeconds, so a rollout stops old pods before new ones receive traffic.',
    docs: DOCS,
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
