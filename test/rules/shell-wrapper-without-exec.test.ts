import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as k8s from '../helpers/manifests';
import { readScript } from '../../server/src/model/script-run';
import { ruleFires, SHELL_SCRIPTS } from '../helpers/shell-scripts';
import { anchorText, findings, fixOnce, lint, type Files } from '../helpers/workspace';

const RULE = 'shell-wrapper-without-exec';
const DOCKERFILE = '/w/Dockerfile';
const MANIFEST = '/w/manifest.yaml';
const dockerfile = (text: string): Files => ({ [DOCKERFILE]: text });
const manifest = (text: string): Files => ({ [MANIFEST]: text });

/** A Deployment whose single container has the given lines (indented under `- name: app`). */
function deployment(containerLines: string, kind = 'Deployment'): string {
  const fields = containerLines
    .split('\n')
    .map((l) => (l ? `          ${l}` : l))
    .join('\n');
  return k8s.deployment({ kind, container: 'app', image: 'example/web:1', fields });
}

// ---- Dockerfile ---------------------------------------------------------------------

test('Dockerfile: fires on an exec-form sh -c whose last command is not exec-ed, anchored on the script string', () => {
  const text = 'FROM python:3.12\nCMD ["sh", "-c", "python manage.py migrate && gunicorn app:wsgi"]\n';
  const [finding, ...rest] = findings(dockerfile(text), DOCKERFILE, RULE);
  assert.equal(rest.length, 0);
  assert.equal(anchorText(text, finding!), '"python manage.py migrate && gunicorn app:wsgi"');
  assert.equal(
    finding!.message,
    'PID 1 is `sh -c` (dash), which stays the parent of `gunicorn` and does not forward SIGTERM to it, so `gunicorn` is killed when the grace period ends instead of shutting down; start it with `exec` so that `gunicorn` replaces the shell',
  );
  assert.equal(fixOnce(dockerfile(text), DOCKERFILE, RULE), 'FROM python:3.12\nCMD ["sh", "-c", "python manage.py migrate && exec gunicorn app:wsgi"]\n');
});

test('Dockerfile: shells with paths and combined flags; the stop signal comes from STOPSIGNAL', () => {
  const text = 'FROM debian:12\nSTOPSIGNAL SIGQUIT\nENTRYPOINT ["/bin/dash", "-eu", "-c", "./setup; nginx -g \'daemon off;\'"]\n';
  const [finding] = findings(dockerfile(text), DOCKERFILE, RULE);
  assert.match(finding!.message, /`\/bin\/dash -c` \(dash\), which stays the parent of `nginx` and does not forward SIGQUIT/);
  assert.equal(
    fixOnce(dockerfile(text), DOCKERFILE, RULE),
    'FROM debian:12\nSTOPSIGNAL SIGQUIT\nENTRYPOINT ["/bin/dash", "-eu", "-c", "./setup; exec nginx -g \'daemon off;\'"]\n',
  );
});

test('Dockerfile: silent where the shell replaces itself with its last command (bash 5.1+, BusyBox ash)', () => {
  for (const text of [
    'FROM debian:12\nENTRYPOINT ["/bin/bash", "-euo", "pipefail", "-c", "./setup; nginx -g \'daemon off;\'"]\n',
    'FROM alpine:3\nCMD ["sh", "-c", "./migrate && ./server"]\n',
    'FROM node:20-alpine\nCMD ["/bin/sh", "-c", "if [ -n \\"$X\\" ]; then ./a; fi; ./server > /log"]\n',
  ]) {
    assert.deepEqual(findings(dockerfile(text), DOCKERFILE, RULE), [], text);
  }
  assert.equal(findings(dockerfile('FROM centos:7\nCMD ["bash", "-c", "./migrate && ./server"]\n'), DOCKERFILE, RULE).length, 1, 'bash before 5.1');
  assert.equal(
    findings(dockerfile('FROM debian:12\nCMD ["bash", "-c", "./migrate && ./server >> /log"]\n'), DOCKERFILE, RULE).length,
    1,
    'bash keeps a redirected last command',
  );
});

