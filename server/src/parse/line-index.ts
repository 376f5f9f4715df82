/** Zero-based line and UTF-16 column, as LSP counts them. */
export interface LineColumn {
  readonly line: number;
  readonly character: number;
}

/**
 * Maps offsets to line/column and back. Lines end at `\n`; a `\r` before it
 * belongs to the line ending, so CRLF files get the same columns as LF files.
 */
export class LineIndex {
  private readonly starts: readonly number[];

  /** `starts`: the offsets where lines start, when the caller has them (see {@link LineIndex.ofParts}). */
  constructor(
    private readonly text: string,
    starts?: readonly number[],
  ) {
    this.starts = starts ?? pushLineStarts(text, 0, text.length, [0]);
  }

  /**
   * The table of a text made of parts whose own line starts are known (the documents of a
   * YAML file, each scanned once per distinct text): an edit in an 800 KB file then costs
   * copying the offsets, not scanning the text again. Text between parts is scanned.
   */
  static ofParts(text: string, parts: Iterable<{ readonly start: number; readonly length: number; readonly lineStarts: readonly number[] }>): LineIndex {
    const starts = [0];
    let scanned = 0;
    for (const part of parts) {
      pushLineStarts(text, scanned, part.start, starts);
      for (const relative of part.lineStarts) starts.push(part.start + relative);
      scanned = part.start + part.length;
    }
    return new LineIndex(text, pushLineStarts(text, scanned, text.length, starts));
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): LineColumn {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.start(mid) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.start(low) };
  }

  offsetAt(position: LineColumn): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    return Math.min(this.start(position.line) + Math.max(0, position.character), this.lineEnd(position.line));
  }

  lineStart(line: number): number {
    return this.start(Math.max(0, Math.min(line, this.starts.length - 1)));
  }

  /** Offset of the end of the line's content, before any `\r\n` or `\n`. */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.start(line + 1) - 1 : this.text.length;
    return next > 0 && this.text[next - 1] === '\r' && next - 1 >= this.start(line) ? next - 1 : next;
  }

  /** Offset where a line starts; past the last line, the end of the text. */
  private start(line: number): number {
    return this.starts[line] ?? this.text.length;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

/** Appends to `starts` the offset after each line break in `text` from `from` to `to`; returns `starts`. */
export function pushLineStarts(text: string, from: number, to: number, starts: number[]): number[] {
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The line ending a file mostly uses, so that inserted lines match it. */
export function detectEol(text: string): '\n' | '\r\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}
