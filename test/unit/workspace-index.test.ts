import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseShells } from '../../server/src/model/image-shell';
import type { DockerfileFact } from '../../server/src/model/facts/dockerfiles';
import { imageRepository } from '../../server/src/model/facts/image-builds';
import { EMPTY_FACTS, WorkspaceIndex, type FileFacts } from '../../server/src/model/workspace-index';
import { yamlFacts } from '../../server/src/model/yaml-facts';
import { parseYamlFile } from '../../server/src/parse/yaml-file';

const factsOf = (path: string, text: string): FileFacts => yamlFacts(path, parseYamlFile(text)).facts;

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [path, text] of Object.entries(files)) index.update(path, factsOf(path, text));
  return index;
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  template:
    metadata:
      labels:
        app: web
        tier: front
    spec:
      containers:
        - name: web
          image: example/web:1.0
`;

const pdb = (spec: string, namespace = '') => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: guard
${namespace ? `  namespace: ${namespace}\n` : ''}${spec}`;

const dockerfileFact = (path: string, minimal = false): DockerfileFact => ({
  path,
  finalBase: minimal ? 'scratch' : 'node:20',
  minimal,
  shells: baseShells(minimal ? 'scratch' : 'node:20'),
  signalProblem: undefined,
});

// ---- yamlFacts ------------------------------------------------------------------------

test('workloads: kind, name, namespace, pod labels, replicas and the kind key as source', () => {
  const { workloads } = factsOf('/w/d.yaml', DEPLOYMENT);
  assert.equal(workloads.length, 1);
  const [w] = workloads;
  assert.deepEqual(
    { ...w, source: undefined },
    { kind: 'Deployment', name: 'web', namespace: 'shop', podLabels: { app: 'web', tier: 'front' }, replicas: 3, source: undefined },
  );
  assert.deepEqual(w!.source, { path: '/w/d.yaml', range: { start: DEPLOYMENT.indexOf('kind'), end: DEPLOYMENT.indexOf('kind') + 4 } });
});

test('workloads: replicas absent, templated or mistyped; labels templated', () => {
  const replicas = (text: string) => factsOf('/w/d.yaml', text).workloads[0]!.replicas;
  assert.equal(replicas(DEPLOYMENT.replace('  replicas: 3\n', '')), 'absent');
  assert.equal(replicas(DEPLOYMENT.replace('replicas: 3', 'replicas: {{ .Values.n }}')), 'unknown');
  assert.equal(replicas(DEPLOYMENT.replace('replicas: 3', 'replicas: "3"')), 'unknown');
  assert.equal(factsOf('/w/d.yaml', DEPLOYMENT.replace('tier: front', 'tier: {{ .Values.tier }}')).workloads[0]!.podLabels, undefined);
});

test('workloads: every pod-spec kind, List items, but not a Rollout with workloadRef or a broken document', () => {
  const kinds = (text: string) => factsOf('/w/x.yaml', text).workloads.map((w) => w.kind);
  assert.deepEqual(kinds(DEPLOYMENT.replace('Deployment', 'DaemonSet')), ['DaemonSet']);
  assert.deepEqual(kinds('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: p}\nspec:\n  containers: []\n'), ['Pod']);
  const list = `apiVersion: v1\nkind: List\nitems:\n${DEPLOYMENT.trimEnd().replace(/^/gm, '  ').replace('  apiVersion', '- apiVersion')}\n`;
  assert.deepEqual(kinds(list), ['Deployment']);
  const rollout =
    'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: r\nspec:\n  replicas: 3\n  workloadRef:\n    kind: Deployment\n    name: web\n';
  assert.deepEqual(kinds(rollout), []);
  assert.deepEqual(kinds(`${DEPLOYMENT}  bad: [unclosed\n`), []);
  assert.deepEqual(kinds(`${DEPLOYMENT}---\n${DEPLOYMENT.replace('name: web', 'name: api')}`), ['Deployment', 'Deployment']);
});

