/**
 * A small reader for the POSIX shell scripts found in `CMD`, `sh -c` and hooks.
 * It is not a shell: it finds words, operators and the list of simple commands,
 * which is all the rules need (the last simple command, `exec`, `sleep N`,
 * client arguments). Anything it cannot follow (`case`, functions, unclosed
 * quotes) marks the flat reading `complex`, and callers stay silent or offer no
 * fix; `shell-tree.ts` reads the structure (compound commands, functions) on
 * top of the same tokens.
 */

export interface ShellWord {
  /** The word with quotes and escapes removed. */
  readonly value: string;
  /** The word as written. */
  readonly raw: string;
  readonly start: number;
  readonly end: number;
  /** Holds an unquoted or double-quoted `$` or a backtick: its value is only known at run time. */
  readonly expands: boolean;
  /** Holds an unquoted glob character. */
  readonly globs: boolean;
}

export type ShellOperator = '&&' | '||' | ';' | '|' | '&' | '\n' | '(' | ')' | ';;' | 'redirect';

export type ShellToken = ({ kind: 'word' } & ShellWord) | { kind: 'op'; op: ShellOperator; raw: string; start: number; end: number };

const KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'in',
  '{',
  '}',
  '!',
  'function',
  'select',
]);

export function tokenizeShell(script: string): { tokens: ShellToken[]; complete: boolean } {
  const tokens: ShellToken[] = [];
  let i = 0;
  let complete = true;
  const n = script.length;
  /** Here-document delimiters met on the current line: their bodies start after its newline. */
  let heredocs: Array<{ delimiter: string; stripTabs: boolean }> = [];
  while (i < n) {
    const c = script.charAt(i);
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && script[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < n && script[i] !== '\n') i++;
      continue;
    }
    const two = script.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === ';;') {
      tokens.push({ kind: 'op', op: two, raw: two, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (c === ';' || c === '|' || c === '&' || c === '\n' || c === '(' || c === ')') {
      tokens.push({ kind: 'op', op: c, raw: c, start: i, end: i + 1 });
      i++;
      if (c === '\n' && heredocs.length > 0) {
        const body = skipHeredocs(script, i, heredocs);
        if (body === undefined) complete = false;
        i = body ?? n;
        heredocs = [];
      }
      continue;
    }
    // bash process substitution `<(cmd)`: one word whose inside is another command.
    const substitution = (c === '<' || c === '>') && script[i + 1] === '(' ? balancedEnd(script, i + 1) : undefined;
    if (substitution !== undefined) {
      const raw = script.slice(i, substitution);
      tokens.push({ kind: 'word', value: raw, raw, start: i, end: substitution, expands: true, globs: false });
      i = substitution;
      continue;
    }
    const redirect = /^(?:\d*(?:>>|>&|<&|<<<|<<-?|<>|>\||>|<)|&>>?)/.exec(script.slice(i, i + 6));
    if (redirect) {
      const start = i;
      i += redirect[0].length;
      while (i < n && (script[i] === ' ' || script[i] === '\t')) i++;
      const target = readWord(script, i);
      if (target) i = target.end;
      else if ((script[i] === '<' || script[i] === '>') && script[i + 1] === '(') i = balancedEnd(script, i + 1) ?? n;
      if (/(?:^|[^<])<<-?$/.test(redirect[0])) {
        if (target) heredocs.push({ delimiter: target.word.value, stripTabs: redirect[0].endsWith('-') });
        else complete = false;
      }
      tokens.push({ kind: 'op', op: 'redirect', raw: script.slice(start, i), start, end: i });
      continue;
    }
    const word = readWord(script, i);
    if (!word) {
      complete = false;
      i++;
      continue;
    }
    if (!word.closed) complete = false;
    tokens.push({ kind: 'word', ...word.word });
    i = word.end;
  }
  if (heredocs.length > 0) complete = false;
  return { tokens, complete };
}

/** The offset after the parenthesis that closes the one at `open`; undefined when it is not closed. */
function balancedEnd(script: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < script.length; i++) {
    const c = script[i];
    if (c === '\\') i++;
    else if (c === "'") {
      const close = script.indexOf("'", i + 1);
      if (close === -1) return undefined;
      i = close;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return undefined;
}

/** Skips the bodies of the pending here-documents from `from` (just after a newline); undefined when one is not closed. */
function skipHeredocs(script: string, from: number, heredocs: ReadonlyArray<{ delimiter: string; stripTabs: boolean }>): number | undefined {
  let i = from;
  for (const { delimiter, stripTabs } of heredocs) {
    for (;;) {
      if (i >= script.length) return undefined;
      const newline = script.indexOf('\n', i);
      const end = newline === -1 ? script.length : newline;
      let line = script.slice(i, end).replace(/\r$/, '');
      if (stripTabs) line = line.replace(/^\t+/, '');
      i = newline === -1 ? script.length : newline + 1;
      if (line === delimiter) break;
    }
  }
  return i;
}

function readWord(script: string, from: number): { word: ShellWord; end: number; closed: boolean } | undefined {
  let i = from;
  let value = '';
  let expands = false;
  let globs = false;
  let closed = true;
  const n = script.length;
  while (i < n) {
    const c = script.charAt(i);
    if (c === '(' && /^[A-Za-z_][A-Za-z0-9_]*\+?=$/.test(value)) {
      // A bash array `name=( ... )` may hold blanks: skip to the matching parenthesis.
      expands = true;
      const end = balancedEnd(script, i);
      if (end === undefined) closed = false;
      value += script.slice(i, end ?? n);
      i = end ?? n;
      continue;
    }
    if (' \t\r\n;&|()<>'.includes(c)) break;
    if (c === '\\') {
      if (script[i + 1] === '\n') {
        i += 2;
        continue;
      }
      value += script[i + 1] ?? '';
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = script.indexOf("'", i + 1);
      if (close === -1) {
        closed = false;
        value += script.slice(i + 1);
        i = n;
        break;
      }
      value += script.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    if (c === '"') {
      i++;
      let ok = false;
      while (i < n) {
        const d = script.charAt(i);
        if (d === '"') {
          ok = true;
          i++;
          break;
        }
        if (d === '\\' && '$`"\\\n'.includes(script[i + 1] ?? '')) {
          if (script[i + 1] !== '\n') value += script[i + 1];
          i += 2;
          continue;
        }
        if (d === '$' || d === '`') expands = true;
        value += d;
        i++;
      }
      if (!ok) closed = false;
      continue;
    }
    if (c === '$' && script[i + 1] === '(') {
      // $( ... ) may hold spaces and operators: skip to the matching parenthesis.
      expands = true;
      const end = balancedEnd(script, i + 1);
      if (end === undefined) closed = false;
      value += script.slice(i, end ?? n);
      i = end ?? n;
      continue;
    }
    if (c === '`' || (c === '$' && script[i + 1] === '{')) {
      // `...` and ${...} may hold blanks: skip to the closing backtick or brace.
      expands = true;
      const close = c === '`' ? script.indexOf('`', i + 1) : script.indexOf('}', i + 2);
      if (close === -1) {
        closed = false;
        value += script.slice(i);
        i = n;
        break;
      }
      value += script.slice(i, close + 1);
      i = close + 1;
      continue;
    }
    if (c === '$') expands = true;
    if (c === '*' || c === '?' || c === '[' || (c === '~' && i === from)) globs = true;
    value += c;
    i++;
  }
  if (i === from) return undefined;
  return { word: { value, raw: script.slice(from, i), start: from, end: i, expands, globs }, end: i, closed };
}

/** A simple command's words; `assignments` are leading `NAME=value` words. */
export interface CommandWords {
  readonly words: readonly ShellWord[];
  readonly assignments: readonly ShellWord[];
  readonly redirects: number;
  /** Offset where the command starts (its first word or assignment). */
  readonly start: number;
  readonly end: number;
}

/** A command of the flat reading, with where it sits. */
export interface SimpleCommand extends CommandWords {
  /** Part of a pipeline (`a | b`), in the background (`a &`), or inside a compound command. */
  readonly piped: boolean;
  readonly background: boolean;
  readonly nested: boolean;
  /** The operator that joined it to the command before (`&&`, `||`, `;`, newline, `|`, ...); undefined for the first. */
  readonly joinedBy: ShellOperator | undefined;
}

export interface ShellScript {
  readonly commands: readonly SimpleCommand[];
  /** The reader could not follow all of it (unclosed quotes, here-docs, case, functions). */
  readonly complex: boolean;
  /** Any operator, redirection, expansion, glob or assignment: exec form would change its meaning. */
  readonly usesShellSyntax: boolean;
}

export function parseShell(script: string): ShellScript {
  const { tokens, complete } = tokenizeShell(script);
  const commands: SimpleCommand[] = [];
  let complex = !complete;
  let usesShellSyntax = false;
  let depth = 0;
  let current:
    | {
        words: ShellWord[];
        assignments: ShellWord[];
        redirects: number;
        start: number;
        end: number;
        pipedIn: boolean;
        nested: boolean;
        joinedBy: ShellOperator | undefined;
      }
    | undefined;
  let lastOp: ShellOperator | undefined;

  const close = (piped: boolean, background: boolean) => {
    if (current && (current.words.length > 0 || current.assignments.length > 0)) {
      commands.push({ ...current, piped: piped || current.pipedIn, background });
    }
    current = undefined;
  };

  for (const token of tokens) {
    if (token.kind === 'op') {
      if (token.op !== '\n') usesShellSyntax = true;
      if (token.op === 'redirect') {
        if (current) {
          current.redirects++;
          current.end = token.end;
        }
        continue;
      }
      if (token.op === '(') depth++;
      if (token.op === ')') depth = Math.max(0, depth - 1);
      if (token.op === ';;') complex = true;
      const piped = token.op === '|';
      close(piped, token.op === '&');
      lastOp = token.op;
      if (piped) current = { words: [], assignments: [], redirects: 0, start: token.end, end: token.end, pipedIn: true, nested: depth > 0, joinedBy: '|' };
      continue;
    }
    if (token.expands || token.globs) usesShellSyntax = true;
    if (!current)
      current = { words: [], assignments: [], redirects: 0, start: token.start, end: token.end, pipedIn: false, nested: depth > 0, joinedBy: lastOp };
    if (current.words.length === 0 && current.assignments.length === 0) current.start = token.start;
    if (current.words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(token.raw)) {
      usesShellSyntax = true;
      current.assignments.push(token);
    } else if (current.words.length === 0 && KEYWORDS.has(token.raw)) {
      usesShellSyntax = true;
      if (token.raw === 'case' || token.raw === 'function') complex = true;
      if (['if', 'for', 'while', 'until', '{', 'case', 'select'].includes(token.raw)) depth++;
      if (['fi', 'done', '}', 'esac'].includes(token.raw)) depth = Math.max(0, depth - 1);
      current.nested = depth > 0;
    } else {
      current.words.push(token);
    }
    current.end = token.end;
  }
  close(false, false);
  if (depth > 0) complex = true;
  if (/^\s*[A-Za-z_][A-Za-z0-9_]*\s*\(\s*\)/m.test(script)) complex = true;
  return { commands, complex, usesShellSyntax };
}

/** The program name of a command word, without its path (`/usr/bin/env` → `env`). */
export function programName(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash === -1 ? word : word.slice(slash + 1);
}

export const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox']);

/**
 * Built-ins (and bash keywords) that are not programs on a typical image: `exec wait`
 * would fail, so no fix puts `exec` before them and no exec form is made of them.
 */
export const NON_EXECUTABLE_BUILTINS = new Set([
  'wait',
  'exit',
  'cd',
  'export',
  'source',
  '.',
  'set',
  'unset',
  'trap',
  ':',
  'eval',
  'return',
  'read',
  'shift',
  'exec',
  'local',
  'readonly',
  'ulimit',
  'umask',
  'alias',
  'break',
  'continue',
  'true',
  'false',
  'command',
  'builtin',
  'declare',
  'typeset',
  'let',
  'shopt',
  'pushd',
  'popd',
  'dirs',
  'disown',
  'enable',
  'history',
  'logout',
  'mapfile',
  'readarray',
  'getopts',
  'hash',
  'type',
  'jobs',
  'fg',
  'bg',
  'times',
  'suspend',
  'time',
  'unalias',
]);

/**
 * Reads a duration as `sleep` takes it (`15`, `15s`, `2m`, `1h`, `0.5`): seconds, or undefined.
 */
export function parseSleepDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([smh]?)$/.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]);
  const unit = m[2] === 'm' ? 60 : m[2] === 'h' ? 3600 : 1;
  return value * unit;
}

