import { RULES } from '../rules/registry';

export const USAGE = `Usage: graceful <command> [options]

Catches the Kubernetes and Dockerfile mistakes that break graceful pod shutdown.

Commands:
  lint [PATH...]         Lint files and folders (default: the current folder); - reads standard input
  rules                  List every rule with its default severity and fix
  lsp --stdio            Run the language server over stdin/stdout
  help                   Show this help
  version                Show the version

Lint options:
  -f, --format FORMAT[:FILE]
                         text (default), json, sarif, github (workflow annotations) or gitlab
                         (Code Quality report); with :FILE, written to FILE; repeatable
      --fix              Apply every preferred fix in place, then report what is left
  -c, --config FILE      Use this configuration file instead of the nearest .graceful.yaml
      --rule RULE=LEVEL  Set a rule's severity: off, hint, info, warning or error (repeatable)
      --max-warnings N   Fail when there are more than N warnings
  -q, --quiet            Report errors only
      --stdin-filename NAME
                         Name standard input (-) in reports; its folder's .graceful.yaml applies,
                         and a Dockerfile name makes it read as a Dockerfile
      --workspace DIR    Read every file under DIR for cross-file checks, report only the PATHs
      --syntax-errors    Also parse the documents no rule reads (CRDs, ConfigMaps, RBAC...)
                         and report their YAML syntax errors; by default they are skipped

Folders are walked without .git, node_modules and what .gitignore files ignore.
Dockerfiles (Dockerfile, Containerfile, *.Dockerfile, ...) and *.yaml/*.yml files are linted;
a file of another name given on the command line is reported as not analysed.
Standard input is read as YAML (kubectl get -o yaml, helm template, kustomize build output);
findings on it name the object they are about.

Exit status: 0 no errors (and warnings within --max-warnings); 1 errors, too many
warnings, or a file that could not be read, parsed or analysed; 2 usage or
configuration error, or none of the given paths exists.
`;

/** The `graceful rules` table: id, default severity, whether `--fix` can fix it, and the summary. */
export function formatRuleList(): string {
  const rows = RULES.map(({ meta }) => [meta.id, meta.defaultSeverity, meta.fixable ? 'fix' : '', meta.summary]);
  const header = ['RULE', 'DEFAULT', 'FIX', 'SUMMARY'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i] ?? 0) : c))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