test('PDB selectors: literal, absent, templated and malformed', () => {
  const selector = (spec: string) => factsOf('/w/p.yaml', pdb(spec)).pdbs[0]!.selector;
  assert.deepEqual(selector('spec:\n  selector:\n    matchLabels:\n      app: web\n'), { matchLabels: { app: 'web' }, matchExpressions: [] });
  assert.deepEqual(
    selector(
      'spec:\n  selector:\n    matchExpressions:\n      - {key: tier, operator: In, values: [front, 1]}\n      - {key: canary, operator: DoesNotExist}\n',
    ),
    {
      matchLabels: {},
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', '1'] },
        { key: 'canary', operator: 'DoesNotExist', values: [] },
      ],
    },
  );
  assert.deepEqual(selector('spec:\n  selector: {}\n'), { matchLabels: {}, matchExpressions: [] });
  assert.equal(selector('spec:\n  maxUnavailable: 1\n'), 'absent');
  assert.equal(selector(''), 'absent');
  assert.equal(selector('spec:\n  selector:\n    matchLabels:\n      {{- include "sel" . | nindent 6 }}\n'), 'unknown');
  assert.equal(selector('spec:\n  selector:\n    matchLabels:\n      app: {{ .Values.app }}\n'), 'unknown');
  assert.equal(selector('spec:\n  selector:\n    matchExpressions:\n      - {key: tier, operator: Like, values: [x]}\n'), 'unknown');
  assert.equal(selector('spec:\n  selector: app=web\n'), 'unknown');
});

test('PDB selectors: a spec that a Helm line emits may hold a selector, so it is unknown, not absent', () => {
  // The mask blanks the directive line, leaving `spec:` null, and the object node's range stops before that line.
  const selector = (spec: string) => factsOf('/w/p.yaml', pdb(spec)).pdbs[0]!.selector;
  assert.equal(selector('spec:\n  {{- toYaml .Values.pdbSpec | nindent 2 }}\n'), 'unknown');
  assert.equal(selector('spec:\n  maxUnavailable: 1\n  {{- include "chart.pdbSelector" . | nindent 2 }}\n'), 'unknown');
});

test('HPAs: target, namespace, minReplicas with its default of 1 and templated values', () => {
  const hpa = (min: string) =>
    `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\n  namespace: shop\nspec:\n  scaleTargetRef:\n    kind: Deployment\n    name: web\n${min}  maxReplicas: 5\n`;
  const [h] = factsOf('/w/h.yaml', hpa('  minReplicas: 2\n')).hpas;
  assert.deepEqual({ ...h, source: undefined }, { namespace: 'shop', targetKind: 'Deployment', targetName: 'web', minReplicas: 2, source: undefined });
  assert.equal(factsOf('/w/h.yaml', hpa('')).hpas[0]!.minReplicas, 1);
  assert.equal(factsOf('/w/h.yaml', hpa('  minReplicas: {{ .Values.min }}\n')).hpas[0]!.minReplicas, undefined);
  assert.equal(factsOf('/w/h.yaml', hpa('').replace('name: web', 'name: {{ .Release.Name }}')).hpas[0]!.targetName, undefined);
});

test('Services: selector map (empty when absent, null or empty: selects nothing), none (ExternalName) or unknown (templated); only core v1', () => {
  const service = (body: string, apiVersion = 'v1') =>
    factsOf('/w/s.yaml', `apiVersion: ${apiVersion}\nkind: Service\nmetadata:\n  name: s\nspec:\n${body}`).services.map((s) => s.selector);
  assert.deepEqual(service('  selector:\n    app: web\n'), [{ app: 'web' }]);
  assert.deepEqual(service('  type: ExternalName\n  externalName: x.example.com\n  selector:\n    app: web\n'), ['none']);
  assert.deepEqual(service('  ports: [{port: 80}]\n'), [{}]);
  assert.deepEqual(service('  selector: {}\n'), [{}]);
  assert.deepEqual(service('  selector:\n  ports: [{port: 80}]\n'), [{}]);
  assert.deepEqual(service('  selector: ~\n'), [{}]);
  assert.deepEqual(service('  selector:\n    app: {{ .Values.app }}\n'), ['unknown']);
  assert.deepEqual(service('  selector:\n    app: web\n', 'serving.knative.dev/v1'), []);
});

