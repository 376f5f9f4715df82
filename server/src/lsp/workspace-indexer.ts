/** Files read per turn of the event loop, so that requests are answered while the index fills. */
const CHUNK = 25;

/** From this many files on, indexing reports `$/progress`: below it, it is over before anyone would look. */
export const PROGRESS_THRESHOLD = 200;

/** Lets the event loop handle pending messages before the next chunk of work. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface IndexProgress {
  begin(total: number): void;
  report(done: number, total: number): void;
  done(): void;
}

/**
 * Turns of the event loop before the first chunk. The connection handles one message per
 * turn, and an editor sends the documents it has open right after `initialized`: they are
 * then opened before indexing reads them from the disk, and a large one is checked first
 * screen first (see `Validator`) instead of waiting for indexing to parse it whole.
 */
const TURNS_FOR_PENDING_MESSAGES = 16;

/**
 * Feeds files to `load` in chunks, yielding to the event loop between chunks.
 * Returns whether any load changed the workspace index.
 */
export async function loadInChunks(paths: readonly string[], load: (path: string) => boolean, progress: IndexProgress | undefined): Promise<boolean> {
  let changed = false;
  progress?.begin(paths.length);
  for (let turn = 0; turn < TURNS_FOR_PENDING_MESSAGES; turn++) await yieldToEventLoop();
  for (let i = 0; i < paths.length; i += CHUNK) {
    for (const path of paths.slice(i, i + CHUNK)) changed = load(path) || changed;
    progress?.report(Math.min(i + CHUNK, paths.length), paths.length);
    await yieldToEventLoop();
  }
  progress?.done();
  return changed;
}
