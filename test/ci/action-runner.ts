import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The parts of action.yml this runner reads (GitHub's metadata syntax for composite actions). */
export interface ActionMetadata {
  name: string;
  description: string;
  inputs?: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs?: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface ActionStep {
  id?: string;
  name?: string;
  uses?: string;
  with?: Record<string, string>;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

export interface StepRun {
  readonly step: ActionStep;
  /** Undefined for a `uses` step, which this runner cannot run (setup-node: the machine's Node stands in). */
  readonly status?: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ActionRun {
  readonly steps: readonly StepRun[];
  /** Whether every step that ran succeeded, as the job would see it. */
  readonly ok: boolean;
  /** The action's outputs, resolved from its steps' outputs. */
  readonly outputs: Record<string, string>;
}

/**
 * Lays out in `dir` the action's checkout as `uses: graceful-dev/graceful@REF` gets it: the
 * sources without dist/. Its node_modules links to `repo`'s (a real checkout runs `npm ci`,
 * which needs the registry), so the build step builds for real from the copy.
 */
export function actionCheckout(repo: string, dir: string): string {
  for (const entry of ['action.yml', 'package.json', 'package-lock.json', 'scripts', 'server', 'shared', 'client'])
    cpSync(join(repo, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

export function readAction(path: string): ActionMetadata {
  return parse(readFileSync(path, 'utf8')) as ActionMetadata;
}

/** `name=value` lines and `name<<DELIMITER` blocks of a GITHUB_OUTPUT file. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

/**
 * Runs a composite action's steps as the runner does: `${{ }}` expressions in `run`,
 * `env`, `with` and `working-directory` replaced by their values before the step
 * starts (an expression this runner does not know fails loudly), each `run` written
 * to a file and run by `bash --noprofile --norc -eo pipefail {0}` (what `shell: bash`
 * means) in the workspace or the step's working directory, with GITHUB_ACTION_PATH,
 * GITHUB_WORKSPACE, GITHUB_OUTPUT and RUNNER_TEMP set; the run stops at the first failing step.
 */
export function runAction(action: ActionMetadata, context: { actionPath: string; workspace: string; temp: string; inputs: Record<string, string> }): ActionRun {
  const inputs = Object.fromEntries(Object.entries(action.inputs ?? {}).map(([name, spec]) => [name, context.inputs[name] ?? spec.default ?? '']));
  const stepOutputs: Record<string, Record<string, string>> = {};
  const evaluate = (text: string) =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
      const input = /^inputs\.([\w-]+)$/.exec(expression);
      if (input) return inputs[input[1]!] ?? '';
      if (expression === 'github.action_path') return context.actionPath;
      if (expression === 'github.workspace') return context.workspace;
      const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
      if (output) return stepOutputs[output[1]!]?.[output[2]!] ?? '';
      throw new Error(`expression not supported by the test runner: ${expression}`);
    });
  const runs: StepRun[] = [];
  let ok = true;
  for (const [index, step] of action.runs.steps.entries()) {
    if (step.uses !== undefined) {
      for (const value of Object.values(step.with ?? {})) evaluate(value);
      runs.push({ step, stdout: '', stderr: '' });
      continue;
    }
    const script = join(context.temp, `step-${index}.sh`);
    const outputFile = join(context.temp, `output-${index}`);
    mkdirSync(context.temp, { recursive: true });
    writeFileSync(script, evaluate(step.run ?? ''));
    writeFileSync(outputFile, '');
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v))]));
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: step['working-directory'] ? evaluate(step['working-directory']) : context.workspace,
      encoding: 'utf8',
      env: {
        ...process.env,
        ...env,
        GITHUB_ACTION_PATH: context.actionPath,
        GITHUB_WORKSPACE: context.workspace,
        GITHUB_OUTPUT: outputFile,
        RUNNER_TEMP: context.temp,
        GITHUB_ACTIONS: 'true',
        CI: 'true',
      },
    });
    runs.push({ step, status: result.status, stdout: result.stdout, stderr: result.stderr });
    if (step.id) stepOutputs[step.id] = parseOutputFile(readFileSync(outputFile, 'utf8'));
    if (result.status !== 0) {
      ok = false;
      break;
    }
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([name, spec]) => [name, evaluate(spec.value)]));
  return { steps: runs, ok, outputs };
}
