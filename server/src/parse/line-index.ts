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
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
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

/** The line ending a file mostly uses, so that inserted lines match it. */
export function detectEol(text: string): '\n' | '\r\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}
