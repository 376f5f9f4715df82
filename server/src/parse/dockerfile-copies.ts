import type { Dockerfile, ModifiableInstruction } from 'dockerfile-ast';
import { basename, joinPath } from '../model/workspace-fs';
import { instructionArguments, parseJsonArguments } from './dockerfile-args';
import type { FinalStageChain } from './dockerfile-stages';
import type { LineIndex } from './line-index';

/** A `COPY`/`ADD` from the build context into the image, with absolute paths on both sides. */
export interface ContextCopy {
  /** Sources as workspace paths, in each build context the Dockerfile is built from. */
  readonly sources: readonly string[];
  /** Destination in the image. */
  readonly dest: string;
  /** The destination is a folder (`/app/`, or several sources). */
  readonly destIsDir: boolean;
}

/** What the final image holds from the build context, and its working directory. */
export interface ImageFiles {
  /** Copies in build order. */
  readonly copies: readonly ContextCopy[];
  /** The working directory containers start in; undefined when it depends on a variable. */
  readonly workdir: string | undefined;
}

/**
 * Follows `WORKDIR`, `COPY` and `ADD` through the final stage chain. Copies from
 * another stage or image (`--from`), with `--parents`, from URLs, here-documents,
 * globs or variables are left out: where they put files is not known for sure.
 * `contexts`: the build contexts (compose `build.context`, skaffold `context`), by
 * default the Dockerfile's folder.
 */
export function imageFiles(chain: FinalStageChain, contexts: readonly string[], dockerfile: Dockerfile, text: string, lines: LineIndex): ImageFiles {
  const copies: ContextCopy[] = [];
  let workdir: string | undefined = '/';
  for (const stage of chain.stages) {
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === 'WORKDIR') {
        const dir = instruction.getArgumentsContent()?.trim();
        workdir = !dir || dir.includes('$') || workdir === undefined ? undefined : joinPath(workdir, dir);
      } else if (keyword === 'COPY' || keyword === 'ADD') {
        const copy = contextCopy(instruction as ModifiableInstruction, contexts, workdir, dockerfile, text, lines);
        if (copy) copies.push(copy);
      }
    }
  }
  return { copies, workdir };
}

function contextCopy(
  instruction: ModifiableInstruction,
  contexts: readonly string[],
  workdir: string | undefined,
  dockerfile: Dockerfile,
  text: string,
  lines: LineIndex,
): ContextCopy | undefined {
  if (instruction.getFlags().some((f) => f.getName() === 'from' || f.getName() === 'parents')) return undefined;
  const args = instructionArguments(instruction, text, lines, dockerfile.getEscapeCharacter());
  if (!args) return undefined;
  const json = parseJsonArguments(args);
  const words = json.kind === 'json' ? json.strings.map((s) => s.value) : args.value.split(/[ \t]+/).filter((w) => w !== '');
  // Flags come first in shell form; dockerfile-ast has already read them.
  const paths = json.kind === 'json' ? words : words.filter((w, i) => !(w.startsWith('--') && words.slice(0, i).every((p) => p.startsWith('--'))));
  const rawDest = paths[paths.length - 1];
  if (rawDest === undefined || paths.length < 2 || paths.some((p) => /[$*?[]|^<<|:\/\//.test(p))) return undefined;
  if (!rawDest.startsWith('/') && workdir === undefined) return undefined;
  const written = paths.slice(0, -1);
  const sources = written.flatMap((s) => contexts.map((context) => joinPath(context, s)));
  return { sources, dest: joinPath(workdir ?? '/', rawDest), destIsDir: rawDest.endsWith('/') || written.length > 1 };
}

/**
 * Workspace paths that may hold the image file `target`, from the copy that
 * wrote it last: a copied file itself, or the file inside a copied folder.
 */
export function contextPathsFor(files: ImageFiles, target: string): string[] {
  const out: string[] = [];
  for (const copy of [...files.copies].reverse()) {
    const inside = target.startsWith(copy.dest === '/' ? '/' : copy.dest + '/') ? target.slice(copy.dest === '/' ? 1 : copy.dest.length + 1) : undefined;
    for (const source of copy.sources) {
      if (!copy.destIsDir && target === copy.dest) out.push(source);
      if (inside !== undefined) {
        if (!inside.includes('/') && basename(source) === inside) out.push(source);
        out.push(joinPath(source, inside));
      }
    }
  }
  return [...new Set(out)];
}
