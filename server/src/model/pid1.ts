import type { Dockerfile, Instruction } from 'dockerfile-ast';
import { instructionArguments, parseJsonArguments, type MappedText } from '../parse/dockerfile-args';
import { contextPathsFor, imageFiles, type ImageFiles } from '../parse/dockerfile-copies';
import { finalStageChain, type FinalStageChain } from '../parse/dockerfile-stages';
import { LineIndex } from '../parse/line-index';
import { programName, shellScriptIndex, SHELLS, WRAPPER_SHELLS } from '../parse/shell-words';
import type { OffsetRange } from '../types';
import { baseShells, isWindowsShell, shellLabel, shellOfProgram, type BaseShells, type ShellKind } from './image-shell';
import { readScript, shellStays, type ScriptReading } from './script-run';
import { dirname, joinPath, type WorkspaceFs } from './workspace-fs';

/** Whether the stop signal gets to the application process. */
export type SignalVerdict = 'yes' | 'no' | 'unknown';

/** Docker's shell for shell-form instructions when no `SHELL` sets one (Linux images). */
export const DEFAULT_SHELL: readonly string[] = ['/bin/sh', '-c'];

/** A `CMD` or `ENTRYPOINT` as Docker reads it. */
export interface CommandInstruction {
  readonly keyword: 'CMD' | 'ENTRYPOINT';
  readonly instruction: Instruction;
  /** The whole instruction, keyword included. */
  readonly range: OffsetRange;
  /** The instruction's first line, as written. */
  readonly line: string;
  /** Whether it is written in the final stage (rules flag only those) rather than in a stage the final one builds on. */
  readonly inFinalStage: boolean;
  /** `invalid`: a JSON array holding non-strings, or no arguments at all; Docker refuses to build. */
  readonly form: 'exec' | 'shell' | 'invalid';
  /** The arguments as one logical line (what a rewrite replaces). */
  readonly args: (MappedText & { readonly interleavedLines: boolean }) | undefined;
  /** Exec form: the JSON strings. Empty otherwise. */
  readonly argv: readonly MappedText[];
  /** Shell form: the command line Docker hands to the shell. */
  readonly script: MappedText | undefined;
  /** Shell form that was meant as JSON (`CMD [python, app.py]`, single quotes): Docker runs it through the shell. */
  readonly brokenJson: boolean;
  /** Shell form: the `SHELL` in effect (default `/bin/sh -c`); undefined when that `SHELL` is not a JSON array of strings. */
  readonly shell: readonly string[] | undefined;
}

/**
 * A shell that runs a script on the way from PID 1 to the app: the shell of a shell-form
 * `CMD`/`ENTRYPOINT`, or an exec-form `sh -c SCRIPT` wrapper.
 */
export interface ShellRun {
  readonly kind: 'shell';
  /** `shell-form`: Docker runs the instruction through `SHELL`; `wrapper`: the instruction runs a shell with `-c`. */
  readonly form: 'shell-form' | 'wrapper';
  /** The instruction holding the script (for `ENTRYPOINT ["sh", "-c"]` with the script in CMD, the CMD). */
  readonly instruction: CommandInstruction;
  /** The shell as written: the `SHELL` words (`/bin/sh -c`) or the wrapper's program (`sh`, `/bin/bash`). */
  readonly shellWords: string;
  /** Which shell that is in this image; undefined for shells Graceful does not model (`zsh`). */
  readonly shell: ShellKind | undefined;
  readonly script: MappedText;
  readonly reading: ScriptReading;
  /** Whether the shell stays the parent of the program it waits on; undefined when unknown. */
  readonly stays: boolean | undefined;
  /** The init (`tini`, `dumb-init`) that runs this shell, when PID 1 is one. */
  readonly init: string | undefined;
  /** Not reached from PID 1 for sure: a shell-form CMD run by an entrypoint Graceful cannot read (which usually ends in `exec "$@"`). */
  readonly assumed: boolean;
}

/** A shell script from the build context that the final stage runs. */
export interface ScriptFileRun {
  readonly kind: 'script-file';
  /** The instruction naming the script. */
  readonly instruction: CommandInstruction;
  /** The script's path in the image, as run. */
  readonly imagePath: string;
  /** The script in the workspace. */
  readonly scriptPath: string;
  readonly reading: ScriptReading;
  readonly init: string | undefined;
}

export type ProcessRun = ShellRun | ScriptFileRun;

