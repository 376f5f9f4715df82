import { minimalEdit } from '../fix/apply-edits';
import { LineIndex } from '../parse/line-index';
import type { Finding, Fix, OffsetRange, RelatedLocation, TextEdit } from '../types';
import { renderedLineIndex, type LineSource, type RenderedFile } from './rendered-output';
import { insertionKeepsMeaning } from './insertion-safety';
import { templateRange } from './source-map';
import { separatesDocuments, type TemplateAnatomy } from './template-lines';
import { cachedValuesFileEdits, type RenderedChartSource } from './values-fix';
import { valuesKeyRanges } from './values-origin';

/** What mapping needs besides the rendered file: the templates and the files values come from. */
export interface MappingContext {
  readonly anatomyOf: (template: string) => TemplateAnatomy | undefined;
  /** The rendered file held under a virtual path (for related locations into other rendered files). */
  readonly renderedFile: (path: string) => RenderedFile | undefined;
  /** The text of a chart file (values.yaml), for related locations at a values key and fixes that set one. */
  readonly readText: (path: string) => string | undefined;
  /** Where an included helper wrote a rendered line, when that is sure (see helper-lines.ts). */
  readonly helperLine?: (template: string, helper: string, renderedLine: string) => RelatedLocation | undefined;
  /** The rendered chart a template belongs to (not a vendored subchart's): fixes may then set keys in its `values.yaml`. */
  readonly chartOf?: (template: string) => RenderedChartSource | undefined;
}

/**
 * A finding on rendered text, reported at its source: the template line that printed the flagged
 * line (a literal line exactly; a line printed by a directive at the directive, naming the values
 * key it prints, with its place in `values.yaml`), naming the object when the template rendered
 * several. Only fixes whose every edit lands exactly in that template or in `values.yaml` are kept (see `sourceFix`).
 */
export function mapRenderedFinding(finding: Finding, file: RenderedFile, context: MappingContext): Finding | undefined {
  const at = locate(file, finding.range, context);
  if (!at) return undefined;
  const notes: string[] = [];
  const related: RelatedLocation[] = [];
  const directive = at.source.origin.kind === 'directive' ? at.anatomy.lines[at.source.origin.line - 1] : undefined;
  const key = directive?.valuesKey;
  if (key) {
    notes.push(`from \`.Values.${key}\``);
    related.push(...valuesLocations(at.source.template, key, context));
  } else if (directive?.helper) {
    notes.push(`from \`include "${directive.helper}"\``);
    const written = context.helperLine?.(at.source.template, directive.helper, renderedLineIndex(file).lineText(at.renderedLine));
    if (written) related.push(written);
  }
  if (file.documents > 1) {
    const object = objectAt(file.text, finding.range.start);
    // Messages about a whole object (missing-pdb) name it already.
    if (object && !finding.message.includes(object)) notes.push(`in ${object}`);
  }
  for (const r of finding.related ?? []) {
    const target = context.renderedFile(r.path);
    if (!target) {
      related.push(r);
      continue;
    }
    const mapped = locate(target, r.range, context);
    if (mapped) related.push({ ...r, path: mapped.source.template, range: mapped.range });
  }
  const { fixes: renderedFixes, related: _old, ...rest } = finding;
  const fixes = (renderedFixes ?? []).flatMap((fix) => once(sourceFix(fix, file, at, context)));
  return {
    ...rest,
    path: at.source.template,
    range: at.range,
    message: notes.length > 0 ? `${finding.message} (${notes.join(', ')})` : finding.message,
    ...(related.length > 0 && { related }),
    ...(fixes.length > 0 && { fixes }),
  };
}

const once = <T>(value: T | undefined): T[] => (value === undefined ? [] : [value]);

/**
 * A rendered fix as edits of the chart's files: each edit in the template where it lands exactly
 * (`templateEdit`), else in `values.yaml` when it lands in text printed straight from a values key
 * (`valuesFileEdits`). Undefined when any edit has no exact place.
 */
function sourceFix(fix: Fix, file: RenderedFile, at: { source: LineSource; anatomy: TemplateAnatomy }, context: MappingContext): Fix | undefined {
  const own: TextEdit[] = [];
  const printed: TextEdit[] = [];
  for (const edit of fix.edits) {
    const mapped = templateEdit(file, edit, at.source.template, at.anatomy);
    if (mapped) own.push(mapped);
    // Rewriting `lifecycle:\n  {}` changes only the `{}` that values printed: the edit shrinks to that.
    else printed.push(minimalEdit(file.text.slice(edit.range.start, edit.range.end), edit.newText, edit.range.start) ?? edit);
  }
  if (printed.length === 0) return { ...fix, edits: own };
  const chart = context.chartOf?.(at.source.template);
  const values = chart && cachedValuesFileEdits(file, printed, chart, context.anatomyOf, context.readText);
  if (!values) return undefined;
  const keys = values.keys.map((k) => `\`.Values.${k}\``).join(', ');
  return { ...fix, title: `${fix.title} (sets ${keys} in values.yaml)`, edits: own, otherFiles: [values.file] };
}

/**
 * A rendered edit as the same edit in the template, when that is exact: whole lines inserted
 * after a literal template line (they render right after it: a following `{{-` trims only
 * whitespace), or a change inside a template line that holds no directive (it renders as
 * written). The line must render once, or the edit would change every object a `range` prints.
 */
