import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Deterministic benchmark inputs. Every text depends only on the seeded PRNG below,
 * so two runs (and two machines) measure the same bytes.
 */

/** Small, fast, seedable PRNG (mulberry32): `Math.random` would make runs incomparable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

const LANGUAGES = ['go', 'java', 'node', 'python', 'ruby'] as const;
const TEAMS = ['payments', 'search', 'checkout', 'identity', 'catalog', 'billing', 'shipping', 'ads'];

/**
 * The container of a generated Deployment. Shutdown-relevant fields vary the way
 * they do in real charts (some have a preStop, some probes, some neither), so that
 * the rules do real work and report a realistic number of findings.
 */
function container(random: Random, name: string, indent: string): string {
  const port = pick(random, [8080, 8443, 3000, 9090]);
  const lines = [
    `- name: ${name}`,
    `  image: "registry.example.com/${name}:1.${int(random, 0, 40)}.${int(random, 0, 9)}"`,
    `  ports:`,
    `    - name: http`,
    `      containerPort: ${port}`,
    `  env:`,
    `    - name: LOG_LEVEL`,
    `      value: "${pick(random, ['info', 'debug', 'warn'])}"`,
  ];
  if (random() < 0.5) lines.push(`  lifecycle:`, `    preStop:`, `      sleep:`, `        seconds: ${pick(random, [5, 10, 15])}`);
  if (random() < 0.7) lines.push(`  readinessProbe:`, `    httpGet:`, `      path: /readyz`, `      port: http`, `    periodSeconds: 5`);
  if (random() < 0.6) {
    const path = random() < 0.3 ? '/readyz' : '/livez';
    lines.push(`  livenessProbe:`, `    httpGet:`, `      path: ${path}`, `      port: http`, `    initialDelaySeconds: ${pick(random, [0, 10, 45])}`);
  }
  lines.push(`  resources:`, `    requests:`, `      cpu: ${int(random, 1, 8) * 50}m`, `      memory: ${int(random, 1, 8) * 64}Mi`);
  return lines.map((l) => indent + l).join('\n') + '\n';
}

function labels(app: string, release: string, indent: string): string {
  return [`app.kubernetes.io/name: ${app}`, `app.kubernetes.io/instance: ${release}`].map((l) => `${indent}${l}\n`).join('');
}

/** The objects one application of a rendered umbrella chart contributes, `helm template` style. */
function renderedApp(random: Random, chart: string, release: string, index: number): string[] {
  const app = `${pick(random, TEAMS)}-${pick(random, LANGUAGES)}-${String(index).padStart(4, '0')}`;
  const namespace = `ns-${index % 12}`;
  const meta = `metadata:\n  name: ${app}\n  namespace: ${namespace}\n  labels:\n    app.kubernetes.io/name: ${app}\n`;
  const source = (template: string) => `---\n# Source: ${chart}/templates/${template}.yaml\n`;
  const replicas = pick(random, [1, 2, 3, 3, 5]);
  const documents = [
    `${source('serviceaccount')}apiVersion: v1\nkind: ServiceAccount\n${meta}automountServiceAccountToken: false\n`,
    `${source('configmap')}apiVersion: v1\nkind: ConfigMap\n${meta}data:\n  LISTEN_ADDR: ":8080"\n  FEATURE_FLAGS: "${pick(random, ['a,b', 'b', 'c,d,e'])}"\n`,
    `${source('service')}apiVersion: v1\nkind: Service\n${meta}spec:\n  type: ClusterIP\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n  selector:\n${labels(app, release, '    ')}`,
    `${source('deployment')}apiVersion: apps/v1\nkind: Deployment\n${meta}spec:\n  replicas: ${replicas}\n` +
      `  selector:\n    matchLabels:\n${labels(app, release, '      ')}` +
      `  template:\n    metadata:\n      labels:\n${labels(app, release, '        ')}` +
      `    spec:\n      serviceAccountName: ${app}\n` +
      (random() < 0.5 ? `      terminationGracePeriodSeconds: ${pick(random, [10, 30, 60])}\n` : '') +
      `      containers:\n${container(random, app, '        ')}`,
  ];
  if (random() < 0.6) {
    documents.push(
      `${source('pdb')}apiVersion: policy/v1\nkind: PodDisruptionBudget\n${meta}spec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n${labels(app, release, '      ')}`,
    );
  }
  if (random() < 0.5) {
    documents.push(
      `${source('hpa')}apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n${meta}spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ${app}\n  minReplicas: ${replicas}\n  maxReplicas: ${replicas * 4}\n`,
    );
  }
  return documents;
}

/** A rendered chart (`helm template` of an umbrella chart) with `documents` documents. */
export function renderedChart(documents: number, seed = 1): string {
  const random = prng(seed);
  const out: string[] = [];
  for (let app = 0; out.length < documents; app++) out.push(...renderedApp(random, 'platform', 'prod', app));
  return out.slice(0, documents).join('');
}

