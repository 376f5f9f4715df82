import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as k8s from '../helpers/manifests';
import { anchorText, findings, fixOnce, lint } from '../helpers/workspace';

const RULE = 'liveness-equals-readiness';
const PATH = '/w/manifest.yaml';

/** A Deployment whose container has these probes (written at 10 spaces). */
function deployment(probes: string, ports = '          ports:\n            - name: http\n              containerPort: 8080\n'): string {
  return k8s.deployment({ image: 'web:1', fields: ports + probes });
}

const probe = (key: string, handler: string, timing = '') => `          ${key}:\n${handler}${timing}`;
const http = (path: string, port: string | number = 8080, extra = '') =>
  `            httpGet:\n              path: ${path}\n              port: ${port}\n${extra}`;

test('flags identical httpGet handlers, anchored at livenessProbe, with the readiness probe as related', () => {
  const text = deployment(probe('readinessProbe', http('/healthz')) + probe('livenessProbe', http('/healthz'), '            failureThreshold: 6\n'));
  const [finding, ...rest] = lint(text, RULE);
  assert.equal(rest.length, 0);
  assert.equal(anchorText(text, finding!), 'livenessProbe');
  assert.equal(text.slice(finding!.related![0]!.range.start, finding!.related![0]!.range.end), 'readinessProbe');
  assert.deepEqual(
    finding!.fixes?.map((f) => [f.title, f.preferred ?? false]),
    [
      ['Replace the httpGet check with a tcpSocket check on port 8080', true],
      ['Change the liveness path to /livez', false],
    ],
  );
});

test('the fixes replace the liveness handler or its path, and nothing else', () => {
  const text = deployment(probe('readinessProbe', http('/healthz')) + probe('livenessProbe', http('/healthz'), '            periodSeconds: 20\n'));
  const files = { [PATH]: text };
  assert.equal(
    fixOnce(files, PATH, RULE),
    deployment(
      probe('readinessProbe', http('/healthz')) +
        probe('livenessProbe', '            tcpSocket:\n              port: 8080\n', '            periodSeconds: 20\n'),
    ),
  );
  assert.equal(
    fixOnce(files, PATH, RULE, 'Change the liveness path'),
    deployment(probe('readinessProbe', http('/healthz')) + probe('livenessProbe', http('/livez'), '            periodSeconds: 20\n')),
  );
});

test('absent path equals "/", header order and name case do not matter, timing fields do not count', () => {
  const a = `            httpGet:\n              port: 8080\n              httpHeaders:\n                - name: X-Probe\n                  value: "1"\n                - name: Accept\n                  value: json\n`;
  const b = `            httpGet:\n              path: /\n              port: 8080\n              scheme: HTTP\n              httpHeaders:\n                - name: accept\n                  value: json\n                - name: x-probe\n                  value: "1"\n`;
  const text = deployment(
    probe('readinessProbe', a, '            periodSeconds: 5\n') + probe('livenessProbe', b, '            periodSeconds: 30\n            timeoutSeconds: 5\n'),
  );
  assert.equal(lint(text, RULE).length, 1);
  // Without a path, the path fix sets one.
  const noPath = deployment(probe('readinessProbe', a) + probe('livenessProbe', a));
  const fixed = fixOnce({ [PATH]: noPath }, PATH, RULE, 'Change the liveness path');
  assert.equal(fixed, deployment(probe('readinessProbe', a) + probe('livenessProbe', a + '              path: /livez\n')));
});

test('a named port equals the number it resolves to; an unresolved name does not', () => {
  assert.equal(lint(deployment(probe('readinessProbe', http('/healthz', 'http')) + probe('livenessProbe', http('/healthz', 8080))), RULE).length, 1);
  assert.deepEqual(lint(deployment(probe('readinessProbe', http('/healthz', 'admin')) + probe('livenessProbe', http('/healthz', 8080))), RULE), []);
  assert.equal(lint(deployment(probe('readinessProbe', http('/healthz', 'admin')) + probe('livenessProbe', http('/healthz', 'admin'))), RULE).length, 1);
});

