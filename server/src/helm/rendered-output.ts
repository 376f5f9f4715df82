import { LineIndex } from '../parse/line-index';
import { originsFromMarkers, originsFromText, type LineOrigin } from './source-map';
import { stripMarkers, type RenderedMarker } from './template-markers';
import type { TemplateAnatomy } from './template-lines';

/** One document of `helm template` output and the template it names in its `# Source:` comment. */
export interface RenderedDocument {
  /** As helm prints it: `CHART/templates/x.yaml` (a subchart's: `CHART/charts/SUB/templates/x.yaml`). */
  readonly source: string | undefined;
  readonly text: string;
}

/** Splits `helm template` output at its document separators, reading each document's `# Source:`. */
export function splitHelmOutput(output: string): RenderedDocument[] {
  const documents: RenderedDocument[] = [];
  for (const chunk of output.split(/^---[ \t]*(?:\r?\n|$)/m)) {
    if (chunk.trim() === '') continue;
    const source = /^# Source: (.+?)\r?$/m.exec(chunk.split('\n', 1)[0] ?? '')?.[1];
    documents.push({ source, text: chunk.endsWith('\n') ? chunk : `${chunk}\n` });
  }
  return documents;
}

/** Where one rendered line came from. */
export interface LineSource {
  /** Absolute, `/`-separated path of the template. */
  readonly template: string;
  readonly origin: LineOrigin;
}

/**
 * The rendered documents of one template, as one YAML text the analyser checks, with the origin of
 * each of its lines. Its `path` is virtual (next to the template, never on disk).
 */
export interface RenderedFile {
  readonly path: string;
  readonly template: string;
  readonly text: string;
  readonly lines: readonly (LineSource | undefined)[];
  /** How many documents the template rendered: with more than one, messages name the object. */
  readonly documents: number;
}

/**
 * helm trims each document; a marker after output that ended in a newline leaves a line that is
 * blank once stripped, at the document's start (after `# Source:`) or end: trims those too.
 */
function trimDocument(text: string, markers: ReadonlyMap<number, RenderedMarker>): { text: string; markers: Map<number, RenderedMarker> } {
  const lines = text.split('\n');
  let first = /^# Source: /.test(lines[0] ?? '') ? 1 : 0;
  const header = first;
  while (lines[first]?.trim() === '') first++;
  let end = lines.length;
  while (end > first && lines[end - 1]?.trim() === '') end--;
  const kept = [...lines.slice(0, header), ...lines.slice(first, end)];
  const moved = new Map<number, RenderedMarker>();
  for (const [i, marker] of markers) {
    if (i < header) moved.set(i, marker);
    else if (i >= first && i < end) moved.set(i - (first - header), marker);
  }
  // The marker of a trimmed trailing line closes the stretch before it: it moves onto the last line kept.
  const closing = [...markers].filter(([i]) => i >= end).sort(([a], [b]) => a - b)[0];
  const lastKept = kept.length - 1;
  if (closing && lastKept >= header && !moved.has(lastKept)) moved.set(lastKept, closing[1]);
  return { text: kept.join('\n'), markers: moved };
}

const lineIndexes = new WeakMap<RenderedFile, LineIndex>();

/** The line table of a rendered file, built once: mapping asks it for every finding, edit and related location. */
export function renderedLineIndex(file: RenderedFile): LineIndex {
  let index = lineIndexes.get(file);
  if (!index) lineIndexes.set(file, (index = new LineIndex(file.text)));
  return index;
}

/** The virtual path the analyser holds a template's rendered text under. */
export function renderedPathOf(template: string): string {
  return `${template}#rendered.yaml`;
}

/** How to find a document's template and how to map its lines. */
export interface DocumentMapping {
  /** The template's absolute path, or undefined when it cannot be found (it is then left out). */
  readonly templateOf: (document: RenderedDocument, markerFile: number | undefined) => string | undefined;
  readonly anatomyOf: (template: string) => TemplateAnatomy | undefined;
  /** The file id a template's markers carry, when it was marked. */
  readonly fileIdOf: (template: string) => number | undefined;
}

/**
 * Groups rendered documents by template and maps their lines: through markers where the template
 * carried them, else by text (a line unique in the template maps there, others to the object's first line).
 */
export function renderedFiles(documents: readonly RenderedDocument[], mapping: DocumentMapping): RenderedFile[] {
  const byTemplate = new Map<string, { texts: string[]; lines: (LineSource | undefined)[] }>();
  for (const document of documents) {
    const stripped = stripMarkers(document.text);
    const { text, markers } = trimDocument(stripped.text, stripped.markers);
    // A document that only held markers (a template line that printed nothing after `---`) is no document.
    if (text.split('\n').every((line) => line.trim() === '' || /^# Source: /.test(line))) continue;
    const firstMarker = markers.values().next().value;
    const template = mapping.templateOf(document, firstMarker?.fileId);
    if (template === undefined) continue;
    const anatomy = mapping.anatomyOf(template);
    const docLines = text.split('\n');
    const id = mapping.fileIdOf(template);
    const own = new Map([...markers].filter(([, m]) => m.fileId === id));
    let origins: (LineOrigin | undefined)[] = [];
    // helm's `# Source:` line is not the template's: markers count from the line after it.
    const header = /^# Source: /.test(docLines[0] ?? '') ? 1 : 0;
    const shifted = new Map([...own].filter(([i]) => i >= header).map(([i, m]) => [i - header, m]));
    if (anatomy)
      origins =
        own.size > 0
          ? [...new Array<undefined>(header).fill(undefined), ...originsFromMarkers(docLines.length - header, shifted, anatomy, docLines.slice(header))]
          : originsFromText(docLines, anatomy);
    const entry = byTemplate.get(template) ?? { texts: [], lines: [] };
    entry.texts.push(`---\n${docLines.join('\n')}\n`);
    entry.lines.push(
      undefined,
      ...docLines.map((_, i) => {
        const origin = origins[i];
        return origin ? { template, origin } : undefined;
      }),
    );
    byTemplate.set(template, entry);
  }
  return [...byTemplate].map(([template, { texts, lines }]) => ({
    path: renderedPathOf(template),
    template,
    text: texts.join(''),
    lines,
    documents: texts.length,
  }));
}
