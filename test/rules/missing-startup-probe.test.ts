import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as k8s from '../helpers/manifests';
import { anchorText, findings, fixOnce, lint } from '../helpers/workspace';

const RULE = 'missing-startup-probe';
const PATH = '/w/manifest.yaml';

/** A Deployment whose container has this liveness probe body (at 12 spaces) and then `resources`. */
function deployment(liveness: string, extra = ''): string {
  return k8s.deployment({ image: 'web:1', fields: `          livenessProbe:\n${liveness}${extra}          resources: {}\n` });
}

const HANDLER = '            httpGet: # process only\n              path: /livez\n              port: 8080\n';

test('flags a long initialDelaySeconds without startupProbe, anchored at the entry', () => {
  const text = deployment(`${HANDLER}            initialDelaySeconds: 60\n`);
  const [finding, ...rest] = lint(text, RULE);
  assert.equal(rest.length, 0);
  assert.equal(finding!.severity, 'info');
  assert.equal(anchorText(text, finding!), 'initialDelaySeconds: 60');
  assert.match(finding!.message, /waits 60 s/);
});

test('the fix adds a startupProbe with the same handler text and drops the delay', () => {
  const text = deployment(`${HANDLER}            initialDelaySeconds: 60\n            periodSeconds: 10\n`);
  const [finding] = lint(text, RULE);
  assert.deepEqual(finding!.fixes?.map((f) => [f.title, f.preferred]), [
    ['Add a startupProbe (every 5 s, up to 13 failures) and drop initialDelaySeconds from the liveness probe', true],
  ]);
  assert.equal(
    fixOnce({ [PATH]: text }, PATH, RULE),
    deployment(`${HANDLER}            periodSeconds: 10\n`, `          startupProbe:\n${HANDLER}            periodSeconds: 5\n            failureThreshold: 13\n`),
  );
});

test('the startupProbe keeps the liveness timeout and a shorter liveness period', () => {
  const exec = '            exec:\n              command:\n                - /bin/check\n                - --quick\n';
  const text = deployment(`${exec}            timeoutSeconds: 4\n            periodSeconds: 3\n            initialDelaySeconds: 30\n`);
  assert.equal(
    fixOnce({ [PATH]: text }, PATH, RULE),
    deployment(`${exec}            timeoutSeconds: 4\n            periodSeconds: 3\n`, `          startupProbe:\n${exec}            timeoutSeconds: 4\n            periodSeconds: 3\n            failureThreshold: 11\n`),
  );
});

test('respects slowStartSeconds and ignores short, templated or odd delays', () => {
  assert.deepEqual(lint(deployment(`${HANDLER}            initialDelaySeconds: 29\n`), RULE), []);
  assert.equal(lint(deployment(`${HANDLER}            initialDelaySeconds: 30\n`), RULE).length, 1);
  assert.deepEqual(findings({ [PATH]: deployment(`${HANDLER}            initialDelaySeconds: 60\n`) }, PATH, RULE, { slowStartSeconds: 90 }), []);
  assert.deepEqual(lint(deployment(`${HANDLER}            initialDelaySeconds: "60"\n`), RULE), []);
  assert.deepEqual(lint(deployment(`${HANDLER}            initialDelaySeconds: {{ .Values.delay }}\n`), RULE), []);
});

test('silent when a startupProbe exists or an included block may add one', () => {
  const withStartup = deployment(`${HANDLER}            initialDelaySeconds: 60\n`, `          startupProbe:\n${HANDLER}`);
  assert.deepEqual(lint(withStartup, RULE), []);
  const included = deployment(`${HANDLER}            initialDelaySeconds: 60\n`, '          {{- include "web.startupProbe" . | nindent 10 }}\n');
  assert.deepEqual(lint(included, RULE, { path: '/w/chart/templates/deployment.yaml' }), []);
});

test('applies to Jobs and native sidecars; a kustomize patch is silent', () => {
  const job = deployment(`${HANDLER}            initialDelaySeconds: 120\n`).replace('apps/v1', 'batch/v1').replace('kind: Deployment', 'kind: Job');
  assert.equal(lint(job, RULE).length, 1);
  const sidecar = deployment(`${HANDLER}            initialDelaySeconds: 45\n`).replace('      containers:\n', '      initContainers:\n').replace('          image: web:1\n', '          image: web:1\n          restartPolicy: Always\n');
  assert.equal(lint(sidecar, RULE).length, 1);
  const init = deployment(`${HANDLER}            initialDelaySeconds: 45\n`).replace('      containers:\n', '      initContainers:\n');
  assert.deepEqual(lint(init, RULE), []);
  const files = {
    '/w/overlay/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatchesStrategicMerge:\n  - web.yaml\n',
    '/w/overlay/web.yaml': deployment(`${HANDLER}            initialDelaySeconds: 60\n`),
  };
  assert.deepEqual(findings(files, '/w/overlay/web.yaml', RULE), []);
});

test('flow-style, aliased and merged probes get the finding but no fix', () => {
  const flow = deployment('            {httpGet: {path: /livez, port: 8080}, initialDelaySeconds: 60}\n');
  assert.deepEqual(lint(flow, RULE)[0]!.fixes, []);
  const aliased = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: a:1
      livenessProbe: &live
        tcpSocket:
          port: 8080
        initialDelaySeconds: 60
    - name: b
      image: b:1
      livenessProbe: *live
`;
  const found = lint(aliased, RULE);
  assert.equal(found.length, 2);
  for (const f of found) assert.deepEqual(f.fixes, []);
  const anchoredHandler = deployment(`            httpGet: &h\n              path: /livez\n              port: 8080\n            initialDelaySeconds: 60\n`);
  assert.deepEqual(lint(anchoredHandler, RULE)[0]!.fixes, []);
});

test('keeps CRLF, 4-space indentation and flush sequences, in a List', () => {
  const lines = [
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: apps/v1',
    '  kind: DaemonSet',
    '  metadata:',
    '      name: agent',
    '  spec:',
    '      template:',
    '          spec:',
    '              containers:',
    '              - name: agent',
    '                image: agent:1',
    '                livenessProbe:',
    '                    tcpSocket:',
    '                        port: 9000',
    '                    initialDelaySeconds: 40',
  ];
  const text = lines.join('\r\n');
  const expected = [
    ...lines.slice(0, -1),
    '                startupProbe:',
    '                    tcpSocket:',
    '                        port: 9000',
    '                    periodSeconds: 5',
    '                    failureThreshold: 9',
    '',
  ].join('\r\n');
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), expected);
});
