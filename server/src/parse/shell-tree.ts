import { tokenizeShell, type CommandWords, type ShellToken, type ShellWord } from './shell-words';

/**
 * The structure of a POSIX shell script, as far as the rules need it to know which
 * command runs last and what may still run after it: lists, `&&`/`||`, pipelines,
 * `!`, `if`, `case`, loops, `{ }`, `( )` and function definitions. Words inside a
 * command are read by `shell-words.ts`; `[[ ]]` and `(( ))` are single commands.
 */
export type ShellNode =
  | { readonly type: 'simple'; readonly command: CommandWords }
  | { readonly type: 'pipeline'; readonly negated: boolean; readonly commands: readonly ShellNode[] }
  | { readonly type: 'and-or'; readonly items: readonly ShellNode[]; readonly ops: ReadonlyArray<'&&' | '||'> }
  | { readonly type: 'list'; readonly items: readonly ListItem[] }
  | { readonly type: 'group'; readonly subshell: boolean; readonly body: ShellNode; readonly redirects: number }
  | {
      readonly type: 'if';
      readonly conditions: readonly ShellNode[];
      readonly bodies: readonly ShellNode[];
      readonly hasElse: boolean;
      readonly redirects: number;
    }
  | { readonly type: 'case'; readonly bodies: readonly ShellNode[]; readonly redirects: number }
  | { readonly type: 'loop'; readonly condition: ShellNode | undefined; readonly body: ShellNode; readonly redirects: number }
  | { readonly type: 'function'; readonly name: string; readonly body: ShellNode };

export interface ListItem {
  readonly node: ShellNode;
  /** Offset just after the item's last token (before its `;`, `&` or newline). */
  readonly end: number;
  /** Ended by `&`: the shell does not wait for it. */
  readonly background: boolean;
}

export type ShellList = Extract<ShellNode, { type: 'list' }>;

class Unreadable extends Error {}

/** Parses a script; undefined when it is not readable (unclosed quotes or here-documents, unbalanced keywords). */
export function parseShellTree(script: string): ShellList | undefined {
  const { tokens, complete } = tokenizeShell(script);
  if (!complete) return undefined;
  try {
    const parser = new TreeParser(tokens);
    const list = parser.list(new Set());
    return parser.done() ? list : undefined;
  } catch (error) {
    if (error instanceof Unreadable) return undefined;
    throw error;
  }
}

const RESERVED_STOPS = ['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}'];

class TreeParser {
  private p = 0;
  constructor(private readonly tokens: readonly ShellToken[]) {}

  done(): boolean {
    return this.p >= this.tokens.length;
  }

  private peek(offset = 0): ShellToken | undefined {
    return this.tokens[this.p + offset];
  }

  private isWord(token: ShellToken | undefined, raw: string): boolean {
    return token?.kind === 'word' && token.raw === raw;
  }

  private isOp(token: ShellToken | undefined, op: string): boolean {
    return token?.kind === 'op' && token.op === op;
  }

  private skipNewlines(): void {
    while (this.isOp(this.peek(), '\n')) this.p++;
  }

  private expectWord(raw: string): void {
    this.skipNewlines();
    if (!this.isWord(this.peek(), raw)) throw new Unreadable();
    this.p++;
  }

  private redirects(): number {
    let count = 0;
    while (this.isOp(this.peek(), 'redirect')) {
      count++;
      this.p++;
    }
    return count;
  }

  /** A list up to a word of `stops` in command position, `)`, `;;` or the end. */
  list(stops: ReadonlySet<string>): ShellList {
    const items: ListItem[] = [];
    for (;;) {
      while (this.isOp(this.peek(), '\n') || this.isOp(this.peek(), ';')) this.p++;
      const token = this.peek();
      if (!token || this.isOp(token, ')') || this.isOp(token, ';;')) break;
      if (token.kind === 'word' && (stops.has(token.raw) || RESERVED_STOPS.includes(token.raw))) break;
      const node = this.andOr();
      const end = this.consumedEnd();
      const separator = this.peek();
      const background = this.isOp(separator, '&');
      if (background || this.isOp(separator, ';') || this.isOp(separator, '\n')) this.p++;
      else if (separator && !this.isOp(separator, ')') && !this.isOp(separator, ';;') && separator.kind !== 'word') throw new Unreadable();
      items.push({ node, end, background });
    }
    return { type: 'list', items };
  }

  /** Where the last consumed token ends: a node was just parsed, so there is one. */
  private consumedEnd(): number {
    const consumed = this.tokens[this.p - 1];
    if (!consumed) throw new Unreadable();
    return consumed.end;
  }

  private andOr(): ShellNode {
    const first = this.pipeline();
    const items = [first];
    const ops: Array<'&&' | '||'> = [];
    for (let token = this.peek(); this.isOp(token, '&&') || this.isOp(token, '||'); token = this.peek()) {
      ops.push((token as { op: '&&' | '||' }).op);
      this.p++;
      this.skipNewlines();
      items.push(this.pipeline());
    }
    return items.length === 1 ? first : { type: 'and-or', items, ops };
  }

  private pipeline(): ShellNode {
    let negated = false;
    while (this.isWord(this.peek(), '!')) {
      negated = true;
      this.p++;
    }
    const first = this.command();
    const commands = [first];
    while (this.isOp(this.peek(), '|')) {
      this.p++;
      this.skipNewlines();
      commands.push(this.command());
    }
    return commands.length === 1 && !negated ? first : { type: 'pipeline', negated, commands };
  }

