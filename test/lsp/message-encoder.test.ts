import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message } from 'vscode-languageserver/node';
import { ReusedBufferEncoder } from '../../server/src/lsp/message-encoder';

/** What vscode-jsonrpc's own encoder writes for a message. */
const expected = (message: unknown) => Buffer.from(JSON.stringify(message), 'utf8');

const diagnostic = (i: number, message = `finding ${i}`) => ({
  range: { start: { line: i, character: 2 }, end: { line: i, character: 9 } },
  severity: 2,
  source: 'graceful',
  code: 'missing-prestop',
  codeDescription: { href: 'https://example.invalid/rules/missing-prestop' },
  message,
  data: { version: 3, index: i, optional: undefined },
});

const publish = (diagnostics: unknown[], version?: number | null) => ({
  jsonrpc: '2.0',
  method: 'textDocument/publishDiagnostics',
  params: { uri: 'file:///w/deploy.yaml', ...(version === undefined ? {} : { version }), diagnostics },
});

test('each message is the bytes of its JSON, whatever its kind and size, message after message', async () => {
  const encoder = new ReusedBufferEncoder();
  const messages: unknown[] = [
    publish([diagnostic(0), diagnostic(1)], 7),
    publish([], null),
    publish([]),
    // Large enough to grow the buffer, with text outside ASCII (UTF-8 longer than its UTF-16 length).
    publish(
      Array.from({ length: 2000 }, (_, i) => diagnostic(i, `Deployment web-${i} stops — “drain” ≥ 30 s 🚀 ${'x'.repeat(i % 50)}`)),
      8,
    ),
    publish([diagnostic(5)], 9),
    { jsonrpc: '2.0', id: 4, result: { contents: { kind: 'markdown', value: 'G = 30 s — P = 5 s' } } },
    { jsonrpc: '2.0', id: 5, error: { code: -32603, message: 'boom' } },
    // Not the shape it writes piece by piece: an extra key goes through JSON.stringify as a whole.
    { ...publish([diagnostic(1)], 2), extra: true },
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///w/a.yaml', diagnostics: [], other: 1 } },
  ];
  for (const message of messages) {
    const bytes = await encoder.encode(message as Message);
    assert.deepEqual(Buffer.from(bytes), expected(message));
    assert.deepEqual(JSON.parse(Buffer.from(bytes).toString('utf8')), JSON.parse(JSON.stringify(message)));
  }
});

test('a message that needed a huge buffer does not leave it for the next one', async () => {
  const encoder = new ReusedBufferEncoder();
  const huge = { jsonrpc: '2.0', id: 1, result: 'y'.repeat(20 * 1024 * 1024) };
  assert.equal((await encoder.encode(huge as Message)).byteLength, expected(huge).byteLength);
  const small = publish([diagnostic(0)], 1);
  const bytes = await encoder.encode(small as Message);
  assert.deepEqual(Buffer.from(bytes), expected(small));
  assert.ok(bytes.buffer.byteLength < 1024 * 1024, `kept ${bytes.buffer.byteLength} bytes`);
});

test('a frozen diagnostic sent again is written from the JSON kept for it; one that is not frozen is written afresh', async () => {
  const encoder = new ReusedBufferEncoder();
  const frozen = Object.freeze({
    ...diagnostic(1),
    range: Object.freeze({ start: Object.freeze({ line: 1, character: 2 }), end: Object.freeze({ line: 1, character: 9 }) }),
  });
  const open = diagnostic(2);
  for (const version of [1, 2]) {
    const message = publish([frozen, open, undefined, frozen], version);
    assert.deepEqual(Buffer.from(await encoder.encode(message as Message)), expected(message));
    // The object not frozen may change between publications: its JSON is never kept.
    open.message = `changed in version ${version}`;
  }
});