test('kustomizations: patch files of every field, relative to the kustomization, inline patches skipped', () => {
  const text = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base
patchesStrategicMerge:
  - replicas.yaml
  - |-
    apiVersion: apps/v1
    kind: Deployment
patches:
  - path: ./patches/probe.yaml
    target: {kind: Deployment}
  - patch: |-
      - op: replace
        path: /spec/replicas
        value: 2
patchesJson6902:
  - path: ../shared/json-patch.yaml
    target: {kind: Deployment, name: web}
`;
  assert.deepEqual(factsOf('/w/overlays/prod/kustomization.yaml', text).kustomizePatches, [
    '/w/overlays/prod/replicas.yaml',
    '/w/overlays/prod/patches/probe.yaml',
    '/w/overlays/shared/json-patch.yaml',
  ]);
  const component = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: p.yaml\n';
  assert.deepEqual(factsOf('/w/c/kustomization.yaml', component).kustomizePatches, ['/w/c/p.yaml']);
});

test('kustomizations: a kustomization.yaml without apiVersion and kind still names its patches', () => {
  const text = 'resources:\n  - deployment.yaml\npatches:\n  - path: replicas.yaml\n';
  assert.deepEqual(factsOf('/w/kustomization.yaml', text).kustomizePatches, ['/w/replicas.yaml']);
});

test('image builds: skaffold artifacts and compose services, with paths joined to the build context', () => {
  const skaffold = `apiVersion: skaffold/v4beta6
kind: Config
build:
  artifacts:
    - image: registry.example.com/shop/web
      context: services/web
    - image: api
      context: services/api
      docker:
        dockerfile: build/Dockerfile.prod
    - context: no-image
`;
  const builds = factsOf('/w/skaffold.yaml', skaffold).imageBuilds;
  assert.deepEqual(
    builds.map((b) => [b.image, b.dockerfile]),
    [
      ['registry.example.com/shop/web', '/w/services/web/Dockerfile'],
      ['api', '/w/services/api/build/Dockerfile.prod'],
    ],
  );
  assert.equal(skaffold.slice(builds[0]!.source.range.start, builds[0]!.source.range.end), 'registry.example.com/shop/web');
  const compose = `services:
  web:
    image: shop/web:dev
    build: ./web
  worker:
    image: shop/worker
    build:
      context: worker
      dockerfile: Containerfile
  remote:
    image: shop/remote
    build: https://github.com/example/remote.git
  db:
    image: postgres:16
`;
  assert.deepEqual(
    factsOf('/w/compose.yaml', compose).imageBuilds.map((b) => [b.image, b.dockerfile]),
    [
      ['shop/web:dev', '/w/web/Dockerfile'],
      ['shop/worker', '/w/worker/Containerfile'],
    ],
  );
});

test('a file with nothing of interest has empty facts', () => {
  assert.deepEqual(factsOf('/w/ci.yaml', 'on: push\njobs: {}\n'), EMPTY_FACTS);
  assert.deepEqual(factsOf('/w/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n'), EMPTY_FACTS);
});

test('workloads: a pod label map that a Helm line extends is unknown, not the literal part (pod-spec.ts reads podLabels)', () => {
  const text = DEPLOYMENT.replace('        tier: front\n', '        tier: front\n        {{- include "web.labels" . | nindent 8 }}\n');
  assert.equal(factsOf('/w/d.yaml', text).workloads[0]!.podLabels, undefined);
});

test('workloads: replicas that a Helm line at spec level may emit are unknown, not absent', () => {
  const text = DEPLOYMENT.replace('  replicas: 3\n', '  {{- toYaml .Values.scaling | nindent 2 }}\n');
  assert.equal(factsOf('/w/d.yaml', text).workloads[0]!.replicas, 'unknown');
});

// ---- WorkspaceIndex ---------------------------------------------------------------------

test('the lookup patched file by file answers like one built from scratch', () => {
  const files: Record<string, string> = {
    '/w/web.yaml': DEPLOYMENT,
    '/w/pdb.yaml': pdb('spec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: web\n'),
  };
  const index = indexOf(files);
  const query = (i: WorkspaceIndex) => ({
    pdbs: i.pdbsMatching('shop', { app: 'web', tier: 'front' }).sure.map((p) => p.source),
    workloads: i.workloadsMatching('shop', { matchLabels: { app: 'web' }, matchExpressions: [] }).map((w) => w.source),
  });
  query(index);
  const edits: Array<[string, string]> = [
    ['/w/web.yaml', `# moved\n${DEPLOYMENT}`],
    ['/w/pdb.yaml', files['/w/pdb.yaml']!.replace('app: web', 'app: api')],
    ['/w/new.yaml', DEPLOYMENT.replace('name: web', 'name: web2')],
    ['/w/pdb.yaml', files['/w/pdb.yaml']!],
  ];
  for (const [path, text] of edits) {
    files[path] = text;
    index.update(path, factsOf(path, text));
    assert.deepEqual(query(index), query(indexOf(files)), `after editing ${path}`);
  }
});

