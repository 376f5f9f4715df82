import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as k8s from '../helpers/manifests';
import { testRule, type InvalidCase, type RuleCase } from '../helpers/rule-tester';
import { applyFix, findings } from '../helpers/workspace';

/** A Deployment whose single container serves on 8080 and has this liveness probe (YAML at 10 spaces). */
function deployment(probe: string, kind = 'Deployment'): string {
  return k8s.deployment({ kind, image: 'web:1', fields: `${k8s.containerPort(8080)}          livenessProbe:\n${probe}` });
}

const exec = (...argv: string[]) => `            exec:\n              command: ${JSON.stringify(argv)}\n`;
const httpGet = (path: string, extra = '') => `            httpGet:\n              path: ${path}\n              port: 8080\n${extra}`;
const TCP_8080 = deployment('            tcpSocket:\n              port: 8080\n');

const ON_HTTP = { anchor: 'httpGet' };
const ON_EXEC = { anchor: 'exec' };
const TCP_FIX = { title: 'Replace the httpGet check with a tcpSocket check on port 8080', preferred: true };
const PATH_FIX = 'Change the liveness path';

const namedPort = deployment(`            httpGet:\n              path: "/ready"\n              port: http\n`);
const remoteHttp = deployment(`            httpGet:\n              host: auth.internal\n              path: /healthz\n              port: 9000\n`);
const remoteTcp = deployment(`            tcpSocket:\n              host: postgres.db.svc\n              port: 5432\n`);
const sidecarList = `apiVersion: v1
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
const flow = deployment('            {httpGet: {path: /ready, port: 8080}}\n');
const flushLines = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '    name: p',
  'spec:',
  '    containers:',
  '    - name: app',
  '      image: app:1',
  '      livenessProbe:',
];
const crlfFlush = [...flushLines, '          httpGet:', '              path: /readyz', '              port: 8080', '          failureThreshold: 3', ''].join(
  '\r\n',
);

/** Exec clients that talk to another host, and the fragment their message names. */
const REMOTE_CLIENTS: Array<[string[], string]> = [
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

/** Exec clients without a host, with a local one, or with a variable one. */
const LOCAL_CLIENTS: string[][] = [
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

const valid: RuleCase[] = [
  // Readiness and dependency words inside other words, and process-only paths.
  ...['/already', '/dashboard', '/healthz', '/livez', '/ping', '/readyness-not-a-word', '/dbx', '/actuator/health/liveness', '/'].map((path) => ({
    name: `path ${path}`,
    code: deployment(httpGet(path)),
  })),
  ...['localhost', '127.0.0.1', '::1', '"[::1]"', '0.0.0.0', '/var/run/app.sock'].map((host) => ({
    name: `local host ${host}`,
    code: deployment(`            tcpSocket:\n              host: ${host}\n              port: 8080\n`),
  })),
  ...LOCAL_CLIENTS.map((argv) => ({ name: `exec ${argv.join(' ')}`, code: deployment(exec(...argv)) })),
  {
    name: 'a templated path',
    path: '/w/chart/templates/deploy.yaml',
    code: deployment(`            httpGet:\n              path: {{ .Values.livenessPath }}\n              port: 8080\n`),
  },
  { name: 'a templated host', code: deployment(`            tcpSocket:\n              host: {{ .Values.db.host }}\n              port: 5432\n`) },
  { name: 'a templated command', code: deployment(`            exec:\n              command: ["pg_isready", "-h", "{{ .Values.db.host }}"]\n`) },
];

const invalid: InvalidCase[] = [
  {
    name: 'an httpGet path naming a dependency, anchored at the handler',
    code: deployment(httpGet('/health/db')),
    errors: [{ ...ON_HTTP, message: '"db"', fixes: [TCP_FIX, { title: 'Change the liveness path to /livez' }] }],
  },
  // Readiness and dependency words as whole segments or words of a segment.
  ...['/ready', '/readyz', '/healthz/readiness', '/health/deps', '/status/dependencies', '/db-check', '/health/redis?full=1', '/Database/'].map((path) => ({
    name: `path ${path}`,
    code: deployment(httpGet(path)),
    errors: [ON_HTTP],
  })),
  {
    name: "Spring Boot's aggregate health: the path fix offers its liveness group",
    code: deployment(httpGet('/app/actuator/health/')),
    errors: [{ ...ON_HTTP, message: "Spring Boot's aggregate health" }],
    fix: PATH_FIX,
    output: deployment(httpGet('/app/actuator/health/liveness')),
  },
  {
    name: "Spring Boot's readiness group",
    code: deployment(httpGet('/actuator/health/readiness')),
    errors: [ON_HTTP],
    fix: PATH_FIX,
    output: deployment(httpGet('/actuator/health/liveness')),
  },
  {
    name: 'the tcpSocket fix replaces the handler and keeps everything else',
    code: deployment(httpGet('/health/db', '            periodSeconds: 10 # often\n')),
    errors: [ON_HTTP],
    output: deployment('            tcpSocket:\n              port: 8080\n            periodSeconds: 10 # often\n'),
  },
  {
    name: 'the path fix keeps quoting',
    code: namedPort,
    errors: [ON_HTTP],
    fix: PATH_FIX,
    output: deployment(`            httpGet:\n              path: "/livez"\n              port: http\n`),
  },
  {
    name: 'a named port stays named in the tcpSocket check',
    code: namedPort,
    errors: [ON_HTTP],
    output: deployment('            tcpSocket:\n              port: http\n'),
  },
  {
    name: 'the path fix uses the livenessPath setting',
    code: namedPort,
    settings: { livenessPath: '/alive' },
    errors: [
      {
        ...ON_HTTP,
        fixes: [{ title: 'Replace the httpGet check with a tcpSocket check on port http', preferred: true }, { title: 'Change the liveness path to /alive' }],
      },
    ],
  },
  {
    name: 'a configured livenessPath that names readiness itself is not offered',
    code: namedPort,
    settings: { livenessPath: '/ready' },
    errors: [{ ...ON_HTTP, fixes: [{ title: 'Replace the httpGet check with a tcpSocket check on port http', preferred: true }] }],
  },
  {
    name: 'a remote host on httpGet: a tcpSocket check on the app port',
    code: remoteHttp,
    errors: [{ ...ON_HTTP, message: 'host "auth.internal"', fixes: [TCP_FIX] }],
    output: TCP_8080,
  },
  {
    name: 'a remote host on tcpSocket: a tcpSocket check on the app port',
    code: remoteTcp,
    errors: [{ anchor: 'tcpSocket', fixes: [{ title: "Replace the remote tcpSocket check with one on this container's port 8080", preferred: true }] }],
    output: TCP_8080,
  },
  {
    name: 'a remote host: the fix checks the port the app serves, not a metrics port listed first',
    code: k8s.deployment({
      image: 'web:1',
      fields: `          ports:\n            - name: metrics\n              containerPort: 9090\n            - name: http\n              containerPort: 8080\n          livenessProbe:\n            tcpSocket:\n              host: postgres.db.svc\n              port: 5432\n`,
    }),
    errors: [{ anchor: 'tcpSocket', fixes: [{ title: "Replace the remote tcpSocket check with one on this container's port 8080", preferred: true }] }],
  },
  {
    name: 'an explicit local host is kept by the fix',
    code: deployment(`            httpGet:\n              host: 127.0.0.1\n              path: /ready\n              port: 8080\n`),
    errors: [ON_HTTP],
    output: deployment('            tcpSocket:\n              port: 8080\n              host: "127.0.0.1"\n'),
  },
  ...REMOTE_CLIENTS.map(([argv, expected]) => ({
    name: `exec ${argv.join(' ')}`,
    code: deployment(exec(...argv)),
    errors: [{ ...ON_EXEC, message: expected }],
  })),
  {
    name: 'an exec finding offers the tcpSocket check on the first container port',
    code: deployment(exec('pg_isready', '-h', 'postgres')),
    errors: [ON_EXEC],
    output: TCP_8080,
  },
  {
    name: 'an exec finding in a container without ports offers no fix',
    code: deployment(exec('redis-cli', '-h', 'cache', 'ping')).replace('          ports:\n            - containerPort: 8080\n', ''),
    errors: [ON_EXEC],
    output: null,
  },
  { name: 'applies to Jobs', code: deployment(httpGet('/ready'), 'Job').replace('apps/v1', 'batch/v1'), errors: [ON_HTTP] },
  { name: 'applies to native sidecars in Lists; not to readiness probes or init containers', code: sidecarList, errors: [ON_HTTP] },
  {
    name: 'a kustomize patch is checked: it states the probe it sets',
    path: '/w/overlay/probe.yaml',
    code: deployment(httpGet('/health/db')),
    files: { '/w/overlay/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatches:\n  - path: probe.yaml\n' },
    errors: [ON_HTTP],
  },
  {
    name: 'no fix touches a probe shared through an alias',
    code: shared,
    errors: [
      { ...ON_HTTP, fixes: [] },
      { ...ON_HTTP, fixes: [] },
    ],
  },
  {
    name: 'flow style gets no handler replacement, only the path fix',
    code: flow,
    errors: [{ ...ON_HTTP, fixes: [{ title: 'Change the liveness path to /livez' }] }],
    fix: PATH_FIX,
    output: deployment('            {httpGet: {path: /livez, port: 8080}}\n'),
  },
  {
    name: 'keeps CRLF line endings and 4-space flush-sequence style',
    code: crlfFlush,
    errors: [ON_HTTP],
    output: crlfFlush.replace(
      '          httpGet:\r\n              path: /readyz\r\n              port: 8080',
      '          tcpSocket:\r\n              port: 8080',
    ),
  },
];

testRule('liveness-checks-dependencies', { valid, invalid });

/** A Deployment whose container serves on 8080 (named `http`) with this readiness and liveness probe (YAML at 12 spaces). */
const probed = (readiness: string, liveness: string) =>
  k8s.deployment({
    image: 'web:1',
    fields: `          ports:\n            - name: http\n              containerPort: 8080\n          readinessProbe:\n${readiness}          livenessProbe:\n${liveness}`,
  });
const tcp = (port: string | number, host = '') => `            tcpSocket:\n              port: ${port}\n${host && `              host: ${host}\n`}`;

/** A fix must not trade this finding for a liveness-equals-readiness one: each case lists the fixes still offered. */
const NEXT_TO_READINESS: Array<{ name: string; code: string; fixes: string[] }> = [
  {
    name: 'readiness is a tcpSocket check on the port: no tcpSocket fix, the path fix stays',
    code: probed(tcp(8080), httpGet('/health/db')),
    fixes: ['Change the liveness path to /livez'],
  },
  {
    name: 'readiness checks the named port that the liveness port number is',
    code: probed(tcp('http'), httpGet('/ready')),
    fixes: ['Change the liveness path to /livez'],
  },
  { name: 'an exec client next to a tcpSocket readiness on the app port: no fix', code: probed(tcp(8080), exec('pg_isready', '-h', 'postgres')), fixes: [] },
  {
    name: 'a kept local host repeats a readiness check on that host',
    code: probed(tcp(8080, '"127.0.0.1"'), httpGet('/ready', '              host: 127.0.0.1\n')),
    fixes: ['Change the liveness path to /livez'],
  },
  {
    name: 'readiness is a tcpSocket check on another port or host: the tcpSocket fix stays',
    code: probed(tcp(9090), httpGet('/health/db')),
    fixes: ['Replace the httpGet check with a tcpSocket check on port 8080', 'Change the liveness path to /livez'],
  },
  {
    name: 'readiness on a remote host',
    code: probed(tcp(8080, 'other'), httpGet('/ready')),
    fixes: ['Replace the httpGet check with a tcpSocket check on port 8080', 'Change the liveness path to /livez'],
  },
  {
    name: 'readiness already serves the livenessPath: no path fix',
    code: probed(httpGet('/livez'), httpGet('/health/db')),
    fixes: ['Replace the httpGet check with a tcpSocket check on port 8080'],
  },
  {
    name: 'readiness serves the livenessPath on another port: the path fix stays',
    code: probed('            httpGet:\n              path: /livez\n              port: 9090\n', httpGet('/health/db')),
    fixes: ['Replace the httpGet check with a tcpSocket check on port 8080', 'Change the liveness path to /livez'],
  },
];

describe('fixes next to a readiness probe (applied, then the file re-analysed)', () => {
  const path = '/w/manifest.yaml';
  /** The file's findings as rule and message, sorted: what a fix may change. */
  const all = (text: string) =>
    findings({ [path]: text }, path)
      .map((f) => `${f.ruleId}: ${f.message}`)
      .sort();
  for (const c of NEXT_TO_READINESS) {
    it(c.name, () => {
      const before = all(c.code);
      const [finding, ...others] = findings({ [path]: c.code }, path, 'liveness-checks-dependencies');
      assert.ok(finding && others.length === 0, 'one finding');
      assert.deepEqual(
        finding.fixes?.map((f) => f.title),
        c.fixes,
      );
      assert.ok(!before.some((f) => f.startsWith('liveness-equals-readiness')), 'no finding of the other rule to start with');
      for (const fix of finding.fixes ?? []) {
        // The finding gone, the file parsing and unchanged outside the edit (applyFix checks those), and no new finding.
        const after = applyFix({ [path]: c.code }, path, finding, fix);
        assert.deepEqual(
          all(after),
          before.filter((f) => f !== `liveness-checks-dependencies: ${finding.message}`),
          fix.title,
        );
      }
    });
  }
});
