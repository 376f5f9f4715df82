import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Collects V8's young generation in the pause after a large file's diagnostics are written, rather
 * than in the middle of the next keystroke's analysis. A keystroke in a rendered chart allocates a few
 * megabytes, so V8 collects every few keystrokes, and each collection copies what the current version
 * keeps alive (5 to 15 ms measured), inside the analysis it interrupts: the same keystroke of every few
 * waited for it. Collected once the diagnostics are out, the young generation starts each analysis
 * nearly empty. The collection costs the same, but nobody waits for it; a change that arrives before it
 * runs cancels it, so the analysis goes first.
 */
export class IdleCollection {
  private pending: NodeJS.Immediate | undefined;

  constructor(private readonly collect: (() => void) | undefined = youngGenerationCollector()) {}

  /** Diagnostics of a large file were written: collect once the messages already received are handled. */
  published(): void {
    if (!this.collect || this.pending) return;
    this.pending = setImmediate(() => {
      this.pending = undefined;
      this.collect?.();
    });
  }

  /** A change arrived: its analysis goes first. */
  cancel(): void {
    clearImmediate(this.pending);
    this.pending = undefined;
  }
}

/**
 * V8's `gc` function, asked for a young-generation collection. Node gives it only to processes started
 * with `--expose-gc`, and editors start the server without; the flag set now gives it to contexts made
 * afterwards, such as this one (the server's own global gets no `gc`). Undefined if the runtime refuses.
 */
function youngGenerationCollector(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc !== 'function') return undefined;
    return () => (gc as (options: { type: 'minor' }) => void)({ type: 'minor' });
  } catch {
    return undefined;
  }
}