test('Dockerfile: no exec fix before a trailing echo; the message names the program the shell waits on', () => {
  const [finding] = findings(dockerfile('FROM debian:12\nCMD ["sh", "-c", "./server && echo bye"]\n'), DOCKERFILE, RULE);
  assert.match(finding!.message, /stays the parent of `server`.*restructure the script/);
  assert.deepEqual(finding!.fixes, []);
  const [piped] = findings(dockerfile('FROM alpine:3\nCMD ["sh", "-c", "cd /app && java -jar app.jar | tee log"]\n'), DOCKERFILE, RULE);
  assert.match(piped!.message, /stays the parent of `java`/);
  assert.deepEqual(piped!.fixes, []);
});

test('Dockerfile: JSON escapes in the script map back to the right place', () => {
  const text = 'FROM node:20\nCMD ["sh", "-c", "echo \\"starting\\" \\u0026\\u0026 node server.js"]\n';
  assert.equal(fixOnce(dockerfile(text), DOCKERFILE, RULE), 'FROM node:20\nCMD ["sh", "-c", "echo \\"starting\\" \\u0026\\u0026 exec node server.js"]\n');
});

test('Dockerfile: ENTRYPOINT ["sh", "-c"] with the script in CMD anchors the CMD string', () => {
  const text = 'FROM debian:12\nENTRYPOINT ["sh", "-c"]\nCMD ["./migrate && ./server"]\n';
  const [finding] = findings(dockerfile(text), DOCKERFILE, RULE);
  assert.equal(anchorText(text, finding!), '"./migrate && ./server"');
  assert.equal(fixOnce(dockerfile(text), DOCKERFILE, RULE), 'FROM debian:12\nENTRYPOINT ["sh", "-c"]\nCMD ["./migrate && exec ./server"]\n');
});

test('Dockerfile: behind tini the shell still swallows the signal, and the message names tini as PID 1', () => {
  const text = 'FROM debian:12\nENTRYPOINT ["tini", "--", "sh", "-c", "./migrate && ./server"]\n';
  const [finding] = findings(dockerfile(text), DOCKERFILE, RULE);
  assert.match(finding!.message, /^PID 1 is `tini`, which forwards SIGTERM to `sh -c` \(dash\); that shell stays the parent of `server`/);
});

test('Dockerfile: a multi-line JSON array (continuation) keeps its layout', () => {
  const text = 'FROM debian:12\r\nCMD ["sh", "-c", \\\r\n     "./migrate && ./server"]\r\n';
  assert.equal(fixOnce(dockerfile(text), DOCKERFILE, RULE), 'FROM debian:12\r\nCMD ["sh", "-c", \\\r\n     "./migrate && exec ./server"]\r\n');
});

test('Dockerfile: no fix where exec cannot be placed safely', () => {
  for (const script of [
    './server | tee /log',
    './server & ./worker & wait',
    './server || echo failed',
    'PORT=80 ./server',
    'if true; then ./server; fi',
    './server; sleep 5',
  ]) {
    const [finding] = findings(dockerfile(`FROM debian:12\nCMD ["sh", "-c", ${JSON.stringify(script)}]\n`), DOCKERFILE, RULE);
    assert.ok(finding, script);
    assert.deepEqual(finding.fixes, [], script);
  }
});