/** Manifests that share their containers, probes and labels through anchors and merge keys. */
export function aliasHeavy(workloads: number, seed = 2): string {
  const random = prng(seed);
  const out = [
    '# Shared blocks: every workload below reuses them through aliases and << merges.\n' +
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n  labels: &common-labels\n    team: platform\n    tier: backend\n' +
      'data:\n  probe: &probe\n    httpGet:\n      path: /livez\n      port: http\n    periodSeconds: 10\n' +
      '  resources: &resources\n    requests:\n      cpu: 100m\n      memory: 128Mi\n' +
      '  env: &env\n    - name: LOG_LEVEL\n      value: info\n    - name: REGION\n      value: eu-west-1\n',
  ];
  for (let i = 0; i < workloads; i++) {
    const name = `aliased-${String(i).padStart(4, '0')}`;
    out.push(
      `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  labels: &labels-${i}\n    <<: *common-labels\n    app: ${name}\n` +
        `spec:\n  replicas: ${pick(random, [1, 2, 3])}\n  selector:\n    matchLabels: *labels-${i}\n  template:\n    metadata:\n      labels: *labels-${i}\n` +
        `    spec:\n      containers:\n        - &container-${i}\n          name: ${name}\n          image: registry.example.com/${name}:1.0\n` +
        `          ports:\n            - name: http\n              containerPort: 8080\n          env: *env\n          resources: *resources\n` +
        `          livenessProbe:\n            <<: *probe\n            initialDelaySeconds: ${pick(random, [0, 5, 60])}\n` +
        `          readinessProbe: *probe\n` +
        (i % 2 === 1 ? `        - <<: *container-${i - 1}\n          name: ${name}-sidecar\n` : ''),
    );
  }
  return out.join('');
}

/** A small everyday manifest: one Deployment and its Service, as people edit them by hand. */
export function everydayManifest(): string {
  return `# The web frontend.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      terminationGracePeriodSeconds: 30
      containers:
        - name: web
          image: registry.example.com/web:2.3.1
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
          livenessProbe:
            httpGet:
              path: /livez
              port: http
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
`;
}

/** A small everyday multi-stage Dockerfile. */
export function everydayDockerfile(variant = 0): string {
  const shellForm = variant % 3 === 0;
  return `# syntax=docker/dockerfile:1
FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app-${variant} ./cmd/app

FROM gcr.io/distroless/static-debian12
LABEL org.opencontainers.image.source="https://example.com/app-${variant}"
ENV APP_MODE=production
COPY --from=build /out/app-${variant} /app
USER 65532:65532
EXPOSE 8080
${shellForm ? `CMD /app --listen :8080` : `ENTRYPOINT ["/app"]\nCMD ["--listen", ":8080"]`}
`;
}

/** One service of the large workspace: its Dockerfile and `manifestsPerService` manifests. */
function serviceFiles(random: Random, service: number, manifestsPerService: number): Array<[string, string]> {
  const name = `svc-${String(service).padStart(4, '0')}`;
  const files: Array<[string, string]> = [[`services/${name}/Dockerfile`, everydayDockerfile(service)]];
  let documentIndex = 0;
  for (let m = 0; m < manifestsPerService; m++) {
    const documents = renderedApp(random, name, 'staging', service * 100 + documentIndex);
    documentIndex++;
    // Real repositories keep one object per file as often as several.
    const text = m % 2 === 0 ? documents[m % documents.length]!.replace(/^---\n/, '') : documents.join('');
    files.push([`services/${name}/k8s/${String(m).padStart(2, '0')}-${m % 2 === 0 ? 'object' : 'app'}.yaml`, text]);
  }
  return files;
}

/** The files of a workspace with `services` service folders, each with one Dockerfile. */
export function workspaceFiles(services: number, manifestsPerService: number, seed = 3): Array<[string, string]> {
  const random = prng(seed);
  const out: Array<[string, string]> = [];
  for (let s = 0; s < services; s++) out.push(...serviceFiles(random, s, manifestsPerService));
  return out;
}

/**
 * Where `npm run bench` writes its inputs: outside the repository, because the CLI
 * rightly skips what the enclosing repository's .gitignore ignores (bench/.work is).
 */
export const WORK_DIR = join(tmpdir(), 'graceful-bench');

/** The helm corpus whose CustomResourceDefinitions and rendered manifests the CRD-heavy tree copies. */
const HELM_CORPUS = join(__dirname, '../test/corpora/helm');

/** Size the CRD-heavy tree grows to: a chart repository such as prometheus-community's (17 MB, 884 YAML files). */
const CRD_TREE_BYTES = 20 * 1024 * 1024;

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? yamlFilesUnder(path) : /\.ya?ml$/.test(e.name) ? [path] : [];
  });
}

