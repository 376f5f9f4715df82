import { DockerfileParser } from 'dockerfile-ast';
import type { Pair, YAMLMap } from 'yaml';
import { isMinimalBase } from '../model/dockerfile-facts';
import type { DockerfileFact } from '../model/facts/dockerfiles';
import type { ContainerRef } from '../model/pod-spec';
import { effectiveGracePeriod } from '../model/timeline';
import type { WorkspaceFs } from '../model/workspace-fs';
import { dirname } from '../model/workspace-fs';
import { LineIndex } from '../parse/line-index';
import { programName, SHELLS } from '../parse/shell-words';
import type { Fix, OffsetRange, RelatedLocation, RuleFinding } from '../types';
import type { KubernetesContext, Rule } from './rule';
import { nativeSleepAvailable, pureSleepSeconds, replaceExecWithSleepEdit } from './support/prestop-edits';

/** Shells and tools that minimal images leave out. */
const SHELL_TOOLS = new Set([
  ...SHELLS,
  'sleep',
  'curl',
  'wget',
  'cat',
  'ls',
  'test',
  '[',
  'grep',
  'echo',
  'printf',
  'env',
  'nc',
  'netcat',
  'ps',
  'pgrep',
  'kill',
  'pkill',
  'touch',
  'rm',
  'stat',
  'find',
  'head',
  'tail',
  'awk',
  'sed',
  'timeout',
  'true',
  'false',
]);

/** Where those tools live when they exist; a command elsewhere (`/app/healthcheck`) is the app's own. */
const SYSTEM_DIRS = new Set(['/bin', '/usr/bin', '/sbin', '/usr/sbin', '/usr/local/bin', '/busybox']);

const HANDLERS: ReadonlyArray<{ key: string; effect: string }> = [
  { key: 'livenessProbe', effect: 'the probe always fails and the kubelet restarts the container again and again' },
  { key: 'readinessProbe', effect: 'the probe always fails and the pod never receives traffic' },
  { key: 'startupProbe', effect: 'the probe always fails and the kubelet kills the container before it ever starts' },
];
const PRESTOP_EFFECT = 'the hook fails at once (FailedPreStopHook), so the container gets SIGTERM while it still receives traffic';

/** An exec hook or probe that needs a shell or coreutils in an image that has neither. */
export const rule: Rule = {
  meta: {
    id: 'exec-on-minimal-image',
    defaultSeverity: 'warning',
    title: 'Exec handler needs a shell the image lacks',
    summary: 'An exec preStop hook or probe runs a shell or coreutils in a distroless, static or scratch image that has none, so it always fails.',
    fixable: true,
    needsCompleteObject: false,
  },
  checkKubernetes(ctx) {
    const pod = ctx.pod;
    if (!pod) return [];
    const out: RuleFinding[] = [];
    for (const container of [...pod.containers, ...pod.initContainers.filter((c) => c.role === 'sidecar')]) {
      const image = container.image && minimalImage(ctx, container.image);
      if (!image) continue;
      const { view } = ctx.object;
      const preStop = view.getMap(view.getMap(container.node, 'lifecycle'), 'preStop');
      const handlers = [
        { name: 'The preStop hook', map: preStop, effect: PRESTOP_EFFECT },
        ...HANDLERS.map((h) => ({ name: `The ${h.key}`, map: view.getMap(container.node, h.key), effect: h.effect })),
      ];
      for (const handler of handlers) {
        const exec = handler.map && shellExec(ctx, handler.map);
        const range = exec && view.keyRange(exec.pair);
        if (!exec || !range) continue;
        const fix = preStop && handler.map === preStop ? nativeSleepFix(ctx, container, preStop, exec) : undefined;
        out.push({
          message: `${handler.name} runs "${exec.program}", but ${image.description} has no shell or coreutils: ${handler.effect}.`,
          range,
          ...(image.related ? { related: [image.related] } : {}),
          ...(fix ? { fixes: [fix] } : {}),
        });
      }
    }
    return out;
  },
};

/** How the image is known to be minimal, or undefined when it is not (or we cannot tell). */
function minimalImage(ctx: KubernetesContext, image: string): { description: string; related?: RelatedLocation } | undefined {
  if (isMinimalBase(image)) return { description: `the image ${image}` };
  const built = ctx.index.dockerfileForImage(image);
  if (!built?.fact.minimal) return undefined;
  const base = built.fact.finalBase ?? 'a minimal base';
  return {
    description: `the image ${image} (built FROM ${base} by a workspace Dockerfile)`,
    related: { path: built.fact.path, range: finalFromRange(ctx.fs, built.fact), message: `the final stage is FROM ${base}, which has no shell` },
  };
}

/** The final `FROM` of the Dockerfile, or its start when the file cannot be read. */
function finalFromRange(fs: WorkspaceFs, fact: DockerfileFact): OffsetRange {
  const text = fs.readText(fact.path);
  if (text === undefined) return { start: 0, end: 0 };
  const from = DockerfileParser.parse(text).getFROMs().at(-1)?.getRange();
  if (!from) return { start: 0, end: 0 };
  const lines = new LineIndex(text);
  return { start: lines.offsetAt(from.start), end: lines.offsetAt(from.end) };
}

interface ShellExec {
  readonly pair: Pair<unknown, unknown>;
  readonly argv: readonly string[];
  readonly program: string;
}

/** The handler's `exec` when its command starts with a shell or a system tool. */
function shellExec(ctx: KubernetesContext, handler: YAMLMap<unknown, unknown>): ShellExec | undefined {
  const { view } = ctx.object;
  const pair = view.pair(handler, 'exec');
  const argv = pair && view.strings(view.get(view.asMap(pair.value), 'command'));
  const first = argv?.[0];
  if (!pair || !argv || first === undefined) return undefined;
  const program = programName(first);
  const inSystemDir = !first.includes('/') || SYSTEM_DIRS.has(dirname(first));
  return SHELL_TOOLS.has(program) && inSystemDir ? { pair, argv, program } : undefined;
}

/**
 * A preStop that only sleeps becomes the native `sleep` action, which the
 * kubelet runs itself. Offered when the cluster has it and the API server will
 * accept it: whole seconds, at most the grace period.
 */
function nativeSleepFix(ctx: KubernetesContext, container: ContainerRef, preStop: YAMLMap<unknown, unknown>, exec: ShellExec): Fix | undefined {
  const seconds = pureSleepSeconds(exec.argv);
  const grace = effectiveGracePeriod(container.pod);
  if (seconds === undefined || !Number.isInteger(seconds) || seconds < 1 || !grace.known || seconds > grace.seconds) return undefined;
  if (!nativeSleepAvailable(ctx.settings.kubernetesVersion)) return undefined;
  const edit = replaceExecWithSleepEdit(ctx.object.view, ctx.editor, preStop, exec.pair, seconds);
  return edit && { title: `Use the native sleep action (${seconds} s)`, edits: [edit], preferred: true };
}
