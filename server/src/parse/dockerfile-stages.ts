import type { Dockerfile, From, Instruction } from 'dockerfile-ast';

/** One build stage: its `FROM` and the instructions up to the next `FROM`. */
export interface DockerStage {
  readonly from: From;
  /** The `AS name` alias, lower-cased as Docker compares it. */
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[];
}

/**
 * The final stage and the stages it builds on inside the same Dockerfile
 * (`FROM builder` inherits builder's ENTRYPOINT, CMD, SHELL, WORKDIR...), root first.
 */
export interface FinalStageChain {
  readonly stages: readonly DockerStage[];
  /** The image at the root of the chain as written (`python:3.12`), undefined when unknown (`FROM $BASE`). */
  readonly baseImage: string | undefined;
}

/** Splits a Dockerfile into its stages; instructions before the first `FROM` (global `ARG`s) belong to none. */
export function stagesOf(dockerfile: Dockerfile): DockerStage[] {
  const stages: Array<{ from: From; name: string | undefined; instructions: Instruction[] }> = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = instruction as From;
      stages.push({ from, name: from.getBuildStage()?.toLowerCase() ?? undefined, instructions: [] });
    } else {
      stages[stages.length - 1]?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The final stage with its parent stages; undefined for a Dockerfile without `FROM`. */
export function finalStageChain(dockerfile: Dockerfile): FinalStageChain | undefined {
  const stages = stagesOf(dockerfile);
  if (stages.length === 0) return undefined;
  const chain: DockerStage[] = [];
  let index = stages.length - 1;
  for (let stage = stages[index]; stage; stage = stages[index]) {
    chain.unshift(stage);
    const image = stage.from.getImage() ?? undefined;
    const parent = image === undefined ? -1 : stages.findIndex((s, i) => i < index && s.name === image.toLowerCase());
    if (parent === -1) {
      const known = image !== undefined && !image.includes('$');
      return { stages: chain, baseImage: known ? image : undefined };
    }
    index = parent;
  }
}

/** Windows base images, whose default shell is `cmd /S /C` and whose processes do not get POSIX signals. */
export function isWindowsImage(image: string): boolean {
  return /(^|\/)(windows|nanoserver|servercore|windowsservercore)([/:-]|$)|dotnet\/framework|:(ltsc|nanoserver|windowsservercore)/i.test(image);
}
