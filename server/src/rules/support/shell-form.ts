import type { Pid1Problem } from '../../model/pid1';
import { NON_EXECUTABLE_BUILTINS, programName, SHELLS } from '../../parse/shell-words';
import type { Fix, RuleFinding } from '../../types';
import type { DockerfileContext } from '../rule';

type ShellFormProblem = Extract<Pid1Problem, { ruleId: 'shell-form-cmd' | 'shell-form-entrypoint' }>;

/** Findings of `shell-form-cmd` or `shell-form-entrypoint`: the final stage's flagged shell-form instruction. */
export function shellFormFindings(context: DockerfileContext, ruleId: ShellFormProblem['ruleId']): RuleFinding[] {
  const analysis = context.pid1;
  const problem = analysis.problems.find((p): p is ShellFormProblem => p.ruleId === ruleId);
  if (!problem) return [];
  const { instruction, ignoredCmd } = problem;
  const related = ignoredCmd ? [{ path: context.path, range: ignoredCmd.range, message: 'ignored: a shell-form ENTRYPOINT takes no arguments' }] : undefined;
  return [{ message: shellFormMessage(problem, analysis.stopSignal), range: instruction.range, related, fixes: shellFormFixes(problem) }];
}

function shellFormMessage(problem: ShellFormProblem, signal: string): string {
  const { instruction, ending, ignoredCmd } = problem;
  const keyword = instruction.keyword;
  const shell = `\`${(instruction.shell ?? ['the SHELL']).join(' ')}\``;
  const written = problem.instruction.brokenJson ? `${keyword} is not a valid JSON array, so Docker runs it in shell form` : `${keyword} is in shell form`;
  const ignored = ignoredCmd ? '; CMD and `docker run` arguments are ignored' : keyword === 'ENTRYPOINT' ? '; `docker run` arguments are ignored' : '';
  if (ending.kind !== 'keeps-shell') return `${written}: PID 1 is ${shell}${ignored}`;
  if (instruction.brokenJson) return `${written}: PID 1 is ${shell}, which does not forward ${signal}, and the shell tries to run \`${ending.last.words[0]?.value ?? '['}\` as a command`;
  const word = ending.last.words[0];
  const app = word && !word.expands ? `\`${programName(word.value)}\`` : 'the app';
  return `${written}: PID 1 is ${shell}, which does not forward ${signal} to ${app}, so it is killed when the grace period ends instead of shutting down${ignored}`;
}

/**
 * The rewrites: exec form when the command needs no shell; else the same shell,
 * explicitly, with `exec` before the last command so the app replaces the shell.
 * For ENTRYPOINT, exec form makes CMD its arguments: then the wrapper is the safe fix.
 */
function shellFormFixes(problem: ShellFormProblem): Fix[] {
  const { instruction, ending, parsed, script, ignoredCmd } = problem;
  const args = instruction.args;
  const shell = instruction.shell;
  const shellProgram = shell?.[0];
  if (!args || args.interleavedLines || !shell || shellProgram === undefined || !SHELLS.has(programName(shellProgram))) return [];
  const replace = (title: string, words: readonly string[], preferred: boolean): Fix => ({
    title,
    edits: [{ range: args.range, newText: `[${words.map((w) => JSON.stringify(w)).join(', ')}]` }],
    preferred,
  });
  if (instruction.brokenJson) {
    const items = brokenJsonItems(script.value);
    return items ? [replace('Write it as a valid JSON array (exec form)', items, true)] : [];
  }
  const becomesArguments = instruction.keyword === 'ENTRYPOINT' && ignoredCmd !== undefined;
  const execFormTitle = becomesArguments ? 'Convert to exec form (CMD then becomes its arguments)' : 'Convert to exec form';
  if (ending.kind === 'execs') {
    const words = ending.command.words.slice(1);
    const plain = parsed.commands.length === 1 && !parsed.usesShellSyntax;
    return plain ? [replace(execFormTitle, words.map((w) => w.value), false)] : [];
  }
  if (ending.kind !== 'keeps-shell') return [];
  const fixes: Fix[] = [];
  const program = ending.last.words[0];
  const execForm = ending.lone && !parsed.usesShellSyntax && program !== undefined && !NON_EXECUTABLE_BUILTINS.has(program.value);
  if (execForm) fixes.push(replace(execFormTitle, ending.last.words.map((w) => w.value), !becomesArguments));
  if (ending.execAt !== undefined) {
    const execScript = `${script.value.slice(0, ending.execAt)}exec ${script.value.slice(ending.execAt)}`;
    fixes.push(replace(`Run it with \`${[...shell].join(' ')}\` in exec form, exec-ing the last command`, [...shell, execScript], !execForm || becomesArguments));
  }
  return fixes;
}

/** The items of `[python, app.py]` or `['python', 'app.py']`, when each is a plain word or a quoted string. */
function brokenJsonItems(text: string): string[] | undefined {
  const inner = /^\[(.*)\]$/s.exec(text.trim())?.[1];
  if (inner === undefined || inner.trim() === '') return undefined;
  const items: string[] = [];
  for (const raw of inner.split(',')) {
    const item = raw.trim();
    const [, quoted] = /^'([^']*)'$/.exec(item) ?? /^"([^"\\]*)"$/.exec(item) ?? [];
    if (quoted !== undefined) items.push(quoted);
    else if (/^[^\s'"[\]]+$/.test(item)) items.push(item);
    else return undefined;
  }
  return items;
}
