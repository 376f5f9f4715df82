import { baseShells, shellOfProgram, type BaseShells } from '../model/image-shell';
import type { ShellRun } from '../model/pid1';
import type { ContainerRef } from '../model/pod-spec';
import { readScript, shellStays, type ScriptReading } from '../model/script-run';
import { shellScriptIndex } from '../parse/shell-words';
import type { Fix, RuleFinding, TextEdit } from '../types';
import type { DockerfileContext, KubernetesContext, Rule } from './rule';
import { insertIntoScalar } from './support/shell-exec-yaml';
import { runsFlaggedBy, shellShown, signalPath, waitedProgram } from './support/shell-verdict';

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
    summary: '`sh -c SCRIPT` whose shell stays the parent of the app does not forward the stop signal; the last command should be `exec`ed.',
    fixable: true,
    needsCompleteObject: false,
  },
  checkDockerfile: checkDockerfile,
  checkKubernetes: checkKubernetes,
};

function checkDockerfile(context: DockerfileContext): RuleFinding[] {
  const analysis = context.pid1;
  return runsFlaggedBy<ShellRun>(analysis, 'shell-wrapper-without-exec').map((run) => {
    const { reading, script } = run;
    const at = reading.execAt === undefined ? undefined : script.offsets[reading.execAt];
    const edit = at === undefined ? undefined : { range: { start: at, end: at }, newText: 'exec ' };
    return finding(signalPath(run, analysis.stopSignal), reading, script.range, edit);
  });
}

function checkKubernetes(context: KubernetesContext): RuleFinding[] {
  const pod = context.pod;
  if (!pod?.longRunning) return [];
  return pod.containers.flatMap((container) => containerFinding(context, container) ?? []);
}

/**
 * A regular container whose `command` (with `args`) is a shell wrapper; the image's ENTRYPOINT is
 * unknown, so `command` must name the shell. Which shell `sh` is comes from the image: the workspace
 * Dockerfile that builds it, else its reference.
 */
function containerFinding(context: KubernetesContext, container: ContainerRef): RuleFinding | undefined {
  const { view } = context.object;
  const commandSeq = view.getSeq(container.node, 'command');
  const command = view.strings(commandSeq);
  const program = command?.[0];
  if (!commandSeq || !command || program === undefined) return undefined;
  const argsNode = view.get(container.node, 'args');
  const args = argsNode === undefined ? [] : view.strings(argsNode);
  const at = shellScriptIndex([...command, ...(args ?? [])]);
  if (at === undefined) return undefined;
  const item = at < command.length ? commandSeq.items[at] : view.asSeq(argsNode)?.items[at - command.length];
  const script = view.string(item);
  const range = view.range(item);
  if (script === undefined || !range) return undefined;
  const shells = containerShells(context, container);
  const shell = shells && shellOfProgram(program, shells);
  if (!shell) return undefined;
  const reading = readScript(script);
  if (reading.traps || shellStays(reading, shell) !== true) return undefined;
  const edit = reading.execAt === undefined ? undefined : insertIntoScalar(view, item, reading.execAt, 'exec ');
  const app = waitedProgram(reading);
  const path = `PID 1 is ${shellShown(`${program} -c`, shell)}, which stays the parent of ${app} and does not forward SIGTERM to it, so ${app} is killed when the grace period ends instead of shutting down`;
  return finding(path, reading, range, edit);
}

/** The shells of the container's image; undefined for a Windows image or a templated reference. */
function containerShells(context: KubernetesContext, container: ContainerRef): BaseShells | undefined {
  const image = container.image;
  const shells = (image === undefined ? undefined : context.index.dockerfileForImage(image)?.fact.shells) ?? baseShells(image);
  return shells.windows ? undefined : shells;
}

function finding(signalPathText: string, reading: ScriptReading, range: RuleFinding['range'], edit: TextEdit | undefined): RuleFinding {
  const app = waitedProgram(reading);
  const fixes: Fix[] = edit ? [{ title: `Insert \`exec\` before ${app}`, edits: [edit], preferred: true }] : [];
  const how = edit
    ? `start it with \`exec\` so that ${app} replaces the shell`
    : `restructure the script so that ${app} is \`exec\`ed last, with nothing after it`;
  return { message: `${signalPathText}; ${how}`, range, fixes };
}
