import { parseShell, NON_EXECUTABLE_BUILTINS, type CommandWords } from '../parse/shell-words';
import { parseShellTree, type ShellNode } from '../parse/shell-tree';
import type { ShellKind } from './image-shell';

/**
 * Programs that do not serve: when one ends a script, the program before it is the app,
 * and `exec` is never put before one (`./server && echo bye` must not become `exec echo bye`).
 */
const NOT_THE_APP = new Set([
  ...NON_EXECUTABLE_BUILTINS,
  'echo',
  'printf',
  'sleep',
  'kill',
  'rm',
  'touch',
  'cat',
  'tee',
  'test',
  '[',
  'logger',
  'date',
  'env',
  'mkdir',
  'chmod',
  'chown',
]);

/** Where the command a script runs last sits, as far as a shell's exec shortcut cares. */
type Through = 'compound' | 'loop' | 'pipe' | 'negated' | 'function' | 'redirect';

interface Tail {
  readonly command: CommandWords;
  readonly through: ReadonlySet<Through>;
  /** Run only when the command before it failed (`app || echo failed`). */
  readonly fallback: boolean;
}

/**
 * A script as a shell runs it, independent of which shell: how it ends, the command it
 * runs last, the program that keeps the shell waiting (the app, as far as the script
 * tells), and where `exec ` could go. `shellStays` then says what a given shell does.
 */
export interface ScriptReading {
  /**
   * `exec`: the last command is `exec PROGRAM` (in every branch); `runs`: it is a plain
   * command; `unreadable`: unclosed quotes or keywords, branches that disagree, or nothing
   * waited on (empty, or ends in the background).
   */
  readonly ending: 'exec' | 'runs' | 'unreadable';
  /** The script sets a `trap` with a handler: it handles signals itself (and no shell execs its last command then). */
  readonly traps: boolean;
  /** The `exec` command that ends the script (`ending: exec`). */
  readonly execCommand: CommandWords | undefined;
  /** The command run last (`ending: runs`, the last branch's when there are several). */
  readonly last: CommandWords | undefined;
  /**
   * The program that keeps the shell waiting: the first program of the last command that
   * is plausibly the app (trailing `echo`, fallbacks after `||` and `wait` are skipped;
   * `java` in `java -jar app.jar | tee log`). Undefined when none can be told.
   */
  readonly waitsOn: CommandWords | undefined;
  /** Where inserting `exec ` makes the shell become `waitsOn` without changing what runs; undefined when nowhere is safe. */
  readonly execAt: number | undefined;
  /** A single simple command without shell syntax (it can be written in exec form). */
  readonly plain: boolean;
  /** Per-shell facts for `shellStays`. */
  readonly tails: readonly Tail[];
  /** The text after the last top-level command: bash and BusyBox only exec a command that ends the text. */
  readonly trailing: string;
  readonly single: boolean;
  readonly background: boolean;
}

const UNREADABLE: ScriptReading = {
  ending: 'unreadable',
  traps: false,
  execCommand: undefined,
  last: undefined,
  waitsOn: undefined,
  execAt: undefined,
  plain: false,
  tails: [],
  trailing: '',
  single: false,
  background: false,
};

/**
 * Reads a script for what runs last. Only the last top-level command counts: functions,
 * `case`, loops and here-documents elsewhere do not matter; a function the script calls
 * last is followed into (its own last command), as entrypoint scripts end in `_main "$@"`.
 */
