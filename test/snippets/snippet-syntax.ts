/**
 * A small expander for VS Code's snippet syntax, enough to insert our snippets the way the
 * editor does when the user accepts every default: tab stops (`$1`, `${1}`), placeholders with
 * nested content (`${1:default}`), choices (`${1|a,b|}`), the final cursor `$0`, mirrors (a tab
 * stop repeated elsewhere takes its placeholder's text) and escapes (`\$`, `\}`, `\\`, and `\,` `\|`
 * inside choices). Variables (`$TM_FILENAME`) are rejected: our snippets do not use them.
 */

type SnippetNode =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'tabstop'; readonly index: number; readonly content: readonly SnippetNode[] | undefined }
  | { readonly kind: 'choice'; readonly index: number; readonly options: readonly string[] };

export interface ExpandOptions {
  /** Which option a choice takes (the first, as VS Code preselects, unless told otherwise). */
  readonly choose?: (index: number, options: readonly string[]) => string;
}

/** The text VS Code inserts for `body` when every placeholder keeps its default. */
export function expandSnippet(body: string, options: ExpandOptions = {}): string {
  const nodes = new SnippetParser(body).parse();
  const values = new Map<number, string>();
  const resolve = (list: readonly SnippetNode[]): void => {
    for (const node of list) {
      if (node.kind === 'choice' && !values.has(node.index)) {
        values.set(node.index, options.choose?.(node.index, node.options) ?? node.options[0]!);
      } else if (node.kind === 'tabstop' && node.content) {
        resolve(node.content);
        if (!values.has(node.index)) values.set(node.index, render(node.content));
      }
    }
  };
  const render = (list: readonly SnippetNode[]): string =>
    list
      .map((node) => (node.kind === 'text' ? node.value : (values.get(node.index) ?? (node.kind === 'tabstop' && node.content ? render(node.content) : ''))))
      .join('');
  resolve(nodes);
  return render(nodes);
}

/** Every tab stop's choice options, to try each combination a user can pick. */
export function snippetChoices(body: string): Map<number, readonly string[]> {
  const choices = new Map<number, readonly string[]>();
  const walk = (list: readonly SnippetNode[]): void => {
    for (const node of list) {
      if (node.kind === 'choice') choices.set(node.index, node.options);
      else if (node.kind === 'tabstop' && node.content) walk(node.content);
    }
  };
  walk(new SnippetParser(body).parse());
  return choices;
}

class SnippetParser {
  private at = 0;

  constructor(private readonly source: string) {}

  parse(): SnippetNode[] {
    return this.sequence(false);
  }

  /** Nodes up to the end, or up to the `}` closing a placeholder (not consumed). */
  private sequence(inPlaceholder: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.at < this.source.length) {
      const c = this.source[this.at]!;
      if (c === '\\' && '$}\\'.includes(this.source[this.at + 1] ?? '')) {
        text += this.source[this.at + 1];
        this.at += 2;
      } else if (c === '}' && inPlaceholder) {
        break;
      } else if (c === '$' && /[0-9{A-Za-z_]/.test(this.source[this.at + 1] ?? '')) {
        flush();
        nodes.push(this.dollar());
      } else {
        text += c;
        this.at++;
      }
    }
    flush();
    return nodes;
  }

  private dollar(): SnippetNode {
    this.at++;
    const simple = /^\d+/.exec(this.source.slice(this.at));
    if (simple) {
      this.at += simple[0].length;
      return { kind: 'tabstop', index: Number(simple[0]), content: undefined };
    }
    if (this.source[this.at] !== '{') throw this.error('variables are not supported');
    this.at++;
    const number = /^\d+/.exec(this.source.slice(this.at));
    if (!number) throw this.error('variables are not supported');
    this.at += number[0].length;
    const index = Number(number[0]);
    const next = this.source[this.at];
    if (next === '}') {
      this.at++;
      return { kind: 'tabstop', index, content: undefined };
    }
    if (next === ':') {
      this.at++;
      const content = this.sequence(true);
      this.expect('}');
      return { kind: 'tabstop', index, content };
    }
    if (next === '|') {
      this.at++;
      return { kind: 'choice', index, options: this.choiceOptions() };
    }
    throw this.error(`unexpected ${JSON.stringify(next ?? 'end')} after \${${index}`);
  }

  private choiceOptions(): string[] {
    const options: string[] = [];
    let option = '';
    while (this.at < this.source.length) {
      const c = this.source[this.at]!;
      if (c === '\\' && ',|\\$}'.includes(this.source[this.at + 1] ?? '')) {
        option += this.source[this.at + 1];
        this.at += 2;
      } else if (c === ',') {
        options.push(option);
        option = '';
        this.at++;
      } else if (c === '|' && this.source[this.at + 1] === '}') {
        options.push(option);
        this.at += 2;
        return options;
      } else {
        option += c;
        this.at++;
      }
    }
    throw this.error('unterminated choice');
  }

  private expect(c: string): void {
    if (this.source[this.at] !== c) throw this.error(`expected "${c}"`);
    this.at++;
  }

  private error(message: string): Error {
    return new Error(`snippet syntax: ${message} at offset ${this.at} in ${JSON.stringify(this.source)}`);
  }
}