/**
 * What runs as PID 1 when a container starts from the final stage of a Dockerfile,
 * and whether the stop signal reaches the application. Hovers on CMD, ENTRYPOINT
 * and STOPSIGNAL show it; the Dockerfile rules judge its `runs`.
 */
export interface Pid1Analysis {
  /** The effective ENTRYPOINT (the last one in the final stage or a stage it builds on). */
  readonly entrypoint: CommandInstruction | undefined;
  /** The effective CMD: undefined when absent, or reset by an ENTRYPOINT set in a later stage. */
  readonly cmd: CommandInstruction | undefined;
  /** A shell-form ENTRYPOINT makes Docker ignore CMD and `docker run` arguments. */
  readonly cmdIgnored: boolean;
  /**
   * `inherited`: no CMD or ENTRYPOINT, the base image's apply (nothing to say);
   * `base-entrypoint`: a CMD only, run by the base image's ENTRYPOINT if it has one;
   * `own`: this Dockerfile sets the ENTRYPOINT; `unknown`: a Windows image or a build error.
   */
  readonly command: 'inherited' | 'base-entrypoint' | 'own' | 'unknown';
  /** The stop signal: `STOPSIGNAL` as written (upper-cased), else `SIGTERM`. */
  readonly stopSignal: string;
  readonly stopSignalRange: OffsetRange | undefined;
  /** The program that is PID 1 (`/bin/sh`, `tini`, `python`); undefined when unknown. */
  readonly pid1: string | undefined;
  /** An init that forwards signals (`tini`, `dumb-init`), when PID 1 is one. */
  readonly init: string | undefined;
  /** The application program, when it can be told. */
  readonly app: string | undefined;
  readonly reaches: SignalVerdict;
  /** One or two sentences for hovers: what PID 1 is, which signal it gets, whether it reaches the app. */
  readonly summary: string;
  /** The shells and scripts between PID 1 and the app, from PID 1 outwards (the rules judge them). */
  readonly runs: readonly ProcessRun[];
  /** A shell-form ENTRYPOINT ignores this CMD. */
  readonly ignoredCmd: CommandInstruction | undefined;
  /** The shells of the final stage's base image. */
  readonly shells: BaseShells;
}

const INITS = new Set(['tini', 'tini-static', 'dumb-init', 'docker-init', 'catatonit']);
const INIT_OPTIONS_WITH_VALUE = new Set(['-p', '-e', '-r', '--rewrite']);
/** Where a program name without a slash is found: Docker's default PATH. */
const DEFAULT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

interface ArgRef {
  readonly value: string;
  /** The JSON string (exec form) or command line (shell form) it comes from; undefined for the SHELL's words. */
  readonly text: MappedText | undefined;
  readonly owner: CommandInstruction;
  /** The command line of a shell-form instruction. */
  readonly shellFormScript: boolean;
}

interface Walk {
  pid1: string | undefined;
  init: string | undefined;
  app: string | undefined;
  reaches: SignalVerdict;
  why: string;
  runs: ProcessRun[];
}

/**
 * Analyses the final stage of a Dockerfile: the effective ENTRYPOINT and CMD (Docker
 * keeps the last of each, and an ENTRYPOINT resets a CMD inherited from an earlier
 * stage), their form, the SHELL that runs a shell form and which shell that is in the
 * base image, the process chain from PID 1 to the app, and whether the stop signal
 * reaches it. Entrypoint scripts are followed through `COPY`/`ADD` into the build
 * contexts (default: the Dockerfile's folder) and read via `fs`.
 */
