import * as k8s from '../helpers/manifests';
import { testRule, wholeMessage } from '../helpers/rule-tester';

/** A Deployment whose container "api" runs `image` with `containerFields` (at 10 spaces), its pod spec starting with `podFields` (at 6). */
function deployment(image: string, containerFields: string, podFields = ''): string {
  return k8s.deployment({ name: 'api', image, fields: containerFields, podSpec: podFields });
}

const SLEEP_HOOK = `          lifecycle:
            preStop:
              exec:
                command: ["sleep", "10"]
`;
const ON_EXEC = { anchor: 'exec' };
const NO_FIX = { ...ON_EXEC, fixes: [] };

const DISTROLESS = 'gcr.io/distroless/static';
const FROM_SCRATCH = 'FROM golang:1.22 AS build\nRUN go build -o /api .\n\nFROM scratch\nCOPY --from=build /api /api\nENTRYPOINT ["/api"]\n';
const fourSpace = (hook: string) => `apiVersion: v1
kind: Pod
metadata:
    name: api
spec:
    containers:
    - name: api
      image: gcr.io/distroless/static
      lifecycle:
          preStop:
${hook}`;
const sidecarAndInit = deployment(
  'example/api:1',
  '',
  `      initContainers:
        - name: proxy
          image: gcr.io/distroless/static
          restartPolicy: Always
${SLEEP_HOOK}        - name: init
          image: gcr.io/distroless/static
          readinessProbe:
            exec:
              command: ["cat", "/tmp/ready"]
`,
);

testRule('exec-on-minimal-image', {
  valid: [
    { name: 'a debug tag has a shell', code: deployment('gcr.io/distroless/static:debug-nonroot', SLEEP_HOOK) },
    { name: 'an ordinary base', code: deployment('alpine:3.20', SLEEP_HOOK) },
    {
      name: 'a workspace Dockerfile on a base with a shell',
      code: deployment('api:1', SLEEP_HOOK),
      files: { '/w/api/Dockerfile': 'FROM debian:12-slim\nCMD ["/api"]\n' },
    },
    { name: 'the native sleep action', code: deployment(DISTROLESS, k8s.preStopSleep(10)) },
    { name: "the app's own binary", code: deployment(DISTROLESS, SLEEP_HOOK.replace('["sleep", "10"]', '["/app/bin/sleep", "10"]')) },
    { name: 'a templated image', code: deployment('{{ .Values.image }}', SLEEP_HOOK) },
    { name: 'a templated command', code: deployment(DISTROLESS, SLEEP_HOOK.replace('["sleep", "10"]', '{{ toJson .Values.cmd }}')) },
  ],
  invalid: [
    {
      name: 'an exec sleep preStop on distroless is flagged at its exec key; the fix replaces the exec with the native sleep action',
      code: deployment('gcr.io/distroless/static:nonroot', SLEEP_HOOK),
      errors: [
        {
          ...ON_EXEC,
          severity: 'warning',
          message: wholeMessage(
            'The preStop hook runs "sleep", but the image gcr.io/distroless/static:nonroot has no shell or coreutils: the hook fails at once (FailedPreStopHook), so the container gets SIGTERM while it still receives traffic.',
          ),
        },
      ],
      output: deployment('gcr.io/distroless/static:nonroot', k8s.preStopSleep(10)),
    },
    {
      name: 'sh -c "sleep N" alone is replaced too',
      code: deployment('cgr.dev/chainguard/static:latest', SLEEP_HOOK.replace('["sleep", "10"]', '["/bin/sh", "-c", "sleep 10"]')),
      errors: [ON_EXEC],
      output: deployment('cgr.dev/chainguard/static:latest', k8s.preStopSleep(10)),
    },
    {
      name: 'a script that does more is not replaced',
      code: deployment('gcr.io/distroless/base', SLEEP_HOOK.replace('["sleep", "10"]', '["sh", "-c", "sleep 10 && kill -QUIT 1"]')),
      errors: [ON_EXEC],
      output: null,
    },
    {
      name: 'no native sleep fix before 1.30',
      code: deployment(DISTROLESS, SLEEP_HOOK),
      settings: { kubernetesVersion: '1.29' },
      errors: [ON_EXEC],
      output: null,
    },
    {
      name: 'no native sleep fix above the grace period (the API server rejects it)',
      code: deployment(DISTROLESS, SLEEP_HOOK, '      terminationGracePeriodSeconds: 5\n'),
      errors: [ON_EXEC],
      output: null,
    },
    { name: 'no native sleep fix for fractional seconds', code: deployment(DISTROLESS, SLEEP_HOOK.replace('"10"', '"0.5"')), errors: [ON_EXEC], output: null },
    {
      name: 'exec probes running shell tools are flagged, with the effect of each probe',
      code: deployment(
        'gcr.io/distroless/java17-debian12:nonroot',
        `          livenessProbe:
            exec:
              command: ["/bin/sh", "-c", "curl -f localhost:8080/livez"]
          readinessProbe:
            exec:
              command: ["wget", "-q", "-O-", "localhost:8080/readyz"]
          startupProbe:
            exec:
              command: ["/app/healthcheck"]
`,
      ),
      errors: [
        { ...NO_FIX, message: /^The livenessProbe runs "sh".*restarts the container again and again\.$/ },
        { ...NO_FIX, occurrence: 1, message: /^The readinessProbe runs "wget".*never receives traffic\.$/ },
      ],
    },
    {
      name: 'an image built FROM scratch by a workspace Dockerfile, with the FROM line as related information',
      code: deployment('registry.example.com/team/api:1.0', SLEEP_HOOK),
      files: { '/w/api/Dockerfile': FROM_SCRATCH },
      errors: [
        {
          ...ON_EXEC,
          message: 'the image registry.example.com/team/api:1.0 (built FROM scratch by a workspace Dockerfile)',
          related: [{ path: '/w/api/Dockerfile', anchor: 'FROM scratch' }],
        },
      ],
      output: deployment('registry.example.com/team/api:1.0', k8s.preStopSleep(10)),
    },
    {
      name: 'a skaffold artifact maps the image to its Dockerfile',
      code: deployment('ghcr.io/acme/backend:dev', SLEEP_HOOK),
      files: {
        '/w/skaffold.yaml':
          'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: ghcr.io/acme/backend\n      context: services/api\n',
        '/w/services/api/Dockerfile': 'FROM gcr.io/distroless/static-debian12\nCOPY api /\n',
      },
      errors: [ON_EXEC],
    },
    { name: 'native sidecars are checked, init containers are not', code: sidecarAndInit, errors: [{ ...ON_EXEC, message: 'preStop hook runs "sleep"' }] },
    {
      name: 'a CRLF hook is fixed in its own style',
      code: deployment(DISTROLESS, SLEEP_HOOK).replace(/\n/g, '\r\n'),
      errors: [ON_EXEC],
      output: deployment(DISTROLESS, k8s.preStopSleep(10)).replace(/\n/g, '\r\n'),
    },
    {
      name: 'a 4-space hook is fixed in its own style',
      code: fourSpace('              exec:\n                  command:\n                  - sleep\n                  - "10"\n'),
      errors: [ON_EXEC],
      output: fourSpace('              sleep:\n                  seconds: 10\n'),
    },
    {
      name: 'a flow-style hook is fixed in its own style',
      code: deployment(DISTROLESS, '          lifecycle: {preStop: {exec: {command: ["sleep", "10"]}}} # drain\n'),
      errors: [ON_EXEC],
      output: deployment(DISTROLESS, '          lifecycle: {preStop: {sleep: {seconds: 10}}} # drain\n'),
    },
  ],
});
