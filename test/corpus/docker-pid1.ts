// What Graceful reads as PID 1 in every Dockerfile of one folder of test/corpora/docker, as JSON on stdout:
// the verdict and, for each entrypoint script the final stage runs, how the rules read it (scripts/corpus-baseline.mjs).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Analyzer } from '../../server/src/analyzer';
import { fileKindOf } from '../../server/src/model/file-kind';
import type { ProcessRun } from '../../server/src/model/pid1';
import { ruleFlagging } from '../../server/src/rules/support/shell-verdict';

/** How the rules read one script or shell on the way to the app. */
function verdict(run: ProcessRun): string {
  const flagged = ruleFlagging(run);
  const what = run.kind === 'script-file' ? `script ${run.imagePath} (${run.scriptPath.slice(1)})` : `${run.form} ${run.shellWords} -c`;
  if (flagged) return `${what}: ${flagged}`;
  const reading = run.reading;
  if (reading.ending === 'exec')
    return `${what}: execs \`${reading
      .execCommand!.words.slice(1)
      .map((w) => w.raw)
      .join(' ')}\``;
  if (reading.traps) return `${what}: sets a trap, handles signals itself`;
  if (reading.ending === 'unreadable') return `${what}: not readable`;
  return run.kind === 'shell' ? `${what}: the shell replaces itself with its last command` : `${what}: ends in \`exit\` or runs only builtins`;
}

export function dockerPid1(folder: string): Record<string, { summary: string; runs: string[] }> {
  const read = (path: string) => {
    try {
      return readFileSync(join(folder, path), 'utf8');
    } catch {
      return undefined;
    }
  };
  const analyzer = new Analyzer({ fs: { readText: read } });
  const paths: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (fileKindOf(path)) paths.push(`/${relative(folder, path)}`);
    }
  };
  walk(folder);
  for (const path of paths) analyzer.setFile(path, read(path)!);
  const out: Record<string, { summary: string; runs: string[] }> = {};
  for (const path of paths) {
    const dockerfile = analyzer.dockerfile(path);
    if (!dockerfile) continue;
    const analysis = analyzer.pid1(path, dockerfile, analyzer.text(path)!);
    out[path.slice(1)] = { summary: analysis.summary.replace(/ Stop signal: .*$/, ''), runs: analysis.runs.map(verdict) };
  }
  return out;
}

if (process.argv[2]) process.stdout.write(JSON.stringify(dockerPid1(process.argv[2])));
