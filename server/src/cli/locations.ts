import { LineIndex } from '../parse/line-index';
import type { OffsetRange } from '../types';

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

/** Converts offset ranges to one-based spans, keeping one line index per file. */
export class Locator {
  private readonly indexes = new Map<string, LineIndex>();

  /** `textOf` gives a file's text as analysed (after fixes), or undefined when unknown. */
  constructor(private readonly textOf: (path: string) => string | undefined) {}

  span(path: string, range: OffsetRange): Span {
    let index = this.indexes.get(path);
    if (!index) {
      index = new LineIndex(this.textOf(path) ?? '');
      this.indexes.set(path, index);
    }
    const start = index.positionAt(range.start);
    const end = index.positionAt(range.end);
    return { start: { line: start.line + 1, column: start.character + 1 }, end: { line: end.line + 1, column: end.character + 1 } };
  }
}
