import * as k8s from '../helpers/manifests';
import { testRule } from '../helpers/rule-tester';

/** A Deployment whose pod spec starts with `podFields` and whose container ends with `containerFields`. */
function deployment(podFields: string, containerFields: string): string {
  return k8s.deployment({ podSpec: podFields, image: 'example/web:1.4', fields: containerFields });
}

const grace = (seconds: number | string) => `      terminationGracePeriodSeconds: ${seconds}\n`;
const HTTP_HOOK = '          lifecycle:\n            preStop:\n              httpGet:\n                path: /drain\n                port: 8080\n';
const ON_GRACE = { anchor: 'terminationGracePeriodSeconds' };
const ON_HOOK = { anchor: 'preStop' };

const withPreStop20 = deployment('', k8s.preStopSleep(20));
const grace25 = deployment('      terminationGracePeriodSeconds: 25 # seconds\n', k8s.preStopSleep(20));
const longer = deployment(grace(10), k8s.preStopSleep(20));
const zero = deployment(grace(0), '          ports:\n            - containerPort: 8080\n');
const appTimeout = deployment('', k8s.preStopSleep(5) + '          args: ["--graceful-timeout", "40"]\n');
const springTimeout = deployment('', '          env:\n            - name: SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE\n              value: 45s\n');
const twoHooks = deployment(
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
const runOnce = `apiVersion: v1
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
const crlfFlush = `apiVersion: apps/v1\r
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
const merged = `apiVersion: apps/v1
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
const flow = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec: {terminationGracePeriodSeconds: 10, containers: [{name: web, image: "example/web:1.4"}]}
`;
const flowAbsent = flow
  .replace('terminationGracePeriodSeconds: 10, ', '')
  .replace('image: "example/web:1.4"', 'image: "example/web:1.4", lifecycle: {preStop: {sleep: {seconds: 25}}}');

testRule('grace-period-shortfall', {
  valid: [
    { name: 'the grace period is not a literal number', code: deployment('      terminationGracePeriodSeconds: "25"\n', k8s.preStopSleep(20)) },
    { name: 'the timeline fits: preStop 15 s in the default 30 s', code: deployment('', k8s.preStopSleep(15)) },
    { name: 'the timeline fits: preStop 30 s in 60 s', code: deployment(grace(60), k8s.preStopSleep(30)) },
    { name: 'the timeline fits: no hook, the default grace period', code: deployment('', '') },
    { name: 'P is unknown: an httpGet hook', code: deployment(grace(5), HTTP_HOOK) },
    {
      name: 'P is unknown: a script',
      code: deployment(grace(5), '          lifecycle:\n            preStop:\n              exec:\n                command: ["/app/drain.sh"]\n'),
    },
    { name: 'G is templated', code: deployment('      terminationGracePeriodSeconds: {{ .Values.grace }}\n', k8s.preStopSleep(25)) },
    { name: 'a Job', code: deployment(grace(0), '').replace('apps/v1\nkind: Deployment', 'batch/v1\nkind: Job') },
    { name: 'a run-once Pod', code: runOnce },
    {
      name: 'a kustomize patch',
      path: '/w/patch.yaml',
      code: deployment('', k8s.preStopSleep(25)),
      files: { '/w/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatches:\n  - path: patch.yaml\n' },
    },
  ],
  invalid: [
    {
      name: 'warning when the preStop leaves less than the drain budget, with the arithmetic in the message, anchored at the hook when there is no grace period; the fix inserts P + R',
      code: withPreStop20,
      errors: [
        {
          ...ON_HOOK,
          severity: 'warning',
          message:
            /^preStop sleeps 20 s of the 30 s grace period \(the default\), leaving 10 s for the app to drain; it needs 15 s \(drainSeconds\), so SIGKILL cuts the drain short\.$/,
        },
      ],
      output: `${withPreStop20}      terminationGracePeriodSeconds: 35\n`,
    },
    {
      name: 'anchored at terminationGracePeriodSeconds when present, with the hook as related information; the fix replaces the value',
      code: grace25,
      errors: [{ ...ON_GRACE, related: [{ ...ON_HOOK, message: 'container "web" sleeps 20 s' }] }],
      output: grace25.replace('25 # seconds', '35 # seconds'),
    },
    {
      name: 'error when the preStop uses up the grace period',
      code: deployment(grace(30), k8s.preStopSleep(30)),
      errors: [
        {
          ...ON_GRACE,
          severity: 'error',
          message: /^(?!.*rejects).*preStop sleeps 30 s, which uses up the 30 s grace period: the app gets SIGTERM only when it is over and SIGKILL 2 s later/,
        },
      ],
    },
    {
      name: 'a sleep action longer than the grace period is also rejected by the API server',
      code: longer,
      errors: [{ ...ON_GRACE, message: 'The API server also rejects a sleep action longer than the grace period' }],
      output: longer.replace('Seconds: 10', 'Seconds: 35'),
    },
    {
      name: 'error when the grace period is 0: the hook is skipped altogether',
      code: zero,
      errors: [
        { ...ON_GRACE, severity: 'error', message: 'terminationGracePeriodSeconds is 0: the kubelet skips preStop hooks and kills the containers at once' },
      ],
      output: zero.replace('Seconds: 0', 'Seconds: 15'),
    },
    {
      name: 'a detected app timeout raises R and is related information',
      code: appTimeout,
      errors: [
        {
          ...ON_HOOK,
          message: 'leaving 25 s for the app to drain; it needs 40 s (gunicorn --graceful-timeout in container "web")',
          related: [{ anchor: '"--graceful-timeout"', message: 'drains for up to 40 s' }],
        },
      ],
      output: `${appTimeout}      terminationGracePeriodSeconds: 45\n`,
    },
    {
      name: 'no preStop and a short grace period: anchored at the grace period',
      code: deployment(grace(10), ''),
      errors: [{ ...ON_GRACE, message: /^With no preStop hook, the 10 s grace period leaves the app 10 s to drain; it needs 15 s \(drainSeconds\)/ }],
    },
    {
      name: 'no preStop, the default grace period and a long app timeout: anchored at the pod spec key, not the Deployment spec',
      code: springTimeout,
      errors: [{ anchor: 'spec', occurrence: 1 }],
      output: `${springTimeout}      terminationGracePeriodSeconds: 45\n`,
    },
    {
      name: 'an exec sleep counts, including sh -c "sleep N"; the longest hook of the pod wins',
      code: twoHooks,
      errors: [{ ...ON_HOOK, occurrence: -1, message: 'preStop sleeps 25 s of the 30 s grace period' }],
      output: `${twoHooks}      terminationGracePeriodSeconds: 40\n`,
    },
    {
      name: 'G = 0 is an error even with a hook of unknown length (it is skipped), with no fix: the needed G is unknown',
      code: deployment(grace(0), HTTP_HOOK),
      errors: [{ ...ON_GRACE, severity: 'error', related: [] }],
      output: null,
    },
    { name: 'a Pod that restarts is long-running', code: runOnce.replace('OnFailure', 'Always'), errors: [ON_GRACE] },
    {
      name: 'CRLF and 4-space flush style are kept by the fix',
      code: crlfFlush,
      errors: [ON_HOOK],
      output: `${crlfFlush}            terminationGracePeriodSeconds: 35\r\n`,
    },
    {
      name: 'a grace period merged in from an anchor is overridden in the pod spec, not edited at the anchor',
      code: merged,
      errors: [ON_GRACE],
      output: `${merged}      terminationGracePeriodSeconds: 35\n`,
    },
    { name: 'flow-style pod specs: a value is replaced in place', code: flow, errors: [ON_GRACE], output: flow.replace('Seconds: 10', 'Seconds: 15') },
    { name: 'flow-style pod specs: an absent key gets no fix', code: flowAbsent, errors: [ON_HOOK], output: null },
  ],
});
