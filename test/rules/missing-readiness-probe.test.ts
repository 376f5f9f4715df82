import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deployment, kustomization, service as webService } from '../helpers/manifests';
import { anchorText, applyFix, findings, fixOnce, lint } from '../helpers/workspace';

const RULE = 'missing-readiness-probe';
const PATH = '/w/manifest.yaml';

/** A Deployment of two replicas whose container "web" has these fields after its image: by default, port 8080 named http. */
const web = (fields = '          ports:\n            - name: http\n              containerPort: 8080\n') =>
  deployment({ replicas: 2, labels: { app: 'web' }, image: 'web:1 # pinned', fields });

const DEPLOYMENT = web();

test('flags a serving container without readinessProbe, anchored at its name entry', () => {
  const [finding, ...rest] = lint(DEPLOYMENT, RULE);
  assert.equal(rest.length, 0);
  assert.equal(anchorText(DEPLOYMENT, finding!), 'name: web');
  assert.match(
    finding!.message,
    /Container "web" serves traffic \(it declares port 8080 and no Service in the workspace says otherwise\) but has no readinessProbe/,
  );
  assert.deepEqual(
    finding!.fixes?.map((f) => [f.title, f.preferred ?? false]),
    [
      ['Add a tcpSocket readinessProbe on port 8080', true],
      ['Add an httpGet readinessProbe of /readyz on port 8080', false],
    ],
  );
});

test('the fixes insert the probe at the end of the container, port as a number', () => {
  const files = { [PATH]: DEPLOYMENT };
  assert.equal(fixOnce(files, PATH, RULE), `${DEPLOYMENT}          readinessProbe:\n            tcpSocket:\n              port: 8080\n`);
  assert.equal(
    fixOnce(files, PATH, RULE, 'httpGet'),
    `${DEPLOYMENT}          readinessProbe:\n            httpGet:\n              path: /readyz\n              port: 8080\n`,
  );
  const custom = findings(files, PATH, RULE, { readinessPath: '/health/ready' })[0]!;
  assert.ok(custom.fixes?.some((f) => f.title === 'Add an httpGet readinessProbe of /health/ready on port 8080'));
});

test('is silent when a readinessProbe exists, also through an alias', () => {
  assert.deepEqual(lint(`${DEPLOYMENT}          readinessProbe:\n            tcpSocket:\n              port: 8080\n`, RULE), []);
  const aliased =
    DEPLOYMENT.replace('kind: Deployment\n', 'kind: Deployment\nx-probe: &probe\n  tcpSocket:\n    port: 8080\n') + '          readinessProbe: *probe\n';
  assert.deepEqual(lint(aliased, RULE), []);
});

