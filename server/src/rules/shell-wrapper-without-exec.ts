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
    summary: '`sh -c SCRIPT` runs the app as a child and does not forward the stop signal; the last command should be `exec`ed.',
    docs: `# shell-wrapper-without-exec

## Why it matters

On shutdown SIGTERM goes to the container's PID 1 only, and after the grace period everything is killed. With
\`["sh", "-c", "migrate && python app.py"]\` PID 1 is the shell: it starts the app as a child and does not
forward the signal to it. The app keeps serving until SIGKILL arrives and is cut off mid-request. Writing
\`exec\` before the last command makes the shell replace itself with the app, which then receives SIGTERM.

## What triggers it

- A command whose program is \`sh\`, \`bash\`, \`ash\` or \`dash\` (with or without a path) run with \`-c SCRIPT\`
  (\`-c\` may be combined with other flags: \`-ec\`, \`-o pipefail -c\`), where the script's last simple command
  does not start with \`exec\`.
- In a Dockerfile: the final stage's exec-form ENTRYPOINT/CMD, including \`ENTRYPOINT ["sh", "-c"]\` with the
  script in CMD. In Kubernetes: the \`command\`/\`args\` of the regular containers of long-running workloads (the
  script may sit in \`args\` while \`command\` is \`["sh", "-c"]\`).

It does not trigger on:

- scripts that already \`exec\` their last command, or that set a \`trap\` (they handle signals themselves), or that
  Graceful cannot read surely (\`case\`, functions, here-documents, or a last command inside \`if\`/loops while the
  script uses \`exec\` elsewhere);
- init containers, Jobs, CronJobs and run-once Pods (they run to completion), probes and lifecycle hooks (their
  process is not PID 1), earlier Dockerfile stages, and values from Helm templates.

## How to fix

Put \`exec\` before the last command: \`sh -c "migrate && exec python app.py"\`. The fix does exactly that, in the
file's own quoting. It is not offered when the last command is piped, in the background, inside a compound
command, a fallback after \`||\`, has variable assignments in front, or is a shell builtin (\`wait\`): restructure
those scripts by hand, or run the shell under an init (\`tini\`, \`dumb-init\`) that forwards signals to the
whole process group.

## Example

Before:

\`\`\`yaml
containers:
  - name: web
    image: example/web:1.0
    command: ["sh", "-c"]
    args: ["python manage.py migrate && gunicorn app:wsgi"]
\`\`\`

After:

\`\`\`yaml
containers:
  - name: web
    image: example/web:1.0
    command: ["sh", "-c"]
    args: ["python manage.py migrate && exec gunicorn app:wsgi"]
\`\`\`
`,
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
    const edit = reading.execAt === undefined ? undefined : { range: { start: script.offsets[reading.execAt]!, end: script.offsets[reading.execAt]! }, newText: 'exec ' };
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
  if (!commandSeq || !command) return undefined;
  const argsNode = view.get(container.node, 'args');
  const args = argsNode === undefined ? [] : view.strings(argsNode);
  const at = shellScriptIndex([...command, ...(args ?? [])]);
  if (at === undefined) return undefined;
  const item = at < command.length ? commandSeq.items[at] : view.asSeq(argsNode)?.items[at - command.length];
  const script = view.string(item);
  const range = view.range(item);
  if (script === undefined || !range) return undefined;
  const shells = containerShells(context, container);
  const shell = shells && shellOfProgram(command[0]!, shells);
  if (!shell) return undefined;
  const reading = readScript(script);
  if (reading.traps || shellStays(reading, shell) !== true) return undefined;
  const edit = reading.execAt === undefined ? undefined : insertIntoScalar(view, item, reading.execAt, 'exec ');
  const app = waitedProgram(reading);
  const path = `PID 1 is ${shellShown(`${command[0]!} -c`, shell)}, which stays the parent of ${app} and does not forward SIGTERM to it, so ${app} is killed when the grace period ends instead of shutting down`;
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
  const how = edit ? `start it with \`exec\` so that ${app} replaces the shell` : `restructure the script so that ${app} is \`exec\`ed last, with nothing after it`;
  return { message: `${signalPathText}; ${how}`, range, fixes };
}
