import { LineIndex } from '../parse/line-index';

/** How many files keep a line table: the open documents and the files their findings point into. */
const CAPACITY = 64;

/**
 * The {@link LineIndex} of each file's current text, built once per text: a
 * chart's findings point at other documents of the same 800 KB file hundreds of
 * times per publication, and hovers and code actions follow every keystroke.
 * A text the analyzer holds takes the analyzer's table (`known`: put together from
 * the file's documents, so a keystroke does not scan the whole text again); others
 * are scanned. Checked against the text itself, which stays the same string object
 * while the file is unchanged (a pointer comparison). Keeps the most recently used files.
 */
export class LineTables {
  private readonly tables = new Map<string, { readonly text: string; readonly lines: LineIndex }>();

  constructor(private readonly known: (path: string, text: string) => LineIndex | undefined = () => undefined) {}

  linesOf(path: string, text: string): LineIndex {
    const cached = this.tables.get(path);
    this.tables.delete(path);
    const entry = cached?.text === text ? cached : { text, lines: this.known(path, text) ?? new LineIndex(text) };
    this.tables.set(path, entry);
    const [oldest] = this.tables.keys();
    if (this.tables.size > CAPACITY && oldest !== undefined) this.tables.delete(oldest);
    return entry.lines;
  }

  forget(path: string): void {
    this.tables.delete(path);
  }
}
