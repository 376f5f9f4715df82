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
  /**
   * The root image's reference with global `ARG` defaults put in and quotes removed; it may
   * still hold variables (`debian:${VERSION}`), which is enough to tell the distribution.
   */
  readonly baseReference: string | undefined;
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
      return { stages: chain, baseImage: known ? image : undefined, baseReference: image === undefined ? undefined : withGlobalArgs(image, dockerfile) };
    }
    index = parent;
  }
}

/** `FROM` references use the `ARG`s declared before the first `FROM`: their defaults are put in. */
function withGlobalArgs(image: string, dockerfile: Dockerfile): string {
  const defaults = new Map<string, string>();
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') break;
    const match =
      instruction.getKeyword() === 'ARG' ? /^([A-Za-z_][A-Za-z0-9_]*)=("?)([^"\s]*)\2\s*$/.exec(instruction.getArgumentsContent()?.trim() ?? '') : null;
    const [, name, , value] = match ?? [];
    if (name !== undefined && value !== undefined) defaults.set(name, value);
  }
  return image
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, bare?: string) => {
      const name = braced ?? bare;
      return (name === undefined ? undefined : defaults.get(name)) ?? whole;
    })
    .replace(/["']/g, '');
}
