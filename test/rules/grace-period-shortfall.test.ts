import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as k8s from '../helpers/manifests';
import { anchorText, findings, fixOnce, lint } from '../helpers/workspace';

const PATH = '/w/manifest.yaml';
const RULE = 'grace-period-shortfall';

/** A Deployment whose pod spec starts with `podFields` and whose container ends with `containerFields`. */
function deployment(podFields: string, containerFields: string): string {
  return k8s.deployment({ podSpec: podFields, image: 'example/web:1.4', fields: containerFields });
}

test('warning when the preStop leaves less than the drain budget, with the arithmetic in the message', () => {
  const text = deployment('', k8s.preStopSleep(20));
  const [finding, ...rest] = lint(text, RULE);
  assert.equal(rest.length, 0);
  assert.equal(finding!.severity, 'warning');
  assert.equal(anchorText(text, finding!), 'preStop', 'no terminationGracePeriodSeconds: anchored at the hook');
  assert.equal(
    finding!.message,
    'preStop sleeps 20 s of the 30 s grace period (the default), leaving 10 s for the app to drain; it needs 15 s (drainSeconds), so SIGKILL cuts the drain short.',
  );
});

test('the fix inserts terminationGracePeriodSeconds: P + R at pod-spec level', () => {
  const text = deployment('', k8s.preStopSleep(20));
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), text + '      terminationGracePeriodSeconds: 35\n');
});

test('anchored at terminationGracePeriodSeconds when present, with the hook as related information; the fix replaces the value', () => {
  const text = deployment('      terminationGracePeriodSeconds: 25 # seconds\n', k8s.preStopSleep(20));
  const [finding] = lint(text, RULE);
  assert.equal(anchorText(text, finding!), 'terminationGracePeriodSeconds');
  assert.equal(finding!.related?.length, 1);
  assert.equal(text.slice(finding!.related![0]!.range.start, finding!.related![0]!.range.end), 'preStop');
  assert.match(finding!.related![0]!.message, /container "web" sleeps 20 s/);
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), text.replace('25 # seconds', '35 # seconds'));
});

test('silent when the grace period is not a literal number', () => {
  assert.deepEqual(lint(deployment('      terminationGracePeriodSeconds: "25"\n', k8s.preStopSleep(20)), RULE), []);
});

test('error when the preStop uses up the grace period', () => {
  const text = deployment('      terminationGracePeriodSeconds: 30\n', k8s.preStopSleep(30));
  const [finding] = lint(text, RULE);
  assert.equal(finding!.severity, 'error');
  assert.match(finding!.message, /preStop sleeps 30 s, which uses up the 30 s grace period: the app gets SIGTERM only when it is over and SIGKILL 2 s later/);
  assert.doesNotMatch(finding!.message, /rejects/);
  const longer = deployment('      terminationGracePeriodSeconds: 10\n', k8s.preStopSleep(20));
  assert.match(lint(longer, RULE)[0]!.message, /The API server also rejects a sleep action longer than the grace period/);
  assert.equal(fixOnce({ [PATH]: longer }, PATH, RULE), longer.replace('Seconds: 10', 'Seconds: 35'));
});

test('error when the grace period is 0: the hook is skipped altogether', () => {
  const text = deployment('      terminationGracePeriodSeconds: 0\n', '          ports:\n            - containerPort: 8080\n');
  const [finding] = lint(text, RULE);
  assert.equal(finding!.severity, 'error');
  assert.match(finding!.message, /terminationGracePeriodSeconds is 0: the kubelet skips preStop hooks and kills the containers at once/);
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), text.replace('Seconds: 0', 'Seconds: 15'));
});

test('a detected app timeout raises R and is related information', () => {
  const text = deployment('', k8s.preStopSleep(5) + '          args: ["--graceful-timeout", "40"]\n');
  const [finding] = lint(text, RULE);
  assert.match(finding!.message, /leaving 25 s for the app to drain; it needs 40 s \(gunicorn --graceful-timeout in container "web"\)/);
  const timeout = finding!.related!.find((r) => /drains for up to 40 s/.test(r.message));
  assert.ok(timeout);
  assert.equal(text.slice(timeout.range.start, timeout.range.end), '"--graceful-timeout"');
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), text + '      terminationGracePeriodSeconds: 45\n');
});

test('no preStop and a short grace period: anchored at the grace period', () => {
  const text = deployment('      terminationGracePeriodSeconds: 10\n', '');
  const [finding] = lint(text, RULE);
  assert.equal(anchorText(text, finding!), 'terminationGracePeriodSeconds');
  assert.match(finding!.message, /^With no preStop hook, the 10 s grace period leaves the app 10 s to drain; it needs 15 s \(drainSeconds\)/);
});

test('no preStop, the default grace period and a long app timeout: anchored at the pod spec', () => {
  const text = deployment('', '          env:\n            - name: SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE\n              value: 45s\n');
  const [finding] = lint(text, RULE);
  assert.equal(anchorText(text, finding!), 'spec');
  assert.equal(finding!.range.start, text.indexOf('    spec:\n      containers:') + 4, 'the pod spec key, not the Deployment spec');
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), text + '      terminationGracePeriodSeconds: 45\n');
});