test('different path, port, host, scheme, header or handler kind is not identical', () => {
  const base = http('/healthz');
  for (const other of [
    http('/livez'),
    http('/healthz', 8081),
    http('/healthz', 8080, '              host: 127.0.0.1\n'),
    http('/healthz', 8080, '              scheme: HTTPS\n'),
    http('/healthz', 8080, '              httpHeaders:\n                - name: X-Check\n                  value: deep\n'),
    '            tcpSocket:\n              port: 8080\n',
  ]) {
    assert.deepEqual(lint(deployment(probe('readinessProbe', base) + probe('livenessProbe', other)), RULE), [], other);
  }
});

test('flags identical tcpSocket, exec and grpc handlers', () => {
  const tcp = '            tcpSocket:\n              port: http\n';
  const tcpText = deployment(probe('readinessProbe', tcp) + probe('livenessProbe', tcp));
  const [tcpFinding] = lint(tcpText, RULE);
  assert.deepEqual(
    tcpFinding!.fixes?.map((f) => f.title),
    ['Replace the tcpSocket check with an httpGet check of /livez on port http'],
  );
  assert.equal(
    fixOnce({ [PATH]: tcpText }, PATH, RULE, 'httpGet check'),
    deployment(probe('readinessProbe', tcp) + probe('livenessProbe', '            httpGet:\n              path: /livez\n              port: http\n')),
  );
  const execProbe = '            exec:\n              command: ["/bin/check", "--deep"]\n';
  const execText = deployment(probe('readinessProbe', execProbe) + probe('livenessProbe', execProbe));
  assert.equal(
    fixOnce({ [PATH]: execText }, PATH, RULE),
    deployment(probe('readinessProbe', execProbe) + probe('livenessProbe', '            tcpSocket:\n              port: 8080\n')),
  );
  const grpc = '            grpc:\n              port: 9090\n';
  assert.equal(lint(deployment(probe('readinessProbe', grpc) + probe('livenessProbe', grpc)), RULE).length, 1);
  assert.deepEqual(
    lint(
      deployment(probe('readinessProbe', grpc) + probe('livenessProbe', '            grpc:\n              port: 9090\n              service: liveness\n')),
      RULE,
    ),
    [],
  );
  const other = '            exec:\n              command: ["/bin/check"]\n';
  assert.deepEqual(lint(deployment(probe('readinessProbe', execProbe) + probe('livenessProbe', other)), RULE), []);
});

test('a probe defined once with an anchor and reused by alias is identical; no fix edits the shared text', () => {
  const text = deployment(`          readinessProbe: &probe\n${http('/healthz')}          livenessProbe: *probe\n`);
  const [finding] = lint(text, RULE);
  assert.equal(anchorText(text, finding!), 'livenessProbe');
  assert.deepEqual(finding!.fixes, []);
  const merged = deployment(
    `          readinessProbe: &probe\n${http('/healthz')}          livenessProbe:\n            <<: *probe\n            periodSeconds: 30\n`,
  );
  const [mergedFinding] = lint(merged, RULE);
  assert.deepEqual(mergedFinding!.fixes, []);
});

test('silent on Helm templates anywhere in either probe', () => {
  const templated = deployment(
    probe('readinessProbe', http('/healthz')) + probe('livenessProbe', http('/healthz'), '            periodSeconds: {{ .Values.period }}\n'),
  );
  assert.deepEqual(lint(templated, RULE), []);
  const port = deployment(probe('readinessProbe', http('/healthz', '{{ .Values.port }}')) + probe('livenessProbe', http('/healthz', '{{ .Values.port }}')));
  assert.deepEqual(lint(port, RULE), []);
});

test('flow-style probes get the finding; the tcpSocket replacement needs block style', () => {
  const text = deployment(
    '          readinessProbe: {httpGet: {path: /healthz, port: 8080}}\n          livenessProbe: {httpGet: {path: /healthz, port: 8080}}\n',
  );
  const [finding] = lint(text, RULE);
  assert.deepEqual(
    finding!.fixes?.map((f) => f.title),
    ['Change the liveness path to /livez'],
  );
  assert.equal(
    fixOnce({ [PATH]: text }, PATH, RULE, 'Change the liveness path'),
    deployment('          readinessProbe: {httpGet: {path: /healthz, port: 8080}}\n          livenessProbe: {httpGet: {path: /livez, port: 8080}}\n'),
  );
});

