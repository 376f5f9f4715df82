import { readFileSync } from 'node:fs';

/**
 * Whether a process runs. A zombie (killed, not yet reaped by the parent it was handed to when
 * the one that started it went) does not: it holds no resources but its table entry.
 */
export function processRuns(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    try {
      // No /proc here (or the process is gone): ask the kernel.
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  // The state follows the command name in parentheses, which may itself hold ") ".
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

/** Polls `check` every 10 ms until it returns a value, failing after `timeoutMs`. */
export async function until<T>(what: string, check: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
