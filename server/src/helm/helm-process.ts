import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

/** Limits on one helm run: a chart that loops or floods is stopped, never waited for. */
export interface HelmLimits {
  /** Default 10 s. */
  readonly timeoutMs: number;
  /** Bytes of standard output; default 10 MiB (the analyser's own file limit). */
  readonly maxOutputBytes: number;
}

export const DEFAULT_HELM_LIMITS: HelmLimits = { timeoutMs: 10_000, maxOutputBytes: 10 * 1024 * 1024 };

export type HelmRun =
  | { readonly outcome: 'ok'; readonly stdout: string }
  | { readonly outcome: 'failed'; readonly message: string }
  | { readonly outcome: 'timeout' }
  | { readonly outcome: 'flood' }
  | { readonly outcome: 'spawn-error'; readonly message: string }
  /** The caller's signal stopped it (an edit made the render stale): not a failure, nothing to report. */
  | { readonly outcome: 'cancelled' };

/** Keeps helm's message short: its first lines, without the usage text some errors print. */
const MAX_MESSAGE_CHARS = 2000;

/**
 * Runs helm with a fixed argument array (never through a shell) in its own process group,
 * killing the whole group when the time limit or the output cap is reached, or when `signal`
 * aborts (then it resolves `cancelled` at once: the group is killed before it resolves, so
 * nothing of it reads the chart copy the caller rewrites next).
 */
export function runHelm(
  helm: string,
  args: readonly string[],
  options: { cwd: string; limits?: HelmLimits; env?: NodeJS.ProcessEnv; signal?: AbortSignal },
): Promise<HelmRun> {
  const limits = options.limits ?? DEFAULT_HELM_LIMITS;
  const { signal } = options;
  if (signal?.aborted) return Promise.resolve({ outcome: 'cancelled' });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (run: HelmRun) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
      resolve(run);
    };
    const cancel = () => {
      killGroup();
      finish({ outcome: 'cancelled' });
    };
    // Piped standard output and error: the overload for this stdio gives them as streams, never null.
    let child: ChildProcessByStdio<null, Readable, Readable>;
    try {
      child = spawn(helm, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, shell: false });
    } catch (error) {
      resolve({ outcome: 'spawn-error', message: (error as Error).message });
      return;
    }
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      finish({ outcome: 'timeout' });
    }, limits.timeoutMs);
    signal?.addEventListener('abort', cancel, { once: true });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > limits.maxOutputBytes) {
        killGroup();
        finish({ outcome: 'flood' });
        return;
      }
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < MAX_MESSAGE_CHARS * 4) err += chunk.toString('utf8');
    });
    child.on('error', (error) => finish({ outcome: 'spawn-error', message: error.message }));
    child.on('close', (code, signal) => {
      if (code === 0) finish({ outcome: 'ok', stdout: Buffer.concat(out).toString('utf8') });
      else finish({ outcome: 'failed', message: helmMessage(err) || `helm exited with ${signal ?? `status ${code}`}` });
    });
  });
}

/** helm's own error message, trimmed. */
function helmMessage(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '' && !/^(?:Usage:|  helm )/.test(l));
  const text = lines.join('\n');
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}
