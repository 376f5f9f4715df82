import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerPort, deployment, kustomization, preStopSleep, service as webService } from '../helpers/manifests';
import { anchorText, findings, fixOnce, lint, workspace } from '../helpers/workspace';

const PATH = '/w/manifest.yaml';
const RULE = 'missing-prestop';

const WEB = deployment({ replicas: 2, labels: { app: 'web' }, container: 'web # the app', image: 'example/web:1.4', fields: containerPort(8080) });

/** What the fix inserts at the end of container "web" of {@link WEB}. */
const SLEEP_15 = preStopSleep(15);

test('a serving container without preStop is flagged at its name entry', () => {
  const [finding, ...rest] = lint(WEB, RULE);
  assert.equal(rest.length, 0);
  assert.equal(anchorText(WEB, finding!), 'name: web');
  assert.equal(finding!.severity, 'warning');
  assert.match(
    finding!.message,
    /Container "web" serves traffic \(it declares port 8080 and no Service in the workspace says otherwise\) but has no preStop hook/,
  );
});

test('the fix inserts the native sleep action; the default 30 s grace period already covers 15 s + 15 s', () => {
  assert.equal(fixOnce({ [PATH]: WEB }, PATH, RULE), WEB + SLEEP_15);
});

test('before Kubernetes 1.30 the fix uses exec of sleep', () => {
  const files = { [PATH]: WEB };
  const [finding] = findings(files, PATH, RULE, { kubernetesVersion: '1.29' });
  const fix = finding!.fixes![0]!;
  assert.match(fix.title, /exec sleep/);
  assert.equal(fix.edits.length, 1);
  assert.equal(
    fix.edits[0]!.newText,
    `          lifecycle:
            preStop:
              exec:
                command: ["sleep", "15"]
`,
  );
});

test('the fix raises the grace period to cover the sleep plus a detected app timeout', () => {
  const text =
    WEB.replace('    spec:\n      containers:', '    spec:\n      terminationGracePeriodSeconds: 20\n      containers:') +
    '          args: ["--graceful-timeout", "40"]\n';
  const fixed = fixOnce({ [PATH]: text }, PATH, RULE);
  assert.match(fixed, /terminationGracePeriodSeconds: 55\n/);
  assert.match(fixed, /args: \["--graceful-timeout", "40"\]\n {10}lifecycle:\n {12}preStop:\n {14}sleep:\n {16}seconds: 15\n$/);
});

test('the fix inserts terminationGracePeriodSeconds after the last container when it is absent', () => {
  const fixed = fixOnce({ [PATH]: WEB }, PATH, RULE);
  assert.ok(!fixed.includes('terminationGracePeriodSeconds'));
  const settings = { drainSeconds: 45 };
  const [finding] = findings({ [PATH]: WEB }, PATH, RULE, settings);
  const fix = finding!.fixes![0]!;
  assert.match(fix.title, /set terminationGracePeriodSeconds to 60/);
  // One insertion: the hook into the last container, then the pod-level field, in that order.
  assert.equal(fix.edits.length, 1);
  assert.equal(
    fix.edits[0]!.newText,
    `${SLEEP_15}      terminationGracePeriodSeconds: 60
`,
  );
});

test('an existing lifecycle keeps its postStart and gets preStop added', () => {
  const text =
    WEB +
    `          lifecycle:
            postStart:
              exec:
                command: ["/bin/warm-cache"]
`;
  assert.equal(
    fixOnce({ [PATH]: text }, PATH, RULE),
    text +
      `            preStop:
              sleep:
                seconds: 15
`,
  );
});

test('a container without a name is anchored at its first key', () => {
  const text = WEB.replace('        - name: web # the app\n          image: example/web:1.4', '        - image: example/web:1.4');
  const [finding] = lint(text, RULE);
  assert.equal(anchorText(text, finding!), 'image');
  assert.match(finding!.message, /^This container serves traffic/);
});

test('a single container selected by a Service serves traffic, with the Service as related information', () => {
  const deployment = WEB.replace('          ports:\n            - containerPort: 8080\n', '');
  const service = webService();
  const files = { [PATH]: deployment, '/w/service.yaml': service };
  const [finding] = findings(files, PATH, RULE);
  assert.match(finding!.message, /Service "web" sends it traffic on port 80\)/);
  assert.equal(finding!.related?.[0]?.path, '/w/service.yaml');
  assert.equal(service.slice(finding!.related![0]!.range.start, finding!.related![0]!.range.end), 'kind');
  assert.deepEqual(findings({ [PATH]: deployment, '/w/service.yaml': service.replace('  selector:\n    app: web\n', '') }, PATH, RULE), []);
  assert.deepEqual(findings({ [PATH]: deployment, '/w/service.yaml': service.replace('app: web', 'app: other') }, PATH, RULE), []);
  assert.deepEqual(lint(deployment, RULE), [], 'no port and no Service: not serving');
});