export function analyzePid1(path: string, dockerfile: Dockerfile, text: string, fs: WorkspaceFs, contexts: readonly string[] = [dirname(path)]): Pid1Analysis {
  const lines = new LineIndex(text);
  const chain = finalStageChain(dockerfile);
  const shells = baseShells(chain?.baseReference);
  const base = {
    entrypoint: undefined,
    cmd: undefined,
    cmdIgnored: false,
    stopSignal: 'SIGTERM',
    stopSignalRange: undefined,
    pid1: undefined,
    init: undefined,
    app: undefined,
    runs: [],
    ignoredCmd: undefined,
    shells,
  };
  if (!chain) return { ...base, command: 'inherited', reaches: 'unknown', summary: 'No FROM: this is not a complete Dockerfile.' };
  const read = readFinalStage(chain, dockerfile, text, lines);
  const stop = { stopSignal: read.stopSignal, stopSignalRange: read.stopSignalRange };
  const { entrypoint, cmd } = read;
  // What PID 1 runs is not judged: the reason says why.
  const notJudged = (summary: string) => ({ ...base, ...stop, entrypoint, cmd, command: 'unknown' as const, reaches: 'unknown' as const, summary });
  if (read.templated) {
    return notJudged(
      'The final stage holds template directives (`{{ }}`, `{% %}`): this file generates Dockerfiles, and Graceful does not judge what it will run.',
    );
  }
  if (shells.windows || read.windowsShell) {
    return notJudged('A Windows image: processes stop by console control events, not POSIX signals, so Graceful does not judge PID 1 here.');
  }
  if (!entrypoint && !cmd) {
    return {
      ...base,
      ...stop,
      command: 'inherited',
      reaches: 'unknown',
      summary: 'No CMD or ENTRYPOINT in the final stage: the base image decides what runs as PID 1.',
    };
  }
  const invalid = entrypoint?.form === 'invalid' ? entrypoint : cmd?.form === 'invalid' ? cmd : undefined;
  if (invalid) return notJudged(`${invalid.keyword} is a JSON array holding something other than strings: Docker refuses to build it.`);
  const cmdIgnored = entrypoint?.form === 'shell' && cmd !== undefined;
  const argv: ArgRef[] = [];
  if (entrypoint) argv.push(...argsOf(entrypoint));
  if (cmd && !cmdIgnored) argv.push(...argsOf(cmd));
  const files = imageFiles(chain, contexts, dockerfile, text, lines);
  const context: WalkContext = { files, fs, shells, reached: new Set() };
  const walk = walkProcesses(argv, 0, context);
  // An entrypoint Graceful cannot follow (a script elsewhere, a base image's) usually ends in
  // `exec "$@"`, which makes a shell-form CMD's shell the process that gets the signal.
  if (cmd?.script && !cmdIgnored && walk.reaches === 'unknown' && !context.reached.has(cmd.script)) {
    const shellWalk = walkProcesses(argsOf(cmd), 0, context);
    walk.runs.push(...shellWalk.runs.filter((r): r is ShellRun => r.kind === 'shell' && r.form === 'shell-form').map((r) => ({ ...r, assumed: true })));
  }
  const command = entrypoint ? 'own' : 'base-entrypoint';
  const caveat = command === 'base-entrypoint' && chain.baseImage !== 'scratch' ? ' This assumes the base image sets no ENTRYPOINT.' : '';
  const ignored = cmdIgnored ? ' CMD is ignored: a shell-form ENTRYPOINT takes no arguments.' : '';
  const summary = `${walk.why}.${caveat} Stop signal: ${read.stopSignal}.${ignored}`;
  return {
    ...base,
    ...stop,
    entrypoint,
    cmd,
    cmdIgnored,
    command,
    pid1: walk.pid1,
    init: walk.init,
    app: walk.app,
    reaches: walk.reaches,
    summary,
    runs: walk.runs,
    ignoredCmd: cmdIgnored ? cmd : undefined,
  };
}

interface FinalStageRead {
  readonly entrypoint: CommandInstruction | undefined;
  readonly cmd: CommandInstruction | undefined;
  readonly stopSignal: string;
  readonly stopSignalRange: OffsetRange | undefined;
  /** A `SHELL` in effect runs powershell, pwsh or cmd: a Windows stage. */
  readonly windowsShell: boolean;
  /** An instruction of the chain holds template directives (`{{ }}`, `{% %}`). */
  readonly templated: boolean;
}

