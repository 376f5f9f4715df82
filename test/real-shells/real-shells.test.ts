import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { Analyzer } from '../../server/src/analyzer';
import { fileKindOf } from '../../server/src/model/file-kind';
import { readScript, shellStays } from '../../server/src/model/script-run';
import { NON_EXECUTABLE_BUILTINS, parseShell, shellScriptIndex } from '../../server/src/parse/shell-words';
import { MODELLED_SHELLS, ruleFires, SHELL_SCRIPTS } from '../helpers/shell-scripts';

/**
 * Runs every `-c` script of the rule tests' shared table and of the fixtures (acceptance
 * cases, examples) under the real dash, bash and BusyBox, with stand-in programs on PATH:
 * the program the model says the shell waits on (the app) reports its pid and parent pid,
 * then sleeps; the others exit at once. The shell stayed the parent when the app's pid is
 * not the pid the shell was spawned with. The model's prediction and the rules' verdict must
 * agree with what the shell did, script by script. Measured with dash 0.5.12, bash 5.2,
 * BusyBox 1.35 (Debian 12); CI installs them (.ci/run).
 */

const ROOT = resolve(__dirname, '../..');
const SHELLS: Record<keyof typeof MODELLED_SHELLS, string[]> = { dash: ['/usr/bin/dash'], bash: ['/usr/bin/bash'], busybox: ['/usr/bin/busybox', 'sh'] };
/** Commands the shells run themselves: no stand-in is made for them. */
const BUILTINS = new Set([...NON_EXECUTABLE_BUILTINS, 'echo', 'printf', 'test', '[', 'kill', 'pwd', '!', 'exec']);
const TIMEOUT_MS = 3000;

type Observed = 'stays' | 'replaced' | 'no-app';

/** Scripts in the fixtures: shell-form and wrapper scripts of Dockerfiles, `sh -c` scripts of manifests. */
function fixtureScripts(): string[] {
  const out: string[] = [];
  const analyzer = new Analyzer({ fs: { readText: () => undefined } });
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (fileKindOf(path) === 'dockerfile') {
        const text = readFileSync(path, 'utf8');
        analyzer.setFile(path, text);
        const dockerfile = analyzer.dockerfile(path)!;
        for (const run of analyzer.pid1(path, dockerfile, text).runs) if (run.kind === 'shell') out.push(run.script.value);
      } else if (fileKindOf(path) === 'yaml') {
        for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) collectYamlScripts(doc.toJS(), out);
      }
    }
  };
  walk(join(ROOT, 'test/acceptance/cases'));
  walk(join(ROOT, 'examples'));
  return out;
}

/** The `sh -c` scripts of containers (`command` with `args`); probes and hooks are not PID 1 and are left out. */
function collectYamlScripts(value: unknown, out: string[]): void {
  if (Array.isArray(value)) value.forEach((v) => collectYamlScripts(v, out));
  else if (value && typeof value === 'object') {
    const container = value as { image?: unknown; command?: unknown; args?: unknown };
    const argv = [...(Array.isArray(container.command) ? container.command : []), ...(Array.isArray(container.args) ? container.args : [])];
    const at = container.image !== undefined && argv.every((v) => typeof v === 'string') ? shellScriptIndex(argv as string[]) : undefined;
    if (at !== undefined) out.push(argv[at] as string);
    Object.values(value).forEach((v) => collectYamlScripts(v, out));
  }
}

interface Setup {
  readonly script: string;
  readonly app: string;
  /** The app's arguments: the same program run otherwise (`python manage.py migrate`) exits at once. */
  readonly appArgs: string;
  readonly programs: readonly string[];
}

/** The stand-ins a script needs, or why it cannot be run with stand-ins. */
function setupFor(script: string, work: string): Setup | string {
  const reading = readScript(script);
  const appWords = (reading.ending === 'exec' ? reading.execCommand?.words.slice(1) : reading.waitsOn?.words) ?? [];
  const appWord = appWords[0];
  if (!appWord) return 'no app to observe';
  if (appWords.some((w) => w.expands) || appWord.value.startsWith('/')) return `the app \`${appWord.value}\` is not a name a stand-in can take`;
  const programs = new Set<string>();
  for (const command of parseShell(script).commands) {
    const words = command.words[0]?.value === 'exec' ? command.words.slice(1) : command.words;
    const name = words[0];
    if (!name || BUILTINS.has(name.value) || name.value.startsWith('$')) continue;
    if (name.value.startsWith('/') || name.expands) return `the program \`${name.value}\` cannot be stood in for`;
    programs.add(name.value);
  }
  // `cd DIR` must succeed for the rest to run: every `cd` goes to the work folder.
  return {
    script: script.replace(/\bcd\s+\S+/g, `cd '${work}'`),
    app: appWord.value,
    appArgs: appWords
      .slice(1)
      .map((w) => w.value)
      .join(' '),
    programs: [...programs],
  };
}