  private command(): ShellNode {
    const token = this.peek();
    if (!token) throw new Unreadable();
    if (this.isOp(token, '(')) {
      const next = this.peek(1);
      if (next && this.isOp(next, '(') && next.start === token.end) return this.arithmetic(token.start);
      this.p++;
      const body = this.list(new Set());
      if (!this.isOp(this.peek(), ')')) throw new Unreadable();
      this.p++;
      return { type: 'group', subshell: true, body, redirects: this.redirects() };
    }
    if (token.kind === 'word') {
      switch (token.raw) {
        case '{': {
          this.p++;
          const body = this.list(new Set(['}']));
          this.expectWord('}');
          return { type: 'group', subshell: false, body, redirects: this.redirects() };
        }
        case 'if':
          return this.ifCommand();
        case 'while':
        case 'until': {
          this.p++;
          const condition = this.list(new Set(['do']));
          return this.loopBody(condition);
        }
        case 'for':
        case 'select':
          return this.forCommand();
        case 'case':
          return this.caseCommand();
        case 'function': {
          this.p++;
          const name = this.peek();
          if (name?.kind !== 'word') throw new Unreadable();
          this.p++;
          if (this.isOp(this.peek(), '(') && this.isOp(this.peek(1), ')')) this.p += 2;
          this.skipNewlines();
          return { type: 'function', name: name.value, body: this.command() };
        }
        default:
          if (this.isOp(this.peek(1), '(') && this.isOp(this.peek(2), ')') && /^[A-Za-z_][\w.:-]*$/.test(token.raw)) {
            this.p += 3;
            this.skipNewlines();
            return { type: 'function', name: token.raw, body: this.command() };
          }
      }
    }
    return this.simple();
  }

  private ifCommand(): ShellNode {
    const conditions: ShellNode[] = [];
    const bodies: ShellNode[] = [];
    let hasElse = false;
    this.p++;
    for (;;) {
      conditions.push(this.list(new Set(['then'])));
      this.expectWord('then');
      bodies.push(this.list(new Set(['elif', 'else', 'fi'])));
      this.skipNewlines();
      const next = this.peek();
      this.p++;
      if (this.isWord(next, 'elif')) continue;
      if (this.isWord(next, 'else')) {
        hasElse = true;
        bodies.push(this.list(new Set(['fi'])));
        this.expectWord('fi');
      } else if (!this.isWord(next, 'fi')) throw new Unreadable();
      return { type: 'if', conditions, bodies, hasElse, redirects: this.redirects() };
    }
  }

  private loopBody(condition: ShellNode | undefined): ShellNode {
    this.expectWord('do');
    const body = this.list(new Set(['done']));
    this.expectWord('done');
    return { type: 'loop', condition, body, redirects: this.redirects() };
  }

  private forCommand(): ShellNode {
    this.p++;
    if (this.peek()?.kind !== 'word') throw new Unreadable();
    this.p++;
    // `for name [in words...]` ends at `;` or a newline before `do`.
    while (this.peek()?.kind === 'word' && !this.isWord(this.peek(), 'do')) this.p++;
    if (this.isOp(this.peek(), ';')) this.p++;
    return this.loopBody(undefined);
  }

  private caseCommand(): ShellNode {
    this.p++;
    if (this.peek()?.kind !== 'word') throw new Unreadable();
    this.p++;
    this.expectWord('in');
    const bodies: ShellNode[] = [];
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (!token) throw new Unreadable();
      if (this.isWord(token, 'esac')) {
        this.p++;
        return { type: 'case', bodies, redirects: this.redirects() };
      }
      // A pattern list: words joined by `|`, optionally opened by `(`, closed by `)`.
      if (this.isOp(token, '(')) this.p++;
      while (this.peek()?.kind === 'word' || this.isOp(this.peek(), '|')) this.p++;
      if (!this.isOp(this.peek(), ')')) throw new Unreadable();
      this.p++;
      bodies.push(this.list(new Set(['esac'])));
      this.skipNewlines();
      // `;;`, or bash's `;&` / `;;&` (read as `;` `&` / `;;` `&`).
      if (this.isOp(this.peek(), ';;') || this.isOp(this.peek(), ';')) this.p++;
      if (this.isOp(this.peek(), '&')) this.p++;
    }
  }

  /** `(( expr ))`, from the first `(` at `start`: one command whose inside is not shell syntax. */
  private arithmetic(start: number): ShellNode {
    let depth = 0;
    let end = start;
    do {
      const token = this.peek();
      if (!token) throw new Unreadable();
      if (this.isOp(token, '(')) depth++;
      if (this.isOp(token, ')')) depth--;
      end = token.end;
      this.p++;
    } while (depth > 0);
    const word: ShellWord = { value: '((', raw: '((', start, end: start + 2, expands: true, globs: false };
    return { type: 'simple', command: { words: [word], assignments: [], redirects: this.redirects(), start, end } };
  }

  private simple(): ShellNode {
    const words: ShellWord[] = [];
    const assignments: ShellWord[] = [];
    let redirects = 0;
    let start: number | undefined;
    let end = 0;
    const testCommand = this.isWord(this.peek(), '[[');
    for (;;) {
      const token = this.peek();
      if (!token) break;
      if (token.kind === 'op') {
        // Inside `[[ ]]`, `&&`, `<` and parentheses are the test's own operators.
        if (testCommand && token.op !== '\n') {
          this.p++;
          end = token.end;
          continue;
        }
        if (token.op !== 'redirect') break;
        redirects++;
      } else if (words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(token.raw)) {
        assignments.push(token);
      } else {
        words.push(token);
        if (testCommand && token.raw === ']]' && words.length > 1) {
          this.p++;
          start ??= token.start;
          end = token.end;
          break;
        }
      }
      start ??= token.start;
      end = token.end;
      this.p++;
    }
    if (start === undefined) throw new Unreadable();
    return { type: 'simple', command: { words, assignments, redirects, start, end } };
  }
}
