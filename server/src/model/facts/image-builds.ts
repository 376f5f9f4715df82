import type { YamlView } from '../../parse/yaml-file';
import type { K8sObject } from '../k8s-object';
import { joinPath } from '../workspace-fs';
import type { DockerfileFact, DockerfileIndex } from './dockerfiles';
import { Buckets, bySource, listKind, shiftSource, type FactIndex, type FactSource } from './fact-kind';
import { isKustomizationFile } from './kustomization';

/** An image that a build definition (skaffold artifact, compose service) builds from a Dockerfile. */
export interface ImageBuildFact {
  readonly image: string;
  readonly dockerfile: string;
  /** The build context (compose `build.context`, skaffold `context`): where `COPY` sources are read from. */
  readonly context: string;
  readonly source: FactSource;
}

/** Builds by image repository and by Dockerfile. */
export class ImageBuildIndex implements FactIndex<ImageBuildFact> {
  private readonly byRepository = new Buckets<string, ImageBuildFact>();
  private readonly byDockerfile = new Buckets<string, ImageBuildFact>();

  add(_path: string, fact: ImageBuildFact): void {
    this.byRepository.add(imageRepository(fact.image), fact);
    this.byDockerfile.add(fact.dockerfile, fact);
  }

  remove(_path: string, fact: ImageBuildFact): void {
    this.byRepository.remove(imageRepository(fact.image), fact);
    this.byDockerfile.remove(fact.dockerfile, fact);
  }

  /** The build contexts that build definitions give this Dockerfile, in workspace order; empty when none names it. */
  contextsFor(dockerfile: string): string[] {
    return [
      ...new Set(
        (this.byDockerfile.get(dockerfile) ?? [])
          .slice()
          .sort(bySource)
          .map((b) => b.context),
      ),
    ];
  }

  /**
   * The workspace Dockerfile that builds `image`: through a build definition
   * (skaffold, compose), else the one Dockerfile whose folder is named like the
   * image's last path segment. Undefined when unknown or ambiguous.
   */
  dockerfileFor(
    image: string,
    dockerfiles: DockerfileIndex,
    dockerfileAt: (path: string) => DockerfileFact | undefined,
  ): { fact: DockerfileFact; via: FactSource | undefined } | undefined {
    const repo = imageRepository(image);
    const builds = [...(this.byRepository.get(repo) ?? [])].sort(bySource);
    const built = new Set(builds.map((b) => b.dockerfile));
    if (built.size > 1) return undefined;
    if (built.size === 1) {
      const [path] = built;
      const fact = path === undefined ? undefined : dockerfileAt(path);
      const last = builds[builds.length - 1];
      return fact && last ? { fact, via: last.source } : undefined;
    }
    const only = dockerfiles.onlyInFolderNamed(repo.slice(repo.lastIndexOf('/') + 1));
    return only ? { fact: only, via: undefined } : undefined;
  }
}

/** Images that skaffold and compose files build, with their Dockerfile and build context. */
export const IMAGE_BUILDS = listKind<'imageBuilds', ImageBuildFact, ImageBuildIndex>({
  name: 'imageBuilds',
  yaml: {
    objectKinds: ['Config'],
    fromObject: (object, { folder, source }) =>
      object.apiVersion.startsWith('skaffold/') && object.kind === 'Config' ? skaffoldBuilds(object, folder, source) : [],
    // A kustomization file is not a compose file.
    fromBareDocument: (view, path, folder) => (isKustomizationFile(path) ? [] : composeBuilds(view, folder, path)),
    shift: shiftSource,
  },
  inFragments: true,
  createIndex: () => new ImageBuildIndex(),
});

/** An image reference without tag or digest (`registry:5000/team/app:1.2@sha256:..` → `registry:5000/team/app`). */
export function imageRepository(image: string): string {
  const noDigest = image.split('@', 1)[0] ?? image;
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? noDigest : noDigest.slice(0, colon);
}

function skaffoldBuilds(object: K8sObject, folder: string, source: FactSource): ImageBuildFact[] {
  const { view } = object;
  const out: ImageBuildFact[] = [];
  const artifacts = view.getSeq(view.getMap(object.node, 'build'), 'artifacts');
  for (const item of artifacts?.items ?? []) {
    const artifact = view.asMap(item);
    const imageNode = view.get(artifact, 'image');
    const image = view.string(imageNode);
    const range = view.range(imageNode);
    if (!image || !range) continue;
    const context = view.getString(artifact, 'context') ?? '.';
    const dockerfile = view.getString(view.getMap(artifact, 'docker'), 'dockerfile') ?? 'Dockerfile';
    out.push({ image, dockerfile: joinPath(joinPath(folder, context), dockerfile), context: joinPath(folder, context), source: { path: source.path, range } });
  }
  return out;
}

/** Compose files: `services.X.build` (context or {context, dockerfile}) with `services.X.image`. */
function composeBuilds(view: YamlView, folder: string, path: string): ImageBuildFact[] {
  const root = view.asMap(view.root);
  const services = view.getMap(root, 'services');
  if (!services) return [];
  const out: ImageBuildFact[] = [];
  for (const item of services.items) {
    const service = view.asMap(item.value);
    const imageNode = view.get(service, 'image');
    const image = view.string(imageNode);
    const range = view.range(imageNode);
    const build = view.get(service, 'build');
    if (!image || !range || build === undefined) continue;
    const buildMap = view.asMap(build);
    const context = buildMap ? (view.getString(buildMap, 'context') ?? '.') : view.string(build);
    if (context === undefined || /^[a-z]+:\/\//.test(context)) continue;
    const dockerfile = (buildMap && view.getString(buildMap, 'dockerfile')) ?? 'Dockerfile';
    out.push({ image, dockerfile: joinPath(joinPath(folder, context), dockerfile), context: joinPath(folder, context), source: { path, range } });
  }
  return out;
}
