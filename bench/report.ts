import { cpus, loadavg, release, totalmem } from 'node:os';
import { mb, ms } from './stats';

/** One line of the results table: Graceful's number against a peer's or a floor's, and the target on their ratio. */
export interface Row {
  readonly measure: string;
  readonly graceful: number;
  /** What Graceful is compared with, and its number. */
  readonly versus: string;
  readonly other: number;
  /** The highest acceptable ratio graceful / other, or an absolute limit on `graceful`; none for context rows. */
  readonly target?: { readonly ratio: number } | { readonly limit: number; readonly text: string };
  readonly unit: 'ms' | 'bytes';
}

function verdict(row: Row): string {
  if (!row.target) return '';
  const ok = 'ratio' in row.target ? row.graceful / row.other <= row.target.ratio : row.graceful <= row.target.limit;
  return ok ? 'met' : '**missed**';
}

function targetText(row: Row): string {
  if (!row.target) return '';
  return 'ratio' in row.target ? `≤ ${row.target.ratio}` : row.target.text;
}

const cell = (row: Row, value: number) => (row.unit === 'ms' ? ms(value) : mb(value));

/** The one results table, Markdown. */
export function resultsTable(rows: readonly Row[]): string {
  const lines = ['| measure | Graceful | compared with | their value | ratio | target | |', '|---|---:|---|---:|---:|---|---|'];
  for (const row of rows) {
    const ratio = Number.isFinite(row.other) && row.other > 0 ? (row.graceful / row.other).toFixed(row.graceful / row.other < 0.1 ? 3 : 2) : '';
    lines.push(
      `| ${row.measure} | ${cell(row, row.graceful)} | ${row.versus} | ${Number.isFinite(row.other) ? cell(row, row.other) : ''} | ${ratio} | ${targetText(row)} | ${verdict(row)} |`,
    );
  }
  return lines.join('\n');
}

/** What the numbers were measured on: they only compare within one run. */
export function machineDescription(versions: Readonly<Record<string, string>>, startLoad: readonly number[]): string {
  const cpu = cpus();
  const load = (l: readonly number[]) => l.map((x) => x.toFixed(1)).join(' / ');
  return [
    `- Date: ${new Date().toISOString()}`,
    `- CPU: ${cpu.length} × ${cpu[0]?.model ?? 'unknown'}; memory ${(totalmem() / 1073741824).toFixed(0)} GiB; Linux ${release()}`,
    `- Node ${process.version}; ${Object.entries(versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}`,
    `- Load average (1/5/15 min) at start ${load(startLoad)}, at end ${load(loadavg())}: the machine is shared, so compare ratios, not milliseconds, across runs.`,
  ].join('\n');
}