function standIns(bin: string, work: string, setup: Setup): void {
  for (const program of setup.programs) {
    const path = program.includes('/') ? join(work, program) : join(bin, program);
    mkdirSync(resolve(path, '..'), { recursive: true });
    const report = 'echo "$$ $PPID" > "$REPORT.tmp" && mv "$REPORT.tmp" "$REPORT"\n  exec /usr/bin/sleep 1000\n';
    const body = program === setup.app ? `if [ "$*" = "$APP_ARGS" ]; then\n  ${report}fi\nexit 0\n` : 'exit 0\n';
    writeFileSync(path, `#!/usr/bin/dash\n${body}`);
    chmodSync(path, 0o755);
  }
}

/** Polls (bounded) for the app's report; the shell's process group is killed afterwards. */
async function observe(shell: string[], setup: Setup, dir: string): Promise<Observed> {
  const bin = join(dir, 'bin');
  const work = join(dir, 'work');
  const report = join(dir, 'report');
  mkdirSync(bin, { recursive: true });
  mkdirSync(work, { recursive: true });
  standIns(bin, work, setup);
  const child = spawn(shell[0]!, [...shell.slice(1), '-c', setup.script], {
    cwd: work,
    env: { PATH: `${bin}:/usr/bin:/bin`, REPORT: report, APP_ARGS: setup.appArgs, HOME: work },
    detached: true,
    stdio: 'ignore',
  });
  const deadline = Date.now() + TIMEOUT_MS;
  try {
    while (!existsSync(report)) {
      if (Date.now() > deadline || child.exitCode !== null) return 'no-app';
      await new Promise((done) => setImmediate(done));
      await new Promise((done) => setTimeout(done, 5));
    }
    const [pid] = readFileSync(report, 'utf8').trim().split(' ').map(Number);
    return pid === child.pid ? 'replaced' : 'stays';
  } finally {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function versions(): string {
  const bash = spawnSync('/usr/bin/bash', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  const busybox = spawnSync('/usr/bin/busybox', { encoding: 'utf8' }).stdout.split('\n')[0];
  const dash = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'dash'], { encoding: 'utf8' }).stdout;
  return `dash ${dash || '(version unknown)'}; ${bash}; ${busybox}`;
}

test('every script: the model and the rules agree with what dash, bash and BusyBox really do', async (t) => {
  for (const [name, [binary]] of Object.entries(SHELLS))
    assert.ok(existsSync(binary!), `${name} is not installed at ${binary} (apt-get install dash bash busybox)`);
  t.diagnostic(versions());
  const scripts = [...new Set([...SHELL_SCRIPTS, ...fixtureScripts()])];
  const root = mkdtempSync(join(tmpdir(), 'graceful-real-shells-'));
  const mismatches: string[] = [];
  const skipped = new Set<string>();
  let observed = 0;
  const table = new Set(SHELL_SCRIPTS);
  try {
    for (const [index, script] of scripts.entries()) {
      const reading = readScript(script);
      const runs = (Object.entries(SHELLS) as Array<[keyof typeof SHELLS, string[]]>).map(async ([shellName, shell]) => {
        const dir = join(root, `${index}-${shellName}`);
        const setup = setupFor(script, join(dir, 'work'));
        if (typeof setup === 'string') return { shellName, result: setup };
        return { shellName, result: await observe(shell, setup, dir) };
      });
      for (const { shellName, result } of await Promise.all(runs)) {
        // A fixture script whose app cannot start here (`ulimit` above the hard limit, `source` of a missing file) is listed, not judged.
        if (result !== 'stays' && result !== 'replaced') {
          const why = result === 'no-app' ? `the app never started under ${shellName}` : result;
          if (table.has(script)) mismatches.push(`${shellName} ${JSON.stringify(script)}: ${why}`);
          else skipped.add(`${JSON.stringify(script)}: ${why}`);
          continue;
        }
        observed++;
        const stays = result === 'stays';
        const predicted = shellStays(reading, MODELLED_SHELLS[shellName]);
        if (predicted !== stays)
          mismatches.push(`${shellName} ${JSON.stringify(script)}: the model says ${predicted ? 'stays' : 'replaced'}, the shell ${result}`);
        const fires = ruleFires(script, shellName);
        if (fires && !stays) mismatches.push(`${shellName} ${JSON.stringify(script)}: a rule fires but the shell replaced itself with the app`);
        // Silent while the shell stays: only for a script that handles signals itself (trap).
        if (!fires && stays && !reading.traps) mismatches.push(`${shellName} ${JSON.stringify(script)}: the shell stays but no rule fires`);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  t.diagnostic(`${scripts.length} scripts, ${observed} runs observed; not observed: ${skipped.size}\n${[...skipped].join('\n')}`);
  assert.deepEqual(mismatches, []);
  assert.ok(observed >= SHELL_SCRIPTS.length * 3, `only ${observed} runs observed`);
  assert.ok(relative(ROOT, root).startsWith('..'), 'temp files live outside the repository');
});
