import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, repeat } from './stats';

const ROOT = join(__dirname, '..');

export interface ProcessCost {
  readonly ms: number;
  /** Peak resident memory of the process, bytes. */
  readonly peakRss: number;
  readonly status: number | null;
  readonly stdout: string;
}

/** Runs `node ARGS` to completion; wall time from the parent, peak memory from GNU time. */
function runNode(args: readonly string[]): ProcessCost {
  const dir = mkdtempSync(join(tmpdir(), 'graceful-bench-'));
  try {
    const report = join(dir, 'time');
    const useTime = existsSync('/usr/bin/time');
    const [command, argv] = useTime ? ['/usr/bin/time', ['-f', '%M', '-o', report, process.execPath, ...args]] : [process.execPath, [...args]];
    const t = performance.now();
    const result = spawnSync(command, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
    const ms = performance.now() - t;
    const peakKb = useTime && existsSync(report) ? Number(readFileSync(report, 'utf8').trim().split('\n').pop()) : NaN;
    return { ms, peakRss: peakKb * 1024, status: result.status, stdout: result.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The median-time run of each command, running them in turns so that load on a shared machine hits them alike. */
function medianRuns(runs: number, commands: ReadonlyArray<readonly string[]>): ProcessCost[] {
  const samples = commands.map((): ProcessCost[] => []);
  for (let r = 0; r < runs; r++) commands.forEach((args, i) => samples[i]!.push(runNode(args)));
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
  /** node start-up, read and bare parse of the same files (bench/bare-parse.mjs). */
  readonly bare: ProcessCost;
}

/** `graceful lint FOLDER` against node start-up plus a bare parse of the same files. */
export function measureCli(folder: string, runs: number): CliCost {
  const [nodeStart, bare, cli] = medianRuns(runs, [['-e', '0'], [join(__dirname, 'bare-parse.mjs'), folder], [join(ROOT, 'dist/cli.js'), 'lint', folder]]) as [ProcessCost, ProcessCost, ProcessCost];
  // Exit status 1 means findings; 2 is a usage error, anything else a crash: no number to report then.
  if (cli.status !== 0 && cli.status !== 1) throw new Error(`graceful lint ${folder} exited with ${cli.status}`);
  return { files: Number(bare.stdout.trim()), cli, nodeStart, bare };
}
