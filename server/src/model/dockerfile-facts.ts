import type { Dockerfile } from 'dockerfile-ast';
import { analyzePid1 } from './pid1';
import type { WorkspaceFs } from './workspace-fs';
import type { DockerfileFact } from './workspace-index';

/** The final stage's base image, as written in its `FROM`. */
export function finalBaseImage(dockerfile: Dockerfile): string | undefined {
  const froms = dockerfile.getFROMs();
  return froms[froms.length - 1]?.getImageName() ?? undefined;
}

/** Bases without a shell or coreutils: `scratch`, distroless without a debug tag, Chainguard's static. */
export function isMinimalBase(image: string | undefined): boolean {
  if (!image) return false;
  const [name = '', tag = ''] = (image.split('@', 1)[0] ?? image).split(/:(?=[^/]*$)/);
  if (name === 'scratch') return true;
  if (/(^|\/)distroless\//.test(name)) return !/debug/.test(tag);
  return name === 'cgr.dev/chainguard/static';
}

/**
 * The facts other files need about a Dockerfile: its final base image and the
 * first Dockerfile rule that flags its PID 1 (the one closest to PID 1), with the
 * flagged instruction, so that manifests running the image can point at it.
 */
export function dockerfileFacts(path: string, dockerfile: Dockerfile, text: string, fs: WorkspaceFs): DockerfileFact {
  const finalBase = finalBaseImage(dockerfile);
  const problem = analyzePid1(path, dockerfile, text, fs).problems[0];
  const signalProblem = problem && { ruleId: problem.ruleId, range: problem.instruction.range, line: problem.instruction.line };
  return { path, finalBase, minimal: isMinimalBase(finalBase), signalProblem };
}
