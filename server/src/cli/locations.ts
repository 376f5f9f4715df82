import { resolve } from 'node:path';
import { LineIndex } from '../parse/line-index';
import type { YamlFile } from '../parse/yaml-file';
import type { OffsetRange } from '../types';
import { toAnalysisPath } from '../workspace/walk';
import { displayPath } from './lint-report';
import { objectAt, type ObjectRef } from './object-identity';
import type { StdinInput } from './stdin-input';

/** A one-based line and column (UTF-16 units), as people and SARIF count them. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A half-open span: `end` is the position just after the last character. */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}

/** Where a report points: a shown path and span, and for standard input the object, since the stream is no file. */
export interface Place {
  /** Relative to the working folder, `/`-separated; unnamed standard input is `<stdin>`. */
  readonly path: string;
  /** Undefined for a problem of a whole file. */
  readonly span?: Span;
  /** False for unnamed standard input: there is no file to open at `path`. */
  readonly isFile: boolean;
  /** The Kubernetes object of a finding on unnamed standard input (`Deployment shop/web`). */
  readonly object?: ObjectRef;
  /** The span was moved into the file a stream's document came from, so the analysed text is not that file's. */
  readonly remapped: boolean;
}

/** The lines around a range, for SARIF's `snippet` and `contextRegion`. */
export interface Excerpt {
  readonly snippet: string;
  readonly context: { readonly startLine: number; readonly endLine: number; readonly snippet: string };
}

/** What the locator reads: the texts as analysed, their YAML parses, and standard input when it is an input. */
export interface LocatorSources {
  readonly cwd: string;
  readonly textOf: (path: string) => string | undefined;
  readonly yamlFileOf: (path: string) => YamlFile | undefined;
  /** The line table the analysis already built for this text of the file, if any (else the locator scans the text). */
  readonly lineIndexOf?: (path: string, text: string) => LineIndex | undefined;
  readonly stdin?: StdinInput;
}

/** Converts offset ranges to places people and tools understand, keeping one line index per file. */
export class Locator {
  private readonly indexes = new Map<string, LineIndex>();

  constructor(private readonly sources: LocatorSources) {}

  /** The span of `range` in the analysed text of `path`. */
  span(path: string, range: OffsetRange): Span {
    const index = this.lineIndex(path);
    const start = index.positionAt(range.start);
    const end = index.positionAt(range.end);
    return { start: { line: start.line + 1, column: start.character + 1 }, end: { line: end.line + 1, column: end.character + 1 } };
  }

  place(path: string, range: OffsetRange | undefined): Place {
    const { stdin, cwd } = this.sources;
    if (!stdin || path !== stdin.path)
      return { path: displayPath(path, cwd), ...(range ? { span: this.span(path, range) } : {}), isFile: true, remapped: false };
    if (!range) return { path: stdin.displayName, isFile: stdin.named, remapped: false };
    const span = this.span(path, range);
    const mapped = stdin.origins.find((o) => o.start <= range.start && range.start < o.end);
    if (mapped) {
      // Lines count from the document's first line; columns stay as rendered unless the origin places them.
      const first = this.lineIndex(path).positionAt(mapped.start).line;
      const shift = mapped.origin.lineOffset - first;
      const { lines, place } = mapped.origin;
      const moved = (p: Position): Position => ({ line: lines?.[p.line - 1 - first] ?? p.line + shift, column: p.column });
      const lineLength = (line: number) =>
        this.lineIndex(path)
          .lineText(line - 1)
          .replace(/\r$/, '').length;
      const placed =
        place &&
        (span.start.line === span.end.line
          ? place(span.start.line - 1 - first, span.start.column - 1, span.end.column - 1)
          : {
              start: place(span.start.line - 1 - first, span.start.column - 1, lineLength(span.start.line))?.start,
              end: place(span.end.line - 1 - first, 0, span.end.column - 1)?.end,
            });
      return {
        path: displayPath(toAnalysisPath(resolve(cwd, mapped.origin.path)), cwd),
        span: { start: placed?.start ?? moved(span.start), end: placed?.end ?? moved(span.end) },
        isFile: true,
        remapped: true,
      };
    }
    // A name given with --stdin-filename points at a file; an unnamed stream has only its objects to point at.
    const object = stdin.named ? undefined : this.objectAt(path, range.start);
    return { path: stdin.displayName, span, isFile: stdin.named, ...(object ? { object } : {}), remapped: false };
  }

  /** The Kubernetes object whose mapping holds `offset` in a YAML file, if any. */
  objectAt(path: string, offset: number): ObjectRef | undefined {
    const file = this.sources.yamlFileOf(path);
    return file && objectAt(file, offset);
  }

  /** Whether `path` is standard input, which `--fix` cannot write. */
  isStdin(path: string): boolean {
    return this.sources.stdin?.path === path;
  }

  /** The analysed text of a file (empty when unknown). */
  text(path: string): string {
    return this.sources.textOf(path) ?? '';
  }

  /** The text of `range`, and of its whole lines with up to `contextLines` lines around them. */
  excerpt(path: string, range: OffsetRange, contextLines = 2): Excerpt {
    const text = this.text(path);
    const index = this.lineIndex(path);
    const span = this.span(path, range);
    const lastLine = index.positionAt(text.length).line + 1;
    const startLine = Math.max(1, span.start.line - contextLines);
    // A range ending at a line's start does not reach into that line.
    const endLine = Math.min(lastLine, (span.end.column === 1 && span.end.line > span.start.line ? span.end.line - 1 : span.end.line) + contextLines);
    const from = index.offsetAt({ line: startLine - 1, character: 0 });
    const to = endLine < lastLine ? index.offsetAt({ line: endLine, character: 0 }) : text.length;
    return { snippet: text.slice(range.start, range.end), context: { startLine, endLine, snippet: text.slice(from, to) } };
  }

  private lineIndex(path: string): LineIndex {
    let index = this.indexes.get(path);
    if (!index) {
      const text = this.sources.textOf(path) ?? '';
      index = this.sources.lineIndexOf?.(path, text) ?? new LineIndex(text);
      this.indexes.set(path, index);
    }
    return index;
  }
}
