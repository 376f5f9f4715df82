import { syntaxErrorCount } from '../analyzer';
import { applyEdits } from '../fix/apply-edits';
import { parseYamlFile } from '../parse/yaml-file';
import type { Finding } from '../types';
import { MAX_FIX_PASSES, preferredFileEdits } from '../workspace/fixer';
import type { ChartRender } from './render-chart';

/** What fixing one chart needs from its caller (the CLI's workspace, which holds the chart's render). */
export interface ChartFixContext {
  /** Renders the chart with some files' texts replaced. */
  readonly render: (textOf: (path: string) => string | undefined) => Promise<ChartRender>;
  /**
   * Makes `render` the chart's render in the analysis (undefined: keep the current one) and returns its
   * findings mapped to the chart's files, whose texts (values.yaml) are read through `readText`.
   */
  readonly findings: (render: ChartRender | undefined, readText: (path: string) => string | undefined) => readonly Finding[];
  /** A chart file's text as the run read it. */
  readonly readText: (path: string) => string | undefined;
  /** The rendered texts of the chart's render in the analysis now (their syntax errors are the baseline). */
  readonly renderedTexts: readonly string[];
}

/** What fixing a chart did, in memory. */
export interface ChartFixOutcome {
  /** The new text of each file the fixes changed (none when refused). */
  readonly texts: ReadonlyMap<string, string>;
  /** Fixes applied, by the file their finding is reported in. */
  readonly applied: ReadonlyMap<string, number>;
  /** Why nothing may be written, when a fix misbehaved (the caller then puts the chart's render from disk back). */
  readonly refused?: string;
}

/**
 * `--fix` on a rendered chart: the preferred fixes of its mapped findings (template edits and
 * values.yaml edits) applied in memory, the chart rendered again, pass after pass like the fixer of
 * other files. The guards are the same: edits that do not fit refuse the chart, and so does a result
 * that helm cannot render or whose rendered YAML has more syntax errors than before.
 */
export async function fixChart(context: ChartFixContext): Promise<ChartFixOutcome> {
  const texts = new Map<string, string>();
  const applied = new Map<string, number>();
  const textOf = (path: string) => texts.get(path) ?? context.readText(path);
  let findings = context.findings(undefined, textOf);
  const syntaxErrors = renderedSyntaxErrors(context.renderedTexts);
  for (let round = 0; round < MAX_FIX_PASSES; round++) {
    const pass = preferredFileEdits(findings, textOf);
    if ('refused' in pass) return { texts: new Map(), applied: new Map(), refused: pass.refused };
    if (pass.fixed.length === 0) break;
    const next = new Map([...pass.edits].map(([path, edits]) => [path, applyEdits(textOf(path) ?? '', edits)]));
    const render = await context.render((path) => next.get(path) ?? textOf(path));
    // What the chart falls back to on failure is said by the caller: here nothing is written.
    if (!render.ok)
      return {
        texts: new Map(),
        applied: new Map(),
        refused: `the fixed chart does not render: ${render.message.replace(/^helm template failed; the chart is checked as written: /, '')}`,
      };
    if (renderedSyntaxErrors(render.files.map((f) => f.text)) > syntaxErrors)
      return { texts: new Map(), applied: new Map(), refused: 'the fixed chart would render YAML that no longer parses' };
    for (const [path, text] of next) texts.set(path, text);
    for (const { path } of pass.fixed) applied.set(path, (applied.get(path) ?? 0) + 1);
    findings = context.findings(render, textOf);
  }
  return { texts, applied };
}

function renderedSyntaxErrors(texts: readonly string[]): number {
  return texts.reduce((n, text) => n + syntaxErrorCount(parseYamlFile(text)), 0);
}