test('the key yamlFacts builds from cached documents changes with the facts, not with their position', () => {
  const key = (text: string) => yamlFacts('/w/d.yaml', parseYamlFile(text)).key;
  assert.deepEqual(key(`# moved\n${DEPLOYMENT}`), key(DEPLOYMENT));
  assert.deepEqual(key(`apiVersion: v1\nkind: ConfigMap\n---\n${DEPLOYMENT}`), key(DEPLOYMENT), 'documents without facts add nothing');
  assert.notDeepEqual(key(DEPLOYMENT.replace('replicas: 3', 'replicas: 4')), key(DEPLOYMENT));
});

test('update reports real changes only and bumps the generation with them', () => {
  const index = new WorkspaceIndex();
  const facts = factsOf('/w/d.yaml', DEPLOYMENT);
  assert.equal(index.update('/w/d.yaml', facts), true);
  const generation = index.generation;
  assert.equal(index.update('/w/d.yaml', factsOf('/w/d.yaml', DEPLOYMENT)), false, 'equal facts from a new parse');
  const moved = factsOf('/w/d.yaml', `# moved down one line\n${DEPLOYMENT}`);
  assert.equal(index.update('/w/d.yaml', moved), false, 'only the source range moved: no verdict can change');
  assert.equal(index.generation, generation);
  assert.deepEqual(
    index.workloadsMatching(undefined, { matchLabels: { app: 'web' }, matchExpressions: [] })[0]!.source,
    moved.workloads[0]!.source,
    'the moved range is kept',
  );
  assert.equal(index.update('/w/d.yaml', factsOf('/w/d.yaml', DEPLOYMENT.replace('replicas: 3', 'replicas: 4'))), true, 'a real change');
  assert.ok(index.generation > generation);
  assert.equal(index.update('/w/other.yaml', EMPTY_FACTS), false, 'an unknown file with no facts');
  assert.equal(index.remove('/w/d.yaml'), true);
  assert.equal(index.remove('/w/d.yaml'), false);
  assert.deepEqual(index.workloadsMatching(undefined, { matchLabels: {}, matchExpressions: [] }), []);
});

test('pdbsMatching: namespaces, absent and templated selectors', () => {
  const index = indexOf({
    '/w/a.yaml': pdb('spec:\n  selector:\n    matchLabels:\n      app: web\n', 'shop'),
    '/w/b.yaml': pdb('spec:\n  selector:\n    matchLabels:\n      app: web\n', 'billing'),
    '/w/c.yaml': pdb('spec:\n  maxUnavailable: 1\n'),
    '/w/d.yaml': pdb('spec:\n  selector:\n    matchLabels:\n      app: {{ .Values.app }}\n', 'shop'),
    '/w/e.yaml': pdb('spec:\n  selector:\n    matchLabels:\n      app: api\n'),
  });
  const paths = (r: { sure: Array<{ source: { path: string } }>; maybe: Array<{ source: { path: string } }> }) => ({
    sure: r.sure.map((p) => p.source.path),
    maybe: r.maybe.map((p) => p.source.path),
  });
  assert.deepEqual(paths(index.pdbsMatching('shop', { app: 'web' })), { sure: ['/w/a.yaml'], maybe: ['/w/d.yaml'] });
  assert.deepEqual(paths(index.pdbsMatching(undefined, { app: 'web' })), { sure: ['/w/a.yaml', '/w/b.yaml'], maybe: ['/w/d.yaml'] });
  assert.deepEqual(paths(index.pdbsMatching('billing', { app: 'api' })), { sure: ['/w/e.yaml'], maybe: [] });
});