export function readScript(text: string): ScriptReading {
  const tree = parseShellTree(text);
  if (!tree) return UNREADABLE;
  const functions = new Map<string, ShellNode>();
  let background = false;
  let traps = false;
  walk(tree, (node) => {
    if (node.type === 'function') functions.set(node.name, node.body);
    if (node.type === 'list' && node.items.some((i) => i.background)) background = true;
    if (node.type === 'simple' && node.command.words[0]?.value === 'trap' && setsHandler(node.command)) traps = true;
  });
  const tails = tailsOf(tree, new Set(), false, functions, 0);
  const [firstItem] = tree.items;
  const single = tree.items.length === 1 && firstItem !== undefined && firstItem.node.type === 'simple' && !firstItem.background;
  const flat = parseShell(text);
  const plain = single && !flat.usesShellSyntax;
  const lastItem = tree.items[tree.items.length - 1];
  const base = { traps, tails, single, background, plain, trailing: lastItem ? text.slice(lastItem.end) : '' };
  const last = tails[tails.length - 1];
  if (!last) return { ...UNREADABLE, ...base, ending: 'unreadable' };
  const execs = tails.filter((t) => execsProgram(t.command));
  const lastExec = execs[execs.length - 1];
  if (lastExec && execs.length === tails.length)
    return { ...base, ending: 'exec', execCommand: lastExec.command, last: undefined, waitsOn: undefined, execAt: undefined };
  if (execs.length > 0) return { ...UNREADABLE, ...base };
  const waitsOn = mainCommand(tree, functions, 0) ?? last.command;
  const program = last.command.words[0];
  const safe =
    tails.length === 1 &&
    last.through.size === (last.through.has('redirect') ? 1 : 0) &&
    !last.fallback &&
    last.command === waitsOn &&
    program !== undefined &&
    !NOT_THE_APP.has(program.value) &&
    !functions.has(program.value) &&
    last.command.assignments.length === 0 &&
    !background;
  return { ...base, ending: 'runs', execCommand: undefined, last: last.command, waitsOn, execAt: safe ? program.start : undefined };
}

/**
 * Whether `shell`, running the script with `-c`, stays the parent of the program it waits
 * on (so a signal sent to the shell does not reach that program). Undefined when the script
 * is unreadable. Measured with dash 0.5.12, bash 5.2, BusyBox 1.35 (see test/real-shells).
 */
export function shellStays(reading: ScriptReading, shell: ShellKind): boolean | undefined {
  if (reading.ending === 'unreadable') return undefined;
  if (reading.ending === 'exec') return false;
  if (shell === 'dash' || reading.traps) return true;
  return !reading.tails.every((tail) => replacesItself(reading, tail, shell));
}

/** Whether the shell replaces itself with this last command (bash's and BusyBox's `-c` shortcut). */
function replacesItself(reading: ScriptReading, tail: Tail, shell: Exclude<ShellKind, 'dash'>): boolean {
  const program = tail.command.words[0];
  if (!program || NON_EXECUTABLE_BUILTINS.has(program.value) || tail.command !== reading.waitsOn || tail.fallback) return false;
  if (tail.through.has('loop') || tail.through.has('pipe') || tail.through.has('negated') || tail.through.has('function')) return false;
  // Measured: BusyBox execs only when nothing, not even a newline, follows the last command; bash allows one newline.
  if (shell === 'ash') return TRAILING_ASH.test(reading.trailing);
  if (tail.through.size > 0 || reading.background || !TRAILING_BASH.test(reading.trailing)) return false;
  return shell === 'bash' || reading.single;
}

