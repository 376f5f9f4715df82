import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as k8s from '../helpers/manifests';
import { anchorText, findings, fixOnce, lint } from '../helpers/workspace';

const RULE = 'liveness-checks-dependencies';
const PATH = '/w/manifest.yaml';

/** A Deployment whose single container serves on 8080 and has this liveness probe (YAML at 10 spaces). */
function deployment(probe: string, kind = 'Deployment'): string {
  return k8s.deployment({ kind, image: 'web:1', fields: `${k8s.containerPort(8080)}          livenessProbe:\n${probe}` });
}

const exec = (...argv: string[]) => `            exec:\n              command: ${JSON.stringify(argv)}\n`;
const httpGet = (path: string, extra = '') => `            httpGet:\n              path: ${path}\n              port: 8080\n${extra}`;

test('flags an httpGet path naming a dependency, anchored at the handler', () => {
  const text = deployment(httpGet('/health/db'));
  const [finding, ...rest] = lint(text, RULE);
  assert.equal(rest.length, 0);
  assert.equal(anchorText(text, finding!), 'httpGet');
  assert.match(finding!.message, /"db"/);
  assert.deepEqual(finding!.fixes?.map((f) => [f.title, f.preferred ?? false]), [
    ['Replace the httpGet check with a tcpSocket check on port 8080', true],
    ['Change the liveness path to /livez', false],
  ]);
});

test('flags readiness and dependency words as whole segments or words of a segment', () => {
  for (const path of ['/ready', '/readyz', '/healthz/readiness', '/health/deps', '/status/dependencies', '/db-check', '/health/redis?full=1', '/Database/']) {
    assert.equal(lint(deployment(httpGet(path)), RULE).length, 1, path);
  }
});

test('does not flag those words inside other words, or process-only paths', () => {
  for (const path of ['/already', '/dashboard', '/healthz', '/livez', '/ping', '/readyness-not-a-word', '/dbx', '/actuator/health/liveness', '/']) {
    assert.deepEqual(lint(deployment(httpGet(path)), RULE), [], path);
  }
});

test("flags Spring Boot's aggregate health and offers its liveness group", () => {
  const text = deployment(httpGet('/app/actuator/health/'));
  const [finding] = lint(text, RULE);
  assert.match(finding!.message, /Spring Boot's aggregate health/);
  assert.equal(
    fixOnce({ [PATH]: text }, PATH, RULE, 'Change the liveness path'),
    deployment(httpGet('/app/actuator/health/liveness')),
  );
  const readiness = deployment(httpGet('/actuator/health/readiness'));
  assert.equal(fixOnce({ [PATH]: readiness }, PATH, RULE, 'Change the liveness path'), deployment(httpGet('/actuator/health/liveness')));
});

test('the tcpSocket fix replaces the handler and keeps everything else', () => {
  const text = deployment(httpGet('/health/db', '            periodSeconds: 10 # often\n'));
  assert.equal(
    fixOnce({ [PATH]: text }, PATH, RULE),
    deployment('            tcpSocket:\n              port: 8080\n            periodSeconds: 10 # often\n'),
  );
});

test('the path fix keeps quoting and uses the livenessPath setting', () => {
  const text = deployment(`            httpGet:\n              path: "/ready"\n              port: http\n`);
  const files = { [PATH]: text };
  assert.equal(fixOnce(files, PATH, RULE, 'Change the liveness path'), deployment(`            httpGet:\n              path: "/livez"\n              port: http\n`));
  // A named port stays named in the tcpSocket check.
  assert.equal(fixOnce(files, PATH, RULE), deployment('            tcpSocket:\n              port: http\n'));
  const custom = findings(files, PATH, RULE, { livenessPath: '/alive' })[0]!;
  assert.ok(custom.fixes?.some((f) => f.title === 'Change the liveness path to /alive'));
  // A configured livenessPath that names readiness itself is not offered.
  const bad = findings(files, PATH, RULE, { livenessPath: '/ready' })[0]!;
  assert.deepEqual(bad.fixes?.map((f) => f.title), ['Replace the httpGet check with a tcpSocket check on port http']);
});

test('flags a remote host on httpGet and tcpSocket, offering a tcpSocket check on the app port', () => {
  const text = deployment(`            httpGet:\n              host: auth.internal\n              path: /healthz\n              port: 9000\n`);
  const [finding] = lint(text, RULE);
  assert.match(finding!.message, /host "auth.internal"/);
  assert.deepEqual(finding!.fixes?.map((f) => f.title), ['Replace the httpGet check with a tcpSocket check on port 8080']);
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), deployment('            tcpSocket:\n              port: 8080\n'));
  const tcp = deployment(`            tcpSocket:\n              host: postgres.db.svc\n              port: 5432\n`);
  assert.deepEqual(lint(tcp, RULE)[0]!.fixes?.map((f) => f.title), ["Replace the remote tcpSocket check with one on this container's port 8080"]);
  assert.equal(fixOnce({ [PATH]: tcp }, PATH, RULE), deployment('            tcpSocket:\n              port: 8080\n'));
});

