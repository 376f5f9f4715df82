import type { RuleId } from '../../../shared/src/rule-ids';
import type { ContainerRef } from '../model/pod-spec';
import type { RelatedLocation, RuleFinding } from '../types';
import type { KubernetesContext, Rule } from './rule';

const PROBLEMS: Partial<Record<RuleId, string>> = {
  'shell-form-cmd': 'writes its CMD in shell form',
  'shell-form-entrypoint': 'writes its ENTRYPOINT in shell form',
  'shell-wrapper-without-exec': 'starts the app from a shell script without exec',
  'entrypoint-script-without-exec': 'runs an entrypoint script that does not exec the app',
};

/** A container runs a workspace image whose PID 1 is a shell that swallows SIGTERM. */
export const rule: Rule = {
  meta: {
    id: 'image-runs-shell-form',
    defaultSeverity: 'warning',
    title: 'Container runs an image whose shell swallows SIGTERM',
    summary:
      "A container uses the image's own entrypoint, and the workspace Dockerfile that builds it runs the app under a shell that does not forward SIGTERM.",
    fixable: false,
    needsCompleteObject: true,
  },
  checkKubernetes(ctx) {
    const pod = ctx.pod;
    if (!pod?.longRunning) return [];
    const out: RuleFinding[] = [];
    for (const container of pod.containers) {
      const finding = check(ctx, container);
      if (finding) out.push(finding);
    }
    return out;
  },
};

function check(ctx: KubernetesContext, container: ContainerRef): RuleFinding | undefined {
  const { view } = ctx.object;
  // `command` replaces the image's entrypoint; a template line may emit one.
  if (!container.image || view.field(container.node, 'command') !== 'absent') return undefined;
  const built = ctx.index.dockerfileForImage(container.image);
  const problem = built?.fact.signalProblem;
  if (!built || !problem) return undefined;
  // `args` replaces the image's CMD, so a flagged CMD never runs; a flagged ENTRYPOINT still does.
  if (view.field(container.node, 'args') !== 'absent' && /^\s*CMD\b/i.test(problem.line)) return undefined;
  const range = view.range(view.get(container.node, 'image'));
  if (!range) return undefined;
  const related: RelatedLocation[] = [{ path: built.fact.path, range: problem.range, message: `${problem.ruleId}: ${problem.line.trim()}` }];
  if (built.via) related.push({ ...built.via, message: `this build definition builds ${container.image} from ${built.fact.path}` });
  return {
    message: `${describe(container)} runs ${container.image} with the image's own entrypoint, and the workspace Dockerfile that builds it ${explain(problem.ruleId)}: PID 1 is a shell that does not pass SIGTERM on, so the app never drains and is killed when the grace period ends.`,
    range,
    related,
  };
}

function describe(container: ContainerRef): string {
  return container.name === undefined ? 'This container' : `Container "${container.name}"`;
}

function explain(ruleId: RuleId): string {
  return PROBLEMS[ruleId] ?? `is flagged by ${ruleId}`;
}
