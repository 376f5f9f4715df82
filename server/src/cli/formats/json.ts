import { displayPath, summarize, type LintReport } from '../lint-report';
import type { Place, Span } from '../locations';
import type { ObjectRef } from '../object-identity';
import { GRACEFUL_VERSION } from '../version';

/** Standard input's extras: the object a finding is about, or the file its document came from. */
function whereFrom(place: Place): { object?: ObjectRef; source?: { path: string; range: Span | undefined } } {
  if (place.remapped) return { source: { path: place.path, range: place.span } };
  return place.object ? { object: place.object } : {};
}

/**
 * The `--format json` document, described in docs/cli-json.md. Positions are
 * one-based; `end` is just after the range. Keep it stable: tools parse it.
 */
export function formatJson(report: LintReport): string {
  const { locator, cwd } = report;
  const document = {
    version: GRACEFUL_VERSION,
    files: report.files.map((file) => ({
      path: displayPath(file.path, cwd),
      findings: file.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        range: locator.span(file.path, f.range),
        ...whereFrom(locator.place(file.path, f.range)),
        related: (f.related ?? []).map((r) => ({ path: displayPath(r.path, cwd), range: locator.span(r.path, r.range), message: r.message })),
        fixes: (f.fixes ?? []).map((fix) => ({
          title: fix.title,
          preferred: fix.preferred === true,
          edits: fix.edits.map((e) => ({ range: locator.span(file.path, e.range), newText: e.newText })),
          ...(fix.otherFiles && {
            otherFiles: fix.otherFiles.map((other) => ({
              path: displayPath(other.path, cwd),
              edits: other.edits.map((e) => ({ range: locator.span(other.path, e.range), newText: e.newText })),
            })),
          }),
        })),
      })),
      problems: file.problems.map((p) => (p.range ? { message: p.message, range: locator.span(file.path, p.range) } : { message: p.message })),
      fixesApplied: file.fixesApplied,
    })),
    summary: { ...summarize(report.files), skipped: skippedDocuments(report) },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The documents no rule reads (not checked, and not parsed without `--syntax-errors`): how many, and how many of each kind. */
function skippedDocuments(report: LintReport): { documents: number; kinds: Record<string, number> } {
  const kinds: Record<string, number> = {};
  let documents = 0;
  for (const file of report.files) {
    for (const kind of file.skippedKinds) {
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      documents++;
    }
  }
  return { documents, kinds: Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}
