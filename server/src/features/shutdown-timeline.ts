import type { AnalysisSettings } from '../../../shared/src/settings';
import type { ContainerRef, PodSpecRef } from '../model/pod-spec';
import { podServesTraffic } from '../model/serving';
import { effectiveGracePeriod, podDrainBudget, preStopDuration } from '../model/timeline';
import type { WorkspaceIndex } from '../model/workspace-index';
import { programName, SHELLS } from '../parse/shell-words';

/** One moment of a pod's shutdown, in seconds after the pod turns Terminating. */
export interface TimelineEvent {
  /** Undefined when the moment depends on something unknown (a templated value, a non-sleep hook). */
  readonly at: number | undefined;
  readonly text: string;
}

/** A pod's shutdown sequence as Kubernetes runs it, with the places where the arithmetic fails. */
export interface ShutdownTimeline {
  readonly events: readonly TimelineEvent[];
  /** Problems with the sequence (SIGKILL before the app can drain), in plain words. */
  readonly warnings: readonly string[];
  /** One line for a code lens: `preStop 15s → SIGTERM → drain 45s → SIGKILL at 60s`. */
  readonly summary: string;
}

/**
 * What PID 1 of a container is, judged from its `command`: Kubernetes runs it
 * directly (exec form), so the program named there receives SIGTERM, unless it is
 * a shell, which forwards nothing unless its script `exec`s the app.
 */
function describePid1(container: ContainerRef): string {
  const { view } = container.pod.object;
  const commandNode = view.get(container.node, 'command');
  if (commandNode === undefined) return "the image's ENTRYPOINT/CMD";
  const command = view.strings(commandNode);
  const first = command?.[0];
  if (!first) return 'a command Graceful cannot read';
  const program = programName(first);
  if (SHELLS.has(program) && command.includes('-c')) return `\`${program}\` running a script: the app gets SIGTERM only if the script \`exec\`s it`;
  return `\`${program}\`, exec form`;
}

/**
 * Computes the pod's shutdown timeline: t=0 the pod is Terminating and endpoint
 * removal starts; the preStop hooks run (P); SIGTERM reaches every container's
 * PID 1; the app drains (budget R); at G the kubelet sends SIGKILL. `index` and `path` tell whether
 * the pod serves traffic (a missing preStop matters only then).
 */
export function shutdownTimeline(pod: PodSpecRef, settings: Pick<AnalysisSettings, 'drainSeconds'>, index: WorkspaceIndex, path: string): ShutdownTimeline {
  const grace = effectiveGracePeriod(pod);
  const preStop = preStopDuration(pod);
  const drain = podDrainBudget(pod, settings.drainSeconds);
  const G = grace.known ? grace.seconds : undefined;
  const P = preStop.known ? preStop.seconds : undefined;
  const events: TimelineEvent[] = [{ at: 0, text: 'pod Terminating, endpoint removal starts' }];
  const warnings: string[] = [];
  const [only, ...others] = pod.containers;
  const pid1 = only && others.length === 0 ? `PID 1 (${describePid1(only)})` : "each container's PID 1";
  const drainSource = drain.source ? ` (${drain.source.description})` : ' (the drainSeconds setting)';
  const gText = grace.known
    ? grace.pair
      ? `terminationGracePeriodSeconds ${G}`
      : `default terminationGracePeriodSeconds ${G}`
    : 'terminationGracePeriodSeconds is templated';

  if (G === 0) {
    // With G = 0 the kubelet skips the preStop hook and kills at once.
    events.push({ at: 0, text: `SIGTERM and SIGKILL at once (${gText}): no preStop, no drain` });
    warnings.push('terminationGracePeriodSeconds is 0: the app gets no time to finish in-flight requests');
    return { events, warnings, summary: 'SIGKILL at 0s (no preStop, no drain)' };
  }

  if (P === undefined) {
    events.push({ at: 0, text: `preStop hook of \`${preStop.container?.name ?? 'a container'}\` runs for a time Graceful cannot tell (not a plain sleep)` });
  } else if (P > 0) {
    const who = preStop.container?.name ? ` in \`${preStop.container.name}\`` : '';
    events.push({ at: 0, text: `preStop sleeps ${P} s${who} while load balancers stop routing to the pod` });
  } else if (podServesTraffic(pod, index, path)) {
    // The same serving test as missing-prestop: a pod nothing routes to needs no delay.
    warnings.push('no preStop delay: SIGTERM arrives while endpoints may still route new requests to the pod');
  }
  events.push({ at: P, text: `SIGTERM reaches ${pid1}` });

  const window = G !== undefined && P !== undefined ? G - P : undefined;
  events.push({ at: P, text: `drain budget ${drain.seconds} s${drainSource}${window !== undefined && window > 0 ? `; ${window} s left before SIGKILL` : ''}` });
  if (G === undefined) {
    events.push({ at: undefined, text: `SIGKILL when the grace period ends (${gText})` });
  } else {
    events.push({ at: G, text: `SIGKILL (${gText})` });
    if (P !== undefined && P >= G) {
      warnings.push(`the preStop sleep (${P} s) lasts the whole grace period (${G} s): the kubelet adds 2 s once, then kills the app before it drains`);
    } else if (window !== undefined && window < drain.seconds) {
      warnings.push(`only ${window} s between SIGTERM and SIGKILL, but the app needs ${drain.seconds} s to drain`);
    }
  }

  const preStopPart = P === undefined ? 'preStop ?s' : P > 0 ? `preStop ${P}s` : 'no preStop';
  const drainPart =
    window === undefined ? 'drain ?' : window < drain.seconds ? `drain ${Math.max(window, 0)}s (needs ${drain.seconds}s) ⚠` : `drain ${window}s`;
  const killPart = G === undefined ? 'SIGKILL at ?' : `SIGKILL at ${G}s`;
  return { events, warnings, summary: `${preStopPart} → SIGTERM → ${drainPart} → ${killPart}` };
}

/** The timeline as Markdown lines (`t=15 SIGTERM ...`), warnings inline, for a hover. */
export function timelineMarkdown(timeline: ShutdownTimeline): string {
  const lines = timeline.events.map((e) => `- **t=${e.at === undefined ? '?' : e.at}** ${e.text}`);
  const warnings = timeline.warnings.map((w) => `- ⚠ ${w}`);
  return ['**Shutdown timeline**', '', ...lines, ...(warnings.length > 0 ? ['', ...warnings] : [])].join('\n');
}
