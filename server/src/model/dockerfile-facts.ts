import type { Dockerfile } from 'dockerfile-ast';

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