test('workloadsMatching and hasWorkloadWithUnknownLabels', () => {
  const index = indexOf({
    '/w/web.yaml': DEPLOYMENT,
    '/w/api.yaml': DEPLOYMENT.replace(/web/g, 'api').replace('namespace: shop', 'namespace: billing'),
    '/w/any.yaml': DEPLOYMENT.replace(/web/g, 'any').replace('  namespace: shop\n', ''),
  });
  const names = (ns: string | undefined, matchLabels: Record<string, string>) =>
    index.workloadsMatching(ns, { matchLabels, matchExpressions: [] }).map((w) => w.name);
  // Results come in workspace order (by path, then position), whatever order files were indexed in.
  assert.deepEqual(names('shop', { tier: 'front' }), ['any', 'web']);
  assert.deepEqual(names(undefined, { tier: 'front' }), ['any', 'api', 'web']);
  assert.deepEqual(names('billing', { app: 'web' }), []);
  assert.equal(index.hasWorkloadWithUnknownLabels('shop'), false);
  index.update(
    '/w/t.yaml',
    factsOf('/w/t.yaml', DEPLOYMENT.replace('tier: front', 'tier: {{ .Values.tier }}').replace('namespace: shop', 'namespace: billing')),
  );
  assert.equal(index.hasWorkloadWithUnknownLabels('shop'), false);
  assert.equal(index.hasWorkloadWithUnknownLabels('billing'), true);
  assert.equal(index.hasWorkloadWithUnknownLabels(undefined), true);
});

test('hpasFor: by target kind and name, in a compatible namespace', () => {
  const hpa = (kind: string, name: string, ns?: string) =>
    `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h${ns ? `\n  namespace: ${ns}` : ''}\nspec:\n  scaleTargetRef:\n    kind: ${kind}\n    name: ${name}\n  minReplicas: 2\n`;
  const index = indexOf({
    '/w/1.yaml': hpa('Deployment', 'web', 'shop'),
    '/w/2.yaml': hpa('StatefulSet', 'web'),
    '/w/3.yaml': hpa('Deployment', 'web', 'billing'),
  });
  assert.deepEqual(
    index.hpasFor('Deployment', 'web', 'shop').map((h) => h.source.path),
    ['/w/1.yaml'],
  );
  assert.deepEqual(
    index.hpasFor('StatefulSet', 'web', 'shop').map((h) => h.source.path),
    ['/w/2.yaml'],
  );
  assert.deepEqual(index.hpasFor('Deployment', undefined, 'shop'), []);
});