/**
 * A CRD-heavy tree in bench/.work/crd-tree: copies of the helm corpus's CRD files (`crds/`
 * folders) and rendered example manifests (`rendered/` folders, which hold workloads, RBAC,
 * ConfigMaps and CRDs too) until it reaches {@link CRD_TREE_BYTES}. No `Chart.yaml` is copied,
 * so nothing is rendered with helm: the CLI only reads, splits and parses. An empty `.git`
 * folder makes the tree a repository of its own, which the project's .gitignore (it ignores
 * bench/.work) does not reach.
 */
export function generateCrdTree(root = join(__dirname, '.work/crd-tree')): { root: string; bytes: number; files: number } {
  const sources = yamlFilesUnder(HELM_CORPUS)
    .filter((p) => /\/(?:crds|rendered)\//.test(p))
    .sort();
  const texts = sources.map((p) => [p.slice(HELM_CORPUS.length + 1), readFileSync(p, 'utf8')] as const);
  const perCopy = texts.reduce((n, [, t]) => n + Buffer.byteLength(t), 0);
  const copies = Math.max(1, Math.round(CRD_TREE_BYTES / perCopy));
  const stampPath = join(root, '.git/graceful-bench-stamp');
  const stamp = createHash('sha256').update(readFileSync(__filename)).update(JSON.stringify(texts)).digest('hex');
  const result = { root, bytes: perCopy * copies, files: texts.length * copies };
  if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) return result;
  rmSync(root, { recursive: true, force: true });
  const files: Array<[string, string]> = [];
  for (let copy = 0; copy < copies; copy++) {
    for (const [relative, text] of texts) files.push([`repo-${copy}/${relative}`, text]);
  }
  writeAll(root, files);
  mkdirSync(join(root, '.git'), { recursive: true });
  writeFileSync(stampPath, stamp);
  return result;
}

/** Each single-file input sits alone in its folder, the workspace a server is started on. */
export interface BenchInputs {
  /** The rendered chart: 1,800 documents, ~820 KB. */
  readonly chart: string;
  readonly aliases: string;
  readonly manifest: string;
  readonly dockerfile: string;
  /** Folder of 10,000 manifests and 500 Dockerfiles. */
  readonly workspace: string;
  /** Folder holding only a copy of `workspaceEditFile`: the one-file workspace to compare with. */
  readonly singleWorkspace: string;
  /** The file edited in both workspaces, relative to the workspace folder. */
  readonly workspaceEditFile: string;
}

/** Shape of the generated inputs; a change here regenerates them. */
const LAYOUT = { chartDocuments: 1800, aliasWorkloads: 400, services: 500, manifestsPerService: 20 };

function writeAll(root: string, files: Iterable<[string, string]>): void {
  const made = new Set<string>();
  for (const [relative, text] of files) {
    const path = join(root, relative);
    const dir = path.slice(0, path.lastIndexOf('/'));
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(path, text);
  }
}

/**
 * Writes every input under WORK_DIR, unless an identical set is already there
 * (a stamp holds the hash of this generator's source and layout).
 */
export function generateInputs(root = WORK_DIR): BenchInputs {
  const inputs: BenchInputs = {
    chart: join(root, 'inputs/chart/rendered-chart.yaml'),
    aliases: join(root, 'inputs/aliases/aliases.yaml'),
    manifest: join(root, 'inputs/everyday/deployment.yaml'),
    dockerfile: join(root, 'inputs/everyday/Dockerfile'),
    workspace: join(root, 'workspace-10k'),
    singleWorkspace: join(root, 'workspace-1'),
    workspaceEditFile: 'services/svc-0250/k8s/01-app.yaml',
  };
  const stampPath = join(root, 'stamp');
  const stamp = createHash('sha256').update(readFileSync(__filename)).update(JSON.stringify(LAYOUT)).digest('hex');
  if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) return inputs;
  for (const folder of ['inputs', inputs.workspace, inputs.singleWorkspace]) rmSync(resolve(root, folder), { recursive: true, force: true });
  writeAll(root, [
    ['inputs/chart/rendered-chart.yaml', renderedChart(LAYOUT.chartDocuments)],
    ['inputs/aliases/aliases.yaml', aliasHeavy(LAYOUT.aliasWorkloads)],
    ['inputs/everyday/deployment.yaml', everydayManifest()],
    ['inputs/everyday/Dockerfile', everydayDockerfile()],
  ]);
  const workspace = workspaceFiles(LAYOUT.services, LAYOUT.manifestsPerService);
  writeAll(inputs.workspace, workspace);
  writeAll(
    inputs.singleWorkspace,
    workspace.filter(([path]) => path === inputs.workspaceEditFile),
  );
  writeFileSync(stampPath, stamp);
  return inputs;
}
