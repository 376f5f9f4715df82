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
    const pid1 = run.init
      ? `PID 1 is \`${run.init}\`, which forwards ${analysis.stopSignal} to the script's shell; that shell stays the parent of its last command and does not pass the signal on`
      : `the script's shell stays PID 1 and does not forward ${analysis.stopSignal} to it`;
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
  const line = (text.split('\n', 1)[0] ?? text).trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
