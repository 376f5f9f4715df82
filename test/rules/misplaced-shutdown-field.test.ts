import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerPort, deployment, kustomization, preStopSleep } from '../helpers/manifests';
import { anchorText, findings, fixOnce, lint } from '../helpers/workspace';

const PATH = '/w/manifest.yaml';
const RULE = 'misplaced-shutdown-field';

/** A Deployment whose container "web" has `fields` (at 10 spaces) after its image, and whose pod spec starts with `podSpec` (at 6). */
const web = (fields = '', podSpec = '') => deployment({ image: 'example/web:1.4', fields, podSpec });

/** The Deployment's head, for the texts that put fields where {@link web} cannot. */
const HEAD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
`;

test('terminationGracePeriodSeconds inside a container moves to the pod spec', () => {
  const text = web(`          terminationGracePeriodSeconds: 60 # long drains\n${containerPort(8080)}`);
  const [finding, ...rest] = lint(text, RULE);
  assert.equal(rest.length, 0);
  assert.equal(finding!.severity, 'error');
  assert.equal(anchorText(text, finding!), 'terminationGracePeriodSeconds');
  assert.equal(
    finding!.message,
    'terminationGracePeriodSeconds has no effect in container "web": Kubernetes drops or rejects it there, so the pod keeps the grace period of its pod spec (30 s by default). It belongs in the pod spec (spec.template.spec).',
  );
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), `${web(containerPort(8080))}      terminationGracePeriodSeconds: 60 # long drains\n`);
});

test("terminationGracePeriodSeconds in the Deployment's own spec or the template root moves to the pod spec", () => {
  const replicated = (spec = '') => deployment({ replicas: 2, spec, labels: { app: 'web' }, image: 'example/web:1.4' });
  const text = replicated('  terminationGracePeriodSeconds: 45\n');
  const [finding] = lint(text, RULE);
  assert.match(finding!.message, /has no effect in the Deployment's own spec/);
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), `${replicated()}      terminationGracePeriodSeconds: 45\n`);
  const inTemplate = web().replace('  template:\n', '  template:\n    terminationGracePeriodSeconds: 45\n');
  assert.match(lint(inTemplate, RULE)[0]!.message, /the pod template \(spec.template\), beside its metadata and spec/);
  assert.equal(fixOnce({ [PATH]: inTemplate }, PATH, RULE), `${web()}      terminationGracePeriodSeconds: 45\n`);
});

test('preStop directly under a container moves under a new lifecycle', () => {
  const text = `${HEAD}  template:
    spec:
      containers:
        - name: web
          preStop:
            sleep:
              seconds: 10
          image: example/web:1.4
`;
  const [finding] = lint(text, RULE);
  assert.equal(anchorText(text, finding!), 'preStop');
  assert.match(finding!.message, /the hook never runs\. It belongs in the lifecycle of container "web"\.$/);
  assert.equal(
    fixOnce({ [PATH]: text }, PATH, RULE),
    web(preStopSleep(10)),
  );
});

test('preStop beside an existing lifecycle joins it; beside a lifecycle that has one, no fix', () => {
  const postStart = `          lifecycle:
            postStart:
              exec:
                command: ["/bin/warm"]
`;
  const text = web(`${postStart}          preStop:
            exec:
              command: ["sleep", "5"]
`);
  assert.equal(
    fixOnce({ [PATH]: text }, PATH, RULE),
    web(`${postStart}            preStop:
              exec:
                command: ["sleep", "5"]
`),
  );
  const taken = text.replace('            postStart:', '            preStop:');
  const [finding] = lint(taken, RULE);
  assert.ok(finding);
  assert.equal(finding.fixes, undefined);
});

test('a pod-level probe moves into the only container', () => {
  const text = web(
    '',
    `      readinessProbe:
        httpGet:
          path: /readyz
          port: 8080
`,
  );
  const [finding] = lint(text, RULE);
  assert.equal(anchorText(text, finding!), 'readinessProbe');
  assert.match(finding!.message, /the kubelet never runs this probe\. It belongs in the container\.$/);
  assert.equal(
    fixOnce({ [PATH]: text }, PATH, RULE),
    web(`          readinessProbe:
            httpGet:
              path: /readyz
              port: 8080
`),
  );
});

