/**
 * `npm run bench`: builds Graceful, generates the inputs, measures Graceful against
 * yaml-language-server, dockerfile-language-server and the bare parsers in one
 * run, prints one table and writes it to bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { measureCli, type CliCost } from './cli-cost';
import { measureEditors, spotAfter, type EditorCase, type EditorResult } from './editor-latency';
import { parseFloorMs } from './floor';
import { generateInputs } from './generate';
import { machineDescription, resultsTable, type Row } from './report';
import { DOCKERFILE_LANGUAGE_SERVER, GRACEFUL, YAML_LANGUAGE_SERVER } from './servers';
import { median, ms, percentile } from './stats';

const ROOT = join(__dirname, '..');
const CORPUS = join(ROOT, '../shared/corpus');

function editorCase(path: string, languageId: EditorCase['languageId'], needle: string, edits: number, root = dirname(path)): EditorCase {
  return { root, path, languageId, editOffset: spotAfter(readFileSync(path, 'utf8'), needle), edits };
}

function versionOf(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

const kb = (path: string) => `${Math.round(statSync(path).size / 1024)} KB`;
const p90 = (samples: readonly number[]) => percentile(samples, 90);
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

/** Rows comparing Graceful with a peer on one file: open, edit median and p90, the edit without debounces, memory. */
function editorRows(label: string, graceful: EditorResult, peer: EditorResult, peerName: string, targets: { open?: number; edit?: number }): Row[] {
  const debounce = (r: EditorResult, delay: number) => median(r.editMs.map((x) => x - delay));
  const peerSpec = peerName === YAML_LANGUAGE_SERVER.name ? YAML_LANGUAGE_SERVER : DOCKERFILE_LANGUAGE_SERVER;
  return [
    { measure: `${label}: open → diagnostics`, graceful: graceful.openMs, versus: peerName, other: peer.openMs, unit: 'ms', ...(targets.open && { target: { ratio: targets.open } }) },
    { measure: `${label}: edit → diagnostics, median of ${graceful.editMs.length}`, graceful: median(graceful.editMs), versus: peerName, other: median(peer.editMs), unit: 'ms', ...(targets.edit && { target: { ratio: targets.edit } }) },
    { measure: `${label}: edit → diagnostics, p90`, graceful: p90(graceful.editMs), versus: peerName, other: p90(peer.editMs), unit: 'ms' },
    {
      measure: `${label}: edit, median minus each server's debounce (${GRACEFUL.debounceMs} / ${peerSpec.debounceMs} ms)`,
      graceful: debounce(graceful, GRACEFUL.debounceMs),
      versus: peerName,
      other: debounce(peer, peerSpec.debounceMs),
      unit: 'ms',
    },
    { measure: `${label}: server peak memory`, graceful: graceful.peakRss, versus: peerName, other: peer.peakRss, unit: 'bytes' },
  ];
}

function cliRows(label: string, cost: CliCost, target: number | undefined): Row[] {
  const filesPerSecond = Math.round(cost.files / (cost.cli.ms / 1000));
  const wall = cost.cli.timedOut ? `wall time: stopped after ${ms(cost.cli.ms)}, a lower bound` : 'wall time';
  return [
    { measure: `CLI on ${label} (${cost.files} files, ${cost.cli.timedOut ? 'under ' : ''}${filesPerSecond} files/s): ${wall}`, graceful: cost.cli.ms, versus: 'node start-up + bare parse', other: cost.bare.ms, unit: 'ms', ...(target && { target: { ratio: target } }) },
    { measure: `CLI on ${label}: ${wall}`, graceful: cost.cli.ms, versus: '`node -e 0` start-up', other: cost.nodeStart.ms, unit: 'ms' },
    { measure: `CLI on ${label}: peak memory`, graceful: cost.cli.peakRss, versus: 'node start-up + bare parse', other: cost.bare.peakRss, unit: 'bytes' },
  ];
}

