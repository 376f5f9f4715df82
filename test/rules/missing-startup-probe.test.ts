import * as k8s from '../helpers/manifests';
import { testRule } from '../helpers/rule-tester';

/** A Deployment whose container has this liveness probe body (at 12 spaces) and then `resources`. */
function deployment(liveness: string, extra = ''): string {
  return k8s.deployment({ image: 'web:1', fields: `          livenessProbe:\n${liveness}${extra}          resources: {}\n` });
}

const HANDLER = '            httpGet: # process only\n              path: /livez\n              port: 8080\n';
const delay = (seconds: number | string) => `${HANDLER}            initialDelaySeconds: ${seconds}\n`;
const EXEC = '            exec:\n              command:\n                - /bin/check\n                - --quick\n';

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

const listLines = [
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

testRule('missing-startup-probe', {
  valid: [
    { name: 'a delay below slowStartSeconds', code: deployment(delay(29)) },
    { name: 'slowStartSeconds is respected', code: deployment(delay(60)), settings: { slowStartSeconds: 90 } },
    { name: 'a string delay', code: deployment(delay('"60"')) },
    { name: 'a templated delay', code: deployment(delay('{{ .Values.delay }}')) },
    { name: 'a startupProbe exists', code: deployment(delay(60), `          startupProbe:\n${HANDLER}`) },
    {
      name: 'an included block may add a startupProbe',
      path: '/w/chart/templates/deployment.yaml',
      code: deployment(delay(60), '          {{- include "web.startupProbe" . | nindent 10 }}\n'),
    },
    { name: 'init containers run to completion', code: deployment(delay(45)).replace('      containers:\n', '      initContainers:\n') },
    {
      name: 'a kustomize patch',
      path: '/w/overlay/web.yaml',
      code: deployment(delay(60)),
      files: { '/w/overlay/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatchesStrategicMerge:\n  - web.yaml\n' },
    },
  ],
  invalid: [
    {
      name: 'a long initialDelaySeconds without startupProbe, anchored at the entry',
      code: deployment(delay(60)),
      errors: [{ anchor: 'initialDelaySeconds: 60', severity: 'info', message: 'waits 60 s' }],
    },
    { name: 'from slowStartSeconds on', code: deployment(delay(30)), errors: [{ anchor: 'initialDelaySeconds: 30' }] },
    {
      name: 'the fix adds a startupProbe with the same handler text and drops the delay',
      code: deployment(`${HANDLER}            initialDelaySeconds: 60\n            periodSeconds: 10\n`),
      errors: [
        {
          anchor: 'initialDelaySeconds: 60',
          fixes: [{ title: 'Add a startupProbe (every 5 s, up to 13 failures) and drop initialDelaySeconds from the liveness probe', preferred: true }],
        },
      ],
      output: deployment(
        `${HANDLER}            periodSeconds: 10\n`,
        `          startupProbe:\n${HANDLER}            periodSeconds: 5\n            failureThreshold: 13\n`,
      ),
    },
    {
      name: 'the startupProbe keeps the liveness timeout and a shorter liveness period',
      code: deployment(`${EXEC}            timeoutSeconds: 4\n            periodSeconds: 3\n            initialDelaySeconds: 30\n`),
      errors: [{ anchor: 'initialDelaySeconds: 30' }],
      output: deployment(
        `${EXEC}            timeoutSeconds: 4\n            periodSeconds: 3\n`,
        `          startupProbe:\n${EXEC}            timeoutSeconds: 4\n            periodSeconds: 3\n            failureThreshold: 11\n`,
      ),
    },
    {
      name: 'applies to Jobs',
      code: deployment(delay(120)).replace('apps/v1', 'batch/v1').replace('kind: Deployment', 'kind: Job'),
      errors: [{ anchor: 'initialDelaySeconds: 120' }],
    },
    {
      name: 'applies to native sidecars',
      code: deployment(delay(45))
        .replace('      containers:\n', '      initContainers:\n')
        .replace('          image: web:1\n', '          image: web:1\n          restartPolicy: Always\n'),
      errors: [{ anchor: 'initialDelaySeconds: 45' }],
    },
    {
      name: 'a flow-style probe gets the finding but no fix',
      code: deployment('            {httpGet: {path: /livez, port: 8080}, initialDelaySeconds: 60}\n'),
      errors: [{ anchor: 'initialDelaySeconds: 60' }],
      output: null,
    },
    {
      name: 'an aliased probe gets a finding per container but no fix',
      code: aliased,
      errors: [
        { anchor: 'initialDelaySeconds: 60', fixes: [] },
        { anchor: 'initialDelaySeconds: 60', fixes: [] },
      ],
    },
    {
      name: 'an anchored handler gets no fix',
      code: deployment(`            httpGet: &h\n              path: /livez\n              port: 8080\n            initialDelaySeconds: 60\n`),
      errors: [{ anchor: 'initialDelaySeconds: 60' }],
      output: null,
    },
    {
      name: 'keeps CRLF, 4-space indentation and flush sequences, in a List',
      code: listLines.join('\r\n'),
      errors: [{ anchor: 'initialDelaySeconds: 40' }],
      output: [
        ...listLines.slice(0, -1),
        '                startupProbe:',
        '                    tcpSocket:',
        '                        port: 9000',
        '                    periodSeconds: 5',
        '                    failureThreshold: 9',
        '',
      ].join('\r\n'),
    },
  ],
});
