import { resolve } from 'node:path';
import { fileKindOf, type FileKind } from '../model/file-kind';
import { splitDocuments } from '../parse/yaml-file';
import { toAnalysisPath } from './find-files';
import { displayPath } from './lint-report';
import { fsProblem, type SourceText } from './read-source';

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
export function readStdinInput(cwd: string, stdinFilename: string | undefined, read: () => Buffer, mapOrigins?: DocumentOriginMapper): StdinInput | { readonly problem: string } {
  let bytes: Buffer;
  try {
    bytes = read();
  } catch (error) {
    // EAGAIN: a non-blocking terminal or pipe with nothing written; EOF on a closed stdin reads as empty instead.
    return { problem: `cannot read standard input: ${fsProblem(error)}` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { problem: 'standard input is not UTF-8 text' };
  }
  const path = stdinFilename === undefined ? `${cwd === '/' ? '' : cwd}/${STDIN_DISPLAY_NAME}` : toAnalysisPath(resolve(cwd, stdinFilename));
  const kind = stdinFilename !== undefined && fileKindOf(path) === 'dockerfile' ? 'dockerfile' : 'yaml';
  const source: SourceText = { text, bytes, bom: bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) };
  return {
    path,
    displayName: stdinFilename === undefined ? STDIN_DISPLAY_NAME : displayPath(path, cwd),
    named: stdinFilename !== undefined,
    kind,
    source,
    origins: kind === 'yaml' && mapOrigins ? originSpans(text, mapOrigins) : [],
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
