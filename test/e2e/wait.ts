import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `check` until it returns a truthy value (returned) or `timeoutMs` passes; an error
 * thrown by `check` ends the wait at once. The real editor needs seconds to start its extension
 * host and our server, and the time varies with load, so tests poll for the state they expect
 * instead of sleeping a fixed time.
 */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | false> | T | undefined | false): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await delay(250);
  }
}
