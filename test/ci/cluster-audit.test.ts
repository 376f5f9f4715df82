import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliTrees, runCli } from '../cli/cli-process';

const tree = cliTrees();
/** `kubectl get all,pdb,hpa -A -o yaml` as the API server writes it: a List with status, managedFields, defaults, owned copies. */
const DUMP = readFileSync(join(__dirname, 'fixtures/kubectl-get-all.yaml'), 'utf8');
/** The same objects as their authors applied them. */
const APPLIED = readFileSync(join(__dirname, 'fixtures/kubectl-applied.yaml'), 'utf8');

interface Finding {
  ruleId: string;
  object?: { kind: string; namespace?: string; name?: string };
}
const findingsOf = (input: string, cwd: string): string[] => {
  const run = runCli(['lint', '-', '--format', 'json'], cwd, {}, input);
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  const output = JSON.parse(run.stdout) as { files: { findings: Finding[] }[] };
  return output.files
    .flatMap((f) => f.findings)
    .map((f) => `${f.ruleId}@${f.object?.kind} ${f.object?.namespace}/${f.object?.name}`)
    .sort();
};

test('a cluster dump gets exactly the findings of the manifests behind it: nothing from status, managedFields or defaults', () => {
  const root = tree();
  const fromCluster = findingsOf(DUMP, root);
  assert.deepEqual(fromCluster, findingsOf(APPLIED, root));
  assert.ok(fromCluster.includes('missing-prestop@Deployment shop/web'), fromCluster.join('\n'));
  assert.ok(
    !fromCluster.some((f) => f.endsWith('Deployment shop/api')),
    'the graceful Deployment stays clean with defaulted probes, strategy and grace period',
  );
  // The ReplicaSet and Pod the Deployment made repeat its template: reported once, on the Deployment.
  assert.ok(!fromCluster.some((f) => /@(ReplicaSet|Pod) /.test(f)), fromCluster.join('\n'));
});

test('an owned object whose owner is not in the stream is still reported', () => {
  const podOnly = DUMP.slice(0, DUMP.indexOf('- apiVersion: v1\n  kind: Service')) + 'kind: List\nmetadata:\n  resourceVersion: ""\n';
  assert.deepEqual(findingsOf(podOnly, tree()), ['missing-prestop@Pod shop/web-6c8f9d7b94-x2x7k']);
});

test('every format names the object of a finding on standard input', () => {
  const root = tree();
  const run = (format: string) => runCli(['lint', '-', '--format', format], root, {}, DUMP).stdout;
  assert.match(run('text'), /\n<stdin> Deployment shop\/web\n {2}\d+:3 /);
  assert.match(run('github'), /^::warning title=missing-prestop::Deployment shop\/web: Container "web"/m);
  const gitlab = JSON.parse(run('gitlab')) as { description: string; location: { path: string } }[];
  assert.ok(gitlab.some((i) => i.description.startsWith('Deployment shop/web: ') && i.location.path === '<stdin>'));
  const result = (
    JSON.parse(run('sarif')).runs[0].results as { ruleId: string; locations: { logicalLocations: { fullyQualifiedName: string; kind: string }[] }[] }[]
  ).find((r) => r.ruleId === 'missing-pdb')!;
  assert.deepEqual(result.locations[0]!.logicalLocations, [{ name: 'web', fullyQualifiedName: 'Deployment shop/web', kind: 'resource' }]);
});
