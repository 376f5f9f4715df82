import type { Pair, YAMLMap } from 'yaml';
import type { K8sObject } from '../../model/k8s-object';
import type { FieldLookup } from '../../parse/yaml-file';

/** Where a Deployment's rolling update is configured; the maps are undefined when absent (API defaults apply). */
export interface RollingUpdateRef {
  readonly spec: YAMLMap<unknown, unknown>;
  readonly strategyPair: Pair<unknown, unknown> | undefined;
  readonly strategy: YAMLMap<unknown, unknown> | undefined;
  readonly rollingUpdate: YAMLMap<unknown, unknown> | undefined;
}

/**
 * A Deployment's rolling update, or undefined when it does not roll (`type: Recreate`
 * stops every old pod before starting new ones) or when a templated or oddly typed
 * value hides how it rolls.
 */
export function rollingUpdateOf(object: K8sObject): RollingUpdateRef | undefined {
  const { view } = object;
  const spec = view.getMap(object.node, 'spec');
  if (object.kind !== 'Deployment' || !spec) return undefined;
  const strategyPair = present(view.field(spec, 'strategy'));
  if (strategyPair === null) return undefined;
  if (!strategyPair) return { spec, strategyPair, strategy: undefined, rollingUpdate: undefined };
  const strategy = view.asMap(strategyPair.value);
  if (!strategy) return undefined;
  const typePair = present(view.field(strategy, 'type'));
  if (typePair === null || (typePair && view.string(typePair.value) !== 'RollingUpdate')) return undefined;
  const rollingPair = present(view.field(strategy, 'rollingUpdate'));
  if (rollingPair === null) return undefined;
  const rollingUpdate = rollingPair && view.asMap(rollingPair.value);
  if (rollingPair && !rollingUpdate) return undefined;
  return { spec, strategyPair, strategy, rollingUpdate };
}

/** The pair, undefined when surely absent, null when unknown. */
export function present(field: FieldLookup): Pair<unknown, unknown> | undefined | null {
  return field === 'unknown' ? null : field === 'absent' ? undefined : field;
}