test('silent for Jobs, CronJobs, run-once Pods, init containers and native sidecars', () => {
  const job = deployment({
    apiVersion: 'batch/v1',
    kind: 'Job',
    name: 'migrate',
    podSpec: '      restartPolicy: Never\n',
    image: 'example/migrate:1',
    fields: containerPort(8080),
  });
  assert.deepEqual(lint(job, RULE), []);
  const cron = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: report
              image: example/report:1
              ports:
                - containerPort: 8080
`;
  assert.deepEqual(lint(cron, RULE), []);
  const pod = `apiVersion: v1
kind: Pod
metadata:
  name: once
spec:
  restartPolicy: Never
  containers:
    - name: once
      image: example/once:1
      ports:
        - containerPort: 8080
`;
  assert.deepEqual(lint(pod, RULE), []);
  assert.equal(lint(pod.replace('Never', 'Always'), RULE).length, 1, 'a restarting Pod is long-running');
  const sidecars = WEB.replace(
    '      containers:',
    `      initContainers:
        - name: proxy
          image: example/proxy:1
          restartPolicy: Always
          ports:
            - containerPort: 15001
        - name: init
          image: example/init:1
          ports:
            - containerPort: 9000
      containers:`,
  );
  assert.deepEqual(
    lint(sidecars, RULE).map((f) => anchorText(sidecars, f)),
    ['name: web'],
  );
});

test('silent when the container already has a preStop hook of any kind', () => {
  const text =
    WEB +
    `          lifecycle:
            preStop:
              httpGet:
                path: /drain
                port: 8080
`;
  assert.deepEqual(lint(text, RULE), []);
});

test('silent when a Helm template may supply the lifecycle', () => {
  const text = WEB.replace(
    '          ports:',
    '          {{- with .Values.lifecycle }}\n          lifecycle: {{ toYaml . | nindent 12 }}\n          {{- end }}\n          ports:',
  );
  assert.deepEqual(lint(text, RULE, { path: '/w/chart/templates/deployment.yaml' }), []);
});

test('silent when the lifecycle key is written and a directive line under it supplies the value', () => {
  const text = WEB.replace(
    '          ports:',
    '          {{- with .Values.lifecycle }}\n          lifecycle:\n            {{- toYaml . | nindent 12 }}\n          {{- end }}\n          ports:',
  );
  assert.deepEqual(lint(text, RULE, { path: '/w/chart/templates/deployment.yaml' }), []);
  // Outside a template an empty lifecycle is just empty: still no preStop.
  assert.equal(lint(WEB.replace('          ports:', '          lifecycle:\n          ports:'), RULE).length, 1);
});

test('silent when a template directive after the last key may add the lifecycle; a lower-level one does not count', () => {
  const include = WEB + '          {{- include "web.lifecycle" . | nindent 10 }}\n';
  assert.deepEqual(lint(include, RULE, { path: '/w/chart/templates/deployment.yaml' }), []);
  const podLevel = WEB + '      {{- with .Values.tolerations }}\n      tolerations: {{ toYaml . | nindent 8 }}\n      {{- end }}\n';
  assert.equal(lint(podLevel, RULE, { path: '/w/chart/templates/deployment.yaml' }).length, 1);
});

test('a Helm template whose templated values cannot add a lifecycle is still checked and fixed', () => {
  const path = '/w/chart/templates/deployment.yaml';
  const text = WEB.replace('image: example/web:1.4', 'image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"').replace(
    '  replicas: 2',
    '  replicas: {{ .Values.replicas }}',
  );
  assert.equal(lint(text, RULE, { path }).length, 1);
  assert.equal(fixOnce({ [path]: text }, path, RULE), text + SLEEP_15);
});

test('a templated grace period gives the finding without a fix', () => {
  const text = WEB.replace('    spec:\n      containers:', '    spec:\n      terminationGracePeriodSeconds: {{ .Values.grace }}\n      containers:');
  const [finding] = lint(text, RULE);
  assert.ok(finding);
  assert.equal(finding.fixes, undefined);
});

test('silent in a kustomize patch, which is only a fragment', () => {
  const files = { '/w/kustomization.yaml': kustomization(['deployment.yaml'], ['patch.yaml']), '/w/patch.yaml': WEB };
  assert.deepEqual(findings(files, '/w/patch.yaml', RULE), []);
});

test('items of a kind: List are checked', () => {
  const list = `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      template:
        spec:
          containers:
            - name: web
              image: example/web:1.4
              ports:
                - containerPort: 8080
`;
  assert.equal(
    fixOnce({ [PATH]: list }, PATH, RULE),
    list +
      `              lifecycle:
                preStop:
                  sleep:
                    seconds: 15
`,
  );
});

test('CRLF line endings are kept', () => {
  const text = WEB.replace(/\n/g, '\r\n');
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE, undefined), text + SLEEP_15.replace(/\n/g, '\r\n'));
});

test('4-space indentation with flush sequences is kept', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
    name: web
spec:
    template:
        spec:
            containers:
            - name: web
              image: example/web:1.4
              ports:
              - containerPort: 8080
            terminationGracePeriodSeconds: 10
`;
  assert.equal(
    fixOnce({ [PATH]: text }, PATH, RULE),
    `apiVersion: apps/v1
kind: Deployment
metadata:
    name: web
spec:
    template:
        spec:
            containers:
            - name: web
              image: example/web:1.4
              ports:
              - containerPort: 8080
              lifecycle:
                  preStop:
                      sleep:
                          seconds: 15
            terminationGracePeriodSeconds: 30
`,
  );
});