test('an exec sleep counts, including sh -c "sleep N"; the longest hook of the pod wins', () => {
  const text = deployment(
    '',
    `          lifecycle:
            preStop:
              exec:
                command: ["/bin/sh", "-c", "sleep 10"]
        - name: proxy
          image: example/proxy:1
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "25s"]
`,
  );
  const [finding] = lint(text, RULE);
  assert.match(finding!.message, /preStop sleeps 25 s of the 30 s grace period/);
  assert.equal(anchorText(text, finding!), 'preStop');
  assert.equal(finding!.range.start, text.lastIndexOf('preStop'));
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), text + '      terminationGracePeriodSeconds: 40\n');
});

test('silent when the timeline fits', () => {
  assert.deepEqual(lint(deployment('', k8s.preStopSleep(15)), RULE), []);
  assert.deepEqual(lint(deployment('      terminationGracePeriodSeconds: 60\n', k8s.preStopSleep(30)), RULE), []);
  assert.deepEqual(lint(deployment('', ''), RULE), []);
});

test('G = 0 is an error even with a hook of unknown length (it is skipped), with no fix: the needed G is unknown', () => {
  const text = deployment('      terminationGracePeriodSeconds: 0\n', '          lifecycle:\n            preStop:\n              httpGet:\n                path: /drain\n                port: 8080\n');
  const [finding, ...rest] = lint(text, RULE);
  assert.equal(rest.length, 0);
  assert.equal(finding!.severity, 'error');
  assert.equal(anchorText(text, finding!), 'terminationGracePeriodSeconds');
  assert.equal(finding!.related, undefined);
  assert.equal(finding!.fixes, undefined);
});

test('silent when P is unknown: an httpGet hook or a script', () => {
  const http = deployment('      terminationGracePeriodSeconds: 5\n', '          lifecycle:\n            preStop:\n              httpGet:\n                path: /drain\n                port: 8080\n');
  assert.deepEqual(lint(http, RULE), []);
  const script = deployment('      terminationGracePeriodSeconds: 5\n', '          lifecycle:\n            preStop:\n              exec:\n                command: ["/app/drain.sh"]\n');
  assert.deepEqual(lint(script, RULE), []);
});

test('silent when G is templated', () => {
  const text = deployment('      terminationGracePeriodSeconds: {{ .Values.grace }}\n', k8s.preStopSleep(25));
  assert.deepEqual(lint(text, RULE), []);
});

test('silent for Jobs, CronJobs and run-once Pods', () => {
  const job = deployment('      terminationGracePeriodSeconds: 0\n', '').replace('apps/v1\nkind: Deployment', 'batch/v1\nkind: Job');
  assert.deepEqual(lint(job, RULE), []);
  const pod = `apiVersion: v1
kind: Pod
metadata:
  name: once
spec:
  restartPolicy: OnFailure
  terminationGracePeriodSeconds: 0
  containers:
    - name: once
      image: example/once:1
`;
  assert.deepEqual(lint(pod, RULE), []);
  assert.equal(lint(pod.replace('OnFailure', 'Always'), RULE).length, 1);
});

test('silent in a kustomize patch', () => {
  const kustomization = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatches:\n  - path: patch.yaml\n';
  const files = { '/w/kustomization.yaml': kustomization, '/w/patch.yaml': deployment('', k8s.preStopSleep(25)) };
  assert.deepEqual(findings(files, '/w/patch.yaml', RULE), []);
});

test('CRLF and 4-space flush style are kept by the fix', () => {
  const text = `apiVersion: apps/v1\r
kind: StatefulSet\r
metadata:\r
    name: db\r
spec:\r
    template:\r
        spec:\r
            containers:\r
            - name: db\r
              image: example/db:1\r
              lifecycle:\r
                  preStop:\r
                      sleep:\r
                          seconds: 20\r
`;
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), text + '            terminationGracePeriodSeconds: 35\r\n');
});

test('a grace period merged in from an anchor is overridden in the pod spec, not edited at the anchor', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
x-defaults: &defaults
  terminationGracePeriodSeconds: 20
spec:
  template:
    spec:
      <<: *defaults
      containers:
        - name: web
          image: example/web:1.4
${k8s.preStopSleep(20)}`;
  const fixed = fixOnce({ [PATH]: text }, PATH, RULE);
  assert.equal(fixed, text + '      terminationGracePeriodSeconds: 35\n');
});

test('flow-style pod specs: a value is replaced in place, an absent key gets no fix', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec: {terminationGracePeriodSeconds: 10, containers: [{name: web, image: "example/web:1.4"}]}
`;
  const [finding] = lint(text, RULE);
  assert.equal(anchorText(text, finding!), 'terminationGracePeriodSeconds');
  // Replacing a scalar inside a flow map is a safe, in-place edit.
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), text.replace('Seconds: 10', 'Seconds: 15'));
  const absent = text.replace('terminationGracePeriodSeconds: 10, ', '').replace('image: "example/web:1.4"', 'image: "example/web:1.4", lifecycle: {preStop: {sleep: {seconds: 25}}}');
  const [noFix] = lint(absent, RULE);
  assert.ok(noFix);
  assert.equal(noFix.fixes, undefined);
});