async function main(): Promise<void> {
  const startLoad = loadavg();
  const started = performance.now();
  log('building');
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--if-needed'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  log('generating inputs');
  const inputs = generateInputs();
  const rows: Row[] = [];

  const chart = editorCase(inputs.chart, 'yaml', 'value: "', 8);
  log(`rendered chart (${kb(inputs.chart)})`);
  const [chartG, chartY] = await measureEditors([{ spec: GRACEFUL, case: chart }, { spec: YAML_LANGUAGE_SERVER, case: chart }]);
  const chartLabel = `Rendered chart, 1,800 documents, ${kb(inputs.chart)}`;
  rows.push(...editorRows(chartLabel, chartG!, chartY!, YAML_LANGUAGE_SERVER.name, { open: 0.5, edit: 0.05 }));
  rows.push({ measure: `${chartLabel}: edit → diagnostics, median`, graceful: median(chartG!.editMs), versus: 'one full `yaml` parse, in-process', other: parseFloorMs(inputs.chart, 'yaml'), unit: 'ms', target: { ratio: 1 } });

  const aliases = editorCase(inputs.aliases, 'yaml', 'initialDelaySeconds: ', 4);
  log(`alias-heavy file (${kb(inputs.aliases)})`);
  const [aliasG, aliasY] = await measureEditors([{ spec: GRACEFUL, case: aliases }, { spec: YAML_LANGUAGE_SERVER, case: aliases }]);
  const aliasLabel = `Alias-heavy file, ${kb(inputs.aliases)}`;
  rows.push(...editorRows(aliasLabel, aliasG!, aliasY!, YAML_LANGUAGE_SERVER.name, {}).slice(0, 2));
  rows.push({ measure: `${aliasLabel}: edit → diagnostics, median`, graceful: median(aliasG!.editMs), versus: 'one full `yaml` parse, in-process', other: parseFloorMs(inputs.aliases, 'yaml'), unit: 'ms' });

  log('everyday manifest and Dockerfile');
  const manifest = editorCase(inputs.manifest, 'yaml', 'value: ', 12);
  const [manifestG, manifestY] = await measureEditors([{ spec: GRACEFUL, case: manifest }, { spec: YAML_LANGUAGE_SERVER, case: manifest }]);
  rows.push(...editorRows('Everyday manifest', manifestG!, manifestY!, YAML_LANGUAGE_SERVER.name, { edit: 0.5 }));
  rows.push({ measure: 'Everyday manifest: edit → diagnostics, median', graceful: median(manifestG!.editMs), versus: 'one full `yaml` parse, in-process', other: parseFloorMs(inputs.manifest, 'yaml', 50), unit: 'ms' });
  const dockerfile = editorCase(inputs.dockerfile, 'dockerfile', 'APP_MODE=', 12);
  const [dockerG, dockerD] = await measureEditors([{ spec: GRACEFUL, case: dockerfile }, { spec: DOCKERFILE_LANGUAGE_SERVER, case: dockerfile }]);
  rows.push(...editorRows('Everyday Dockerfile', dockerG!, dockerD!, DOCKERFILE_LANGUAGE_SERVER.name, { edit: 0.5 }));
  rows.push({ measure: 'Everyday Dockerfile: edit → diagnostics, median', graceful: median(dockerG!.editMs), versus: 'one `dockerfile-ast` parse, in-process', other: parseFloorMs(inputs.dockerfile, 'dockerfile', 50), unit: 'ms' });

  log('10,000-file workspace');
  const large = { ...editorCase(join(inputs.workspace, inputs.workspaceEditFile), 'yaml', 'value: "', 10, inputs.workspace), awaitIndex: true };
  const single = editorCase(join(inputs.singleWorkspace, inputs.workspaceEditFile), 'yaml', 'value: "', 10, inputs.singleWorkspace);
  const [inLarge, inSingle] = await measureEditors([{ spec: GRACEFUL, case: large }, { spec: GRACEFUL, case: single }]);
  log('CLI on the shared corpus');
  const corpusCli = measureCli(CORPUS, 3, 60_000);
  log('CLI on the 10,000-file workspace');
  const workspaceCli = measureCli(inputs.workspace, 1, 60_000);
  const workspaceLabel = 'Workspace of 10,000 manifests + 500 Dockerfiles';
  rows.push(
    { measure: `${workspaceLabel}: cold index (spawn → indexing done)`, graceful: inLarge!.startMs, versus: '', other: NaN, unit: 'ms', target: { limit: 10_000, text: '< 10 s' } },
    { measure: `${workspaceLabel}: cold index`, graceful: inLarge!.startMs, versus: 'node start-up + bare parse of its files', other: workspaceCli.bare.ms, unit: 'ms' },
    { measure: `${workspaceLabel}: server peak memory`, graceful: inLarge!.peakRss, versus: '', other: NaN, unit: 'bytes', target: { limit: 300 * 1048576, text: '< 300 MB' } },
    { measure: 'Workspace: open → diagnostics', graceful: inLarge!.openMs, versus: 'the same file in a one-file workspace', other: inSingle!.openMs, unit: 'ms' },
    { measure: `Workspace: edit → diagnostics, median of ${inLarge!.editMs.length}`, graceful: median(inLarge!.editMs), versus: 'the same edit in a one-file workspace', other: median(inSingle!.editMs), unit: 'ms', target: { ratio: 2 } },
    { measure: 'Workspace: edit → diagnostics, p90', graceful: p90(inLarge!.editMs), versus: 'the same edit in a one-file workspace', other: p90(inSingle!.editMs), unit: 'ms' },
    ...cliRows('../shared/corpus', corpusCli, 1.5),
    ...cliRows('the 10,000-file workspace', workspaceCli, undefined),
  );

  const table = resultsTable(rows);
  const versions = {
    'yaml-language-server': versionOf('yaml-language-server'),
    'dockerfile-language-server-nodejs': versionOf('dockerfile-language-server-nodejs'),
    yaml: versionOf('yaml'),
    'dockerfile-ast': versionOf('dockerfile-ast'),
  };
  const machine = machineDescription(versions, startLoad);
  process.stdout.write(`\n${table}\n\n${machine}\n- Bench wall time: ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  writeFileSync(join(__dirname, 'RESULTS.md'), `# Benchmark results\n\nThe latest \`npm run bench\` (bench/run.ts), one run on one machine.\n\n${machine}\n\n${table}\n\n${METHOD}`);
}

const METHOD = `## Method

- Every language server is started by the same stdio client (bench/lsp-client.ts) on a folder holding only the measured file (the workspace rows: the 10,000-file folder, or a folder with only the edited file). yaml-language-server runs with no schemas, no schema store and no CRD store: syntax checks only, nothing fetched.
- Open → diagnostics: from \`didOpen\` to the first \`publishDiagnostics\` for the file. Edit → diagnostics: a one-character \`didChange\` (typing \`x\` into a value in the middle of the file, then deleting it) to the diagnostics for that version; the next keystroke waits for them. Servers take turns keystroke by keystroke so load hits them alike.
- yaml-language-server waits 200 ms after every change before it analyses (a fixed debounce); dockerfile-language-server does not wait; Graceful checks a change that follows a rest at once and coalesces only bursts (the benchmark's keystrokes each wait for the previous diagnostics, so they follow a rest). The "minus debounce" rows subtract each server's fixed wait to show the work.
- Floors: the same text parsed in this process by \`yaml\` (\`parseAllDocuments\`) or \`dockerfile-ast\`, median of warm runs, no analysis.
- CLI: \`node dist/cli.js lint FOLDER\` against \`node bench/bare-parse.mjs FOLDER\` (node start-up, reading and parsing the same files, nothing else), run in turns; wall time is the median run, peak memory from GNU time.
- Cold index: from spawning the server to the end of its indexing \`$/progress\`, and the server's peak resident memory.
- Inputs are generated deterministically (bench/generate.ts) into the system's temporary folder (\`graceful-bench\`).
`;

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
