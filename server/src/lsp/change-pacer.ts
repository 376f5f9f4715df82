/**
 * The longest a change waits for its analysis: the pause that ends a burst of
 * typing in a document whose analysis takes 200 ms or more. yaml-language-server
 * waits this long after every change; we wait it only where analysing each
 * keystroke would keep the server busy.
 */
export const MAX_BURST_GAP_MS = 200;

/**
 * Changes closer together than this come from one action, not from separate
 * keystrokes (people type at most ~15 keys a second; key repeat, an undo, a
 * multi-cursor edit or a client flushing its queue send several changes within a
 * few milliseconds): their result is checked once.
 */
export const MIN_BURST_GAP_MS = 30;

/**
 * How long after the previous change a change must come to be checked at once:
 * as long as the document's last analysis took, within the bounds above. Changes
 * that come faster than the server analyses form a burst, so the analyses never
 * fall behind the typing and never queue up.
 */
export function burstGapMs(lastCostMs: number | undefined): number {
  return Math.min(MAX_BURST_GAP_MS, Math.max(MIN_BURST_GAP_MS, lastCostMs ?? 0));
}

/**
 * When to analyse an open document after a change. A fixed debounce made every
 * edit wait 200 ms, though analysing a 100-line manifest takes about 1 ms: the
 * wait only pays when the analysis is expensive and the changes come faster than
 * it. So:
 *
 * - a change to a document that had rested for its burst gap is analysed at once
 *   (leading edge): the usual case of one keystroke, one fix, one paste;
 * - a change that follows the previous one (or a pending analysis) within the gap
 *   belongs to a burst: the analysis waits until the document rests for the gap
 *   (trailing edge), and the versions in between are never analysed.
 *
 * The gap is the cost of the document's last analysis ({@link burstGapMs}): 30 ms
 * for everyday files, up to 200 ms for the largest. Changes that queued up while
 * an analysis ran are handled together when it ends, and form a burst there
 * (see `Validator.schedule`). Pure bookkeeping: the caller owns the clock and the timers.
 */
export class ChangePacer {
  private readonly documents = new Map<string, { lastChangeAt: number | undefined; lastCostMs: number | undefined }>();

  /**
   * A change to `uri` at time `now` (ms): 0 to analyse it as soon as the messages
   * already received are handled, or the wait before analysing, restarted by the
   * next change. `pending`: an analysis of an earlier version has not started yet.
   */
  waitAfterChange(uri: string, now: number, pending: boolean): number {
    const pace = this.paceOf(uri);
    const gap = burstGapMs(pace.lastCostMs);
    const inBurst = pending || (pace.lastChangeAt !== undefined && now - pace.lastChangeAt < gap);
    pace.lastChangeAt = now;
    return inBurst ? gap : 0;
  }

  /** The document was opened at `now`: an edit right after it belongs to the same burst. */
  opened(uri: string, now: number): void {
    this.paceOf(uri).lastChangeAt = now;
  }

  /** What analysing `uri` cost, start to publication. */
  analysed(uri: string, costMs: number): void {
    this.paceOf(uri).lastCostMs = costMs;
  }

  forget(uri: string): void {
    this.documents.delete(uri);
  }

  private paceOf(uri: string): { lastChangeAt: number | undefined; lastCostMs: number | undefined } {
    let pace = this.documents.get(uri);
    if (!pace) {
      pace = { lastChangeAt: undefined, lastCostMs: undefined };
      this.documents.set(uri, pace);
    }
    return pace;
  }
}
