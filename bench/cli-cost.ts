import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './stats';

const ROOT = join(__dirname, '..');

export interface ProcessCost {
  readonly ms: number;
  /** Peak resident memory of the process, bytes. */
  readonly peakRss: number;
  /** User + system CPU time of the process (GNU time), ms: the work, which load inflates far less than wall time. */
  readonly cpuMs: number;
  readonly status: number | null;
  readonly stdout: string;
  /** Killed at the time limit: `ms` is then a lower bound. */
  readonly timedOut: boolean;
}

/**
 * Runs `node ARGS` to completion or until `limitMs`; wall time from the parent,
 * peak memory from GNU time (which sees the node process through coreutils' timeout).
 */
function runNode(args: readonly string[], limitMs: number): ProcessCost {
  const dir = mkdtempSync(join(tmpdir(), 'graceful-bench-'));
  try {
    const report = join(dir, 'time');
    const useTime = existsSync('/usr/bin/time') && existsSync('/usr/bin/timeout');
    const limited = ['/usr/bin/timeout', '--foreground', '-s', 'KILL', String(limitMs / 1000), process.execPath, ...args];
    const t = performance.now();
    const result = useTime
      ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', report, ...limited], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 })
      : spawnSync(process.execPath, [...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30, timeout: limitMs, killSignal: 'SIGKILL' });
    const ms = performance.now() - t;
    const [peakKb, user, system] =
      useTime && existsSync(report) ? readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) : [NaN, NaN, NaN];
    const timedOut = useTime ? result.status === 137 : result.signal === 'SIGKILL';
    return { ms, peakRss: peakKb! * 1024, cpuMs: (user! + system!) * 1000, status: result.status, stdout: result.stdout, timedOut };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The median-time run of each command, running them in turns so that load on a shared machine hits them alike. */
function medianRuns(runs: number, limitMs: number, commands: ReadonlyArray<readonly string[]>): ProcessCost[] {
  const samples = commands.map((): ProcessCost[] => []);
  for (let r = 0; r < runs; r++) commands.forEach((args, i) => samples[i]!.push(runNode(args, limitMs)));
  return samples.map((list) => {
    const mid = median(list.map((s) => s.ms));
    return list.find((s) => s.ms === mid)!;
  });
}

export interface CliCost {
  readonly files: number;
  readonly cli: ProcessCost;
  /** `node -e 0`. */
  readonly nodeStart: ProcessCost;
  /** The floor: node start-up, reading and parsing the same files (`floor` prints how many files). */
  readonly floor: ProcessCost;
}

/**
 * `graceful lint FOLDER` against node start-up and against a floor script (its arguments
 * after `node`) that reads and parses the same files. A run is stopped after `limitMs`,
 * so that one slow case cannot hold up the whole bench.
 */
export function measureCli(folder: string, runs: number, limitMs: number, floor: readonly string[]): CliCost {
  const [nodeStart, floorCost, cli] = medianRuns(runs, limitMs, [['-e', '0'], floor, [join(ROOT, 'dist/cli.js'), 'lint', folder]]) as [
    ProcessCost,
    ProcessCost,
    ProcessCost,
  ];
  // Exit status 1 means findings; 2 is a usage error, anything else a crash: no number to report then.
  if (!cli.timedOut && cli.status !== 0 && cli.status !== 1) throw new Error(`graceful lint ${folder} exited with ${cli.status}`);
  return { files: Number(floorCost.stdout.trim()), cli, nodeStart, floor: floorCost };
}