test('a pod-level probe or lifecycle gets no fix when the container is ambiguous or already has one', () => {
  const two = web(
    '        - name: proxy\n          image: example/proxy:1\n',
    `      livenessProbe:
        tcpSocket:
          port: 8080
`,
  );
  const [ambiguous] = lint(two, RULE);
  assert.ok(ambiguous);
  assert.equal(ambiguous.fixes, undefined);
  const taken = web(
    `          lifecycle:
            postStart:
              exec:
                command: ["/bin/warm"]
`,
    `      lifecycle:
        preStop:
          sleep:
            seconds: 5
`,
  );
  const [withLifecycle] = lint(taken, RULE);
  assert.match(withLifecycle!.message, /^lifecycle has no effect in the pod spec \(spec.template.spec\): Kubernetes drops or rejects it there, so its hooks never run/);
  assert.equal(withLifecycle!.fixes, undefined);
});

test('a pod-level lifecycle moves into the only container', () => {
  const text = web(`      lifecycle:
        preStop:
          sleep:
            seconds: 5
`);
  assert.equal(
    fixOnce({ [PATH]: text }, PATH, RULE),
    web(preStopSleep(5)),
  );
});

test('a probe under lifecycle moves up to the container; a lifecycle it leaves empty goes too', () => {
  const probe = `          readinessProbe:
            tcpSocket:
              port: 8080
`;
  const text = web(`          lifecycle:
            readinessProbe:
              tcpSocket:
                port: 8080
${containerPort(8080)}`);
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), web(containerPort(8080) + probe));
  const hook = preStopSleep(5);
  const withHook = text.replace('          lifecycle:\n', hook);
  assert.equal(fixOnce({ [PATH]: withHook }, PATH, RULE), web(hook + containerPort(8080) + probe));
});

test('two fields competing for the same destination get no fix; a taken destination neither', () => {
  const two = web(`          terminationGracePeriodSeconds: 60
        - name: proxy
          image: example/proxy:1
          terminationGracePeriodSeconds: 20
`);
  const found = lint(two, RULE);
  assert.equal(found.length, 2);
  assert.ok(found.every((f) => f.fixes === undefined));
  const taken = web('          terminationGracePeriodSeconds: 60\n', '      terminationGracePeriodSeconds: 30\n');
  const [finding] = lint(taken, RULE);
  assert.ok(finding);
  assert.equal(finding.fixes, undefined);
});

