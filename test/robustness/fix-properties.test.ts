import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import { Lexer, parseAllDocuments } from 'yaml';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { Analyzer } from '../../server/src/analyzer';
import { applyEdits } from '../../server/src/fix/apply-edits';
import { fileKindOf } from '../../server/src/model/file-kind';
import { LineIndex } from '../../server/src/parse/line-index';
import type { Finding, Fix, TextEdit } from '../../server/src/types';

/**
 * Every fix Graceful offers on real-world manifests keeps the promises of
 * STYLE.md: the file still parses, the finding it addresses is gone, nothing
 * outside its edits changes, comments survive and CRLF stays CRLF. Each
 * `<owner>__<repo>/` folder of the shared corpus is one workspace, read from
 * disk so cross-file rules (PDBs, Services, image builds) see the whole project.
 */

const CORPUS = resolve(__dirname, '../corpora/k8s');
const EXAMPLES = resolve(__dirname, '../../examples');

/** Files of one workspace by absolute path. */
type Files = Map<string, string>;

function readWorkspace(root: string): Files {
  const files: Files = new Map();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile() && fileKindOf(path)) files.set(path, readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return files;
}

/** An analyzer over a workspace; other files (entrypoint scripts) are read from disk like the CLI does. */
function analyzerFor(files: Files): Analyzer {
  const analyzer: Analyzer = new Analyzer({
    fs: {
      readText: (path): string | undefined => analyzer.text(path) ?? (existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined),
    },
    onRuleError: (rule, path, error) => {
      throw new Error(`rule ${rule} threw on ${path}: ${String((error as Error)?.stack ?? error)}`);
    },
  });
  for (const [path, text] of files) analyzer.setFile(path, text);
  return analyzer;
}

/** Parse errors after masking Helm directives: a fix must not add any, even in a templated file. */
function yamlErrorCount(analyzer: Analyzer, path: string): number {
  return analyzer.yamlFile(path)?.documents.reduce((sum, d) => sum + d.doc.errors.length, 0) ?? 0;
}

interface Comment {
  readonly offset: number;
  readonly text: string;
}

/** Tokens the YAML lexer emits without source text (document start, flow end, scalar marker). */
const LEXER_CONTROL = new Set(['\x02', '\x18', '\x1f']);

/**
 * Comments as the parser sees them (not `#` inside quoted strings or shell
 * commands) in `text.slice(from, to)`, at file offsets.
 */
function commentsIn(path: string, text: string, from: number, to: number): Comment[] {
  if (fileKindOf(path) === 'dockerfile') {
    const lines = new LineIndex(text);
    return DockerfileParser.parse(text)
      .getComments()
      .map((c) => ({ offset: lines.offsetAt(c.getRange().start), text: text.slice(lines.offsetAt(c.getRange().start), lines.offsetAt(c.getRange().end)) }));
  }
  const found: Comment[] = [];
  let offset = from;
  for (const token of new Lexer().lex(text.slice(from, to))) {
    if (LEXER_CONTROL.has(token)) continue;
    if (token.startsWith('#')) found.push({ offset, text: token });
    offset += token.length;
  }
  return found;
}

/** The span of the YAML documents an edit touches (the whole file for a Dockerfile): what needs re-lexing. */
function touchedSpan(analyzer: Analyzer, path: string, edits: readonly TextEdit[]): { from: number; to: number } {
  const text = analyzer.text(path)!;
  const documents = analyzer.yamlFile(path)?.documents;
  if (!documents) return { from: 0, to: text.length };
  const first = Math.min(...edits.map((e) => e.range.start));
  const last = Math.max(...edits.map((e) => e.range.end));
  const touched = documents.filter((d) => d.start <= last && d.start + d.text.length >= first);
  return { from: touched[0]!.start, to: touched.at(-1)!.start + touched.at(-1)!.text.length };
}

const findingKey = (f: Finding) => `${f.ruleId}\0${f.message}`;