test('Dockerfile: silent on exec, trap, other programs, complex scripts and earlier stages', () => {
  for (const text of [
    'FROM alpine:3\nCMD ["sh", "-c", "./migrate && exec ./server"]\n',
    'FROM alpine:3\nCMD ["sh", "-c", "trap \'kill -TERM $child\' TERM; ./server & child=$!; wait $child"]\n',
    'FROM alpine:3\nCMD ["python", "-c", "print(1)"]\n',
    'FROM alpine:3\nCMD ["zsh", "-c", "./a && ./b"]\n',
    'FROM alpine:3\nCMD ["sh", "./run.sh"]\n',
    'FROM alpine:3\nCMD ["sh", "-c", "case $1 in a) ./a;; esac"]\n',
    'FROM debian:12\nCMD ["sh", "-c", "if [ -n \\"$X\\" ]; then exec ./a; else ./b; fi"]\n',
    'FROM alpine:3 AS build\nCMD ["sh", "-c", "./a && ./b"]\nFROM alpine:3\nCMD ["./b"]\n',
    'FROM alpine:3\nCMD ["sh", "-c", "./a && ./b"]\nENTRYPOINT ./c\n',
  ]) {
    assert.deepEqual(findings(dockerfile(text), DOCKERFILE, RULE), [], text);
  }
});

// ---- Kubernetes ---------------------------------------------------------------------

test('YAML: script in args while command is ["sh", "-c"], double-quoted in a flow sequence', () => {
  const text = deployment('command: ["sh", "-c"]\nargs: ["python manage.py migrate && gunicorn app:wsgi"]\n');
  const [finding] = lint(text, RULE);
  assert.equal(anchorText(text, finding!), '"python manage.py migrate && gunicorn app:wsgi"');
  assert.equal(fixOnce(manifest(text), MANIFEST, RULE), text.replace('&& gunicorn', '&& exec gunicorn'));
});

test('YAML: plain, single-quoted and escaped double-quoted scalars', () => {
  const plain = deployment('command:\n  - /bin/sh\n  - -c\n  - cd /app && ./server\n');
  assert.equal(fixOnce(manifest(plain), MANIFEST, RULE), plain.replace('&& ./server', '&& exec ./server'));
  const single = deployment("command: ['sh', '-c', 'echo ''hi'' && ./server']\n");
  assert.equal(fixOnce(manifest(single), MANIFEST, RULE), single.replace('&& ./server', '&& exec ./server'));
  const escaped = deployment('command: ["sh", "-c", "echo \\"hi\\"\\n./server --name \\"x\\""]\n');
  assert.equal(fixOnce(manifest(escaped), MANIFEST, RULE), escaped.replace('\\n./server', '\\nexec ./server'));
});

test('YAML: literal and folded block scalars, with CRLF', () => {
  const literal = deployment('command: ["sh", "-c"]\nargs:\n  - |\n    ./migrate\n    ./server --port 80\n');
  assert.equal(fixOnce(manifest(literal), MANIFEST, RULE), literal.replace('    ./server', '    exec ./server'));
  const folded = deployment('command:\n- sh\n- -c\n- >-\n  ./migrate &&\n  ./server\n').replace(/\n/g, '\r\n');
  assert.equal(fixOnce(manifest(folded), MANIFEST, RULE), folded.replace('  ./server', '  exec ./server'));
});

test('YAML: fires in long-running kinds, with the shell anchored in each regular container', () => {
  for (const kind of ['StatefulSet', 'DaemonSet']) {
    assert.equal(lint(deployment('command: ["sh", "-c", "./a && ./b"]\n', kind), RULE).length, 1, kind);
  }
});

test('YAML: which shell `sh` is comes from the image reference or the workspace Dockerfile that builds it', () => {
  const alpine = deployment('command: ["sh", "-c", "./migrate && ./server"]\n').replace('image: example/web:1', 'image: python:3.12-alpine');
  assert.deepEqual(lint(alpine, RULE), []);
  const built = deployment('command: ["sh", "-c", "./migrate && ./server"]\n');
  assert.deepEqual(findings({ [MANIFEST]: built, '/w/web/Dockerfile': 'FROM alpine:3.20\nCMD ["./server"]\n' }, MANIFEST, RULE), []);
  assert.equal(findings({ [MANIFEST]: built, '/w/web/Dockerfile': 'FROM debian:12\nCMD ["./server"]\n' }, MANIFEST, RULE).length, 1);
  assert.deepEqual(lint(built.replace('image: example/web:1', 'image: mcr.microsoft.com/windows/servercore:ltsc2022'), RULE), []);
  assert.deepEqual(lint(deployment('command: ["bash", "-c", "./migrate && ./server"]\n'), RULE), [], 'bash 5.1+ execs ./server');
});

