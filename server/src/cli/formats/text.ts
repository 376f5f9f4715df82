import type { Severity } from '../../../../shared/src/settings';
import { displayPath, summarize, type LintReport } from '../lint-report';

/** ANSI styles, or none when output is not a terminal or NO_COLOR is set. */
export interface Styles {
  readonly path: (s: string) => string;
  readonly severity: (severity: Severity, s: string) => string;
  readonly dim: (s: string) => string;
  readonly summary: (failed: boolean, s: string) => string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const SEVERITY_COLOURS: Record<Severity, (s: string) => string> = { error: wrap(31, 39), warning: wrap(33, 39), info: wrap(36, 39), hint: wrap(90, 39) };

export const ANSI_STYLES: Styles = {
  path: wrap(4, 24),
  severity: (severity, s) => SEVERITY_COLOURS[severity](s),
  dim: wrap(2, 22),
  summary: (failed, s) => wrap(1, 22)((failed ? SEVERITY_COLOURS.error : SEVERITY_COLOURS.warning)(s)),
};

export const NO_STYLES: Styles = { path: (s) => s, severity: (_, s) => s, dim: (s) => s, summary: (_, s) => s };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * ESLint's "stylish" layout: a header per file with problems, then aligned
 * `line:col  severity  message  rule-id` rows, then one summary line.
 */
export function formatText(report: LintReport, styles: Styles): string {
  const out: string[] = [];
  for (const file of report.files) {
    const rows: { position: string; severity: Severity; message: string; rule: string }[] = [
      ...file.problems.map((p) => {
        const start = p.range ? report.locator.span(file.path, p.range).start : undefined;
        return { position: start ? `${start.line}:${start.column}` : '', severity: 'error' as const, message: p.message, rule: '' };
      }),
      ...file.findings.map((f) => {
        const { start } = report.locator.span(file.path, f.range);
        return { position: `${start.line}:${start.column}`, severity: f.severity, message: f.message.replace(/\s*\n\s*/g, ' '), rule: f.ruleId };
      }),
    ];
    if (rows.length === 0) continue;
    const width = (pick: (r: (typeof rows)[number]) => string) => Math.max(...rows.map((r) => pick(r).length));
    const [position, severity, message] = [width((r) => r.position), width((r) => r.severity), width((r) => r.message)];
    out.push('', styles.path(displayPath(file.path, report.cwd)));
    for (const r of rows) {
      const cells = [...(position > 0 ? [r.position.padEnd(position)] : []), styles.severity(r.severity, r.severity.padEnd(severity)), r.rule ? r.message.padEnd(message) : r.message];
      if (r.rule) cells.push(styles.dim(r.rule));
      out.push(`  ${cells.join('  ')}`.trimEnd());
    }
  }
  const s = summarize(report.files);
  const total = s.errors + s.warnings + s.infos + s.hints;
  out.push('');
  if (total === 0) {
    out.push(`✔ no problems (${plural(s.files, 'file')} checked)`);
  } else {
    const parts = [plural(s.errors, 'error'), plural(s.warnings, 'warning'), ...(s.infos ? [`${s.infos} info`] : []), ...(s.hints ? [plural(s.hints, 'hint')] : [])];
    out.push(styles.summary(s.errors > 0, `✖ ${plural(total, 'problem')} (${parts.join(', ')})`));
    if (s.fixable > 0) out.push(`  ${plural(s.fixable, 'problem')} fixable with the \`--fix\` option.`);
  }
  return `${out.join('\n')}\n`;
}

/** The `--fix` report: what was written where, before the findings that are left. */
export function formatFixSummary(report: LintReport): string {
  const lines = report.files.filter((f) => f.fixesApplied > 0).map((f) => `${displayPath(f.path, report.cwd)}: ${plural(f.fixesApplied, 'fix', 'fixes')} applied`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
