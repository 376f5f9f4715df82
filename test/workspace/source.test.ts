import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSource, encodeSource } from '../../server/src/workspace/source';

const BOM = [0xef, 0xbb, 0xbf];

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
  ];
  for (const { bytes, text, bom } of cases) {
    const source = decodeSource(Buffer.from(bytes));
    assert.deepEqual(source, { text, bom }, JSON.stringify(bytes));
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
    assert.deepEqual(decodeSource(Buffer.from(bytes)), { problem: 'not UTF-8 text' }, JSON.stringify(bytes));
  }
});