function templateEdit(file: RenderedFile, edit: TextEdit, template: string, anatomy: TemplateAnatomy): TextEdit | undefined {
  const lines = renderedLineIndex(file);
  const start = lines.positionAt(edit.range.start);
  const end = lines.positionAt(edit.range.end);
  const renderedOnce = (line: number) =>
    file.lines.filter((s) => s?.template === template && s.origin.kind === 'literal' && s.origin.line === line).length === 1;
  const literalAt = (renderedLine: number) => {
    const source = file.lines[renderedLine];
    return source?.template === template && source.origin.kind === 'literal' && renderedOnce(source.origin.line)
      ? anatomy.lines[source.origin.line - 1]
      : undefined;
  };
  if (edit.range.start === edit.range.end && start.character === 0 && edit.newText.endsWith('\n') && start.line > 0) {
    // A new document would copy rendered names and labels, which differ from release to release.
    if (/^---/m.test(edit.newText)) return undefined;
    const before = literalAt(start.line - 1);
    const origin = file.lines[start.line - 1]?.origin.line;
    if (!before || origin === undefined) return undefined;
    const following = file.lines[start.line];
    const until = following?.template === template && following.origin.line > origin ? following.origin.line : documentEnd(anatomy, origin);
    if (!insertionKeepsMeaning(anatomy, origin, until, edit.newText.length - edit.newText.trimStart().length)) return undefined;
    const next = anatomy.text.indexOf('\n', before.end);
    if (next === -1) return undefined;
    return { range: { start: next + 1, end: next + 1 }, newText: edit.newText };
  }
  if (start.line !== end.line) return undefined;
  const line = literalAt(start.line);
  if (!line || anatomy.actions.some((a) => a.start < line.end && a.end > line.start)) return undefined;
  if (anatomy.text.slice(line.start, line.end) !== lines.lineText(start.line).replace(/\r$/, '')) return undefined;
  return { range: { start: line.start + start.character, end: line.start + end.character }, newText: edit.newText };
}

/** The one-based line after the last of the template document holding `line` (its next `---`, or the end). */
function documentEnd(anatomy: TemplateAnatomy, line: number): number {
  for (let l = line + 1; l <= anatomy.lines.length; l++) if (separatesDocuments(anatomy, l)) return l;
  return anatomy.lines.length + 1;
}

/** The template, line origin and template range of a range in a rendered file. */
export function locate(
  file: RenderedFile,
  range: OffsetRange,
  context: Pick<MappingContext, 'anatomyOf'>,
): { source: LineSource; anatomy: TemplateAnatomy; range: OffsetRange; renderedLine: number } | undefined {
  const lines = renderedLineIndex(file);
  const start = lines.positionAt(range.start);
  const end = lines.positionAt(range.end);
  let line = start.line;
  // A line with no origin (a document separator): the nearest traced line after it, else before.
  while (line < file.lines.length && !file.lines[line]) line++;
  if (line >= file.lines.length) for (line = start.line; line >= 0 && !file.lines[line]; line--);
  const source = file.lines[line];
  if (!source) return undefined;
  const anatomy = context.anatomyOf(source.template);
  if (!anatomy) return undefined;
  const text = lines.lineText(line);
  const column = line === start.line ? start.character : 0;
  const endColumn = line === start.line && end.line === start.line ? end.character : text.length;
  return { source, anatomy, range: templateRange(anatomy, source.origin, text, column, endColumn), renderedLine: line };
}

/** `KIND NAME` of the rendered object around an offset. */
export function objectAt(text: string, offset: number): string | undefined {
  const start = text.lastIndexOf('---\n', offset);
  const next = text.indexOf('\n---\n', offset);
  const document = text.slice(start === -1 ? 0 : start, next === -1 ? text.length : next + 1);
  const kind = /^kind:[ \t]*["']?([\w.-]+)/m.exec(document)?.[1];
  const name = /^metadata:[ \t]*\r?\n(?:[ \t]+.*\r?\n)*?[ \t]+name:[ \t]*["']?([^\s"'#]+)/m.exec(document)?.[1];
  return kind && name ? `${kind} ${name}` : kind;
}

/** The chart folder of a template: the part of its path before `/templates/`. */
export function chartRootOf(template: string): string | undefined {
  const at = template.lastIndexOf('/templates/');
  return at === -1 ? undefined : template.slice(0, at);
}

/**
 * Where a values key is set: the chart's `values.yaml`, then each values file the user gave that sets
 * it too (`--values`, `.graceful.yaml`), in the order helm merges them, so the last one says what
 * rendered. A vendored subchart's template names its own `values.yaml` (its parent may override it).
 */
function valuesLocations(template: string, key: string, context: MappingContext): RelatedLocation[] {
  const chart = context.chartOf?.(template);
  const root = chart?.dir ?? chartRootOf(template);
  if (root === undefined) return [];
  const own = `${root}/values.yaml`;
  return valuesKeyRanges(key, [own, ...(chart?.overrides.valuesFiles ?? [])], context.readText).map(({ path, range }) => ({
    path,
    range,
    message: path === own ? `\`.Values.${key}\` is set here` : `\`.Values.${key}\` is set again here (a values file given on top of the chart's)`,
  }));
}
