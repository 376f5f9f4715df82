import assert from 'node:assert/strict';
import { test } from 'node:test';
import { burstGapMs, ChangePacer, MAX_BURST_GAP_MS, MIN_BURST_GAP_MS } from '../../server/src/lsp/change-pacer';

const URI = 'file:///w/deploy.yaml';

test('the burst gap scales with the cost of the last analysis, between the floor and the ceiling', () => {
  assert.equal(burstGapMs(undefined), MIN_BURST_GAP_MS);
  assert.equal(burstGapMs(1), MIN_BURST_GAP_MS);
  assert.equal(burstGapMs(40), 40);
  assert.equal(burstGapMs(150), 150);
  assert.equal(burstGapMs(900), MAX_BURST_GAP_MS);
});

test('a change after a rest is checked at once; changes close behind it wait for the burst to end', () => {
  const pacer = new ChangePacer();
  pacer.opened(URI, 0);
  pacer.analysed(URI, 2);
  assert.equal(pacer.waitAfterChange(URI, 1000, false), 0, 'one keystroke after a rest');
  assert.equal(pacer.waitAfterChange(URI, 1010, false), MIN_BURST_GAP_MS, 'a second change 10 ms later: key repeat');
  assert.equal(pacer.waitAfterChange(URI, 1035, true), MIN_BURST_GAP_MS, 'the burst goes on while its check is pending');
  assert.equal(pacer.waitAfterChange(URI, 1200, false), 0, 'typing at ordinary speed: each keystroke is checked');
  assert.equal(pacer.waitAfterChange(URI, 1300, false), 0);
});

test('an edit right after opening belongs to the open', () => {
  const pacer = new ChangePacer();
  pacer.opened(URI, 0);
  assert.equal(pacer.waitAfterChange(URI, 5, false), MIN_BURST_GAP_MS);
});

test('in an expensive document, typing at ordinary speed is one burst, checked when it pauses', () => {
  const pacer = new ChangePacer();
  pacer.analysed(URI, 150);
  assert.equal(pacer.waitAfterChange(URI, 0, false), 0);
  for (let at = 100; at <= 500; at += 100) assert.equal(pacer.waitAfterChange(URI, at, false), 150, `keystroke at ${at} ms`);
  assert.equal(pacer.waitAfterChange(URI, 700, false), 0, 'after a 200 ms pause');
});

test('the cost of the latest analysis decides, and a closed document starts afresh', () => {
  const pacer = new ChangePacer();
  pacer.analysed(URI, 150);
  pacer.waitAfterChange(URI, 0, false);
  pacer.analysed(URI, 20);
  assert.equal(pacer.waitAfterChange(URI, 60, false), 0, 'a 60 ms pause ends a burst once analyses take 20 ms');
  pacer.forget(URI);
  assert.equal(pacer.waitAfterChange(URI, 61, false), 0);
});