const TRAILING_ASH = /^[ \t;]*(?:#[^\n]*)?$/;
const TRAILING_BASH = /^[ \t;]*(?:#[^\n]*)?\n?$/;

function execsProgram(command: CommandWords): boolean {
  return command.words[0]?.value === 'exec' && command.words.length > 1;
}

/** `trap HANDLER SIGNAL...` with a handler (`trap '' INT` ignores, `trap - INT` resets: neither runs code). */
function setsHandler(command: CommandWords): boolean {
  const handler = command.words[1];
  return handler !== undefined && command.words.length > 2 && handler.value !== '' && handler.value !== '-';
}

function walk(node: ShellNode, visit: (node: ShellNode) => void): void {
  visit(node);
  switch (node.type) {
    case 'pipeline':
      return node.commands.forEach((c) => walk(c, visit));
    case 'and-or':
      return node.items.forEach((c) => walk(c, visit));
    case 'list':
      return node.items.forEach((i) => walk(i.node, visit));
    case 'group':
    case 'function':
      return walk(node.body, visit);
    case 'if':
      return [...node.conditions, ...node.bodies].forEach((c) => walk(c, visit));
    case 'case':
      return node.bodies.forEach((c) => walk(c, visit));
    case 'loop':
      if (node.condition) walk(node.condition, visit);
      return walk(node.body, visit);
    case 'simple':
      return;
  }
}

const MAX_FUNCTION_DEPTH = 4;

/** The commands that may run last, one per branch, with what they sit in. */
function tailsOf(node: ShellNode, through: ReadonlySet<Through>, fallback: boolean, functions: ReadonlyMap<string, ShellNode>, depth: number): Tail[] {
  const add = (...more: Through[]) => new Set([...through, ...more]);
  switch (node.type) {
    case 'simple': {
      const body = functions.get(node.command.words[0]?.value ?? '');
      if (body && depth < MAX_FUNCTION_DEPTH) return tailsOf(body, add('function'), fallback, functions, depth + 1);
      return [{ command: node.command, through: node.command.redirects > 0 ? add('redirect') : through, fallback }];
    }
    case 'pipeline': {
      // The parser never builds an empty pipeline or and-or list; nothing runs last in one.
      const last = node.commands[node.commands.length - 1];
      return last ? tailsOf(last, node.negated ? add('negated', 'pipe') : add('pipe'), fallback, functions, depth) : [];
    }
    case 'and-or': {
      const last = node.items[node.items.length - 1];
      return last ? tailsOf(last, through, fallback || node.ops[node.ops.length - 1] === '||', functions, depth) : [];
    }
    case 'list': {
      const last = node.items[node.items.length - 1];
      return !last || last.background ? [] : tailsOf(last.node, through, fallback, functions, depth);
    }
    case 'group':
      return tailsOf(node.body, node.redirects > 0 ? add('compound', 'redirect') : add('compound'), fallback, functions, depth);
    case 'if':
    case 'case': {
      const inner = node.redirects > 0 ? add('compound', 'redirect') : add('compound');
      return node.bodies.flatMap((b) => tailsOf(b, inner, fallback, functions, depth));
    }
    case 'loop':
      return tailsOf(node.body, add('loop'), fallback, functions, depth);
    case 'function':
      return [];
  }
}

/** The program that keeps the shell waiting in `node`: the last plausible app, skipping trailing trivial commands and `||` fallbacks. */
function mainCommand(node: ShellNode, functions: ReadonlyMap<string, ShellNode>, depth: number): CommandWords | undefined {
  switch (node.type) {
    case 'simple': {
      const name = node.command.words[0]?.value;
      const body = functions.get(name ?? '');
      if (body && depth < MAX_FUNCTION_DEPTH) return mainCommand(body, functions, depth + 1);
      return name === undefined || NOT_THE_APP.has(name) ? undefined : node.command;
    }
    case 'pipeline':
      return firstDefined(node.commands, (c) => mainCommand(c, functions, depth));
    case 'and-or':
      // `app || echo failed`: the fallback after `||` is not what the shell waits on.
      return lastDefined(
        node.items.filter((_, i) => i === 0 || node.ops[i - 1] !== '||'),
        (c) => mainCommand(c, functions, depth),
      );
    case 'list':
      return lastDefined(node.items, (i) => mainCommand(i.node, functions, depth));
    case 'group':
    case 'loop':
      return mainCommand(node.body, functions, depth);
    case 'if':
    case 'case':
      return lastDefined(node.bodies, (b) => mainCommand(b, functions, depth));
    case 'function':
      return undefined;
  }
}

function firstDefined<T, R>(items: readonly T[], f: (item: T) => R | undefined): R | undefined {
  for (const item of items) {
    const r = f(item);
    if (r !== undefined) return r;
  }
  return undefined;
}

function lastDefined<T, R>(items: readonly T[], f: (item: T) => R | undefined): R | undefined {
  return firstDefined([...items].reverse(), f);
}