test('a file without a final newline gets a well-formed insertion', () => {
  const text = WEB.slice(0, -1);
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), `${text}\n${SLEEP_15}`);
});

test('flow-style (KYAML) containers get the finding but no fix', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers: [{name: web, image: "example/web:1.4", ports: [{containerPort: 8080}]}]
`;
  const [finding] = lint(text, RULE);
  assert.equal(anchorText(text, finding!), 'name: web');
  assert.equal(finding!.fixes, undefined);
});

test('a lifecycle shared through an alias is not edited', () => {
  const text = deployment({
    image: 'example/web:1.4',
    fields: `${containerPort(8080)}          lifecycle: &hooks
            postStart:
              exec:
                command: ["/bin/warm"]
        - name: worker
          image: example/web:1.4
${containerPort(9090)}          lifecycle: *hooks
`,
  });
  const found = lint(text, RULE);
  assert.equal(found.length, 2);
  assert.ok(found.every((f) => f.fixes === undefined));
});

test('a second document is anchored in file offsets', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\n' + WEB;
  const [finding] = lint(text, RULE);
  assert.equal(anchorText(text, finding!), 'name: web');
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), text + SLEEP_15);
});

// RULES.md's *Traffic port* and *Serving container*.
const namedPort = (name: string, port = 9100) => `          ports:\n            - name: ${name}\n              containerPort: ${port}\n`;
const EXPORTER = deployment({ name: 'exporter', app: 'exporter', fields: namedPort('metrics') });

test('a port named for metrics, health or profiling is not a traffic port; any other name and no name are', () => {
  for (const name of ['metrics', 'http-metrics', 'prometheus', 'prom', 'monitoring', 'health', 'healthz', 'probe', 'probes', 'pprof', 'debug', 'profiler']) {
    assert.deepEqual(lint(deployment({ app: 'a', fields: namedPort(name) }), RULE), [], name);
  }
  for (const name of ['http', 'grpc', 'metrics-http', 'web']) assert.equal(lint(deployment({ app: 'a', fields: namedPort(name, 8080) }), RULE).length, 1, name);
  assert.equal(lint(deployment({ app: 'a', fields: containerPort(8080) }), RULE).length, 1);
});

test('with Services in the namespace, a pod that none selects serves nothing (a metrics exporter, a controller)', () => {
  const other = webService({ name: 'web', selector: { app: 'web' } });
  assert.deepEqual(findings({ [PATH]: EXPORTER, '/w/web-service.yaml': other }, PATH, RULE), []);
  // Even an unnamed port: the workspace holds Services, none for this pod.
  const lone = deployment({ name: 'api', app: 'api', fields: containerPort(8080) });
  assert.deepEqual(findings({ [PATH]: lone, '/w/web-service.yaml': other }, PATH, RULE), []);
  // A Service in another namespace does not count: the lone pod still declares a traffic port.
  const elsewhere = other.replace('  name: web\n', '  name: web\n  namespace: other\n');
  assert.equal(findings({ [PATH]: lone.replace('  name: api\n', '  name: api\n  namespace: shop\n'), '/w/web-service.yaml': elsewhere }, PATH, RULE).length, 1);
});

test('a Service selects the pod only when every selector key is among its labels; ExternalName selects nothing', () => {
  const web = deployment({ app: 'web', fields: namedPort('http', 8080) });
  assert.equal(findings({ [PATH]: web, '/w/s.yaml': webService({ targetPort: 'http' }) }, PATH, RULE).length, 1);
  assert.deepEqual(findings({ [PATH]: web, '/w/s.yaml': webService({ selector: { app: 'web', tier: 'front' } }) }, PATH, RULE), []);
  const external = webService().replace('spec:\n', 'spec:\n  type: ExternalName\n  externalName: web.example.com\n');
  assert.deepEqual(findings({ [PATH]: web, '/w/s.yaml': external }, PATH, RULE), []);
});

test('the Service must target a traffic port of the container, by number or by name', () => {
  const two = deployment({
    app: 'web',
    fields: `          ports:\n            - name: http\n              containerPort: 8080\n            - name: metrics\n              containerPort: 9100\n`,
  });
  const files = (targetPort: number | string) => ({ [PATH]: two, '/w/s.yaml': webService({ targetPort }) });
  assert.match(findings(files('http'), PATH, RULE)[0]!.message, /Service "web" sends it traffic on port 8080\)/);
  assert.equal(findings(files(8080), PATH, RULE).length, 1);
  assert.deepEqual(findings(files('metrics'), PATH, RULE), []);
  assert.deepEqual(findings(files(9100), PATH, RULE), []);
  // A target no container declares cannot be resolved: the only regular container gets it.
  assert.equal(findings(files(7000), PATH, RULE).length, 1);
  // With a second regular container an unresolved target names neither; a resolved one names its container.
  const sidecar = two + '        - name: proxy\n          image: example/proxy:1.0\n          ports:\n            - containerPort: 7000\n';
  assert.deepEqual(findings({ [PATH]: sidecar, '/w/s.yaml': webService({ targetPort: 7001 }) }, PATH, RULE), []);
  assert.deepEqual(
    findings({ [PATH]: sidecar, '/w/s.yaml': webService({ targetPort: 7000 }) }, PATH, RULE).map((f) => anchorText(sidecar, f)),
    ['name: proxy'],
  );
});

test('kustomize commonLabels are written into the selectors and pod templates of the resources it lists', () => {
  const files = {
    '/w/base/kustomization.yaml':
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncommonLabels:\n  app: grafana\nresources:\n  - deployment.yaml\n  - service.yaml\n',
    '/w/base/deployment.yaml': deployment({ name: 'grafana', fields: containerPort(3000) }),
    '/w/base/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: grafana\nspec:\n  ports:\n    - port: 3000\n',
  };
  assert.match(findings(files, '/w/base/deployment.yaml', RULE)[0]!.message, /Service "grafana" sends it traffic on port 3000/);
  // Without the kustomization the Service selects nothing, and the pod is not served.
  const { ['/w/base/kustomization.yaml']: _, ...plain } = files;
  assert.deepEqual(findings(plain, '/w/base/deployment.yaml', RULE), []);
});

test('null is absent: `lifecycle:` or `preStop: ~` is no hook, and the fix replaces the null key', () => {
  const nullLifecycle = WEB + '          lifecycle:\n';
  const [finding] = lint(nullLifecycle, RULE);
  assert.ok(finding);
  assert.equal(fixOnce({ [PATH]: nullLifecycle }, PATH, RULE), WEB + SLEEP_15);
  const nullPreStop = WEB + '          lifecycle:\n            preStop: ~\n';
  assert.equal(fixOnce({ [PATH]: nullPreStop }, PATH, RULE), WEB + SLEEP_15);
  // A Helm template line that fills `lifecycle:` is unknown, not null.
  assert.deepEqual(lint(WEB + '          lifecycle:\n            {{- toYaml .Values.lifecycle | nindent 12 }}\n', RULE), []);
});

test('editing the workspace updates the verdict: a Service added elsewhere, its selector, kustomize labels', () => {
  const api = deployment({ name: 'api', fields: containerPort(8080) });
  const analyzer = workspace({ [PATH]: api });
  const count = () => analyzer.analyze(PATH, DEFAULT_SETTINGS)!.findings.filter((f) => f.ruleId === RULE).length;
  assert.equal(count(), 1, 'no Service at all: the declared port is all there is');
  analyzer.setFile('/w/s.yaml', webService({ name: 'api', selector: { app: 'api' } }));
  assert.equal(count(), 0, 'Services exist and none selects the unlabelled pod');
  analyzer.setFile(
    '/w/kustomization.yaml',
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncommonLabels:\n  app: api\nresources:\n  - manifest.yaml\n  - s.yaml\n',
  );
  assert.equal(count(), 1, 'kustomize labels the pod as the Service selects');
  analyzer.setFile('/w/s.yaml', webService({ name: 'api', selector: { app: 'api', tier: 'x' } }));
  assert.equal(count(), 0);
  analyzer.removeFile('/w/s.yaml');
  assert.equal(count(), 1);
});

test('an empty lifecycle: {} (as charts print an empty values map) is rewritten as a block holding the hook', () => {
  const text = `${WEB}          lifecycle: {}\n          imagePullPolicy: Always\n`;
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), `${WEB}${SLEEP_15}          imagePullPolicy: Always\n`);
  // Rendered output puts the {} on its own line.
  const rendered = `${WEB}          lifecycle:\n            {}\n`;
  assert.equal(fixOnce({ [PATH]: rendered }, PATH, RULE), WEB + SLEEP_15);
});
