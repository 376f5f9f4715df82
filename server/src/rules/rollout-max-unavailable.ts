import { isScalar, type Pair } from 'yaml';
import type { YamlEditor } from '../fix/yaml-edit';
import type { K8sObject } from '../model/k8s-object';
import type { Fix, RuleFinding, TextEdit } from '../types';
import type { Rule } from './rule';
import { hpaLocations, ownReplicaFloor, parsePercent, scaledIntOrPercent } from './support/replicas-count';
import { present, rollingUpdateOf, type RollingUpdateRef } from './support/replicas-rolling-update';

/** Flags Deployments whose rolling update stops old pods before their replacements are ready. */
export const rule: Rule = {
  meta: {
    id: 'rollout-max-unavailable',
    defaultSeverity: 'hint',
    title: 'Rolling update can drop below capacity',
    summary: 'A Deployment with 2 or more replicas lets its rolling update stop pods before replacements are ready (maxUnavailable above 0).',
    fixable: true,
    needsCompleteObject: true,
  },
  checkKubernetes({ object, index, editor }) {
    const floor = ownReplicaFloor(object, index);
    const rolling = rollingUpdateOf(object);
    if (!floor || floor.count < 2 || !rolling) return [];
    const { view } = object;
    // extensions/v1beta1 defaulted both to 1; later API versions to 25%.
    const fallback = object.apiVersion === 'extensions/v1beta1' ? 1 : '25%';
    const maxUnavailablePair = present(view.field(rolling.rollingUpdate, 'maxUnavailable'));
    const maxSurgePair = present(view.field(rolling.rollingUpdate, 'maxSurge'));
    if (maxUnavailablePair === null || maxSurgePair === null) return [];
    const written = maxUnavailablePair ? view.intOrString(maxUnavailablePair.value) : fallback;
    const surgeWritten = maxSurgePair ? view.intOrString(maxSurgePair.value) : fallback;
    if (written === undefined || surgeWritten === undefined) return [];
    const surge = scaledIntOrPercent(surgeWritten, floor.count, 'up');
    const scaled = scaledIntOrPercent(written, floor.count, 'down');
    if (surge === undefined || scaled === undefined || !aboveZero(written)) return [];
    // When both round to 0 the controller still takes one pod down at a time.
    const unavailable = scaled === 0 && surge === 0 ? 1 : scaled;
    const shown = `maxUnavailable ${written}${maxUnavailablePair ? '' : ', the default'}`;
    const name = object.name ?? 'this Deployment';
    const finding: RuleFinding = {
      message:
        unavailable > 0
          ? `A rolling update of ${name} can stop ${unavailable} of its ${floor.count} pods before their replacements are ready (${shown}): capacity drops on every deploy.`
          : `A rolling update of ${name} may stop pods before their replacements are ready (${shown}): it rounds down to 0 of ${floor.count} pods today, but takes pods out as soon as the replica count grows.`,
      range: (rolling.strategyPair ? view.keyRange(rolling.strategyPair) : view.pairRange(object.kindPair))!,
      related: hpaLocations(floor),
      fixes: zeroUnavailableFix(object, editor, rolling, maxUnavailablePair, surge === 0 ? maxSurgePair : undefined),
    };
    return [finding];
  },
};

/** A `maxUnavailable` as written that lets the controller take pods out: an integer or a percentage above 0. */
function aboveZero(value: number | string): boolean {
  return typeof value === 'number' ? value > 0 : (parsePercent(value) ?? 0) > 0;
}

/** `maxUnavailable: 0`, written where it belongs; a zero `maxSurge` becomes 1, as the API requires one of them above 0. */
function zeroUnavailableFix(
  object: K8sObject,
  editor: YamlEditor,
  rolling: RollingUpdateRef,
  maxUnavailablePair: Pair<unknown, unknown> | undefined,
  zeroSurgePair: Pair<unknown, unknown> | undefined,
): Fix[] {
  const { view } = object;
  const edits: Array<TextEdit | undefined> = [];
  if (!rolling.strategy) edits.push(editor.insertIntoMap(view, rolling.spec, { strategy: { rollingUpdate: { maxUnavailable: 0 } } }));
  else if (!rolling.rollingUpdate) edits.push(editor.insertIntoMap(view, rolling.strategy, { rollingUpdate: { maxUnavailable: 0 } }));
  else if (!maxUnavailablePair) edits.push(editor.insertIntoMap(view, rolling.rollingUpdate, { maxUnavailable: 0 }));
  else edits.push(replaceInt(object, maxUnavailablePair, 0));
  if (zeroSurgePair) edits.push(replaceInt(object, zeroSurgePair, 1));
  if (!edits.every((e): e is TextEdit => e !== undefined)) return [];
  return [{ title: zeroSurgePair ? 'Set maxUnavailable: 0 and maxSurge: 1' : 'Set maxUnavailable: 0', edits, preferred: true }];
}

/** An unquoted integer in place of the value: `"25%"` becomes `0`, not the invalid string `"0"`. */
function replaceInt(object: K8sObject, pair: Pair<unknown, unknown>, value: number): TextEdit | undefined {
  const range = object.view.range(pair.value);
  return range && isScalar(pair.value) ? { range, newText: String(value) } : undefined;
}
