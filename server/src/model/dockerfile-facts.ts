import type { Dockerfile } from 'dockerfile-ast';
import type { Pid1Analysis } from './pid1';
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
 * The facts other files need about a Dockerfile: its final base image, its shells, and
 * the signal problem closest to PID 1 with the flagged instruction, so that manifests
 * running the image can point at it. Which rule flags what is the rules' decision:
 * `flagged` is theirs (the analyzer passes it in).
 */
export function dockerfileFacts(path: string, dockerfile: Dockerfile, pid1: Pid1Analysis, flagged: (analysis: Pid1Analysis) => DockerfileFact['signalProblem']): DockerfileFact {
  const finalBase = finalBaseImage(dockerfile);
  return { path, finalBase, minimal: isMinimalBase(finalBase), shells: pid1.shells, signalProblem: flagged(pid1) };
}
