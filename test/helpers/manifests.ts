/**
 * Builders for the Kubernetes manifests tests write again and again, as YAML
 * text in block style with 2-space indentation and indented sequences.
 *
 * Fragments are inserted verbatim at the column they document, so a test that
 * builds its input and its expected fix output from the same builder still
 * shows every line it adds at its real indentation. Tests whose point is the
 * layout itself (CRLF, 4-space, flush sequences, flow style, anchors, Helm
 * templates) write their text out instead.
 */

/** Labels or a selector's matchLabels, as `key: value` pairs. */
export type Labels = Record<string, string>;

/** `key: value` lines of a label map, at `column` spaces. */
function labelLines(labels: Labels, column: number): string {
  return Object.entries(labels)
    .map(([key, value]) => `${' '.repeat(column)}${key}: ${value}\n`)
    .join('');
}

/** Options of {@link deployment}; every part not asked for is left out. */
export interface DeploymentOptions {
  /** metadata.name, and the default container name and image; `web` by default. */
  name?: string;
  /** `Deployment` by default. */
  kind?: string;
  /** `apps/v1` by default. */
  apiVersion?: string;
  /** spec.replicas; a string is written as is (`'{{ .Values.replicas }}'`). */
  replicas?: number | string;
  /** Lines of the workload spec after replicas (strategy, minReadySeconds), at 2 spaces. */
  spec?: string;
  /** Shorthand for `selector` and `labels` both `{ app }`. */
  app?: string;
  /** spec.selector.matchLabels. */
  selector?: Labels;
  /** spec.template.metadata.labels. */
  labels?: Labels;
  /** Lines of the pod spec before `containers`, at 6 spaces. */
  podSpec?: string;
  /** Name of the single container; the workload's name by default. */
  container?: string;
  /** Image of the container; `example/<name>:1.0` by default. */
  image?: string;
  /** Lines of the container after its image, at 10 spaces; text after them may follow at any level. */
  fields?: string;
}

/**
 * A workload with one container:
 * `deployment({ replicas: 3, app: 'web', fields: containerPort(8080) })`.
 */
export function deployment(options: DeploymentOptions = {}): string {
  const name = options.name ?? 'web';
  const container = options.container ?? name;
  const selector = options.selector ?? (options.app === undefined ? undefined : { app: options.app });
  const labels = options.labels ?? (options.app === undefined ? undefined : { app: options.app });
  return (
    `apiVersion: ${options.apiVersion ?? 'apps/v1'}\nkind: ${options.kind ?? 'Deployment'}\nmetadata:\n  name: ${name}\nspec:\n` +
    (options.replicas === undefined ? '' : `  replicas: ${options.replicas}\n`) +
    (options.spec ?? '') +
    (selector ? `  selector:\n    matchLabels:\n${labelLines(selector, 6)}` : '') +
    '  template:\n' +
    (labels ? `    metadata:\n      labels:\n${labelLines(labels, 8)}` : '') +
    '    spec:\n' +
    (options.podSpec ?? '') +
    `      containers:\n        - name: ${container}\n          image: ${options.image ?? `example/${name}:1.0`}\n` +
    (options.fields ?? '')
  );
}

/** A container's `ports` with one containerPort, at the 10-space container level of {@link deployment}. */
export function containerPort(port: number): string {
  return `          ports:\n            - containerPort: ${port}\n`;
}

/** A lifecycle whose preStop hook is the native sleep action, at the 10-space container level of {@link deployment}. */
export function preStopSleep(seconds: number): string {
  return `          lifecycle:\n            preStop:\n              sleep:\n                seconds: ${seconds}\n`;
}

/** Options of {@link pdb}. */
export interface PdbOptions {
  /** `web` by default. */
  name?: string;
  namespace?: string;
  /** The budget line under spec; `maxUnavailable: 1` by default. */
  budget?: string;
  /** matchLabels, or the selector lines themselves at 2 spaces (`''` for none); `{ app: 'web' }` by default. */
  selector?: Labels | string;
}

/** A PodDisruptionBudget: `pdb({ budget: 'minAvailable: "100%"' })`. */
export function pdb(options: PdbOptions = {}): string {
  const selector = options.selector ?? { app: 'web' };
  return (
    `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${options.name ?? 'web'}\n` +
    (options.namespace === undefined ? '' : `  namespace: ${options.namespace}\n`) +
    `spec:\n  ${options.budget ?? 'maxUnavailable: 1'}\n` +
    (typeof selector === 'string' ? selector : `  selector:\n    matchLabels:\n${labelLines(selector, 6)}`)
  );
}

/** Options of {@link hpa}. */
export interface HpaOptions {
  /** `web` by default. */
  name?: string;
  /** Name of the Deployment it scales; `web` by default. */
  target?: string;
  /** spec.minReplicas, left out when absent; a string is written as is. */
  minReplicas?: number | string;
  /** 10 by default. */
  maxReplicas?: number;
}

/** A HorizontalPodAutoscaler of a Deployment: `hpa({ minReplicas: 3 })`. */
export function hpa(options: HpaOptions = {}): string {
  return (
    `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${options.name ?? 'web'}\nspec:\n` +
    `  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ${options.target ?? 'web'}\n` +
    (options.minReplicas === undefined ? '' : `  minReplicas: ${options.minReplicas}\n`) +
    `  maxReplicas: ${options.maxReplicas ?? 10}\n`
  );
}

/** A Service selecting `app: web` by default, with one port 80 (and its targetPort when given). */
export function service(options: { name?: string; selector?: Labels; targetPort?: number | string } = {}): string {
  return (
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${options.name ?? 'web'}\nspec:\n` +
    `  selector:\n${labelLines(options.selector ?? { app: 'web' }, 4)}` +
    `  ports:\n    - port: 80\n` +
    (options.targetPort === undefined ? '' : `      targetPort: ${options.targetPort}\n`)
  );
}

/** A kustomization listing `resources` (the key is left out when there are none) and `patches` by path, which makes those files fragments. */
export function kustomization(resources: string[], patches: string[]): string {
  const list = (items: string[]) => items.map((item) => `  - ${item}\n`).join('');
  return (
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n' +
    (resources.length > 0 ? `resources:\n${list(resources)}` : '') +
    `patches:\n${list(patches.map((p) => `path: ${p}`))}`
  );
}
