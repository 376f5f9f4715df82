/** A render that has run less than this share of the chart's recent render time may be cancelled; a later one is let land. */
export const CANCEL_BEFORE_SHARE = 0.75;

/**
 * Changes cancel renders only within this many recent render times of the oldest change whose
 * findings have not landed; after that the running render lands, however fast the typing.
 */
export const CANCEL_WINDOW_RENDERS = 2;

/** How many of the last renders the recent render time is the median of. */
const RECENT_RENDERS = 5;

/**
 * When an edit may cancel a chart's running render (the editor: `lsp/editor-charts.ts`). Cancelling
 * lets the last keystroke of a burst wait for one render, its own, instead of the stale one's end
 * and then its own; but cancelling every keystroke would show no render at all while the user
 * types. So a change cancels the running render only when both hold:
 *
 * - the render has run less than {@link CANCEL_BEFORE_SHARE} of the recent render time: one about
 *   to finish lands (its findings are newer than those on show), costing the next at most a
 *   quarter of a render;
 * - the oldest change whose findings have not landed came less than {@link CANCEL_WINDOW_RENDERS}
 *   recent render times ago: a burst that long ends with one render's wait, and under continuous
 *   typing a render still lands at least every three render times or so (without cancelling: every
 *   render time, each up to two render times old), while findings-through-edit keeps the shown
 *   findings in place.
 *
 * Until a render of the chart has finished, its render time is unknown and nothing is cancelled.
 * Pure bookkeeping: the caller owns the clock (milliseconds) and the render.
 */
export class RenderPace {
  /** Durations of the last renders that finished (landed or failed), newest last. */
  private readonly recent: number[] = [];
  /** When the running render started, while one runs. */
  private startedAt: number | undefined;
  /** The oldest change whose findings have not landed. */
  private pendingSince: number | undefined;
  /** The oldest change the running render does not include. */
  private changedSince: number | undefined;

  /** A change (an edit of a chart file, new settings) at `now`: whether to cancel the running render, if one runs. */
  changed(now: number): boolean {
    this.pendingSince ??= now;
    if (this.startedAt === undefined) return false;
    this.changedSince ??= now;
    const recent = this.recentMs();
    return recent !== undefined && now - this.startedAt < CANCEL_BEFORE_SHARE * recent && now - this.pendingSince < CANCEL_WINDOW_RENDERS * recent;
  }

  /** A render starts at `now`, with every change so far. */
  started(now: number): void {
    this.startedAt = now;
    this.changedSince = undefined;
  }

  /** The running render was cancelled: its changes still wait for findings. */
  cancelled(): void {
    this.startedAt = undefined;
  }

  /** The running render finished at `now` and its result lands: the changes it included have their findings. */
  finished(now: number): void {
    if (this.startedAt === undefined) return;
    this.recent.push(now - this.startedAt);
    if (this.recent.length > RECENT_RENDERS) this.recent.shift();
    this.startedAt = undefined;
    this.pendingSince = this.changedSince;
    this.changedSince = undefined;
  }

  /** The median of the last renders' durations, undefined before the first. */
  recentMs(): number | undefined {
    if (this.recent.length === 0) return undefined;
    const sorted = [...this.recent].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }
}
