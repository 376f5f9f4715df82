import type { Severity } from '../../../../shared/src/settings';
import { displayPath, summarize, type LintReport } from '../lint-report';
import type { Place } from '../locations';
import { formatObjectRef } from '../object-identity';

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
 * `line:col  severity  message  rule-id` rows, then one summary line. Findings on
 * standard input are grouped under the object they are about (`<stdin> Deployment shop/web`).
 */
export function formatText(report: LintReport, styles: Styles): string {
  const out: string[] = [];
  const groups = new Map<string, { header: string; rows: Row[] }>();
  const add = (place: Place, row: Row) => {
    const header = place.object ? `${place.path} ${formatObjectRef(place.object)}` : place.path;
    const group = groups.get(header) ?? { header, rows: [] };
    groups.set(header, group);
    group.rows.push(row);
  };
  const position = (place: Place) => (place.span ? `${place.span.start.line}:${place.span.start.column}` : '');
  for (const file of report.files) {
    for (const p of file.problems) {
      const place = report.locator.place(file.path, p.range);
      add(place, { position: position(place), severity: 'error', message: p.message, rule: '' });
    }
    for (const f of file.findings) {
      const place = report.locator.place(file.path, f.range);
      add(place, { position: position(place), severity: f.severity, message: f.message.replace(/\s*\n\s*/g, ' '), rule: f.ruleId });
    }
  }
  for (const { header, rows } of groups.values()) {
    const width = (pick: (r: Row) => string) => Math.max(...rows.map((r) => pick(r).length));
    const [position, severity, message] = [width((r) => r.position), width((r) => r.severity), width((r) => r.message)];
    out.push('', styles.path(header));
    for (const r of rows) {
      const cells = [
        ...(position > 0 ? [r.position.padEnd(position)] : []),
        styles.severity(r.severity, r.severity.padEnd(severity)),
        r.rule ? r.message.padEnd(message) : r.message,
      ];
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
    const parts = [
      plural(s.errors, 'error'),
      plural(s.warnings, 'warning'),
      ...(s.infos ? [`${s.infos} info`] : []),
      ...(s.hints ? [plural(s.hints, 'hint')] : []),
    ];
    out.push(styles.summary(s.errors > 0, `✖ ${plural(total, 'problem')} (${parts.join(', ')})`));
    const fixable = summarize(report.files.filter((f) => !report.locator.isStdin(f.path))).fixable;
    if (fixable > 0) out.push(`  ${plural(fixable, 'problem')} fixable with the \`--fix\` option.`);
  }
  return `${out.join('\n')}\n`;
}

interface Row {
  readonly position: string;
  readonly severity: Severity;
  readonly message: string;
  readonly rule: string;
}

/** The `--fix` report: what was written where, before the findings that are left. */
export function formatFixSummary(report: LintReport): string {
  const lines = report.files
    .filter((f) => f.fixesApplied > 0)
    .map((f) => `${displayPath(f.path, report.cwd)}: ${plural(f.fixesApplied, 'fix', 'fixes')} applied`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
