import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { Analyzer } from '../../server/src/analyzer';
import { fileKindOf } from '../../server/src/model/file-kind';
import { splitDocuments } from '../../server/src/parse/yaml-file';
import { renderedChart } from '../../bench/generate';

/**
 * The first look at an opened file (`previewLeadingDocuments`) parses only the leading documents and
 * the facts other than workloads: its findings must be exactly those of a full analysis for the
 * documents it covers, and the full analysis that follows it must be unchanged.
 */

const CORPUS = resolve(__dirname, '../corpora/k8s');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === '.git' ? [] : filesUnder(path);
    return fileKindOf(path) ? [path] : [];
  });
}

function analyzer(texts: Map<string, string>): Analyzer {
  const a = new Analyzer({
    fs: { readText: (p) => texts.get(p) ?? readIfThere(p) },
    syntaxProblems: false,
    onRuleError: (rule, path, error) => {
      throw new Error(`rule ${rule} threw on ${path}: ${String(error)}`);
    },
  });
  for (const [path, text] of texts) a.setFile(path, text);
  return a;
}

function readIfThere(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Previews `path` in a workspace holding every other file, compares it with the full analysis, and puts the file back. */
function checkPreview(a: Analyzer, path: string, text: string, limit: number, full: ReturnType<Analyzer['analyze']>): boolean {
  a.removeFile(path);
  const preview = a.previewLeadingDocuments(path, text, limit, DEFAULT_SETTINGS);
  a.setFile(path, text);
  assert.deepEqual(a.analyze(path, DEFAULT_SETTINGS), full, `${path}: the analysis after a preview`);
  if (!preview) return false;
  assert.deepEqual(
    preview.findings,
    full!.findings.filter((f) => f.range.start < preview.checkedEnd),
    `${path}: preview up to ${preview.checkedEnd} (limit ${limit})`,
  );
  return true;
}

test('the preview of an opened file equals the full analysis of the documents it covers, on every multi-document file of the corpus', () => {
  let previews = 0;
  for (const repo of readdirSync(CORPUS, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const texts = new Map(filesUnder(join(CORPUS, repo.name)).map((p) => [p, readFileSync(p, 'utf8')] as const));
    const a = analyzer(texts);
    for (const [path, text] of texts) {
      if (fileKindOf(path) !== 'yaml' || splitDocuments(text).length < 2) continue;
      const full = a.analyze(path, DEFAULT_SETTINGS);
      if (checkPreview(a, path, text, Infinity, full)) previews++;
    }
  }
  assert.ok(previews >= 20, `only ${previews} files were previewed`);
});

test('the preview of a rendered chart, whatever the limit, equals the full analysis of the documents it covers', () => {
  const path = '/w/chart.yaml';
  const text = renderedChart(120, 9);
  const a = analyzer(
    new Map([
      [path, text],
      ['/w/pdb.yaml', 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: x\nspec:\n  maxUnavailable: 1\n  selector: {}\n'],
    ]),
  );
  const full = a.analyze(path, DEFAULT_SETTINGS);
  assert.ok(full!.findings.length > 20);
  // Up to 1 the leading documents are a ServiceAccount alone: no workload, no preview.
  assert.deepEqual(
    [1, 3_000, 16_384, Infinity].map((limit) => checkPreview(a, path, text, limit, full)),
    [false, true, true, true],
  );
});

test('a file the workspace index read from the disk, whose parse was dropped, is previewed when opened, exactly', () => {
  const path = '/w/chart.yaml';
  const text = renderedChart(120, 9);
  const reference = analyzer(new Map([[path, text]])).analyze(path, DEFAULT_SETTINGS);
  // As the server holds closed files: facts kept, parse trees dropped once enough other files were read.
  const a = new Analyzer({ fs: { readText: () => undefined }, syntaxProblems: false, retainParse: () => false });
  a.setFile(path, text);
  for (let i = 0; i < 32; i++) a.setFile(`/w/other-${i}.yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
  const preview = a.previewLeadingDocuments(path, text, 16_384, DEFAULT_SETTINGS);
  assert.ok(preview && preview.findings.length > 0);
  assert.deepEqual(
    preview.findings,
    reference!.findings.filter((f) => f.range.start < preview.checkedEnd),
  );
  assert.deepEqual(a.analyze(path, DEFAULT_SETTINGS), reference);
  // A held file with another text is not previewed: its facts in the index are not that text's.
  assert.equal(a.previewLeadingDocuments(path, `# edited\n${text}`, 16_384, DEFAULT_SETTINGS), undefined);
});
