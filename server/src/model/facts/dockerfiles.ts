import type { Dockerfile } from 'dockerfile-ast';
import type { RuleId } from '../../../../shared/src/rule-ids';
import type { OffsetRange } from '../../types';
import { finalBaseImage, isMinimalBase } from '../dockerfile-facts';
import type { BaseShells } from '../image-shell';
import type { Pid1Analysis } from '../pid1';
import { basename, dirname } from '../workspace-fs';
import { Buckets, keyWithoutSource, type FactIndex, type FactKind } from './fact-kind';

/** What a Dockerfile's final stage runs as PID 1, as far as the rules need it across files. */
export interface DockerfileFact {
  readonly path: string;
  /** The final stage's base image (`scratch`, `gcr.io/distroless/static`, ...), undefined when unknown. */
  readonly finalBase: string | undefined;
  /** The final stage has no shell: `FROM scratch`, or a distroless/static base without a debug tag. */
  readonly minimal: boolean;
  /** The shells of the final stage's base (what `sh` is in containers of this image). */
  readonly shells: BaseShells;
  /** The Dockerfile rule that flags the final stage, with the flagged instruction. */
  readonly signalProblem: { readonly ruleId: RuleId; readonly range: OffsetRange; readonly line: string } | undefined;
}

/** Dockerfiles by the name of their folder, for images no build definition names. */
export class DockerfileIndex implements FactIndex<DockerfileFact> {
  private readonly byFolder = new Buckets<string, DockerfileFact>();

  add(_path: string, fact: DockerfileFact): void {
    this.byFolder.add(basename(dirname(fact.path)), fact);
  }

  remove(_path: string, fact: DockerfileFact): void {
    this.byFolder.remove(basename(dirname(fact.path)), fact);
  }

  /** The one Dockerfile in a folder of this name; undefined when none or several. */
  onlyInFolderNamed(name: string): DockerfileFact | undefined {
    const [only, ...others] = this.byFolder.get(name) ?? [];
    return others.length === 0 ? only : undefined;
  }
}

/**
 * The facts other files need about a Dockerfile: one per Dockerfile, derived by the analyzer
 * (it needs the PID 1 analysis, which reads build contexts that other files name).
 */
export const DOCKERFILE: FactKind<'dockerfile', DockerfileFact | undefined, DockerfileFact, DockerfileIndex> = {
  name: 'dockerfile',
  empty: undefined,
  facts: (value) => (value ? [value] : []),
  // Its flagged range is part of what it says: a Dockerfile's facts are re-derived as a whole.
  key: keyWithoutSource,
  inFragments: true,
  shapesLookup: false,
  createIndex: () => new DockerfileIndex(),
};

/**
 * A Dockerfile's facts: its final base image, its shells, and the signal problem closest to PID 1
 * with the flagged instruction, so that manifests running the image can point at it. Which rule
 * flags what is the rules' decision: `flagged` is theirs (the analyzer passes it in).
 */
export function dockerfileFacts(
  path: string,
  dockerfile: Dockerfile,
  pid1: Pid1Analysis,
  flagged: (analysis: Pid1Analysis) => DockerfileFact['signalProblem'],
): DockerfileFact {
  const finalBase = finalBaseImage(dockerfile);
  return { path, finalBase, minimal: isMinimalBase(finalBase), shells: pid1.shells, signalProblem: flagged(pid1) };
}