test('local hosts are not dependencies, and an explicit one is kept by the fix', () => {
  for (const host of ['localhost', '127.0.0.1', '::1', '"[::1]"', '0.0.0.0', '/var/run/app.sock']) {
    assert.deepEqual(lint(deployment(`            tcpSocket:\n              host: ${host}\n              port: 8080\n`), RULE), [], host);
  }
  const text = deployment(`            httpGet:\n              host: 127.0.0.1\n              path: /ready\n              port: 8080\n`);
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), deployment('            tcpSocket:\n              port: 8080\n              host: "127.0.0.1"\n'));
});

test('flags exec clients that talk to another host', () => {
  const cases: Array<[string[], string]> = [
    [['pg_isready', '-h', 'postgres', '-U', 'app'], 'pg_isready against "postgres"'],
    [['pg_isready', '--host=db.example.com'], 'pg_isready against "db.example.com"'],
    [['sh', '-c', 'mysqladmin ping -h mysql.db -uroot -p"$PW"'], 'mysqladmin against "mysql.db"'],
    [['redis-cli', '-h', 'cache', 'ping'], 'redis-cli against "cache"'],
    [['redis-cli', '-u', 'redis://:secret@cache:6379/0', 'ping'], 'redis-cli against "cache"'],
    [['mongosh', 'mongodb://user@mongo-0.mongo:27017/admin', '--eval', 'db.runCommand({ping:1})'], 'mongosh against "mongo-0.mongo"'],
    [['/bin/sh', '-c', 'curl -fsS -o /dev/null http://payments:8080/healthz && echo ok'], 'curl against "payments"'],
    [['wget', '-qO-', 'https://api.example.com/ping'], 'wget against "api.example.com"'],
    [['nc', '-z', '-w', '2', 'kafka', '9092'], 'nc against "kafka"'],
    [['/bin/grpc_health_probe', '-addr=backend:50051'], 'grpc_health_probe against "backend"'],
    [['grpc_health_probe', '-tls', '-addr', 'backend.svc:443'], 'grpc_health_probe against "backend.svc"'],
    [['etcdctl', 'endpoint', 'health', '--endpoints=https://127.0.0.1:2379,https://etcd-1:2379'], 'etcdctl against "etcd-1"'],
    [['timeout', '5', 'psql', 'postgresql://app@db/app', '-c', 'select 1'], 'psql against "db"'],
    [['psql', 'host=pg.internal port=5432', '-c', 'select 1'], 'psql against "pg.internal"'],
  ];
  for (const [argv, expected] of cases) {
    const found = lint(deployment(exec(...argv)), RULE);
    assert.equal(found.length, 1, argv.join(' '));
    assert.ok(found[0]!.message.includes(expected), `${argv.join(' ')}: ${found[0]!.message}`);
  }
});

test('stays silent for exec clients without a host, with a local one, or with a variable one', () => {
  const cases: string[][] = [
    ['pg_isready', '-U', 'postgres'],
    ['pg_isready', '-h', '/var/run/postgresql'],
    ['pg_isready', '-h', 'localhost'],
    ['mysqladmin', 'ping', '-h', '127.0.0.1'],
    ['mysqladmin', 'ping', '-psecret-with-h'],
    ['redis-cli', 'ping'],
    ['redis-cli', '-s', '/tmp/redis.sock', 'ping'],
    ['sh', '-c', 'redis-cli -h "$REDIS_HOST" ping'],
    ['sh', '-c', 'pg_isready -h $(hostname -i)'],
    ['curl', '-f', 'http://localhost:8080/healthz'],
    ['curl', '--unix-socket', '/run/app.sock', 'http://app/healthz'],
    ['curl', '-x', 'http://proxy:3128', 'http://127.0.0.1:8080/'],
    ['curl', '-f', 'localhost:8080/healthz'],
    ['nc', '-z', 'localhost', '8080'],
    ['grpc_health_probe', '-addr=:50051'],
    ['grpc_health_probe', '-addr', 'localhost:50051', '-service', 'remote'],
    ['cat', '/tmp/healthy'],
    ['sh', '-c', 'echo http://remote.example.com'],
  ];
  for (const argv of cases) assert.deepEqual(lint(deployment(exec(...argv)), RULE), [], argv.join(' '));
});

