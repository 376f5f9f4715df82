import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as k8s from '../helpers/manifests';
import { anchorText, findings, fixOnce, lint } from '../helpers/workspace';

const PATH = '/w/manifest.yaml';
const RULE = 'exec-on-minimal-image';

/** A Deployment whose container "api" runs `image` with `containerFields` (at 10 spaces), its pod spec starting with `podFields` (at 6). */
function deployment(image: string, containerFields: string, podFields = ''): string {
  return k8s.deployment({ name: 'api', image, fields: containerFields, podSpec: podFields });
}

const SLEEP_HOOK = `          lifecycle:
            preStop:
              exec:
                command: ["sleep", "10"]
`;

test('an exec sleep preStop on distroless is flagged at its exec key', () => {
  const text = deployment('gcr.io/distroless/static:nonroot', SLEEP_HOOK);
  const [finding, ...rest] = lint(text, RULE);
  assert.equal(rest.length, 0);
  assert.equal(anchorText(text, finding!), 'exec');
  assert.equal(finding!.severity, 'warning');
  assert.equal(
    finding!.message,
    'The preStop hook runs "sleep", but the image gcr.io/distroless/static:nonroot has no shell or coreutils: the hook fails at once (FailedPreStopHook), so the container gets SIGTERM while it still receives traffic.',
  );
});

test('the fix replaces the exec with the native sleep action', () => {
  const text = deployment('gcr.io/distroless/static:nonroot', SLEEP_HOOK);
  assert.equal(
    fixOnce({ [PATH]: text }, PATH, RULE),
    deployment('gcr.io/distroless/static:nonroot', k8s.preStopSleep(10)),
  );
});

test('sh -c "sleep N" alone is replaced too; a script that does more is not', () => {
  const shell = deployment('cgr.dev/chainguard/static:latest', SLEEP_HOOK.replace('["sleep", "10"]', '["/bin/sh", "-c", "sleep 10"]'));
  assert.match(fixOnce({ [PATH]: shell }, PATH, RULE), /preStop:\n {14}sleep:\n {16}seconds: 10\n$/);
  const more = deployment('gcr.io/distroless/base', SLEEP_HOOK.replace('["sleep", "10"]', '["sh", "-c", "sleep 10 && kill -QUIT 1"]'));
  const [finding] = lint(more, RULE);
  assert.equal(finding!.fixes, undefined);
});

test('no native sleep fix before 1.30, above the grace period, or for fractional seconds', () => {
  const text = deployment('gcr.io/distroless/static', SLEEP_HOOK);
  assert.equal(findings({ [PATH]: text }, PATH, RULE, { kubernetesVersion: '1.29' })[0]!.fixes, undefined);
  const longer = deployment('gcr.io/distroless/static', SLEEP_HOOK, '      terminationGracePeriodSeconds: 5\n');
  assert.equal(lint(longer, RULE)[0]!.fixes, undefined, 'the API server rejects a sleep above the grace period');
  const fraction = deployment('gcr.io/distroless/static', SLEEP_HOOK.replace('"10"', '"0.5"'));
  assert.equal(lint(fraction, RULE)[0]!.fixes, undefined);
});

test('exec probes running shell tools are flagged, with the effect of each probe', () => {
  const text = deployment(
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
  );
  const found = lint(text, RULE);
  assert.equal(found.length, 2);
  assert.match(found[0]!.message, /^The livenessProbe runs "sh".*restarts the container again and again\.$/);
  assert.match(found[1]!.message, /^The readinessProbe runs "wget".*never receives traffic\.$/);
  assert.ok(found.every((f) => anchorText(text, f) === 'exec' && f.fixes === undefined));
});

