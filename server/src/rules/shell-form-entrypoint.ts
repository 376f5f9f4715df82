import type { Rule } from './rule';
import { shellFormFindings } from './support/shell-form';

/**
 * `shell-form-entrypoint`: the final stage's ENTRYPOINT in shell form makes `/bin/sh -c`
 * PID 1 (signals lost) and makes Docker ignore CMD and `docker run` arguments.
 */
export const rule: Rule = {
  meta: {
    id: 'shell-form-entrypoint',
    defaultSeverity: 'warning',
    title: 'ENTRYPOINT in shell form: signals lost, CMD ignored',
    summary: 'A shell-form ENTRYPOINT makes `/bin/sh -c` PID 1, which does not forward the stop signal, and silently ignores CMD.',
    docs: `# shell-form-entrypoint

## Why it matters

On shutdown the stop signal (SIGTERM, or the image's \`STOPSIGNAL\`) goes to PID 1 only; after the grace period
comes SIGKILL. A shell-form ENTRYPOINT (\`ENTRYPOINT ./server --port 80\`) runs as
\`/bin/sh -c "./server --port 80"\`: the shell is PID 1 and does not pass the signal on, so the app is killed
mid-request when the grace period ends. A shell-form ENTRYPOINT also takes no arguments: the image's CMD and
any \`docker run\` or Kubernetes \`args\` are silently dropped.

## What triggers it

- The ENTRYPOINT that Docker runs: the last ENTRYPOINT of the final stage, in shell form (including text that
  is not valid JSON, such as \`ENTRYPOINT [./server]\`). A \`SHELL\` instruction does not silence it.
- Also when the command already \`exec\`s its last step, if the final stage has a CMD: that CMD is ignored.

It does not trigger on exec form, on earlier stages, on a final stage without ENTRYPOINT, on commands that set a
\`trap\` or that Graceful cannot read surely (\`case\`, functions, here-documents), or on Windows images.

## How to fix

- Use exec form: \`ENTRYPOINT ["./server", "--port", "80"]\`; CMD then supplies default arguments.
- When a shell is needed, run it explicitly and \`exec\` the last command:
  \`ENTRYPOINT ["/bin/sh", "-c", "ulimit -n 65536 && exec ./server"]\`. This is the preferred fix when the stage
  has a CMD, because exec form would start passing that CMD as arguments.

## Example

Before:

\`\`\`dockerfile
FROM debian:bookworm-slim
COPY server /usr/local/bin/server
ENTRYPOINT server --port 80
\`\`\`

After:

\`\`\`dockerfile
FROM debian:bookworm-slim
COPY server /usr/local/bin/server
ENTRYPOINT ["server", "--port", "80"]
\`\`\`
`,
    fixable: true,
    needsCompleteObject: false,
  },
  checkDockerfile: (context) => shellFormFindings(context, 'shell-form-entrypoint'),
};