const TEMPLATE_DIRECTIVE = /\{\{|\{%/;

function readFinalStage(chain: FinalStageChain, dockerfile: Dockerfile, text: string, lines: LineIndex): FinalStageRead {
  const escape = dockerfile.getEscapeCharacter();
  let shell: readonly string[] | undefined = DEFAULT_SHELL;
  let entrypoint: { command: CommandInstruction; stage: number } | undefined;
  let cmd: { command: CommandInstruction; stage: number } | undefined;
  let stopSignal = 'SIGTERM';
  let stopSignalRange: OffsetRange | undefined;
  let windowsShell = false;
  let templated = false;
  chain.stages.forEach((stage, index) => {
    const inFinalStage = index === chain.stages.length - 1;
    for (const instruction of [stage.from, ...stage.instructions]) {
      const keyword = instruction.getKeyword();
      const range = rangeOf(instruction, lines);
      if (TEMPLATE_DIRECTIVE.test(text.slice(range.start, range.end))) templated = true;
      if (keyword === 'SHELL') {
        const args = instructionArguments(instruction, text, lines, escape);
        const json = args && parseJsonArguments(args);
        shell = json?.kind === 'json' && json.strings.length > 0 ? json.strings.map((s) => s.value) : undefined;
        const program = shell?.[0];
        windowsShell = program !== undefined && isWindowsShell(program);
      } else if (keyword === 'STOPSIGNAL') {
        const value = instruction.getArgumentsContent()?.trim();
        if (value) {
          stopSignal = value.toUpperCase();
          stopSignalRange = rangeOf(instruction, lines);
        }
      } else if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
        const command = { command: commandInstruction(instruction, keyword, inFinalStage, shell, escape, text, lines), stage: index };
        if (keyword === 'CMD') cmd = command;
        else entrypoint = command;
      }
    }
  });
  // Docker resets an inherited CMD when a later stage sets ENTRYPOINT; a CMD of the same stage stays.
  const effectiveCmd = cmd && (!entrypoint || cmd.stage >= entrypoint.stage) ? cmd.command : undefined;
  return { entrypoint: entrypoint?.command, cmd: effectiveCmd, stopSignal, stopSignalRange, windowsShell, templated };
}

function rangeOf(instruction: Instruction, lines: LineIndex): OffsetRange {
  const range = instruction.getRange();
  return { start: lines.offsetAt(range.start), end: lines.offsetAt(range.end) };
}

function commandInstruction(
  instruction: Instruction,
  keyword: 'CMD' | 'ENTRYPOINT',
  inFinalStage: boolean,
  shell: readonly string[] | undefined,
  escape: string,
  text: string,
  lines: LineIndex,
): CommandInstruction {
  const range = rangeOf(instruction, lines);
  const args = instructionArguments(instruction, text, lines, escape);
  const common = { keyword, instruction, range, line: lines.lineText(lines.positionAt(range.start).line), inFinalStage, args, shell };
  const json = args && args.value !== '' ? parseJsonArguments(args) : { kind: 'invalid' as const };
  if (json.kind === 'json') return { ...common, form: 'exec', argv: json.strings, script: undefined, brokenJson: false };
  if (json.kind === 'invalid' || !args) return { ...common, form: 'invalid', argv: [], script: undefined, brokenJson: false };
  return { ...common, form: 'shell', argv: [], script: args, brokenJson: args.value.startsWith('[') };
}

function argsOf(command: CommandInstruction): ArgRef[] {
  if (command.form === 'exec') return command.argv.map((s) => ({ value: s.value, text: s, owner: command, shellFormScript: false }));
  // Invalid form runs nothing (the analysis stops before reading its arguments).
  if (!command.script) return [];
  const shell = (command.shell ?? ['SHELL']).map((value) => ({ value, text: undefined, owner: command, shellFormScript: false }));
  return [...shell, { value: command.script.value, text: command.script, owner: command, shellFormScript: true }];
}

interface WalkContext {
  readonly files: ImageFiles;
  readonly fs: WorkspaceFs;
  readonly shells: BaseShells;
  /** Shell-form command lines the walk reached. */
  readonly reached: Set<MappedText>;
}

/** Follows the process chain from `argv[at]` (PID 1) to the app. */
function walkProcesses(argv: readonly ArgRef[], at: number, context: WalkContext, outerInit?: string): Walk {
  let i = at;
  let init = outerInit;
  const first = argv[i];
  if (first && INITS.has(programName(first.value))) {
    init = first.value;
    for (i++; ; i++) {
      const option = argv[i]?.value;
      if (option === undefined) break;
      if (option === '--') {
        i++;
        break;
      }
      if (!option.startsWith('-')) break;
      if (INIT_OPTIONS_WITH_VALUE.has(option)) i++;
    }
  }
  const program = argv[i];
  const viaInit = init ? `\`${init}\` (an init that forwards signals) runs ` : '';
  const result = (rest: Omit<Walk, 'pid1' | 'init'>, pid1: string | undefined): Walk => ({ ...rest, init, pid1: init ?? pid1 });
  if (!program)
    return result(
      { app: undefined, reaches: 'unknown', why: init ? `PID 1 is \`${init}\`, with no program to run` : 'No program to run', runs: [] },
      undefined,
    );
  const values = argv.slice(i).map((a) => a.value);
  // A shell-form instruction's SHELL words come without text; its command line follows them.
  const formScript = program.text === undefined ? argv.findIndex((a, k) => k > i && a.shellFormScript && a.owner === program.owner) : -1;
  const scriptAt = formScript !== -1 ? formScript - i : shellScriptIndex(values);
  const scriptArg = scriptAt === undefined ? undefined : argv[i + scriptAt];
  if (scriptArg?.text) {
    const shellWalk = walkShell(program, scriptArg, scriptArg.text, init, context);
    // A shell that execs (or replaces itself with) the app leaves the app as PID 1.
    return result(shellWalk, shellWalk.reaches === 'yes' && shellWalk.app ? shellWalk.app : program.value);
  }
  const name = programName(program.value);
  if (scriptArg === undefined) {
    const scriptFile = WRAPPER_SHELLS.has(name) ? firstOperand(values) : 0;
    const target = scriptFile === undefined ? undefined : argv[i + scriptFile];
    const script = target && readImageScript(target.value, scriptFile === 0, context);
    if (target && script && scriptFile !== undefined) return result(walkScriptFile(argv, i + scriptFile, target.owner, script, init, context), program.value);
  }
  if (SHELLS.has(name)) {
    return result(
      {
        app: undefined,
        reaches: 'unknown',
        why: `PID 1 is ${init ? `\`${init}\`, which runs ` : ''}the shell \`${program.value}\`; Graceful cannot tell what it runs`,
        runs: [],
      },
      program.value,
    );
  }
  const unknownScript = /\.(?:sh|bash)$/.test(name);
  return result(
    {
      app: name,
      reaches: unknownScript ? 'unknown' : 'yes',
      why: unknownScript
        ? `PID 1 is ${init ? `\`${init}\`, which runs ` : ''}the script \`${program.value}\`, which Graceful could not find in the build context`
        : init
          ? `${viaInit}\`${program.value}\`: the signal reaches the app`
          : `PID 1 is \`${program.value}\` itself: the signal reaches the app directly (as PID 1 it must handle it, the kernel applies no default action)`,
      runs: [],
    },
    program.value,
  );
}

