import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anchorText, findings } from '../helpers/workspace';

const PATH = '/w/deploy/app.yaml';
const RULE = 'image-runs-shell-form';
const SHELL_CMD = 'FROM python:3.12\nWORKDIR /app\nCMD python app.py\n';
const SHELL_ENTRYPOINT = 'FROM python:3.12\nENTRYPOINT python app.py\n';

function deployment(image: string, containerFields = '', kind = 'Deployment'): string {
  return `apiVersion: ${kind === 'Job' ? 'batch/v1' : 'apps/v1'}
kind: ${kind}
metadata:
  name: app
spec:
  template:
    spec:
      containers:
        - name: app
          image: ${image}
${containerFields}`;
}

test('a container without command running a shell-form image is flagged at its image value', () => {
  const text = deployment('registry.example.com/team/app:1.2');
  const files = { [PATH]: text, '/w/app/Dockerfile': SHELL_CMD };
  const [finding, ...rest] = findings(files, PATH, RULE);
  assert.equal(rest.length, 0);
  assert.equal(anchorText(text, finding!), 'registry.example.com/team/app:1.2');
  assert.equal(finding!.severity, 'warning');
  assert.match(
    finding!.message,
    /^Container "app" runs registry.example.com\/team\/app:1.2 with the image's own entrypoint, and the workspace Dockerfile that builds it writes its CMD in shell form: PID 1/,
  );
  assert.match(finding!.message, /PID 1 is a shell that does not pass SIGTERM on/);
  const related = finding!.related![0]!;
  assert.equal(related.path, '/w/app/Dockerfile');
  assert.equal(SHELL_CMD.slice(related.range.start, related.range.end), 'CMD python app.py');
  assert.equal(finding!.fixes, undefined);
});

test('a skaffold artifact maps the image, and is related information too', () => {
  const skaffold = 'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: ghcr.io/acme/backend\n      context: services/api\n';
  const files = { [PATH]: deployment('ghcr.io/acme/backend'), '/w/skaffold.yaml': skaffold, '/w/services/api/Dockerfile': SHELL_CMD };
  const [finding] = findings(files, PATH, RULE);
  assert.equal(finding!.related?.length, 2);
  assert.equal(finding!.related![1]!.path, '/w/skaffold.yaml');
  assert.equal(skaffold.slice(finding!.related![1]!.range.start, finding!.related![1]!.range.end), 'ghcr.io/acme/backend');
});

test('a compose service with build and image maps the image', () => {
  const compose = 'services:\n  web:\n    build: ./frontend\n    image: acme/web:dev\n';
  const files = { [PATH]: deployment('acme/web:1.0'), '/w/compose.yaml': compose, '/w/frontend/Dockerfile': SHELL_ENTRYPOINT };
  const [finding] = findings(files, PATH, RULE);
  assert.match(finding!.message, /writes its ENTRYPOINT in shell form/);
});

test('silent when the container sets command, or sets args that replace a flagged CMD', () => {
  const dockerfiles = { '/w/app/Dockerfile': SHELL_CMD };
  assert.deepEqual(findings({ [PATH]: deployment('app:1', '          command: ["python", "app.py"]\n'), ...dockerfiles }, PATH, RULE), []);
  assert.deepEqual(findings({ [PATH]: deployment('app:1', '          args: ["python", "app.py"]\n'), ...dockerfiles }, PATH, RULE), []);
  const entrypoint = { '/w/app/Dockerfile': SHELL_ENTRYPOINT };
  assert.equal(
    findings({ [PATH]: deployment('app:1', '          args: ["--port", "8080"]\n'), ...entrypoint }, PATH, RULE).length,
    1,
    'args do not replace an ENTRYPOINT',
  );
});

test('silent for exec-form images, unknown images and ambiguous folder names', () => {
  assert.deepEqual(findings({ [PATH]: deployment('app:1'), '/w/app/Dockerfile': 'FROM python:3.12\nCMD ["python", "app.py"]\n' }, PATH, RULE), []);
  assert.deepEqual(findings({ [PATH]: deployment('other:1'), '/w/app/Dockerfile': SHELL_CMD }, PATH, RULE), []);
  assert.deepEqual(findings({ [PATH]: deployment('app:1'), '/w/a/app/Dockerfile': SHELL_CMD, '/w/b/app/Dockerfile': SHELL_CMD }, PATH, RULE), []);
});

test('silent for Jobs, init containers and templated containers', () => {
  const dockerfiles = { '/w/app/Dockerfile': SHELL_CMD };
  assert.deepEqual(findings({ [PATH]: deployment('app:1', '', 'Job'), ...dockerfiles }, PATH, RULE), []);
  const init = deployment('example/web:1').replace(
    '      containers:',
    '      initContainers:\n        - name: migrate\n          image: app:1\n      containers:',
  );
  assert.deepEqual(findings({ [PATH]: init, ...dockerfiles }, PATH, RULE), []);
  const templated = deployment('app:1', '          {{- with .Values.command }}\n          command: {{ toJson . }}\n          {{- end }}\n');
  assert.deepEqual(findings({ [PATH]: templated, ...dockerfiles }, PATH, RULE), []);
});

test('silent in a kustomize patch', () => {
  const kustomization = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatches:\n  - path: app.yaml\n';
  const files = { [PATH]: deployment('app:1'), '/w/deploy/kustomization.yaml': kustomization, '/w/app/Dockerfile': SHELL_CMD };
  assert.deepEqual(findings(files, PATH, RULE), []);
});