/** Checks one fix of one finding; `analyzer` holds the workspace and is left as it was. */
function checkFix(analyzer: Analyzer, path: string, finding: Finding, fix: Fix, before: readonly Finding[]): void {
  const text = analyzer.text(path)!;
  const where = `${path}: ${finding.ruleId} "${fix.title}"`;
  assert.ok(fix.edits.length > 0, `${where}: a fix without edits`);
  const edits = [...fix.edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  // Rebuilt independently of applyEdits: the slices between edits are the original bytes.
  let expected = '';
  let cursor = 0;
  for (const edit of edits) {
    assert.ok(edit.range.start >= cursor && edit.range.start <= edit.range.end && edit.range.end <= text.length, `${where}: edits overlap or leave the file`);
    expected += text.slice(cursor, edit.range.start) + edit.newText;
    cursor = edit.range.end;
  }
  expected += text.slice(cursor);
  const after = applyEdits(text, fix.edits);
  assert.equal(after, expected, `${where}: text outside the edits changed`);
  if (text.includes('\r\n') && !/(^|[^\r])\n/.test(text)) assert.ok(!/(^|[^\r])\n/.test(after), `${where}: a CRLF file gained LF line endings`);

  // A comment outside the edits is still a comment at the same place: no edit turned it into content.
  const span = touchedSpan(analyzer, path, edits);
  const shift = (offset: number) =>
    offset + edits.filter((e) => e.range.end <= offset).reduce((sum, e) => sum + e.newText.length - (e.range.end - e.range.start), 0);
  const commentsAfter = new Set(commentsIn(path, after, span.from, span.to + after.length - text.length).map((c) => `${c.offset}\0${c.text}`));
  for (const comment of commentsIn(path, text, span.from, span.to)) {
    if (edits.some((e) => e.range.start < comment.offset + comment.text.length && comment.offset < e.range.end)) continue;
    assert.ok(commentsAfter.has(`${shift(comment.offset)}\0${comment.text}`), `${where}: comment lost: ${comment.text}\n${after}`);
  }

  const errorsBefore = yamlErrorCount(analyzer, path);
  const instructions = (t: string) => DockerfileParser.parse(t).getInstructions().length;
  analyzer.setFile(path, after);
  try {
    if (fileKindOf(path) === 'yaml') assert.ok(yamlErrorCount(analyzer, path) <= errorsBefore, `${where}: the fixed YAML has new parse errors:\n${after}`);
    else assert.ok(instructions(after) >= instructions(text), `${where}: the fixed Dockerfile lost instructions:\n${after}`);
    // Idempotence: re-analysed with the rest of the workspace, one finding of this kind and message fewer.
    const count = (list: readonly Finding[]) => list.filter((f) => findingKey(f) === findingKey(finding)).length;
    assert.ok(count(analyzer.analyze(path, DEFAULT_SETTINGS)!.findings) < count(before), `${where}: the finding is still there after the fix:\n${after}`);
  } finally {
    analyzer.setFile(path, text);
  }
}

/** Checks every fix of every finding in the workspace's files (or those in `only`); returns how many fixes were checked. */
function checkWorkspace(files: Files, only?: ReadonlySet<string>): number {
  const analyzer = analyzerFor(files);
  let checked = 0;
  for (const path of only ?? files.keys()) {
    const findings = analyzer.analyze(path, DEFAULT_SETTINGS)?.findings ?? [];
    for (const finding of findings) {
      for (const fix of finding.fixes ?? []) {
        checkFix(analyzer, path, finding, fix, findings);
        checked++;
      }
    }
  }
  return checked;
}

const corpusFolders = readdirSync(CORPUS)
  .filter((name) => name.includes('__') && statSync(join(CORPUS, name)).isDirectory())
  .sort();

test('every fix on the corpus keeps the file intact and resolves its finding', async (t) => {
  let total = 0;
  for (const name of corpusFolders) {
    await t.test(name, () => {
      total += checkWorkspace(readWorkspace(join(CORPUS, name)));
    });
  }
  // The corpus is known to hold hundreds of fixable findings: zero means the walk found nothing.
  assert.ok(total > 100, `only ${total} fixes checked`);
});

test('every fix on the examples keeps the file intact and resolves its finding', () => {
  assert.ok(checkWorkspace(readWorkspace(EXAMPLES)) > 5);
});

/** The file as a 4-space project would write it (sequences indented under their key), comments kept. */
const fourSpaces = (text: string) =>
  parseAllDocuments(text)
    .map((d) => d.toString({ indent: 4, lineWidth: 0 }))
    .join('');
const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/** The variant of a file, or the file itself when the variant would mean something else. */
function variant(path: string, text: string, convert: (text: string) => string): string {
  try {
    const converted = convert(text);
    if (fileKindOf(path) !== 'yaml') return converted;
    const meaning = (t: string) => JSON.stringify(parseAllDocuments(t).map((d) => (d.errors.length > 0 ? 'error' : d.toJS({ maxAliasCount: -1 }))));
    return meaning(converted) === meaning(text) ? converted : text;
  } catch {
    // Unparseable or templated YAML cannot be re-indented by the parser: it is checked as it is above.
    return text;
  }
}

/** Projects with many fixable findings in mid-sized files (keeps the run short), converted whole so cross-file facts still match. */
const VARIANT_SAMPLE = ['kubernetes__examples', 'istio__istio', 'kubernetes__ingress-nginx'];

for (const [label, convert] of [
  ['CRLF', crlf],
  ['4-space', fourSpaces],
  ['CRLF and 4-space', (t: string) => crlf(fourSpaces(t))],
] as const) {
  test(`every fix on ${label} variants of corpus projects keeps the file intact`, () => {
    let total = 0;
    for (const name of VARIANT_SAMPLE.filter((n) => corpusFolders.includes(n))) {
      const files: Files = new Map();
      const converted = new Set<string>();
      for (const [path, text] of readWorkspace(join(CORPUS, name))) {
        const next = variant(path, text, convert);
        if (next !== text) converted.add(path);
        files.set(path, next);
      }
      total += checkWorkspace(files, converted);
    }
    // Only fixes in converted files count: the others were checked as they are above.
    assert.ok(total > 50, `only ${total} fixes checked in converted files`);
  });
}