test('YAML: silent for Jobs, CronJobs, run-once Pods and init containers', () => {
  assert.deepEqual(lint(deployment('command: ["sh", "-c", "./a && ./b"]\n', 'Job'), RULE), []);
  const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: c
              command: ["sh", "-c", "./a && ./b"]
`;
  assert.deepEqual(lint(cronJob, RULE), []);
  const pod =
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: Never\n  containers:\n    - name: p\n      command: ["sh", "-c", "./a && ./b"]\n';
  assert.deepEqual(lint(pod, RULE), []);
  const init = deployment('command: ["./server"]\n').replace(
    '      containers:',
    '      initContainers:\n        - name: init\n          command: ["sh", "-c", "./a && ./b"]\n      containers:',
  );
  assert.deepEqual(lint(init, RULE), []);
});

test('YAML: silent for probes and hooks, which are not PID 1', () => {
  const text = deployment(`command: ["./server"]
livenessProbe:
  exec:
    command: ["sh", "-c", "curl -f localhost && true"]
lifecycle:
  preStop:
    exec:
      command: ["sh", "-c", "sleep 5 && ./drain"]
`);
  assert.deepEqual(lint(text, RULE), []);
});

test('YAML: silent on exec, trap, args without command, and Helm-templated scripts', () => {
  for (const lines of [
    'command: ["sh", "-c", "./migrate && exec ./server"]\n',
    'command: ["sh", "-c", "trap \'kill 0\' TERM; ./server & wait"]\n',
    'args: ["sh", "-c", "./a && ./b"]\n',
    'command: ["sh", "-c"]\nargs: ["{{ .Values.script }}"]\n',
    'command: ["sh", "-c"]\nargs:\n  - {{ .Values.script | quote }}\n',
  ]) {
    assert.deepEqual(lint(deployment(lines), RULE), [], lines);
  }
});

test('YAML: a templated value elsewhere does not stop the check', () => {
  const text = deployment('command: ["sh", "-c", "./a && ./b"]\n').replace('image: example/web:1', 'image: "{{ .Values.image }}"');
  const [finding] = lint(text, RULE);
  assert.ok(finding);
  assert.equal(fixOnce(manifest(text), MANIFEST, RULE), text.replace('&& ./b', '&& exec ./b'));
});

test('YAML: an aliased script is flagged but not edited through its anchor', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    script: &script ./a && ./b
spec:
  template:
    spec:
      containers:
        - name: app
          command: ["sh", "-c", *script]
`;
  const [finding] = lint(text, RULE);
  assert.ok(finding);
  assert.deepEqual(finding.fixes, []);
});

// ---- The shared script table (also run under the real shells: test/real-shells) --------

test('shared table: under dash every script that neither execs nor traps is flagged, in shell form and as a wrapper', () => {
  for (const script of SHELL_SCRIPTS) {
    const reading = readScript(script);
    const expected = reading.ending === 'runs' && !reading.traps;
    assert.equal(ruleFires(script, 'dash'), expected, script);
  }
});

test('shared table: bash and BusyBox are flagged only where they keep waiting, a subset of dash', () => {
  for (const script of SHELL_SCRIPTS) {
    for (const shell of ['bash', 'busybox'] as const) {
      if (ruleFires(script, shell)) assert.ok(ruleFires(script, 'dash'), `${shell}: ${script}`);
    }
  }
  assert.equal(ruleFires('./migrate && ./server', 'bash'), false);
  assert.equal(ruleFires('./migrate && ./server', 'busybox'), false);
  assert.equal(ruleFires('./migrate\n./server\n', 'busybox'), true);
  assert.equal(ruleFires('./server | tee /log', 'busybox'), true);
});
