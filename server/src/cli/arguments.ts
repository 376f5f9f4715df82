import { isRuleId, RULE_IDS, type RuleId } from '../../../shared/src/rule-ids';
import { isSeverityName, SEVERITIES, type SeverityName } from '../../../shared/src/settings';

/** A mistake in the command line: printed with a hint to `--help`, exit status 2, no stack. */
export class UsageError extends Error {}

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface LintOptions {
  readonly paths: readonly string[];
  readonly format: Format;
  readonly fix: boolean;
  readonly config: string | undefined;
  readonly rules: Readonly<Partial<Record<RuleId, SeverityName>>>;
  /** Warnings allowed before the run fails; undefined: any number. */
  readonly maxWarnings: number | undefined;
  readonly quiet: boolean;
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
  if (rest.includes('--help') || rest.includes('-h')) return { name: 'help' };
  switch (first) {
    case 'lint':
      return { name: 'lint', options: parseLintOptions(rest) };
    case 'rules':
      if (rest.length > 0) throw new UsageError(`unexpected argument to rules: ${rest[0]}`);
      return { name: 'rules' };
    case 'lsp':
      return { name: 'lsp', args: rest };
    default:
      throw new UsageError(first.startsWith('-') ? `unknown option ${first}` : `unknown command ${JSON.stringify(first)}; did you mean \`graceful lint ${first}\`?`);
  }
}

function parseLintOptions(args: readonly string[]): LintOptions {
  const paths: string[] = [];
  const rules: Partial<Record<RuleId, SeverityName>> = {};
  let format: Format = 'text';
  let fix = false;
  let quiet = false;
  let syntaxErrors = false;
  let config: string | undefined;
  let maxWarnings: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      paths.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (name !== arg) return arg.slice(eq + 1);
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      return next;
    };
    switch (name) {
      case '--fix':
        fix = true;
        break;
      case '--quiet':
      case '-q':
        quiet = true;
        break;
      case '--syntax-errors':
        syntaxErrors = true;
        break;
      case '--format':
      case '-f': {
        const v = value();
        if (!(FORMATS as readonly string[]).includes(v)) throw new UsageError(`unknown format ${JSON.stringify(v)}; expected ${FORMATS.join(', ')}`);
        format = v as Format;
        break;
      }
      case '--config':
      case '-c':
        config = value();
        break;
      case '--max-warnings': {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings expects a whole number, got ${JSON.stringify(v)}`);
        maxWarnings = Number(v);
        break;
      }
      case '--rule': {
        const [id, severity] = parseRuleOverride(value());
        rules[id] = severity;
        break;
      }
      default:
        throw new UsageError(`unknown option ${name}`);
    }
    if (name !== arg && (name === '--fix' || name === '--quiet' || name === '--syntax-errors')) throw new UsageError(`${name} takes no value`);
  }
  return { paths: paths.length > 0 ? paths : ['.'], format, fix, config, rules, maxWarnings, quiet, syntaxErrors };
}

function parseRuleOverride(text: string): [RuleId, SeverityName] {
  const match = /^([^=]+)=(.*)$/.exec(text);
  if (!match) throw new UsageError(`--rule expects RULE=SEVERITY, got ${JSON.stringify(text)}`);
  const [, id, severity] = match as unknown as [string, string, string];
  if (!isRuleId(id)) throw new UsageError(`unknown rule ${JSON.stringify(id)}; rules are: ${RULE_IDS.join(', ')}`);
  if (!isSeverityName(severity)) throw new UsageError(`unknown severity ${JSON.stringify(severity)} for ${id}; expected ${SEVERITIES.join(', ')}`);
  return [id, severity];
}
