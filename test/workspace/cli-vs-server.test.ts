import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../cli/cli-process';
import * as k8s from '../helpers/manifests';
import { buildServer, LspClient } from '../lsp/lsp-client';
import { writeTree } from '../cli/cli-process';

/**
 * The CLI and the language server must give one verdict on one workspace: the same
 * findings (file, rule, range) from `graceful lint --format json` as from the
 * server's workspace indexing and "Lint Workspace". Ignore rules (`.gitignore`,
 * `.graceful.yaml` `ignore`, `graceful.exclude`) decide which files are part of the
 * workspace, so they are where the two used to disagree.
 */

buildServer();

const CORPUS = join(__dirname, '..', 'corpora', 'k8s');

/** `path rule startLine:startColumn-endLine:endColumn`, one-based like the CLI's JSON. */
type FindingKey = string;

interface CliJson {
  readonly files: ReadonlyArray<{
    path: string;
    findings: ReadonlyArray<{ ruleId: string; range: { start: { line: number; column: number }; end: { line: number; column: number } } }>;
  }>;
}

/**
 * Charts are judged as written on both sides, whether or not a helm is on PATH: the verdict compared
 * here is the workspace's, and test/helm compares rendered charts.
 */
function cliFindings(root: string): FindingKey[] {
  const run = runCli(['lint', '.', '--format', 'json', '--no-helm'], root);
  assert.ok(run.status === 0 || run.status === 1, `graceful lint failed (${run.status}): ${run.stderr}`);
  const report = JSON.parse(run.stdout) as CliJson;
  return report.files
    .flatMap((file) =>
      file.findings.map((f) => `${file.path} ${f.ruleId} ${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`),
    )
    .sort();
}

async function serverFindings(root: string, settings: Record<string, unknown> = {}): Promise<FindingKey[]> {
  const client = await LspClient.start({ root, settings, initializationOptions: { helm: { enable: false } } });
  try {
    // The command waits for the workspace index, then publishes every indexed file.
    await client.request('workspace/executeCommand', { command: 'graceful.server.lintWorkspace', arguments: [] });
    const latest = new Map<string, FindingKey[]>();
    for (const { uri, diagnostics } of client.published) {
      const path = relative(root, fileURLToPath(uri)).split('\\').join('/');
      latest.set(
        path,
        diagnostics
          .filter((d) => typeof d.code === 'string')
          .map((d) => `${path} ${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`),
      );
    }
    return [...latest.values()].flat().sort();
  } finally {
    await client.stop();
  }
}

const made: string[] = [];
after(() => made.forEach((root) => rmSync(root, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'graceful-diff-')));
  made.push(root);
  writeTree(root, files);
  return root;
}

const replicated = (name: string) => k8s.deployment({ name, replicas: 2, app: name, spec: '  minReadySeconds: 10\n' });

/**
 * Small workspaces where a PodDisruptionBudget sits in a file that an ignore rule
 * takes out of the workspace: whether `missing-pdb` fires tells whether the PDB was read.
 */
const WORKSPACES: ReadonlyArray<{ name: string; files: Record<string, string>; exclude?: readonly string[] }> = [
  {
    name: '`ignore` naming a folder, with a nested .graceful.yaml',
    files: {
      '.graceful.yaml': 'ignore: ["policies"]\n',
      'app/deploy.yaml': replicated('web'),
      'policies/pdb.yaml': k8s.pdb(),
      'team/.graceful.yaml': 'rules:\n  missing-readiness-probe: off\n',
      'team/deploy.yaml': replicated('api'),
      'team/policies/pdb.yaml': k8s.pdb({ name: 'api', selector: { app: 'api' } }),
    },
  },
  {
    name: '`ignore` glob `**/pdb.yaml`',
    files: {
      '.graceful.yaml': 'ignore: ["**/pdb.yaml"]\n',
      'app/deploy.yaml': replicated('web'),
      'app/pdb.yaml': k8s.pdb(),
      'app/budget.yaml': k8s.pdb({ name: 'other', selector: { app: 'other' } }),
    },
  },
  {
    name: 'a .gitignored folder and a nested .gitignore with a re-included file',
    files: {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'generated/\n',
      'generated/pdb.yaml': k8s.pdb(),
      'app/deploy.yaml': replicated('web'),
      'svc/.gitignore': '*.yaml\n!keep.yaml\n',
      'svc/deploy.yaml': replicated('svc'),
      'svc/keep.yaml': replicated('keep'),
    },
  },
  {
    name: '`graceful.exclude` (the editor setting that `.graceful.yaml` calls `ignore`)',
    files: {
      'app/deploy.yaml': replicated('web'),
      'policies/pdb.yaml': k8s.pdb(),
      'other/deploy.yaml': replicated('other'),
    },
    exclude: ['policies', 'other/**'],
  },
];

for (const workspace of WORKSPACES) {
  test(`one verdict from the CLI and the server: ${workspace.name}`, async () => {
    const server = await serverFindings(tree(workspace.files), workspace.exclude && { exclude: workspace.exclude });
    // The CLI has no editor settings: the same globs go to `.graceful.yaml` `ignore`, which means the same.
    const cliFiles = workspace.exclude ? { ...workspace.files, '.graceful.yaml': `ignore: ${JSON.stringify(workspace.exclude)}\n` } : workspace.files;
    const cli = cliFindings(tree(cliFiles));
    assert.ok(
      cli.some((f) => f.includes('missing-pdb')),
      'the workspace exercises missing-pdb',
    );
    assert.deepEqual(server, cli);
  });
}

/** Every corpus project, each as its own workspace (one workspace of all eleven would not say which project disagrees). */
const CORPUS_PROJECTS = readdirSync(CORPUS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

function baselineFindings(project: string): number {
  const baseline = JSON.parse(readFileSync(join(__dirname, '..', 'corpus', 'baseline.json'), 'utf8')) as {
    repos: Record<string, { findings: Record<string, number> }>;
  };
  return Object.values(baseline.repos[project]?.findings ?? {}).reduce((a, b) => a + b, 0);
}

for (const project of CORPUS_PROJECTS) {
  test(`one verdict from the CLI and the server on the corpus: ${project}`, async () => {
    // A copy outside the repository, so that the repository's own .gitignore does not apply.
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'graceful-diff-')));
    made.push(root);
    cpSync(join(CORPUS, project), root, { recursive: true });
    const cli = cliFindings(root);
    // Both empty would agree trivially: only a project whose reviewed baseline has no finding may be empty.
    assert.equal(cli.length > 0, baselineFindings(project) > 0, 'the project has findings as the corpus baseline says');
    assert.deepEqual(await serverFindings(root), cli);
  });
}
