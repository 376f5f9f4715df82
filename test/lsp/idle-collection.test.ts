import assert from 'node:assert/strict';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { setImmediate as turn } from 'node:timers/promises';
import { test } from 'node:test';
import { IdleCollection } from '../../server/src/lsp/idle-collection';

test('a publication is followed by one collection, once the messages already received are handled', async () => {
  let collections = 0;
  const idle = new IdleCollection(() => collections++);
  idle.published();
  idle.published();
  assert.equal(collections, 0, 'not within the turn that published');
  await turn();
  assert.equal(collections, 1);
  await turn();
  assert.equal(collections, 1);
});

test('a change that arrives first cancels the collection: its analysis goes first', async () => {
  let collections = 0;
  const idle = new IdleCollection(() => collections++);
  idle.published();
  idle.cancel();
  await turn();
  assert.equal(collections, 0);
  idle.published();
  await turn();
  assert.equal(collections, 1, 'the next publication collects again');
});

test('without a collector (a runtime that refuses the flag) nothing happens', async () => {
  const idle = new IdleCollection(undefined);
  idle.published();
  await turn();
  idle.cancel();
});

test('in this runtime, the collection is a real young-generation collection, though the process has no --expose-gc', async () => {
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined');
  const minor: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) minor.push(entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    const idle = new IdleCollection();
    idle.published();
    await turn();
    // GC entries are delivered asynchronously.
    for (let i = 0; i < 100 && minor.length === 0; i++) await turn();
    assert.ok(minor.length > 0, 'no young-generation collection was observed');
    assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined', 'the server global gets no gc function');
  } finally {
    observer.disconnect();
  }
});