test('servicesSelecting: sure, maybe (templated selector or unknown pod labels), none', () => {
  const service = (selector: string, ns = 'shop') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: ${ns}\nspec:\n${selector}`;
  const index = indexOf({
    '/w/a.yaml': service('  selector:\n    app: web\n'),
    '/w/b.yaml': service('  selector:\n    app: {{ .Values.app }}\n'),
    '/w/c.yaml': service('  ports: [{port: 80}]\n'),
    '/w/d.yaml': service('  selector:\n    app: web\n', 'billing'),
  });
  const paths = (r: { sure: Array<{ source: { path: string } }>; maybe: Array<{ source: { path: string } }> }) => ({
    sure: r.sure.map((s) => s.source.path),
    maybe: r.maybe.map((s) => s.source.path),
  });
  assert.deepEqual(paths(index.servicesSelecting('shop', { app: 'web', tier: 'front' })), { sure: ['/w/a.yaml'], maybe: ['/w/b.yaml'] });
  assert.deepEqual(paths(index.servicesSelecting('shop', undefined)), { sure: [], maybe: ['/w/a.yaml', '/w/b.yaml'] });
  assert.deepEqual(paths(index.servicesSelecting('shop', { app: 'api' })), { sure: [], maybe: ['/w/b.yaml'] });
});

test('kustomize patch files are fragments: their facts leave the queries, until the kustomization drops them', () => {
  const kustomization = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatches:\n  - path: ../base/deploy.yaml\n';
  const index = indexOf({ '/w/base/deploy.yaml': DEPLOYMENT, '/w/overlay/kustomization.yaml': kustomization });
  assert.equal(index.isFragment('/w/base/deploy.yaml'), true);
  assert.equal(index.isFragment('/w/overlay/kustomization.yaml'), false);
  assert.deepEqual(index.workloadsMatching(undefined, { matchLabels: {}, matchExpressions: [] }), []);
  index.update('/w/overlay/kustomization.yaml', factsOf('/w/overlay/kustomization.yaml', kustomization.replace(/patches:\n.*\n/, '')));
  assert.equal(index.isFragment('/w/base/deploy.yaml'), false);
  assert.equal(index.workloadsMatching(undefined, { matchLabels: {}, matchExpressions: [] }).length, 1);
});

test('imageRepository drops tag and digest but keeps a registry port', () => {
  assert.equal(imageRepository('registry:5000/team/app:1.2@sha256:abc'), 'registry:5000/team/app');
  assert.equal(imageRepository('registry:5000/team/app'), 'registry:5000/team/app');
  assert.equal(imageRepository('nginx:1.27'), 'nginx');
  assert.equal(imageRepository('nginx@sha256:abc'), 'nginx');
  assert.equal(imageRepository('nginx'), 'nginx');
});

test('dockerfileForImage: through build definitions, else a unique folder name', () => {
  const index = indexOf({
    '/w/skaffold.yaml': 'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: shop/web\n      context: services/web\n',
  });
  index.update('/w/services/web/Dockerfile', { ...EMPTY_FACTS, dockerfile: dockerfileFact('/w/services/web/Dockerfile') });
  index.update('/w/api/Dockerfile', { ...EMPTY_FACTS, dockerfile: dockerfileFact('/w/api/Dockerfile', true) });
  const web = index.dockerfileForImage('shop/web:1.0');
  assert.equal(web?.fact.path, '/w/services/web/Dockerfile');
  assert.equal(web?.via?.path, '/w/skaffold.yaml');
  const api = index.dockerfileForImage('ghcr.io/shop/api@sha256:abc');
  assert.deepEqual(api, { fact: dockerfileFact('/w/api/Dockerfile', true), via: undefined });
  assert.equal(index.dockerfileForImage('shop/unknown'), undefined);
  // Two folders named alike: ambiguous.
  index.update('/w/legacy/api/Dockerfile', { ...EMPTY_FACTS, dockerfile: dockerfileFact('/w/legacy/api/Dockerfile') });
  assert.equal(index.dockerfileForImage('shop/api'), undefined);
  assert.equal(index.dockerfile('/w/api/Dockerfile')?.minimal, true);
});

test('dockerfileForImage: two build definitions of one image to different Dockerfiles are ambiguous', () => {
  const index = indexOf({
    '/w/a/compose.yaml': 'services:\n  web:\n    image: shop/web\n    build: .\n',
    '/w/b/compose.yaml': 'services:\n  web:\n    image: shop/web\n    build: .\n',
  });
  index.update('/w/a/Dockerfile', { ...EMPTY_FACTS, dockerfile: dockerfileFact('/w/a/Dockerfile') });
  index.update('/w/b/Dockerfile', { ...EMPTY_FACTS, dockerfile: dockerfileFact('/w/b/Dockerfile') });
  assert.equal(index.dockerfileForImage('shop/web'), undefined);
});
