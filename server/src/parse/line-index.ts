/** Zero-based line and UTF-16 column, as LSP counts them. */
export interface LineColumn {
  readonly line: number;
  readonly character: number;
}

/** Line starts of a stretch of text, relative to where it starts; `before`: how many line starts come before it. */
interface Part {
  readonly start: number;
  readonly lineStarts: readonly number[];
  readonly before: number;
}

/**
 * Maps offsets to line/column and back. Lines end at `\n`; a `\r` before it
 * belongs to the line ending, so CRLF files get the same columns as LF files.
 * The line starts are kept in parts (one per YAML document, see {@link LineIndex.ofParts}),
 * so that a table of an edited text is put together from parts already scanned.
 */
export class LineIndex {
  private readonly parts: Part[] = [];
  readonly lineCount: number;
  /** Set by {@link positionAt}: where the line after the one found starts, -1 when another part holds it. */
  private lastLineEnd = -1;
  /** Set by {@link positionAt}: the part that held the offset (-1: before every part), where the next search starts. */
  private lastPart = -1;

  /** `parts`: the text's line starts by stretches of text, in order (default: the whole text, scanned). */
  constructor(
    private readonly text: string,
    parts: Iterable<{ readonly start: number; readonly lineStarts: readonly number[] }> = [{ start: 0, lineStarts: lineStartsIn(text, 0, text.length) }],
  ) {
    let before = 0;
    for (const part of parts) {
      if (part.lineStarts.length === 0) continue;
      this.parts.push({ start: part.start, lineStarts: part.lineStarts, before });
      before += part.lineStarts.length;
    }
    this.lineCount = before + 1;
  }

  /**
   * The table of a text made of parts (in order, not overlapping) whose own line starts are
   * known: the documents of a YAML file, each scanned once per distinct text, so that an edit
   * in an 800 KB file costs a few thousand parts, not a scan of the text. Text between parts is scanned.
   */
  static ofParts(text: string, parts: Iterable<{ readonly start: number; readonly length: number; readonly lineStarts: readonly number[] }>): LineIndex {
    const all: Array<{ readonly start: number; readonly lineStarts: readonly number[] }> = [];
    let scanned = 0;
    for (const part of parts) {
      if (part.start > scanned) all.push({ start: scanned, lineStarts: lineStartsIn(text, scanned, part.start) });
      all.push(part);
      scanned = part.start + part.length;
    }
    if (scanned < text.length) all.push({ start: scanned, lineStarts: lineStartsIn(text, scanned, text.length) });
    return new LineIndex(text, all);
  }

  positionAt(offset: number): LineColumn {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const { parts } = this;
    // Line starts lie after their part's start: the last part starting before the offset holds the line's start.
    // Offsets are mostly asked in order (a file's findings): the part of the last answer, or the next one, is
    // tried before a search over all parts (binary searches written out: this runs for every diagnostic of every keystroke).
    let low = this.lastPart;
    if (!holdsOffset(parts, low, clamped)) {
      if (holdsOffset(parts, low + 1, clamped)) low++;
      else {
        low = -1;
        let high = parts.length - 1;
        while (low < high) {
          const mid = (low + high + 1) >> 1;
          if ((parts[mid]?.start ?? Infinity) < clamped) low = mid;
          else high = mid - 1;
        }
      }
    }
    this.lastPart = low;
    const part = parts[low];
    this.lastLineEnd = -1;
    if (!part) return { line: 0, character: clamped };
    const { lineStarts } = part;
    const relative = clamped - part.start;
    let first = -1;
    let last = lineStarts.length - 1;
    while (first < last) {
      const mid = (first + last + 1) >> 1;
      if ((lineStarts[mid] ?? Infinity) <= relative) first = mid;
      else last = mid - 1;
    }
    const lineStart = lineStarts[first];
    // Where the next line starts, when this part says (the end of a range on the same line lies before it).
    const next = lineStarts[first + 1];
    if (next !== undefined) this.lastLineEnd = part.start + next;
    if (lineStart === undefined) return { line: part.before, character: clamped - this.start(part.before) };
    return { line: part.before + first + 1, character: relative - lineStart };
  }

  /**
   * The positions of a range's two ends. Most ranges lie on one line: the end's position is then read off
   * the start's, without a second search (a chart's diagnostics ask this for every finding on every keystroke).
   */
  rangeAt(start: number, end: number): { readonly start: LineColumn; readonly end: LineColumn } {
    const from = this.positionAt(start);
    const clampedStart = Math.max(0, Math.min(start, this.text.length));
    const clampedEnd = Math.max(0, Math.min(end, this.text.length));
    const sameLine = clampedEnd >= clampedStart && this.lastLineEnd !== -1 && clampedEnd < this.lastLineEnd;
    return { start: from, end: sameLine ? { line: from.line, character: from.character + clampedEnd - clampedStart } : this.positionAt(end) };
  }

  offsetAt(position: LineColumn): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineCount) return this.text.length;
    return Math.min(this.start(position.line) + Math.max(0, position.character), this.lineEnd(position.line));
  }

  lineStart(line: number): number {
    return this.start(Math.max(0, Math.min(line, this.lineCount - 1)));
  }

  /** Offset of the end of the line's content, before any `\r\n` or `\n`. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineCount ? this.start(line + 1) - 1 : this.text.length;
    return next > 0 && this.text[next - 1] === '\r' && next - 1 >= this.start(line) ? next - 1 : next;
  }

  /** Offset where a line starts; past the last line, the end of the text. */
  private start(line: number): number {
    if (line < 0 || line >= this.lineCount) return this.text.length;
    if (line === 0) return 0;
    const part = this.parts[lastIndex(this.parts.length, (i) => (this.parts[i]?.before ?? Infinity) < line)];
    const relative = part?.lineStarts[line - 1 - part.before];
    return part && relative !== undefined ? part.start + relative : this.text.length;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

/** Whether two line/column ranges are the same. */
export function sameLineRange(
  a: { readonly start: LineColumn; readonly end: LineColumn },
  b: { readonly start: LineColumn; readonly end: LineColumn },
): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Whether `parts[i]` is the last part starting before `offset` (i = -1: no part does). */
function holdsOffset(parts: readonly Part[], i: number, offset: number): boolean {
  if (i < -1 || i >= parts.length) return false;
  const next = parts[i + 1];
  return (i === -1 || (parts[i]?.start ?? Infinity) < offset) && (next === undefined || next.start >= offset);
}

/** The offsets just after each line break in `text` from `from` to `to`, relative to `from`. */
export function lineStartsIn(text: string, from: number, to: number): number[] {
  const starts: number[] = [];
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) starts.push(i + 1 - from);
  return starts;
}

/** The last index below `length` where `holds` is true, -1 when none (`holds` is true up to some index, then false). */
export function lastIndex(length: number, holds: (i: number) => boolean): number {
  let low = -1;
  let high = length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (holds(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The line ending a file mostly uses, so that inserted lines match it. */
export function detectEol(text: string): '\n' | '\r\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}
