import type { Pid1Problem } from '../model/pid1';
import type { RuleFinding } from '../types';
import type { DockerfileContext, Rule } from './rule';

type ScriptProblem = Extract<Pid1Problem, { ruleId: 'entrypoint-script-without-exec' }>;

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
  return analysis.problems
    .filter((p): p is ScriptProblem => p.ruleId === 'entrypoint-script-without-exec')
    .map((problem) => ({
      message: `${problem.instruction.keyword} runs \`${problem.imagePath}\`, whose last command \`${firstLine(problem.lastCommandText)}\` is not \`exec\`ed: the script's shell stays PID 1 and does not forward ${analysis.stopSignal} to it; end the script with \`exec "$@"\` (or \`exec\` the app)`,
      range: problem.instruction.range,
      related: [{ path: problem.scriptPath, range: problem.lastCommand, message: 'the last command runs as a child of the shell' }],
    }));
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0]!.trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
