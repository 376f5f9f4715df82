import { pathToFileURL } from 'node:url';
import { ruleDocUrl } from '../../../../shared/src/rule-ids';
import type { Severity } from '../../../../shared/src/settings';
import { RULES } from '../../rules/registry';
import { rulePage } from '../../rules/rule-page';
import type { OffsetRange } from '../../types';
import type { LintReport } from '../lint-report';
import type { Span } from '../locations';
import { formatObjectRef } from '../object-identity';
import { GRACEFUL_VERSION } from '../version';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/graceful-dev/graceful';
/** Artifact URIs are relative to the folder the CLI ran in, which code scanning takes as the checkout. */
const SRCROOT = '%SRCROOT%';

/** SARIF has three result levels; info and hint are both notes. */
function level(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function region(span: Span) {
  return { startLine: span.start.line, startColumn: span.start.column, endLine: span.end.line, endColumn: span.end.column };
}

const pascalCase = (id: string) => id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: one run, the driver with every
 * rule and its documentation, results with one-based regions (columns in UTF-16
 * units) and fixes as replacements, and files that could not be analysed as
 * tool execution notifications.
 */
export function formatSarif(report: LintReport): string {
  const { locator, cwd } = report;
  // SARIF's own value for "no index": every id is in RULES, but a map lookup cannot know that.
  const UNKNOWN_RULE = -1;
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id as string, i]));
  const uri = (shown: string) => shown.split('/').map(encodeURIComponent).join('/');
  const location = (path: string, range: OffsetRange | undefined) => {
    const place = locator.place(path, range);
    // The analysed text is the file's only where no origin moved the span (rendered Helm output is not the template).
    const excerpt = range && !place.remapped ? locator.excerpt(path, range) : undefined;
    return {
      physicalLocation: {
        artifactLocation: { uri: uri(place.path), ...(place.isFile ? { uriBaseId: SRCROOT } : {}) },
        ...(place.span ? { region: { ...region(place.span), ...(excerpt ? { snippet: { text: excerpt.snippet } } : {}) } } : {}),
        ...(excerpt
          ? { contextRegion: { startLine: excerpt.context.startLine, endLine: excerpt.context.endLine, snippet: { text: excerpt.context.snippet } } }
          : {}),
      },
      ...(place.object
        ? { logicalLocations: [{ name: place.object.name ?? place.object.kind, fullyQualifiedName: formatObjectRef(place.object), kind: 'resource' }] }
        : {}),
    };
  };
  const fixable = (path: string, range: OffsetRange) => {
    const place = locator.place(path, range);
    return place.isFile && !place.remapped;
  };
  const results = report.files.flatMap((file) =>
    file.findings.map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId) ?? UNKNOWN_RULE,
      level: level(f.severity),
      message: { text: f.message },
      locations: [location(file.path, f.range)],
      ...(f.related?.length ? { relatedLocations: f.related.map((r, id) => ({ id, ...location(r.path, r.range), message: { text: r.message } })) } : {}),
      // Edits count in the analysed text: only a file that text is can take them.
      ...(f.fixes?.length && fixable(file.path, f.range)
        ? {
            fixes: f.fixes.map((fix) => ({
              description: { text: fix.title },
              // One change per file: the finding's own (unless the fix lies wholly elsewhere), then a chart's values.yaml.
              artifactChanges: [...(fix.edits.length > 0 ? [{ path: file.path, edits: fix.edits }] : []), ...(fix.otherFiles ?? [])].map((change) => ({
                artifactLocation: location(change.path, undefined).physicalLocation.artifactLocation,
                replacements: change.edits.map((e) => ({ deletedRegion: region(locator.span(change.path, e.range)), insertedContent: { text: e.newText } })),
              })),
            })),
          }
        : {}),
    })),
  );
  const problems = report.files.flatMap((file) =>
    file.problems.map((p) => ({ level: 'error' as const, message: { text: p.message }, locations: [location(file.path, p.range)] })),
  );
  const failures = report.ruleFailures.map((failure) => ({
    level: 'error' as const,
    message: { text: `rule ${failure.ruleId} failed: ${failure.message}` },
    locations: [location(failure.path, undefined)],
    associatedRule: { id: failure.ruleId, index: ruleIndex.get(failure.ruleId) ?? UNKNOWN_RULE },
  }));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'graceful',
            version: GRACEFUL_VERSION,
            semanticVersion: GRACEFUL_VERSION,
            informationUri: INFORMATION_URI,
            rules: RULES.map(({ meta }) => ({
              id: meta.id,
              name: pascalCase(meta.id),
              shortDescription: { text: meta.title },
              fullDescription: { text: meta.summary },
              defaultConfiguration: { level: level(meta.defaultSeverity) },
              help: { text: rulePage(meta.id), markdown: rulePage(meta.id) },
              helpUri: ruleDocUrl(meta.id),
            })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}` } },
        invocations: [{ executionSuccessful: problems.length === 0 && failures.length === 0, toolExecutionNotifications: [...problems, ...failures] }],
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