function walkShell(program: ArgRef, scriptArg: ArgRef, script: MappedText, init: string | undefined, context: WalkContext): Omit<Walk, 'pid1' | 'init'> {
  const reading = readScript(script.value);
  const owner = scriptArg.owner;
  context.reached.add(script);
  const shellForm = scriptArg.shellFormScript;
  const shellWords = shellForm ? (owner.shell ?? ['the SHELL']).join(' ') : program.value;
  const shellProgram = owner.shell?.[0];
  const shell = shellForm
    ? shellProgram === undefined
      ? undefined
      : shellOfProgram(shellProgram, context.shells)
    : shellOfProgram(program.value, context.shells);
  const stays = shell === undefined ? undefined : shellStays(reading, shell);
  const run: ShellRun = {
    kind: 'shell',
    form: shellForm ? 'shell-form' : 'wrapper',
    instruction: owner,
    shellWords,
    shell,
    script,
    reading,
    stays,
    init,
    assumed: false,
  };
  const form = shellForm ? ` (shell-form ${owner.keyword})` : '';
  const which = shell ? ` (${shellLabel(shell)} here: ${context.shells.why})` : '';
  const named = `\`${shellForm ? shellWords : `${shellWords} -c`}\`${form}${which}`;
  const pid1 = init ? `\`${init}\` (an init that forwards signals) runs ${named}` : `PID 1 is ${named}`;
  const word = reading.ending === 'exec' ? reading.execCommand?.words[1] : reading.waitsOn?.words[0];
  const app = word && !word.expands ? programName(word.value) : undefined;
  const target = app ? `\`${app}\`` : 'the app';
  const runs = [run];
  if (reading.ending === 'exec')
    return { app, reaches: 'yes', why: `${pid1}, which \`exec\`s ${app ? target : 'its last command'}: the signal reaches it`, runs };
  if (reading.traps)
    return { app: undefined, reaches: 'unknown', why: `${pid1}, whose script sets a \`trap\`: it decides itself what to do with the signal`, runs };
  if (stays === undefined) return { app, reaches: 'unknown', why: `${pid1}; Graceful cannot tell whether it hands the signal on`, runs };
  if (!stays)
    return { app, reaches: 'yes', why: `${pid1}, which replaces itself with ${target} (its last command, nothing runs after it): the signal reaches it`, runs };
  return { app, reaches: 'no', why: `${pid1}, which stays ${init ? 'alive' : 'PID 1'} as the parent of ${target} and does not forward the signal to it`, runs };
}

