import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { renderedChart } from '../../bench/generate';
import { LineIndex } from '../../server/src/parse/line-index';
import { parseYamlFile, yamlLineIndex } from '../../server/src/parse/yaml-file';

/** Line and column of an offset, counted the slow way. */
function naivePosition(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Every line start of a table, and where its last line ends. */
function linesOf(table: LineIndex): number[] {
  return [...Array.from({ length: table.lineCount }, (_, line) => table.lineStart(line)), table.lineEnd(table.lineCount - 1)];
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === '.git' ? [] : yamlFilesUnder(path);
    return /\.ya?ml$/.test(e.name) ? [path] : [];
  });
}

const ODD_TEXTS = [
  '',
  '\n',
  'a: 1',
  'a: 1\r\n---\r\nb: 2\r\n',
  'a: 1\n...\n# between\n---\nb: 2\n...\n',
  '%YAML 1.2\n---\na: 1\n---\nb: 2\n',
  '# only a comment\n\n\n',
  '---\n---\n---\n',
  'a: |\n  ---\n  x\n--- \nb: "\r"\n',
];

test("a YAML file's line table put together from its documents equals a scan of the whole text", () => {
  const texts = [...ODD_TEXTS, renderedChart(40, 3), ...yamlFilesUnder(resolve(__dirname, '../corpora/k8s')).map((p) => readFileSync(p, 'utf8'))];
  for (const text of texts) assert.deepEqual(linesOf(yamlLineIndex(parseYamlFile(text))), linesOf(new LineIndex(text)), JSON.stringify(text.slice(0, 80)));
});

test('positions and offsets agree with counting line breaks, on every offset of odd texts and a sample of a chart', () => {
  const chart = renderedChart(10, 2);
  for (const text of [...ODD_TEXTS, chart]) {
    const tables = [new LineIndex(text), yamlLineIndex(parseYamlFile(text))];
    const step = text.length > 1000 ? 7 : 1;
    for (let offset = -1; offset <= text.length + 1; offset += step) {
      const expected = naivePosition(text, Math.max(0, Math.min(offset, text.length)));
      for (const table of tables) {
        assert.deepEqual(table.positionAt(offset), expected, `${JSON.stringify(text.slice(0, 40))} at ${offset}`);
        if (offset >= 0 && offset <= text.length && text[offset - 1] !== '\r') assert.equal(table.offsetAt(expected), offset);
      }
    }
  }
});

test('the two ends of a range are where positionAt puts each, on every pair of offsets of odd texts', () => {
  for (const text of ODD_TEXTS) {
    const tables = [new LineIndex(text), yamlLineIndex(parseYamlFile(text))];
    for (let start = -1; start <= text.length + 1; start++)
      for (let end = -1; end <= text.length + 1; end++)
        for (const table of tables) {
          const where = `${JSON.stringify(text.slice(0, 40))} ${start}..${end}`;
          assert.deepEqual(table.rangeAt(start, end), { start: table.positionAt(start), end: table.positionAt(end) }, where);
        }
  }
});

test('after an edit, the table reused from unchanged documents still equals a scan', () => {
  const before = renderedChart(30, 2);
  const at = before.indexOf('value: "', before.length / 2);
  for (const [start, end, insert] of [
    [at, at, 'x'],
    [at, at, '\n'],
    [at - 1, at + 1, ''],
    [0, 0, '# top\n'],
    [before.length, before.length, 'kind: X\n'],
    [before.indexOf('---', at), before.indexOf('---', at) + 3, ''],
  ] as const) {
    const text = before.slice(0, start) + insert + before.slice(end);
    assert.deepEqual(
      linesOf(yamlLineIndex(parseYamlFile(text, parseYamlFile(before)))),
      linesOf(new LineIndex(text)),
      `${start} ${end} ${JSON.stringify(insert)}`,
    );
  }
});
