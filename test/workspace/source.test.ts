import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSource, encodeSource, readSource, type SourceProblem, type SourceText } from '../../server/src/workspace/source';

const BOM = [0xef, 0xbb, 0xbf];

/** What each reader makes of `bytes`: `decodeSource` (standard input) and `readSource` (a file, decoded by node). */
function bothReaders(bytes: readonly number[]): Array<SourceText | SourceProblem> {
  const dir = mkdtempSync(join(tmpdir(), 'graceful-source-'));
  try {
    writeFileSync(join(dir, 'file.yaml'), Buffer.from(bytes));
    return [decodeSource(Buffer.from(bytes)), readSource(join(dir, 'file.yaml'))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('ASCII, UTF-8 and UTF-8 with a BOM decode to the text editors show, and encode back to the same bytes', () => {
  const cases: Array<{ bytes: number[]; text: string; bom: boolean }> = [
    { bytes: [...Buffer.from('kind: Pod\n')], text: 'kind: Pod\n', bom: false },
    { bytes: [...Buffer.from('name: café # ☕ 😀\n')], text: 'name: café # ☕ 😀\n', bom: false },
    { bytes: [...BOM, ...Buffer.from('kind: Pod\n')], text: 'kind: Pod\n', bom: true },
    { bytes: [...BOM, ...Buffer.from('é\r\n')], text: 'é\r\n', bom: true },
    { bytes: BOM, text: '', bom: true },
    { bytes: [], text: '', bom: false },
    // A BOM anywhere but at the start is text (U+FEFF), as TextDecoder reads it.
    { bytes: [...Buffer.from('a'), ...BOM], text: 'a\uFEFF', bom: false },
    // U+FFFD written in the file is text, not a sign of bytes that failed to decode.
    { bytes: [...BOM, ...Buffer.from('x: \uFFFD\n')], text: 'x: \uFFFD\n', bom: true },
  ];
  for (const { bytes, text, bom } of cases) {
    for (const source of bothReaders(bytes)) assert.deepEqual(source, { text, bom }, JSON.stringify(bytes));
    assert.deepEqual([...encodeSource(text, bom)], bytes, 'the bytes come back exactly');
    assert.equal(text, new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(bytes)), 'as a strict UTF-8 decoder reads it');
  }
});

test('bytes that are not UTF-8 are a problem, not text with replacement characters', () => {
  for (const bytes of [
    [0xff, 0xfe, 0x6b, 0x00],
    [0x6b, 0x69, 0xe9, 0x0a],
    [0xc0, 0x80],
    [0xed, 0xa0, 0x80],
    [...BOM, 0x80],
  ]) {
    for (const source of bothReaders(bytes)) assert.deepEqual(source, { problem: 'not UTF-8 text' }, JSON.stringify(bytes));
  }
});
