import { readSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileKindOf, type FileKind } from '../model/file-kind';
import { splitDocuments } from '../parse/yaml-file';
import { toAnalysisPath } from '../workspace/walk';
import { displayPath } from './lint-report';
import { decodeSource, fsProblem, type SourceText } from '../workspace/source';

/**
 * Reads file descriptor 0 to its end. A pipe that another process left non-blocking answers
 * EAGAIN while its writer is still busy (`readFileSync(0)` then throws): wait briefly and retry.
 */
export function readAllStdin(): Buffer {
  const chunks: Buffer[] = [];
  const chunk = Buffer.alloc(1 << 16);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let n: number;
    try {
      n = readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 10);
        continue;
      }
      // A closed or absent standard input (`<&-`) is an empty stream.
      if (code === 'EOF' || code === 'EBADF') break;
      throw error;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

/** How unnamed standard input is shown in reports. */
export const STDIN_DISPLAY_NAME = '<stdin>';

/**
 * The file a document of standard input was produced from, for streams that say so
 * (`helm template` writes `# Source: chart/templates/web.yaml` above each document).
 */
export interface DocumentOrigin {
  /** The source file, relative to the working folder or absolute. */
  readonly path: string;
  /** Added to a line counted from the document's first line (1) to give the line in `path`. */
  readonly lineOffset: number;
  /** When lines do not move together (rendered templates): the line in `path` of each document line (index 0 is its first line). */
  readonly lines?: readonly number[];
  /**
   * When columns do not stay as rendered either (a value printed before them, a line mapped to its
   * object's first line): where the text between two columns of a document line lies in `path`.
   * Zero-based index and columns in; one-based lines and columns out.
   */
  readonly place?: (index: number, column: number, endColumn: number) => { start: LinePosition; end: LinePosition } | undefined;
}

/** A one-based line and column in a source file. */
export interface LinePosition {
  readonly line: number;
  readonly column: number;
}

/** One document of the stream, as the YAML reader splits it. */
export interface StreamDocument {
  /** Offset of the document's first character in the stream. */
  readonly start: number;
  readonly text: string;
}

/**
 * The seam for tools whose output names its sources: given the stream's documents, returns
 * each one's origin (same order), or undefined where it is not known. Findings in a document
 * with an origin are reported at the source file and line; the others at standard input.
 */
export type DocumentOriginMapper = (documents: readonly StreamDocument[]) => readonly (DocumentOrigin | undefined)[];

/** A stretch of the stream that one origin produced. */
export interface OriginSpan {
  readonly start: number;
  readonly end: number;
  readonly origin: DocumentOrigin;
}

/** Standard input, read whole, as one more file of the workspace. */
export interface StdinInput {
  /** Where the analysis keeps it: the `--stdin-filename` resolved against the working folder, else `<cwd>/<stdin>`. */
  readonly path: string;
  /** How reports name it: the given file name relative to the working folder, else `<stdin>`. */
  readonly displayName: string;
  /** Whether a name was given (reports can then point at a file). */
  readonly named: boolean;
  /** Read as a Dockerfile when the name says so, else as YAML whatever the name. */
  readonly kind: FileKind;
  readonly source: SourceText;
  /** Sorted, not overlapping; empty without a mapper. */
  readonly origins: readonly OriginSpan[];
}

/**
 * Reads standard input through `read` (all of it: `kubectl get -o yaml`, `helm template` and
 * `kustomize build` write whole streams); `mapOrigins` says where its documents came from.
 */
export function readStdinInput(
  cwd: string,
  stdinFilename: string | undefined,
  read: () => Buffer,
  mapOrigins?: DocumentOriginMapper,
): StdinInput | { readonly problem: string } {
  let bytes: Buffer;
  try {
    bytes = read();
  } catch (error) {
    return { problem: `cannot read standard input: ${fsProblem(error)}` };
  }
  const source = decodeSource(bytes);
  if ('problem' in source) return { problem: `standard input is ${source.problem}` };
  const path = stdinFilename === undefined ? `${cwd === '/' ? '' : cwd}/${STDIN_DISPLAY_NAME}` : toAnalysisPath(resolve(cwd, stdinFilename));
  const kind = stdinFilename !== undefined && fileKindOf(path) === 'dockerfile' ? 'dockerfile' : 'yaml';
  return {
    path,
    displayName: stdinFilename === undefined ? STDIN_DISPLAY_NAME : displayPath(path, cwd),
    named: stdinFilename !== undefined,
    kind,
    source,
    origins: kind === 'yaml' && mapOrigins ? originSpans(source.text, mapOrigins) : [],
  };
}

function originSpans(text: string, mapOrigins: DocumentOriginMapper): OriginSpan[] {
  const documents = splitDocuments(text);
  const origins = mapOrigins(documents);
  return documents.flatMap((d, i) => {
    const origin = origins[i];
    return origin ? [{ start: d.start, end: d.start + d.text.length, origin }] : [];
  });
}