test('no path fix when readiness already uses livenessPath', () => {
  const text = deployment(probe('readinessProbe', http('/livez')) + probe('livenessProbe', http('/livez')));
  const [finding] = lint(text, RULE);
  assert.deepEqual(
    finding!.fixes?.map((f) => f.title),
    ['Replace the httpGet check with a tcpSocket check on port 8080'],
  );
  const custom = findings({ [PATH]: deployment(probe('readinessProbe', http('/healthz')) + probe('livenessProbe', http('/healthz'))) }, PATH, RULE, {
    livenessPath: '/alive',
  });
  assert.ok(custom[0]!.fixes?.some((f) => f.title === 'Change the liveness path to /alive'));
});

test('applies to Jobs and native sidecars, in a List, with CRLF and 4-space flush sequences', () => {
  const text = [
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: batch/v1',
    '  kind: Job',
    '  metadata:',
    '      name: j',
    '  spec:',
    '      template:',
    '          spec:',
    '              initContainers:',
    '              - name: proxy',
    '                image: proxy:1',
    '                restartPolicy: Always',
    '                readinessProbe:',
    '                    tcpSocket:',
    '                        port: 15021',
    '                livenessProbe:',
    '                    httpGet:',
    '                        path: /ready',
    '                        port: 15021',
    '              containers:',
    '              - name: run',
    '                image: run:1',
    '                readinessProbe:',
    '                    exec:',
    '                        command: [cat, /tmp/ok]',
    '                livenessProbe:',
    '                    exec:',
    '                        command: [cat, /tmp/ok]',
    '',
  ].join('\r\n');
  const found = lint(text, RULE);
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]!.fixes, [], 'no port to check with tcpSocket');
  const sidecar = text.replace(
    '                    tcpSocket:\r\n                        port: 15021',
    '                    httpGet:\r\n                        path: /ready\r\n                        port: 15021',
  );
  const files = { [PATH]: sidecar };
  assert.equal(findings(files, PATH, RULE).length, 2);
  const fixed = fixOnce(
    {
      [PATH]: sidecar.replace(
        /exec:\r\n {24}command: \[cat, \/tmp\/ok\]\r\n {16}livenessProbe/,
        'exec:\r\n                        command: [cat, /tmp/ready]\r\n                livenessProbe',
      ),
    },
    PATH,
    RULE,
  );
  assert.ok(fixed.includes('                livenessProbe:\r\n                    tcpSocket:\r\n                        port: 15021\r\n'));
});

test('null is absent: `httpHeaders:` with no value (rendered Helm) or `host: ~` does not make two probes differ', () => {
  const headers = '              httpHeaders:\n';
  const text = deployment(probe('readinessProbe', http('/healthz', 8080, headers)) + probe('livenessProbe', http('/healthz')));
  assert.equal(lint(text, RULE).length, 1);
  const host = deployment(
    probe('readinessProbe', http('/healthz', 8080, '              host: ~\n')) +
      probe('livenessProbe', http('/healthz', 8080, '              httpHeaders: null\n')),
  );
  assert.equal(lint(host, RULE).length, 1);
  // A null handler next to a real one is no handler: the probes compare by the real one.
  const tcp = '            tcpSocket:\n              port: 8080\n';
  assert.equal(lint(deployment(probe('readinessProbe', tcp + '            exec:\n') + probe('livenessProbe', tcp)), RULE).length, 1);
  // Headers that really differ still differ.
  const real = '              httpHeaders:\n                - name: X-Probe\n                  value: ready\n';
  assert.deepEqual(lint(deployment(probe('readinessProbe', http('/healthz', 8080, real)) + probe('livenessProbe', http('/healthz'))), RULE), []);
});
