import type { Rule } from './rule';
import { shellFormFindings } from './support/shell-form';

/**
 * `shell-form-cmd`: the final stage's CMD in shell form makes `/bin/sh -c` PID 1,
 * and that shell does not forward SIGTERM to the app.
 */
export const rule: Rule = {
  meta: {
    id: 'shell-form-cmd',
    defaultSeverity: 'warning',
    title: 'CMD in shell form: the shell, not the app, gets SIGTERM',
    summary: 'A shell-form CMD makes `/bin/sh -c` PID 1, which does not forward the stop signal to the app.',
    docs: `# shell-form-cmd

## Why it matters

When Kubernetes (or \`docker stop\`) stops a container it sends SIGTERM (or the image's \`STOPSIGNAL\`) to PID 1 only,
waits for the grace period, then sends SIGKILL. A CMD written in shell form (\`CMD python app.py\`) is run as
\`/bin/sh -c "python app.py"\`, so PID 1 is the shell. The shell does not pass the signal on: the app never hears it,
keeps serving until the grace period runs out, and is then killed mid-request, without closing connections,
finishing work or flushing data. With \`&&\`, \`;\` or pipes the shell stays alive for sure; with a lone command,
whether the shell replaces itself depends on which shell \`/bin/sh\` is.

## What triggers it

- The CMD that Docker runs: the last CMD of the final stage (the last \`FROM\`), written in shell form. A CMD that
  is not valid JSON (\`CMD [python, app.py]\`, \`CMD ['python', 'app.py']\`) is shell form too, as Docker reads it.
- A \`SHELL\` instruction does not silence it: that shell is still PID 1.

It does not trigger on:

- exec form (\`CMD ["python", "app.py"]\`); CMDs of earlier stages; a final stage without CMD (it inherits the base image's);
- a command whose last step already uses \`exec\` (\`CMD cd /app && exec python app.py\`), or that sets a \`trap\`
  (it handles signals itself), or that Graceful cannot read surely (\`case\`, functions, here-documents);
- a CMD that a shell-form ENTRYPOINT ignores (\`shell-form-entrypoint\` reports that one);
- Windows images.

## How to fix

- Use exec form when the command needs no shell: \`CMD ["python", "app.py"]\`.
- When it needs one (\`&&\`, variables, redirections), run the shell explicitly and \`exec\` the last command, so
  the app replaces the shell and becomes PID 1: \`CMD ["/bin/sh", "-c", "cd /app && exec python app.py"]\`.
  The fix keeps the shell a \`SHELL\` instruction chose, with its flags.
- As PID 1 the app must handle SIGTERM itself (the kernel applies no default action to PID 1); when it cannot,
  run it under an init such as \`tini\` or \`dumb-init\`.

## Example

Before:

\`\`\`dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY . .
CMD cd /app && python app.py
\`\`\`

After:

\`\`\`dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY . .
CMD ["/bin/sh", "-c", "cd /app && exec python app.py"]
\`\`\`
`,
    fixable: true,
    needsCompleteObject: false,
  },
  checkDockerfile: (context) => shellFormFindings(context, 'shell-form-cmd'),
};
