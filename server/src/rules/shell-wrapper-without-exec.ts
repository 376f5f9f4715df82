import type { Pid1Problem } from '../model/pid1';
import type { ContainerRef } from '../model/pod-spec';
import { parseShell, programName, scriptEnding, shellScriptIndex, type ScriptEnding } from '../parse/shell-words';
import type { Fix, RuleFinding, TextEdit } from '../types';
import type { DockerfileContext, KubernetesContext, Rule } from './rule';
import { insertIntoScalar } from './support/shell-exec-yaml';

type KeepsShell = ScriptEnding & { readonly kind: 'keeps-shell' };

/**
 * `shell-wrapper-without-exec`: `sh -c SCRIPT` (exec form in a Dockerfile, or a container's
 * command/args) whose last command is not `exec`ed, so the shell stays between the
 * stop signal and the app.
 */
export const rule: Rule = {
  meta: {
    id: 'shell-wrapper-without-exec',
    defaultSeverity: 'warning',
    title: 'Shell wrapper keeps the app from getting SIGTERM',
    summary: '`sh -c SCRIPT` runs the app as a child and does not forward the stop signal; the last command should be `exec`ed.',
    fixable: true,
    needsCompleteObject: false,
  },
  checkDockerfile: checkDockerfile,
  checkKubernetes: checkKubernetes,
};

function checkDockerfile(context: DockerfileContext): RuleFinding[] {
  const analysis = context.pid1;
  return analysis.problems
    .filter((p): p is Extract<Pid1Problem, { ruleId: 'shell-wrapper-without-exec' }> => p.ruleId === 'shell-wrapper-without-exec')
    .map((problem) => {
      const { ending, script } = problem;
      const edit = ending.execAt === undefined ? undefined : { range: { start: script.offsets[ending.execAt]!, end: script.offsets[ending.execAt]! }, newText: 'exec ' };
      return finding(problem.shell, ending, analysis.stopSignal, script.range, edit);
    });
}

function checkKubernetes(context: KubernetesContext): RuleFinding[] {
  const pod = context.pod;
  if (!pod?.longRunning) return [];
  return pod.containers.flatMap((container) => containerFinding(context, container) ?? []);
}

/** A regular container whose `command` (with `args`) is a shell wrapper; the image's ENTRYPOINT is unknown, so `command` must name the shell. */
function containerFinding(context: KubernetesContext, container: ContainerRef): RuleFinding | undefined {
  const { view } = context.object;
  const commandSeq = view.getSeq(container.node, 'command');
  const command = view.strings(commandSeq);
  if (!commandSeq || !command) return undefined;
  const argsNode = view.get(container.node, 'args');
  const args = argsNode === undefined ? [] : view.strings(argsNode);
  const at = shellScriptIndex([...command, ...(args ?? [])]);
  if (at === undefined) return undefined;
  const item = at < command.length ? commandSeq.items[at] : view.asSeq(argsNode)?.items[at - command.length];
  const script = view.string(item);
  const range = view.range(item);
  if (script === undefined || !range) return undefined;
  const ending = scriptEnding(parseShell(script));
  if (ending.kind !== 'keeps-shell') return undefined;
  const edit = ending.execAt === undefined ? undefined : insertIntoScalar(view, item, ending.execAt, 'exec ');
  return finding(command[0]!, ending, 'SIGTERM', range, edit);
}

function finding(shell: string, ending: KeepsShell, signal: string, range: RuleFinding['range'], edit: TextEdit | undefined): RuleFinding {
  const word = ending.last.words[0];
  const app = word && !word.expands ? `\`${programName(word.value)}\`` : 'its last command';
  const fixes: Fix[] = edit ? [{ title: `Insert \`exec\` before ${app}`, edits: [edit], preferred: true }] : [];
  const how = edit ? `start it with \`exec\` so that ${app} replaces the shell` : 'restructure the script so that the app is `exec`ed, or run it under an init such as tini';
  return { message: `\`${shell} -c\` runs ${app} as a child and does not forward ${signal} to it: ${how}`, range, fixes };
}
