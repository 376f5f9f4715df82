import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RenderPace } from '../../server/src/helm/render-pace';

/** A pace whose renders have taken `ms` each (one render, at time 0), the clock now at `ms`. */
function paced(ms: number): RenderPace {
  const pace = new RenderPace();
  pace.changed(0);
  pace.started(0);
  pace.finished(ms);
  return pace;
}

/**
 * Keystrokes `gapMs` apart for `forMs` on a chart whose renders take `renderMs`, rendered as the
 * editor does (a render starts at once when none runs, or when a keystroke cancels the running
 * one; a keystroke that does not cancel it waits for it): the times renders land.
 */
function typing(renderMs: number, gapMs: number, forMs: number): number[] {
  const pace = paced(renderMs);
  const landed: number[] = [];
  let running: { started: number } | undefined;
  let dirty = false;
  const start = (at: number) => {
    pace.started(at);
    running = { started: at };
    dirty = false;
  };
  for (let t = 1000; t <= 1000 + forMs + 4 * renderMs; t++) {
    if (running && t >= running.started + renderMs) {
      pace.finished(t);
      landed.push(t);
      running = undefined;
      if (dirty) start(t);
    }
    if (t <= 1000 + forMs && (t - 1000) % gapMs === 0) {
      const cancel = pace.changed(t);
      if (!running) start(t);
      else if (cancel) {
        pace.cancelled();
        start(t);
      } else dirty = true;
    }
  }
  return landed;
}

describe('when an edit cancels the running render', () => {
  it('never before a render has finished: its time is unknown', () => {
    const pace = new RenderPace();
    pace.changed(0);
    pace.started(0);
    assert.equal(pace.changed(10), false);
  });

  it('while the render has run less than three quarters of the recent render time', () => {
    const pace = paced(200);
    pace.changed(1000);
    pace.started(1000);
    assert.equal(pace.changed(1149), true);
    pace.cancelled();
    pace.started(1149);
    assert.equal(pace.changed(1300), false, 'ran 151 ms of 200');
  });

  it('only within two render times of the oldest change that awaits its findings', () => {
    const pace = paced(200);
    pace.changed(1000);
    for (const at of [1000, 1100, 1200]) {
      pace.started(at);
      assert.equal(pace.changed(at + 100), true, `at ${at + 100}`);
      pace.cancelled();
    }
    pace.started(1300);
    assert.equal(pace.changed(1420), false, '420 ms after the first change');
    pace.finished(1500);
    pace.started(1500);
    assert.equal(pace.changed(1550), true, 'the render that landed included the changes up to 1300; the oldest waiting is at 1420');
  });

  it('takes the median of the last five renders', () => {
    const pace = paced(100);
    for (const [start, ms] of [
      [1000, 100],
      [2000, 900],
      [3000, 100],
      [4000, 100],
      [5000, 100],
    ] as const) {
      pace.changed(start);
      pace.started(start);
      pace.finished(start + ms);
    }
    assert.equal(pace.recentMs(), 100);
  });

  it('under continuous typing, a render lands at least every three render times', () => {
    for (const gap of [20, 60, 140]) {
      const landed = typing(200, gap, 5000);
      const intervals = landed.slice(1).map((t, i) => t - landed[i]!);
      assert.ok(landed.length >= 8, `gap ${gap}: ${landed.length} renders landed`);
      assert.ok(Math.max(...intervals) <= 600, `gap ${gap}: landings ${intervals.join(', ')} ms apart`);
    }
  });

  it("a burst shorter than two render times ends with one render's wait", () => {
    // Five keystrokes 60 ms apart on a chart that renders in 150 ms: the last at 1240.
    const landed = typing(150, 60, 240);
    assert.deepEqual(landed, [1240 + 150]);
  });
});
