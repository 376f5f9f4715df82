import type { Severity } from '../../../../shared/src/settings';
import type { LintReport } from '../lint-report';
import type { Place } from '../locations';
import { formatObjectRef } from '../object-identity';

/** GitHub has three annotation levels; info and hint are both notices. */
function command(severity: Severity): 'error' | 'warning' | 'notice' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
}

/** Workflow command data: GitHub's runner unescapes `%25`, `%0D`, `%0A`. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values are split at `,` and `:` too, so those are escaped as well. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(level: 'error' | 'warning' | 'notice', place: Place, title: string, message: string): string {
  const properties: [string, string | number][] = [];
  // Unnamed standard input is no file of the repository: the annotation goes on the run, naming the object.
  if (place.isFile) {
    properties.push(['file', place.path]);
    if (place.span) {
      const { start, end } = place.span;
      properties.push(['line', start.line], ['col', start.column], ['endLine', end.line], ['endColumn', end.column]);
    }
  }
  properties.push(['title', title]);
  const text = place.object ? `${formatObjectRef(place.object)}: ${message}` : message;
  return `::${level} ${properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',')}::${escapeData(text)}\n`;
}

/**
 * GitHub Actions workflow commands, one per finding, which the runner turns into
 * annotations on the pull request's files (no code scanning needed):
 * `::warning file=k8s/web.yaml,line=16,col=11,endLine=16,endColumn=20,title=missing-prestop::message`.
 */
export function formatGithub(report: LintReport): string {
  const out: string[] = [];
  for (const file of report.files) {
    for (const p of file.problems) out.push(annotation('error', report.locator.place(file.path, p.range), 'graceful', p.message));
    for (const f of file.findings) out.push(annotation(command(f.severity), report.locator.place(file.path, f.range), f.ruleId, f.message));
  }
  for (const failure of report.ruleFailures)
    out.push(annotation('error', report.locator.place(failure.path, undefined), 'graceful', `rule ${failure.ruleId} failed: ${failure.message}`));
  return out.join('');
}