test('an exec finding offers the tcpSocket check on the first container port', () => {
  const text = deployment(exec('pg_isready', '-h', 'postgres'));
  assert.equal(fixOnce({ [PATH]: text }, PATH, RULE), deployment('            tcpSocket:\n              port: 8080\n'));
});

test('an exec finding in a container without ports offers no fix', () => {
  const text = deployment(exec('redis-cli', '-h', 'cache', 'ping')).replace('          ports:\n            - containerPort: 8080\n', '');
  const [finding] = lint(text, RULE);
  assert.deepEqual(finding!.fixes, []);
});

test('applies to Jobs, native sidecars and Lists; not to readiness probes or init containers', () => {
  const job = deployment(httpGet('/ready'), 'Job').replace('apps/v1', 'batch/v1');
  assert.equal(lint(job, RULE).length, 1);
  const pod = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: p
    spec:
      initContainers:
        - name: proxy
          image: proxy:1
          restartPolicy: Always
          livenessProbe:
            httpGet:
              path: /ready
              port: 15020
        - name: migrate
          image: migrate:1
          livenessProbe:
            httpGet:
              path: /ready
              port: 1
      containers:
        - name: app
          image: app:1
          readinessProbe:
            httpGet:
              path: /ready
              port: 8080
`;
  const found = lint(pod, RULE);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.range.start, pod.indexOf('httpGet'));
});

test('stays silent on templated hosts, paths and commands', () => {
  const helm = deployment(`            httpGet:\n              path: {{ .Values.livenessPath }}\n              port: 8080\n`);
  assert.deepEqual(lint(helm, RULE, { path: '/w/chart/templates/deploy.yaml' }), []);
  const host = deployment(`            tcpSocket:\n              host: {{ .Values.db.host }}\n              port: 5432\n`);
  assert.deepEqual(lint(host, RULE), []);
  const command = deployment(`            exec:\n              command: ["pg_isready", "-h", "{{ .Values.db.host }}"]\n`);
  assert.deepEqual(lint(command, RULE), []);
});

test('a kustomize patch is checked: it states the probe it sets', () => {
  const patch = deployment(httpGet('/health/db'));
  const files = { '/w/overlay/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatches:\n  - path: probe.yaml\n', '/w/overlay/probe.yaml': patch };
  assert.equal(findings(files, '/w/overlay/probe.yaml', RULE).length, 1);
});

test('no fix touches a probe shared through an alias; flow style gets no handler replacement', () => {
  const shared = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: a:1
      ports:
        - containerPort: 8080
      livenessProbe: &probe
        httpGet:
          path: /ready
          port: 8080
    - name: b
      image: b:1
      livenessProbe: *probe
`;
  const found = lint(shared, RULE);
  assert.equal(found.length, 2);
  for (const f of found) assert.deepEqual(f.fixes, []);
  const flow = deployment('            {httpGet: {path: /ready, port: 8080}}\n');
  const [finding] = lint(flow, RULE);
  assert.deepEqual(finding!.fixes?.map((f) => f.title), ['Change the liveness path to /livez']);
  assert.equal(fixOnce({ [PATH]: flow }, PATH, RULE, 'Change the liveness path'), deployment('            {httpGet: {path: /livez, port: 8080}}\n'));
});

test('keeps CRLF line endings and 4-space flush-sequence style', () => {
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '    name: p',
    'spec:',
    '    containers:',
    '    - name: app',
    '      image: app:1',
    '      livenessProbe:',
    '          httpGet:',
    '              path: /readyz',
    '              port: 8080',
    '          failureThreshold: 3',
    '',
  ].join('\r\n');
  const fixed = fixOnce({ [PATH]: text }, PATH, RULE);
  assert.equal(fixed, text.replace('          httpGet:\r\n              path: /readyz\r\n              port: 8080', '          tcpSocket:\r\n              port: 8080'));
});