/** Index (in `values`) of the first non-option argument after the program: the script a shell runs. */
function firstOperand(values: readonly string[]): number | undefined {
  for (let i = 1; ; i++) {
    const value = values[i];
    if (value === undefined) return undefined;
    if (value === '--') return i + 1 < values.length ? i + 1 : undefined;
    if (!value.startsWith('-') && !value.startsWith('+')) return i;
    if (/^[-+][a-zA-Z]*[oO]$/.test(value)) i++;
  }
}

interface ImageScript {
  readonly imagePath: string;
  readonly scriptPath: string;
  readonly text: string;
}

/**
 * Finds the workspace file the image runs at `program`: a path (relative ones start in
 * the WORKDIR) or a bare name looked up on the default PATH. `direct`: the program is
 * executed itself, so it needs a shell `#!` line; run by a shell, any text is a script.
 */
function readImageScript(program: string, direct: boolean, context: WalkContext): ImageScript | undefined {
  if (program.includes('$')) return undefined;
  const { files, fs } = context;
  const targets = program.startsWith('/')
    ? [program]
    : program.includes('/')
      ? files.workdir === undefined
        ? []
        : [joinPath(files.workdir, program)]
      : direct
        ? DEFAULT_PATH.map((dir) => `${dir}/${program}`)
        : files.workdir === undefined
          ? []
          : [joinPath(files.workdir, program)];
  for (const imagePath of targets) {
    for (const scriptPath of contextPathsFor(files, imagePath)) {
      const text = fs.readText(scriptPath);
      if (text === undefined) continue;
      if (direct && !/^#![ \t]*(?:\S*\/)?(?:env[ \t]+)?(?:sh|bash|ash|dash)(?:[ \t]|\r?$)/m.test(text.split('\n', 1)[0] ?? text)) return undefined;
      return { imagePath, scriptPath, text };
    }
  }
  return undefined;
}

/** `owner` is the instruction that `argv[scriptIndex]` (the script's path) comes from. */
function walkScriptFile(
  argv: readonly ArgRef[],
  scriptIndex: number,
  owner: CommandInstruction,
  script: ImageScript,
  init: string | undefined,
  context: WalkContext,
): Omit<Walk, 'pid1' | 'init'> {
  const reading = readScript(script.text);
  const runs = init ? `\`${init}\` (an init that forwards signals) runs the script \`${script.imagePath}\`` : `PID 1 is the script \`${script.imagePath}\``;
  const run: ScriptFileRun = { kind: 'script-file', instruction: owner, imagePath: script.imagePath, scriptPath: script.scriptPath, reading, init };
  // `ending: exec` comes with an `exec` command that has a program after it.
  const execWords = reading.ending === 'exec' ? reading.execCommand?.words : undefined;
  const target = execWords?.[1];
  if (execWords && target) {
    // `exec "$@"` hands over to the arguments after the script (usually CMD): follow them.
    if (target.value === '$@' && execWords.length === 2 && scriptIndex + 1 < argv.length) {
      const next = walkProcesses(argv, scriptIndex + 1, context, init);
      return { ...next, why: `${runs}, which \`exec\`s its arguments. ${next.why}`, runs: [run, ...next.runs] };
    }
    const app = target.expands ? undefined : programName(target.value);
    return { app, reaches: 'yes', why: `${runs}, which \`exec\`s ${app ? `\`${app}\`` : 'its last command'}: the signal reaches it`, runs: [run] };
  }
  if (reading.ending !== 'runs' || reading.traps) {
    return { app: undefined, reaches: 'unknown', why: `${runs}; Graceful cannot tell whether it hands the signal on`, runs: [run] };
  }
  // A script file's shell never replaces itself with its last command (only `-c` scripts get that shortcut).
  return {
    app: undefined,
    reaches: 'no',
    why: `${runs}, whose shell stays ${init ? 'alive' : 'PID 1'} and does not forward the signal to the command it runs last`,
    runs: [run],
  };
}
