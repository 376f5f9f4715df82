import type { Pair, YAMLMap } from 'yaml';
import type { YamlEditor, YamlValue } from '../../fix/yaml-edit';
import type { ContainerRef } from '../../model/pod-spec';
import { sleepCommandSeconds } from '../../model/timeline';
import { parseShell, programName, SHELLS } from '../../parse/shell-words';
import type { YamlView } from '../../parse/yaml-file';
import type { TextEdit } from '../../types';
import { isWritableMap, ownsPair } from './grace-edits';

/**
 * Whether the target cluster has the native preStop `sleep` action: beta and on
 * by default from 1.30 (PodLifecycleSleepAction), GA in 1.34. Before that the
 * API server rejects it, so fixes fall back to `exec` of `sleep`.
 */
export function nativeSleepAvailable(kubernetesVersion: string): boolean {
  const m = /^v?(\d+)\.(\d+)/.exec(kubernetesVersion);
  if (!m) return false;
  const major = Number(m[1]);
  return major > 1 || (major === 1 && Number(m[2]) >= 30);
}

/** A preStop handler that sleeps `seconds`: the native action when available, else `exec` of `sleep`. */
export function preStopSleepHandler(seconds: number, native: boolean): YamlValue {
  return native ? { sleep: { seconds } } : { exec: { command: ['sleep', String(seconds)] } };
}

/**
 * Adds `preStop: handler` to a container: under its `lifecycle` when it has one
 * (keeping `postStart`), else as a new `lifecycle` block. Undefined when the
 * container or its lifecycle cannot be edited safely (flow style, anchors,
 * a lifecycle merged in from elsewhere, or one that already has a preStop).
 */
export function insertPreStopEdit(view: YamlView, editor: YamlEditor, container: ContainerRef, handler: YamlValue): TextEdit | undefined {
  if (!isWritableMap(container.node)) return undefined;
  const lifecyclePair = view.pair(container.node, 'lifecycle');
  // A null `lifecycle:` or `preStop:` is absent: the insertion replaces it.
  if (!lifecyclePair || view.isNull(lifecyclePair)) return editor.insertIntoMap(view, container.node, { lifecycle: { preStop: handler } });
  const lifecycle = view.asMap(lifecyclePair.value);
  // `lifecycle: {}` (as charts print an empty values map) is rewritten as a block holding the hook.
  if (lifecycle?.flow && lifecycle.items.length === 0 && ownsPair(container.node, lifecyclePair))
    return editor.insertUnder(view, container.node, 'lifecycle', { preStop: handler });
  if (!ownsPair(container.node, lifecyclePair) || !isWritableMap(lifecycle) || view.get(lifecycle, 'preStop')) return undefined;
  return editor.insertIntoMap(view, lifecycle, { preStop: handler });
}

/**
 * The seconds of an exec hook that does nothing but sleep (`sleep 5`, or
 * `sh -c "sleep 5"` alone), so that swapping it for the native action loses nothing.
 * A script that sleeps and then runs more (`sleep 5 && nginx -s quit`) gives undefined.
 */
export function pureSleepSeconds(argv: readonly string[]): number | undefined {
  const seconds = sleepCommandSeconds(argv);
  const [command, , script] = argv;
  if (seconds === undefined || command === undefined) return undefined;
  if (SHELLS.has(programName(command)) && (argv.length !== 3 || script === undefined || parseShell(script).commands.length !== 1)) return undefined;
  return seconds;
}

/**
 * Replaces the `exec` pair of a preStop handler with `sleep: {seconds: N}`,
 * written in block style in a block map and in flow style in a flow map.
 */
export function replaceExecWithSleepEdit(
  view: YamlView,
  editor: YamlEditor,
  preStop: YAMLMap<unknown, unknown>,
  execPair: Pair<unknown, unknown>,
  seconds: number,
): TextEdit | undefined {
  const key = view.range(execPair.key);
  const end = editor.endOfPair(view, execPair);
  if (!key || end === undefined || preStop.anchor || !ownsPair(preStop, execPair)) return undefined;
  if (preStop.flow) return { range: { start: key.start, end }, newText: `sleep: {seconds: ${seconds}}` };
  const column = editor.lines.positionAt(key.start).character;
  const inner = ' '.repeat(column + editor.style.indent);
  return { range: { start: key.start, end }, newText: `sleep:${editor.style.eol}${inner}seconds: ${seconds}` };
}