test('init containers and CronJob levels are checked too', () => {
  const cron = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      terminationGracePeriodSeconds: 120
      template:
        spec:
          restartPolicy: OnFailure
          initContainers:
            - name: wait
              image: example/wait:1
              terminationGracePeriodSeconds: 5
          containers:
            - name: report
              image: example/report:1
`;
  const found = lint(cron, RULE);
  assert.deepEqual(
    found.map((f) => f.message.split(':')[0]),
    ['terminationGracePeriodSeconds has no effect in spec.jobTemplate.spec', 'terminationGracePeriodSeconds has no effect in init container "wait"'],
  );
  assert.ok(found.every((f) => f.fixes === undefined), 'two candidates for the pod-level field');
});

test('silent for fields at their right level, including a probe-level terminationGracePeriodSeconds', () => {
  const text = web(
    `          lifecycle:
            preStop:
              sleep:
                seconds: 10
          livenessProbe:
            httpGet:
              path: /livez
              port: 8080
            terminationGracePeriodSeconds: 10
`,
    '      terminationGracePeriodSeconds: 45\n',
  );
  assert.deepEqual(lint(text, RULE), []);
});

test('fires in a kustomize patch; moves into a container are not offered there', () => {
  const patch = `${HEAD}  template:
    spec:
      readinessProbe:
        tcpSocket:
          port: 8080
      containers:
        - name: web
          terminationGracePeriodSeconds: 60
`;
  const files = { '/w/kustomization.yaml': kustomization(['deployment.yaml'], ['patch.yaml']), '/w/patch.yaml': patch };
  const found = findings(files, '/w/patch.yaml', RULE);
  assert.deepEqual(found.map((f) => anchorText(patch, f)), ['readinessProbe', 'terminationGracePeriodSeconds']);
  assert.equal(found[0]!.fixes, undefined, 'the patch may list only some containers');
  assert.ok(found[1]!.fixes?.[0]);
});

test('CRLF and 4-space flush style are kept when moving', () => {
  const text = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '    name: web',
    'spec:',
    '    template:',
    '        spec:',
    '            containers:',
    '            - name: web',
    '              image: example/web:1.4',
    '              preStop:',
    '                  exec:',
    '                      command:',
    '                      - sleep',
    '                      - "5"',
    '              ports:',
    '              - containerPort: 8080',
    '',
  ].join('\r\n');
  assert.equal(
    fixOnce({ [PATH]: text }, PATH, RULE),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '    name: web',
      'spec:',
      '    template:',
      '        spec:',
      '            containers:',
      '            - name: web',
      '              image: example/web:1.4',
      '              ports:',
      '              - containerPort: 8080',
      '              lifecycle:',
      '                  preStop:',
      '                      exec:',
      '                          command:',
      '                          - sleep',
      '                          - "5"',
      '',
    ].join('\r\n'),
  );
});

test('flow style, a first-item key and templated values get the finding but no fix', () => {
  const flow = `${HEAD}  template:
    spec:
      containers: [{name: web, image: "example/web:1.4", terminationGracePeriodSeconds: 60}]
`;
  const [inFlow] = lint(flow, RULE);
  assert.equal(anchorText(flow, inFlow!), 'terminationGracePeriodSeconds');
  assert.equal(inFlow!.fixes, undefined);
  const first = `${HEAD}  template:
    spec:
      containers:
        - terminationGracePeriodSeconds: 60
          name: web
          image: example/web:1.4
`;
  const [firstItem] = lint(first, RULE);
  assert.ok(firstItem);
  assert.equal(firstItem.fixes, undefined);
  const templated = web('          terminationGracePeriodSeconds: {{ .Values.grace }}\n');
  const [helm] = lint(templated, RULE);
  assert.ok(helm);
  assert.equal(helm.fixes, undefined);
});

test('a misplaced value with an anchor is not moved', () => {
  const text = web(
    '          livenessProbe: *probe\n',
    `      readinessProbe: &probe
        tcpSocket:
          port: 8080
`,
  );
  const [finding] = lint(text, RULE);
  assert.equal(anchorText(text, finding!), 'readinessProbe');
  assert.equal(finding!.fixes, undefined);
});

test('a field at the top level of the object, beside metadata, is found and moved into the pod spec', () => {
  const pod = `apiVersion: v1
kind: Pod
metadata:
  name: standalone
terminationGracePeriodSeconds: 60
spec:
  containers:
    - name: app
      image: example/app:1.0
`;
  const [finding, ...rest] = lint(pod, RULE);
  assert.equal(rest.length, 0);
  assert.equal(anchorText(pod, finding!), 'terminationGracePeriodSeconds');
  assert.match(finding!.message, /no effect in the top level of the Pod, beside its metadata/);
  assert.equal(
    fixOnce({ [PATH]: pod }, PATH, RULE),
    `apiVersion: v1
kind: Pod
metadata:
  name: standalone
spec:
  containers:
    - name: app
      image: example/app:1.0
  terminationGracePeriodSeconds: 60
`,
  );
  const topLevel = `${web()}livenessProbe:
  tcpSocket:
    port: 8080
`;
  const [probe] = lint(topLevel, RULE);
  assert.equal(anchorText(topLevel, probe!), 'livenessProbe');
});