/** Reads a Go-style or plain duration (`30s`, `1m30s`, `45`, `500ms`) into seconds. */
export function parseDuration(text: string): number | undefined {
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const unit = m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : m[2] === 's' ? 1 : 0.001;
    total += Number(m[1]) * unit;
    matched = re.lastIndex;
  }
  return matched === text.length && matched > 0 ? total : undefined;
}

/** The shells whose `-c SCRIPT` wrappers the rules judge (RULES.md: sh, bash, ash, dash, with or without a path). */
export const WRAPPER_SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

/** Shell options that take the next argument as their value (`-o pipefail`, `--rcfile FILE`). */
const SHELL_OPTIONS_WITH_VALUE = new Set(['--rcfile', '--init-file']);

/**
 * Where a shell command line keeps its `-c` script: the script's index in `argv`
 * (`["sh", "-c", "x"]` → 2, `["/bin/bash", "-eo", "pipefail", "-c", "x"]` → 4).
 * Undefined when `argv` does not run one of `shells` with `-c` and a script.
 */
export function shellScriptIndex(argv: readonly string[], shells: ReadonlySet<string> = WRAPPER_SHELLS): number | undefined {
  const [program] = argv;
  if (program === undefined || !shells.has(programName(program))) return undefined;
  let sawC = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === undefined) break;
    if (arg === '--') return sawC && i + 1 < argv.length ? i + 1 : undefined;
    if (arg === '-') return undefined;
    if (arg.startsWith('--')) {
      if (SHELL_OPTIONS_WITH_VALUE.has(arg)) i++;
      continue;
    }
    if ((arg.startsWith('-') || arg.startsWith('+')) && arg.length > 1) {
      if (arg.startsWith('-') && arg.includes('c')) sawC = true;
      if (/[oO]/.test(arg)) i++;
      continue;
    }
    return sawC ? i : undefined;
  }
  return undefined;
}
