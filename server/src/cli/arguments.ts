import { parseArgs } from 'node:util';
import { isRuleId, RULE_IDS, type RuleId } from '../../../shared/src/rule-ids';
import { isSeverityName, SEVERITIES, type SeverityName } from '../../../shared/src/settings';

/** A mistake in the command line: printed with a hint to `--help`, exit status 2, no stack. */
export class UsageError extends Error {}

export const FORMATS = ['text', 'json', 'sarif', 'github', 'gitlab'] as const;
export type Format = (typeof FORMATS)[number];

/** The path argument that stands for standard input. */
export const STDIN_PATH = '-';

/** One report to write: a format, to a file or (no file) to standard output. */
export interface OutputSpec {
  readonly format: Format;
  readonly file: string | undefined;
}

export interface LintOptions {
  /** Paths as given; `-` is standard input. */
  readonly paths: readonly string[];
  /** At least one; at most one writes to standard output. */
  readonly outputs: readonly OutputSpec[];
  readonly fix: boolean;
  readonly config: string | undefined;
  readonly rules: Readonly<Partial<Record<RuleId, SeverityName>>>;
  /** Warnings allowed before the run fails; undefined: any number. */
  readonly maxWarnings: number | undefined;
  readonly quiet: boolean;
  /** The name standard input is reported under and whose folder's `.graceful.yaml` applies to it. */
  readonly stdinFilename: string | undefined;
  /** A folder whose files are all read for cross-file facts, while only `paths` are reported. */
  readonly workspace: string | undefined;
  /** Helm charts: `--helm PATH` (else helm on PATH), `--no-helm`, `--values FILE`..., `--set K=V`... */
  readonly helm: { readonly path: string | undefined; readonly off: boolean; readonly values: readonly string[]; readonly set: readonly string[] };
  /** Report the YAML syntax errors of documents no rule reads too (they are otherwise skipped unparsed). */
  readonly syntaxErrors: boolean;
}

export type Command =
  | { readonly name: 'lint'; readonly options: LintOptions }
  | { readonly name: 'rules' }
  | { readonly name: 'help' }
  | { readonly name: 'version' }
  | { readonly name: 'lsp'; readonly args: readonly string[] };

/** Parses `graceful [COMMAND] [OPTIONS] [PATH...]`; throws UsageError. */
export function parseArguments(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return { name: 'help' };
  if (first === '--version' || first === '-v' || first === 'version') return { name: 'version' };
  const beforeTerminator = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (beforeTerminator.includes('--help') || beforeTerminator.includes('-h')) return { name: 'help' };
  switch (first) {
    case 'lint':
      return { name: 'lint', options: parseLintOptions(rest) };
    case 'rules':
      if (rest.length > 0) throw new UsageError(`unexpected argument to rules: ${rest[0]}`);
      return { name: 'rules' };
    case 'lsp':
      return { name: 'lsp', args: rest };
    default:
      throw new UsageError(
        first.startsWith('-') ? `unknown option ${first}` : `unknown command ${JSON.stringify(first)}; did you mean \`graceful lint ${first}\`?`,
      );
  }
}

const LINT_OPTIONS = {
  format: { type: 'string', short: 'f', multiple: true },
  fix: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  config: { type: 'string', short: 'c' },
  'max-warnings': { type: 'string' },
  rule: { type: 'string', multiple: true },
  'stdin-filename': { type: 'string' },
  workspace: { type: 'string' },
  helm: { type: 'string' },
  'no-helm': { type: 'boolean' },
  values: { type: 'string', multiple: true },
  set: { type: 'string', multiple: true },
  'syntax-errors': { type: 'boolean' },
} as const;

function parseLintOptions(args: readonly string[]): LintOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: LINT_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(usageMessage(error));
  }
  const { values, positionals } = parsed;
  const rules: Partial<Record<RuleId, SeverityName>> = {};
  for (const text of values.rule ?? []) {
    const [id, severity] = parseRuleOverride(text);
    rules[id] = severity;
  }
  const maxWarnings = values['max-warnings'];
  if (maxWarnings !== undefined && !/^\d+$/.test(maxWarnings))
    throw new UsageError(`--max-warnings expects a whole number, got ${JSON.stringify(maxWarnings)}`);
  const outputs = (values.format ?? ['text']).map(parseOutput);
  if (outputs.filter((o) => o.file === undefined).length > 1)
    throw new UsageError('only one --format can write to standard output; give the others a file (--format sarif:graceful.sarif)');
  const paths = positionals.length > 0 ? positionals : ['.'];
  // An empty path is a script's unset variable (`graceful lint "$CHART"`), not a wish to lint the working folder.
  if (paths.includes('')) throw new UsageError('an empty path was given: name a file or folder (. for this folder)');
  if (paths.filter((p) => p === STDIN_PATH).length > 1) throw new UsageError('standard input (-) can be named only once');
  if (values.fix && paths.includes(STDIN_PATH)) throw new UsageError('cannot fix standard input: --fix writes files in place; lint files by path to fix them');
  if (values['stdin-filename'] !== undefined && !paths.includes(STDIN_PATH)) throw new UsageError('--stdin-filename names standard input: add - to the paths');
  const set = values.set ?? [];
  for (const pair of set) if (!/^[^=]+=/.test(pair)) throw new UsageError(`--set expects KEY=VALUE, got ${JSON.stringify(pair)}`);
  return {
    paths,
    outputs,
    fix: values.fix === true,
    config: values.config,
    rules,
    maxWarnings: maxWarnings === undefined ? undefined : Number(maxWarnings),
    quiet: values.quiet === true,
    syntaxErrors: values['syntax-errors'] === true,
    stdinFilename: values['stdin-filename'],
    workspace: values.workspace,
    helm: { path: values.helm, off: values['no-helm'] === true, values: values.values ?? [], set },
  };
}

/** `FORMAT` or `FORMAT:FILE` (the first colon splits: format names have none, file names may). */
function parseOutput(text: string): OutputSpec {
  const colon = text.indexOf(':');
  const format = colon === -1 ? text : text.slice(0, colon);
  const file = colon === -1 ? undefined : text.slice(colon + 1);
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format ${JSON.stringify(format)}; expected ${FORMATS.join(', ')}`);
  if (file === '') throw new UsageError(`--format ${format}: needs a file name after the colon`);
  return { format: format as Format, file };
}

/** parseArgs' errors, in the CLI's words: the first sentence, option names without their `<value>` placeholders. */
function usageMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const option = /'(?:-\w, )?(--?[\w-]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (/does not take an argument/.test(message)) return `${option} takes no value`;
    if (/argument missing/.test(message)) return `${option} needs a value`;
    if (/ambiguous/.test(message)) return `${option} needs a value (to give one that starts with -, write ${option}=VALUE)`;
  }
  const sentenceEnd = message.search(/\.\s/);
  return sentenceEnd < 0 ? message : message.slice(0, sentenceEnd);
}

function parseRuleOverride(text: string): [RuleId, SeverityName] {
  const match = /^([^=]+)=(.*)$/.exec(text);
  if (!match) throw new UsageError(`--rule expects RULE=SEVERITY, got ${JSON.stringify(text)}`);
  const [, id, severity] = match as unknown as [string, string, string];
  if (!isRuleId(id)) throw new UsageError(`unknown rule ${JSON.stringify(id)}; rules are: ${RULE_IDS.join(', ')}`);
  if (!isSeverityName(severity)) throw new UsageError(`unknown severity ${JSON.stringify(severity)} for ${id}; expected ${SEVERITIES.join(', ')}`);
  return [id, severity];
}
