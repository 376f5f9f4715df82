import { createHash } from 'node:crypto';
import type { Severity } from '../../../../shared/src/settings';
import type { LintReport } from '../lint-report';
import { formatObjectRef } from '../object-identity';

/**
 * GitLab Code Quality severities: hint → info, info → minor, warning → major,
 * error → critical (`blocker` is left for what stops a merge outright, which is the pipeline's call).
 */
export const GITLAB_SEVERITY: Readonly<Record<Severity, 'info' | 'minor' | 'major' | 'critical'>> = {
  hint: 'info',
  info: 'minor',
  warning: 'major',
  error: 'critical',
};

interface CodeQualityIssue {
  readonly description: string;
  readonly check_name: string;
  readonly fingerprint: string;
  readonly severity: 'info' | 'minor' | 'major' | 'critical';
  readonly location: { readonly path: string; readonly lines: { readonly begin: number } };
}

/**
 * A GitLab Code Quality report (the `codequality` artifact): a JSON array of issues.
 * The fingerprint, which GitLab uses to tell new issues from fixed ones between the
 * merge request and its target, hashes the rule, the path, the object the finding is
 * in and the anchored text, never line numbers, so moving a manifest's lines keeps it;
 * the n-th repeat of the same key gets its own.
 */
export function formatGitlab(report: LintReport): string {
  const { locator } = report;
  const issues: CodeQualityIssue[] = [];
  const seen = new Map<string, number>();
  const fingerprint = (parts: readonly string[]) => {
    const key = parts.join('\u0000');
    const repeat = seen.get(key) ?? 0;
    seen.set(key, repeat + 1);
    return createHash('sha256').update(`${key}\u0000${repeat}`).digest('hex').slice(0, 32);
  };
  for (const file of report.files) {
    const text = locator.text(file.path);
    for (const p of file.problems) {
      const place = locator.place(file.path, p.range);
      const anchor = p.range ? text.slice(p.range.start, p.range.end) : '';
      issues.push({
        description: p.message,
        check_name: 'graceful-file-problem',
        fingerprint: fingerprint(['problem', place.path, anchor]),
        severity: 'critical',
        location: { path: place.path, lines: { begin: place.span?.start.line ?? 1 } },
      });
    }
    for (const f of file.findings) {
      const place = locator.place(file.path, f.range);
      const object = locator.objectAt(file.path, f.range.start);
      const identity = object ? formatObjectRef(object) : '';
      issues.push({
        description: place.object ? `${formatObjectRef(place.object)}: ${f.message}` : f.message,
        check_name: f.ruleId,
        fingerprint: fingerprint([f.ruleId, place.path, identity, text.slice(f.range.start, f.range.end)]),
        severity: GITLAB_SEVERITY[f.severity],
        location: { path: place.path, lines: { begin: place.span?.start.line ?? 1 } },
      });
    }
  }
  return `${JSON.stringify(issues, null, 2)}\n`;
}
