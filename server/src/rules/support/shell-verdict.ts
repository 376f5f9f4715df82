import type { RuleId } from '../../../../shared/src/rule-ids';
import { shellLabel, type ShellKind } from '../../model/image-shell';
import type { Pid1Analysis, ProcessRun, ShellRun } from '../../model/pid1';
import type { ScriptReading } from '../../model/script-run';
import { NON_EXECUTABLE_BUILTINS, programName } from '../../parse/shell-words';
import type { OffsetRange } from '../../types';

/**
 * Which Dockerfile rule reports a shell or script between PID 1 and the app (RULES.md):
 * only in the final stage, only where the shell really stays the parent of the program
 * it waits on (see *The shell that runs a script*), never when the script sets a `trap`
 * (it handles signals itself) or cannot be read.
 */
export function ruleFlagging(run: ProcessRun): RuleId | undefined {
  if (!run.instruction.inFinalStage || run.reading.traps || run.reading.ending !== 'runs') return undefined;
  // A script that only runs builtins (`cd /app`, `exit 1`) leaves nothing running for a signal to miss (`wait` waits on children: it counts).
  const waited = run.reading.waitsOn?.words[0]?.value;
  if (waited === undefined || (waited !== 'wait' && NON_EXECUTABLE_BUILTINS.has(waited))) return undefined;
  // A script that ends in `exit` means to end there (a one-off task), not to serve.
  if (run.reading.last?.words[0]?.value === 'exit') return undefined;
  if (run.kind === 'script-file') return 'entrypoint-script-without-exec';
  // `CMD [python, app.py]` is not JSON: every shell tries to run `[python,` as a command, whichever it is.
  const brokenJson = run.form === 'shell-form' && run.instruction.brokenJson;
  if (run.stays !== true && !brokenJson) return undefined;
  if (run.form === 'wrapper') return 'shell-wrapper-without-exec';
  return run.instruction.keyword === 'CMD' ? 'shell-form-cmd' : 'shell-form-entrypoint';
}

/** The runs one rule reports. */
export function runsFlaggedBy<R extends ProcessRun>(analysis: Pid1Analysis, ruleId: RuleId): R[] {
  return analysis.runs.filter((run) => ruleFlagging(run) === ruleId) as R[];
}

/** The Dockerfile rule that flags the run closest to PID 1, with its instruction: what manifests running the image point at. */
export function firstSignalProblem(analysis: Pid1Analysis): { ruleId: RuleId; range: OffsetRange; line: string } | undefined {
  for (const run of analysis.runs) {
    const ruleId = ruleFlagging(run);
    if (ruleId) return { ruleId, range: run.instruction.range, line: run.instruction.line };
  }
  return undefined;
}

/** The program the shell waits on, for messages (`java`), or a description when it cannot be named. */
export function waitedProgram(reading: ScriptReading): string {
  const word = reading.waitsOn?.words[0];
  return word && !word.expands ? `\`${programName(word.value)}\`` : 'its last command';
}

/** `/bin/sh -c` (dash): the shell as written, and which one it is in this image. */
export function shellShown(words: string, shell: ShellKind | undefined): string {
  return `\`${words}\`${shell ? ` (${shellLabel(shell)})` : ''}`;
}

/**
 * Who gets the signal, where it stops and what follows, naming PID 1 as it is. Without an init:
 * the shell stays the parent and the app is killed when the grace period ends. Under an init
 * (`tini`, `dumb-init`), the shell exits on the signal at once and the init exits with its child,
 * so the app is killed before it can shut down (an init does not replace `exec`).
 */
export function signalPath(run: ShellRun, signal: string): string {
  const shell = shellShown(run.form === 'shell-form' ? run.shellWords : `${run.shellWords} -c`, run.shell);
  const app = waitedProgram(run.reading);
  if (run.init)
    return `PID 1 is \`${run.init}\`, which forwards ${signal} to ${shell}; that shell stays the parent of ${app} and exits on the signal at once, and the init exits with it, so ${app} is killed before it can shut down`;
  return `PID 1 is ${shell}, which stays the parent of ${app} and does not forward ${signal} to it, so ${app} is killed when the grace period ends instead of shutting down`;
}