test('is silent for Jobs, CronJobs, run-once Pods, init containers and native sidecars', () => {
  const job = DEPLOYMENT.replace('apps/v1', 'batch/v1').replace('kind: Deployment', 'kind: Job').replace('  replicas: 2\n', '');
  assert.deepEqual(lint(job, RULE), []);
  const pod = `apiVersion: v1
kind: Pod
metadata:
  name: once
spec:
  restartPolicy: OnFailure
  containers:
    - name: run
      image: run:1
      ports:
        - containerPort: 8080
`;
  assert.deepEqual(lint(pod, RULE), []);
  const sidecars = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: init:1
      ports:
        - containerPort: 9000
    - name: proxy
      image: proxy:1
      restartPolicy: Always
      ports:
        - containerPort: 15001
  containers:
    - name: worker
      image: worker:1
`;
  assert.deepEqual(lint(sidecars, RULE), []);
});

test("a container without ports is serving when a Service selects its pods; the fix probes the Service's target port", () => {
  const portless = web('');
  const service = webService({ targetPort: 8080 });
  const [finding, ...rest] = lint(`${portless}---\n${service}`, RULE);
  assert.equal(rest.length, 0);
  assert.match(finding!.message, /^Container "web" serves traffic \(Service "web" sends it traffic on port 8080\) but has no readinessProbe/);
  assert.ok(
    finding!.fixes!.some((f) => f.preferred && f.edits.some((e) => e.newText.includes('port: 8080'))),
    JSON.stringify(finding!.fixes),
  );
  const fixed = fixOnce({ [PATH]: `${portless}---\n${service}` }, PATH, RULE);
  assert.match(fixed, /readinessProbe:\n\s+tcpSocket:\n\s+port: 8080\n/);
  // A named targetPort means nothing without the container's ports: no port is guessed.
  const named = lint(`${portless}---\n${service.replace('targetPort: 8080', 'targetPort: http')}`, RULE);
  assert.deepEqual(named[0]!.fixes, []);
  const split = findings({ [PATH]: portless, '/w/service.yaml': service }, PATH, RULE);
  assert.equal(split.length, 1);
  assert.deepEqual(
    split[0]!.related?.map((r) => [r.path, service.slice(r.range.start, r.range.end)]),
    [['/w/service.yaml', 'kind']],
  );
  // A Service in another namespace, or none at all: not serving.
  assert.deepEqual(
    findings(
      {
        [PATH]: portless.replace('  name: web\n', '  name: web\n  namespace: a\n'),
        '/w/service.yaml': service.replace('  name: web\n', '  name: web\n  namespace: b\n'),
      },
      PATH,
      RULE,
    ),
    [],
  );
  assert.deepEqual(lint(portless, RULE), []);
});

test('anchors at the first key when the container has no name', () => {
  const text = DEPLOYMENT.replace('        - name: web\n          image: web:1 # pinned\n', '        - image: web:1 # pinned\n');
  const [finding] = lint(text, RULE);
  assert.equal(anchorText(text, finding!), 'image');
  assert.match(finding!.message, /^Container serves traffic \(it declares port 8080 and/);
});

test('Helm: silent when an included block may emit the probe, checked when the values are only templated', () => {
  const include =
    DEPLOYMENT.replace('          image: web:1 # pinned\n', '          image: "{{ .Values.image }}"\n') +
    '          {{- include "web.probes" . | nindent 10 }}\n';
  assert.deepEqual(lint(include, RULE, { path: '/w/chart/templates/deployment.yaml' }), []);
  const column0 = DEPLOYMENT + '{{ include "web.probes" . | nindent 10 }}\n';
  assert.deepEqual(lint(column0, RULE), []);
  const valuesOnly =
    DEPLOYMENT.replace('          image: web:1 # pinned\n', '          image: "{{ .Values.image }}"\n') +
    '      {{- with .Values.nodeSelector }}\n      nodeSelector: {{ toYaml . | nindent 8 }}\n      {{- end }}\n';
  assert.equal(lint(valuesOnly, RULE).length, 1);
  const templatedPort = DEPLOYMENT.replace('containerPort: 8080', 'containerPort: {{ .Values.port }}');
  assert.deepEqual(lint(templatedPort, RULE), []);
});

test('a kustomize patch is a fragment: silent', () => {
  const files = {
    '/w/overlay/kustomization.yaml': kustomization([], ['web.yaml']),
    '/w/overlay/web.yaml': DEPLOYMENT,
  };
  assert.deepEqual(findings(files, '/w/overlay/web.yaml', RULE), []);
});

test('keeps CRLF, 4-space indentation and flush sequences; flow-style containers get no fix', () => {
  const text = [
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata:',
    '    name: db',
    'spec:',
    '    template:',
    '        spec:',
    '            containers:',
    '            - name: db',
    '              image: db:1',
    '              ports:',
    '              - containerPort: 5432',
    '',
  ].join('\r\n');
  assert.equal(
    fixOnce({ [PATH]: text }, PATH, RULE),
    text + ['              readinessProbe:', '                  tcpSocket:', '                      port: 5432', ''].join('\r\n'),
  );
  const flow = DEPLOYMENT.replace(/        - name: web[\s\S]*$/, '        - {name: web, image: web:1, ports: [{containerPort: 8080}]}\n');
  const [finding] = lint(flow, RULE);
  assert.equal(anchorText(flow, finding!), 'name: web');
  assert.deepEqual(finding!.fixes, []);
});

test('a container shared through an alias gets the finding but no fix', () => {
  const text = `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: a
    spec:
      template:
        spec:
          containers:
            - &web
              name: web
              image: web:1
              ports:
                - containerPort: 8080
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: b
    spec:
      template:
        spec:
          containers:
            - *web
`;
  const found = lint(text, RULE);
  assert.equal(found.length, 2);
  for (const f of found) assert.deepEqual(f.fixes, []);
});

test('null is absent: `readinessProbe:` with no value is no probe, and the fix replaces it', () => {
  const text = DEPLOYMENT + '          readinessProbe:\n';
  assert.equal(lint(text, RULE).length, 1);
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), DEPLOYMENT + '          readinessProbe:\n            tcpSocket:\n              port: 8080\n');
  assert.equal(lint(DEPLOYMENT + '          readinessProbe: ~\n          lifecycle: {}\n', RULE).length, 1);
});

test('the fixes probe the traffic port, not a metrics port declared first', () => {
  const text = web(
    '          ports:\n            - name: metrics\n              containerPort: 9100\n            - name: http\n              containerPort: 8080\n',
  );
  const [finding] = lint(text, RULE);
  assert.match(finding!.message, /declares port 8080/);
  assert.match(fixOnce({ [PATH]: text }, PATH, RULE), /tcpSocket:\n\s+port: 8080\n/);
});

/** A readiness probe that repeats liveness is liveness-equals-readiness's finding: the fixes never write one. */
test('no fix adds a readiness probe that runs the liveness check (applied, then the file re-analysed)', () => {
  const ports = '          ports:\n            - name: http\n              containerPort: 8080\n';
  const cases: Array<{ name: string; liveness: string; fixes: Array<{ title: string; preferred?: boolean }> }> = [
    {
      name: 'liveness is a tcpSocket check of the port (by name): only the httpGet probe, preferred',
      liveness: '            tcpSocket:\n              port: http\n',
      fixes: [{ title: 'Add an httpGet readinessProbe of /readyz on port 8080', preferred: true }],
    },
    {
      name: 'liveness requests the readiness path on the port: only the tcpSocket probe',
      liveness: '            httpGet:\n              path: /readyz\n              port: 8080\n',
      fixes: [{ title: 'Add a tcpSocket readinessProbe on port 8080', preferred: true }],
    },
    {
      name: 'liveness checks another port: both',
      liveness: '            tcpSocket:\n              port: 9090\n',
      fixes: [{ title: 'Add a tcpSocket readinessProbe on port 8080', preferred: true }, { title: 'Add an httpGet readinessProbe of /readyz on port 8080' }],
    },
  ];
  const all = (text: string) =>
    findings({ [PATH]: text }, PATH)
      .map((f) => `${f.ruleId}: ${f.message}`)
      .sort();
  for (const c of cases) {
    const code = web(`${ports}          livenessProbe:\n${c.liveness}`);
    const [finding, ...others] = findings({ [PATH]: code }, PATH, RULE);
    assert.ok(finding && others.length === 0, c.name);
    assert.deepEqual(
      finding.fixes?.map((f) => ({ title: f.title, ...(f.preferred && { preferred: true }) })),
      c.fixes,
      c.name,
    );
    const before = all(code);
    for (const fix of finding.fixes ?? []) {
      // The finding gone, the file parsing and unchanged outside the edit (applyFix checks those), and no new finding.
      assert.deepEqual(
        all(applyFix({ [PATH]: code }, PATH, finding, fix)),
        before.filter((f) => f !== `${RULE}: ${finding.message}`),
        `${c.name}: ${fix.title}`,
      );
    }
  }
});
