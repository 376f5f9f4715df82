import type { ShellRun } from '../../model/pid1';
import { programName, SHELLS } from '../../parse/shell-words';
import type { Fix, RuleFinding } from '../../types';
import type { DockerfileContext } from '../rule';
import { runsFlaggedBy, signalPath } from './shell-verdict';

/** Findings of `shell-form-cmd` or `shell-form-entrypoint`: the final stage's shell-form instruction whose shell stays PID 1. */
export function shellFormFindings(context: DockerfileContext, ruleId: 'shell-form-cmd' | 'shell-form-entrypoint'): RuleFinding[] {
  const analysis = context.pid1;
  const run = runsFlaggedBy<ShellRun>(analysis, ruleId)[0];
  if (!run) return [];
  const ignoredCmd = run.instruction.keyword === 'ENTRYPOINT' ? analysis.ignoredCmd : undefined;
  const related = ignoredCmd ? [{ path: context.path, range: ignoredCmd.range, message: 'ignored: a shell-form ENTRYPOINT takes no arguments' }] : undefined;
  return [
    {
      message: shellFormMessage(run, analysis.stopSignal, ignoredCmd !== undefined),
      range: run.instruction.range,
      related,
      fixes: shellFormFixes(run, ignoredCmd !== undefined),
    },
  ];
}

function shellFormMessage(run: ShellRun, signal: string, cmdIgnored: boolean): string {
  const { instruction, reading } = run;
  const keyword = instruction.keyword;
  const written = instruction.brokenJson ? `${keyword} is not a valid JSON array, so Docker runs it in shell form` : `${keyword} is in shell form`;
  const ignored = cmdIgnored ? '; CMD and `docker run` arguments are ignored' : keyword === 'ENTRYPOINT' ? '; `docker run` arguments are ignored' : '';
  const command = `\`${reading.last?.words[0]?.value ?? '['}\``;
  if (instruction.brokenJson)
    return run.stays
      ? `${written}: ${signalPath(run, signal)}, and the shell tries to run ${command} as a command`
      : `${written}: the shell tries to run ${command} as a command`;
  return `${written}: ${signalPath(run, signal)}${ignored}`;
}

/**
 * The rewrites: exec form when the command needs no shell; else the same shell,
 * explicitly, with `exec` before the last command so the app replaces the shell.
 * For ENTRYPOINT, exec form makes CMD its arguments: then the wrapper is the safe fix.
 * Neither is offered when the last command is not plausibly the app (`echo`, a pipeline's end).
 */
function shellFormFixes(run: ShellRun, cmdIgnored: boolean): Fix[] {
  const { instruction, reading, script } = run;
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
  if (reading.execAt === undefined || !reading.last) return [];
  const fixes: Fix[] = [];
  const becomesArguments = instruction.keyword === 'ENTRYPOINT' && cmdIgnored;
  const execForm = reading.plain;
  if (execForm)
    fixes.push(
      replace(
        becomesArguments ? 'Convert to exec form (CMD then becomes its arguments)' : 'Convert to exec form',
        reading.last.words.map((w) => w.value),
        !becomesArguments,
      ),
    );
  const execScript = `${script.value.slice(0, reading.execAt)}exec ${script.value.slice(reading.execAt)}`;
  fixes.push(replace(`Run it with \`${[...shell].join(' ')}\` in exec form, exec-ing the last command`, [...shell, execScript], !execForm || becomesArguments));
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