test('an image built FROM scratch by a workspace Dockerfile, with the FROM line as related information', () => {
  const dockerfile = 'FROM golang:1.22 AS build\nRUN go build -o /api .\n\nFROM scratch\nCOPY --from=build /api /api\nENTRYPOINT ["/api"]\n';
  const text = deployment('registry.example.com/team/api:1.0', SLEEP_HOOK);
  const files = { [PATH]: text, '/w/api/Dockerfile': dockerfile };
  const [finding] = findings(files, PATH, RULE);
  assert.match(finding!.message, /the image registry.example.com\/team\/api:1.0 \(built FROM scratch by a workspace Dockerfile\)/);
  const related = finding!.related![0]!;
  assert.equal(related.path, '/w/api/Dockerfile');
  assert.equal(dockerfile.slice(related.range.start, related.range.end), 'FROM scratch');
  assert.ok(fixOnce(files, PATH, RULE).includes('sleep:\n                seconds: 10'));
});

test('a skaffold artifact maps the image to its Dockerfile', () => {
  const skaffold = 'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: ghcr.io/acme/backend\n      context: services/api\n';
  const files = {
    [PATH]: deployment('ghcr.io/acme/backend:dev', SLEEP_HOOK),
    '/w/skaffold.yaml': skaffold,
    '/w/services/api/Dockerfile': 'FROM gcr.io/distroless/static-debian12\nCOPY api /\n',
  };
  assert.equal(findings(files, PATH, RULE).length, 1);
});

test('silent for images with a shell: debug tags, ordinary bases, non-minimal Dockerfiles', () => {
  assert.deepEqual(lint(deployment('gcr.io/distroless/static:debug-nonroot', SLEEP_HOOK), RULE), []);
  assert.deepEqual(lint(deployment('alpine:3.20', SLEEP_HOOK), RULE), []);
  const files = { [PATH]: deployment('api:1', SLEEP_HOOK), '/w/api/Dockerfile': 'FROM debian:12-slim\nCMD ["/api"]\n' };
  assert.deepEqual(findings(files, PATH, RULE), []);
});

test('silent for native sleep, httpGet hooks, the app\'s own binaries, and templated values', () => {
  assert.deepEqual(lint(deployment('gcr.io/distroless/static', k8s.preStopSleep(10)), RULE), []);
  assert.deepEqual(lint(deployment('gcr.io/distroless/static', SLEEP_HOOK.replace('["sleep", "10"]', '["/app/bin/sleep", "10"]')), RULE), []);
  assert.deepEqual(lint(deployment('{{ .Values.image }}', SLEEP_HOOK), RULE), []);
  assert.deepEqual(lint(deployment('gcr.io/distroless/static', SLEEP_HOOK.replace('["sleep", "10"]', '{{ toJson .Values.cmd }}')), RULE), []);
});

test('native sidecars are checked, init containers are not', () => {
  const text = deployment(
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
  const found = lint(text, RULE);
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /preStop hook runs "sleep"/);
});

test('CRLF, 4-space and flow-style hooks are fixed in their own style', () => {
  const crlf = deployment('gcr.io/distroless/static', SLEEP_HOOK).replace(/\n/g, '\r\n');
  assert.ok(fixOnce({ [PATH]: crlf }, PATH, RULE).endsWith('            preStop:\r\n              sleep:\r\n                seconds: 10\r\n'));
  const fourSpace = `apiVersion: v1
kind: Pod
metadata:
    name: api
spec:
    containers:
    - name: api
      image: gcr.io/distroless/static
      lifecycle:
          preStop:
              exec:
                  command:
                  - sleep
                  - "10"
`;
  assert.ok(fixOnce({ [PATH]: fourSpace }, PATH, RULE).endsWith('          preStop:\n              sleep:\n                  seconds: 10\n'));
  const flow = deployment('gcr.io/distroless/static', '          lifecycle: {preStop: {exec: {command: ["sleep", "10"]}}} # drain\n');
  assert.ok(fixOnce({ [PATH]: flow }, PATH, RULE).endsWith('          lifecycle: {preStop: {sleep: {seconds: 10}}} # drain\n'));
});
