import type { ScriptFileRun } from '../model/pid1';
import type { RuleFinding } from '../types';
import type { DockerfileContext, Rule } from './rule';
import { runsFlaggedBy } from './support/shell-verdict';

/**
 * `entrypoint-script-without-exec`: the final stage runs a shell script from the build
 * context whose last command is not `exec`ed, so the script's shell stays PID 1.
 */
export const rule: Rule = {
  meta: {
    id: 'entrypoint-script-without-exec',
    defaultSeverity: 'warning',
    title: 'Entrypoint script does not exec the app',
    summary: 'The ENTRYPOINT/CMD script ends without `exec`, so its shell stays PID 1 and the app never gets SIGTERM.',
    docs: `# entrypoint-script-without-exec

## Why it matters

The stop signal (SIGTERM, or the image's \`STOPSIGNAL\`) is delivered to PID 1 only; when the grace period ends,
everything is killed. An entrypoint script runs in a shell, and that shell is PID 1. If the script starts the
app as its last command without \`exec\` (\`python app.py\`, or \`"$@"\`), the app is a child of the shell, which
does not forward the signal: the app is cut off by SIGKILL instead of shutting down cleanly.

## What triggers it

The final stage's ENTRYPOINT or CMD (exec form, possibly after \`tini\`/\`dumb-init\`, or as \`["sh", "script"]\`)
runs a shell script that Graceful finds in the build context by following \`COPY\`/\`ADD\` from the Dockerfile's
folder to the path the instruction runs (absolute, relative to \`WORKDIR\`, or a bare name on the default
\`PATH\`), and whose last command does not start with \`exec\`. The script must start with a \`sh\`, \`bash\`,
\`ash\` or \`dash\` \`#!\` line when it is executed directly.

It does not trigger when the script is not found (\`COPY --from\` another stage, globs, variables, a script
from the base image), when it sets a \`trap\` (it handles signals itself), when Graceful cannot read it surely
(functions, \`case\`, here-documents, or a last command inside \`if\`/loops while the script uses \`exec\`), or on
earlier stages. There is no automatic fix: the script is another file.

## How to fix

End the script by replacing the shell with the app:

\`\`\`sh
#!/bin/sh
set -e
./migrate
exec "$@"
\`\`\`

or, when the script must stay alive, run it under an init that forwards signals to its children:
\`ENTRYPOINT ["tini", "--", "/entrypoint.sh"]\` (or \`dumb-init\`), and make the script forward them (\`trap\`).

## Example

Before (\`entrypoint.sh\`, run by \`ENTRYPOINT ["/entrypoint.sh"]\` with \`CMD ["gunicorn", "app:wsgi"]\`):

\`\`\`sh
#!/bin/sh
python manage.py migrate
"$@"
\`\`\`

After:

\`\`\`sh
#!/bin/sh
python manage.py migrate
exec "$@"
\`\`\`
`,
    fixable: false,
    needsCompleteObject: false,
  },
  checkDockerfile: checkDockerfile,
};

function checkDockerfile(context: DockerfileContext): RuleFinding[] {
  const analysis = context.pid1;
  return runsFlaggedBy<ScriptFileRun>(analysis, 'entrypoint-script-without-exec').flatMap((run) => {
    const last = run.reading.last;
    const text = context.fs.readText(run.scriptPath);
    if (!last || text === undefined) return [];
    const lastText = text.slice(last.start, last.end);
    const pid1 = run.init ? `PID 1 is \`${run.init}\`, which forwards ${analysis.stopSignal} to the script's shell; that shell stays the parent of its last command and does not pass the signal on` : `the script's shell stays PID 1 and does not forward ${analysis.stopSignal} to it`;
    return [
      {
        message: `${run.instruction.keyword} runs \`${run.imagePath}\`, whose last command \`${firstLine(lastText)}\` is not \`exec\`ed: ${pid1}; end the script with \`exec "$@"\` (or \`exec\` the app)`,
        range: run.instruction.range,
        related: [{ path: run.scriptPath, range: { start: last.start, end: last.end }, message: 'the last command runs as a child of the shell' }],
      },
    ];
  });
}
function firstLine(text: string): string {
  const line = text.split('\n', 1)[0]!.trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
