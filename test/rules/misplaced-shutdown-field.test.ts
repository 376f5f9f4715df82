import { containerPort, deployment, kustomization, preStopSleep } from '../helpers/manifests';
import { testRule, wholeMessage } from '../helpers/rule-tester';

/** A Deployment whose container "web" has `fields` (at 10 spaces) after its image, and whose pod spec starts with `podSpec` (at 6). */
const web = (fields = '', podSpec = '') => deployment({ image: 'example/web:1.4', fields, podSpec });

/** The Deployment's head, for the texts that put fields where {@link web} cannot. */
const HEAD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
`;

const GRACE = { anchor: 'terminationGracePeriodSeconds' };
const NO_FIX = { fixes: [] };

const replicated = (spec = '') => deployment({ replicas: 2, spec, labels: { app: 'web' }, image: 'example/web:1.4' });
const POST_START = `          lifecycle:
            postStart:
              exec:
                command: ["/bin/warm"]
`;
const preStopBeside = web(`${POST_START}          preStop:
            exec:
              command: ["sleep", "5"]
`);
const POD_LIFECYCLE = `      lifecycle:
        preStop:
          sleep:
            seconds: 5
`;
const PROBE = `          readinessProbe:
            tcpSocket:
              port: 8080
`;
const probeUnderLifecycle = web(`          lifecycle:
            readinessProbe:
              tcpSocket:
                port: 8080
${containerPort(8080)}`);
const cron = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      terminationGracePeriodSeconds: 120
      template:
        spec:
          restartPolicy: OnFailure
          initContainers:
            - name: wait
              image: example/wait:1
              terminationGracePeriodSeconds: 5
          containers:
            - name: report
              image: example/report:1
`;
const patch = `${HEAD}  template:
    spec:
      readinessProbe:
        tcpSocket:
          port: 8080
      containers:
        - name: web
          terminationGracePeriodSeconds: 60
`;
const FLUSH_HEAD = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '    name: web',
  'spec:',
  '    template:',
  '        spec:',
  '            containers:',
  '            - name: web',
  '              image: example/web:1.4',
];
const pod = `apiVersion: v1
kind: Pod
metadata:
  name: standalone
terminationGracePeriodSeconds: 60
spec:
  containers:
    - name: app
      image: example/app:1.0
`;

testRule('misplaced-shutdown-field', {
  valid: [
    {
      name: 'fields at their right level, including a probe-level terminationGracePeriodSeconds',
      code: web(
        `          lifecycle:
            preStop:
              sleep:
                seconds: 10
          livenessProbe:
            httpGet:
              path: /livez
              port: 8080
            terminationGracePeriodSeconds: 10
`,
        '      terminationGracePeriodSeconds: 45\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'terminationGracePeriodSeconds inside a container moves to the pod spec',
      code: web(`          terminationGracePeriodSeconds: 60 # long drains\n${containerPort(8080)}`),
      errors: [
        {
          ...GRACE,
          severity: 'error',
          message: wholeMessage(
            'terminationGracePeriodSeconds has no effect in container "web": Kubernetes drops or rejects it there, so the pod keeps the grace period of its pod spec (30 s by default). It belongs in the pod spec (spec.template.spec).',
          ),
        },
      ],
      output: `${web(containerPort(8080))}      terminationGracePeriodSeconds: 60 # long drains\n`,
    },
    {
      name: "terminationGracePeriodSeconds in the Deployment's own spec moves to the pod spec",
      code: replicated('  terminationGracePeriodSeconds: 45\n'),
      errors: [{ ...GRACE, message: "has no effect in the Deployment's own spec" }],
      output: `${replicated()}      terminationGracePeriodSeconds: 45\n`,
    },
    {
      name: 'terminationGracePeriodSeconds in the template root moves to the pod spec',
      code: web().replace('  template:\n', '  template:\n    terminationGracePeriodSeconds: 45\n'),
      errors: [{ ...GRACE, message: 'the pod template (spec.template), beside its metadata and spec' }],
      output: `${web()}      terminationGracePeriodSeconds: 45\n`,
    },
    {
      name: 'preStop directly under a container moves under a new lifecycle',
      code: `${HEAD}  template:
    spec:
      containers:
        - name: web
          preStop:
            sleep:
              seconds: 10
          image: example/web:1.4
`,
      errors: [{ anchor: 'preStop', message: /the hook never runs\. It belongs in the lifecycle of container "web"\.$/ }],
      output: web(preStopSleep(10)),
    },
    {
      name: 'preStop beside an existing lifecycle joins it',
      code: preStopBeside,
      errors: [{ anchor: 'preStop' }],
      output: web(`${POST_START}            preStop:
              exec:
                command: ["sleep", "5"]
`),
    },
    {
      name: 'preStop beside a lifecycle that has one: no fix',
      code: preStopBeside.replace('            postStart:', '            preStop:'),
      errors: [{ anchor: 'preStop', occurrence: 1 }],
      output: null,
    },
    {
      name: 'a pod-level probe moves into the only container',
      code: web(
        '',
        `      readinessProbe:
        httpGet:
          path: /readyz
          port: 8080
`,
      ),
      errors: [{ anchor: 'readinessProbe', message: /the kubelet never runs this probe\. It belongs in the container\.$/ }],
      output: web(`          readinessProbe:
            httpGet:
              path: /readyz
              port: 8080
`),
    },
    {
      name: 'a pod-level probe gets no fix when the container is ambiguous',
      code: web(
        '        - name: proxy\n          image: example/proxy:1\n',
        `      livenessProbe:
        tcpSocket:
          port: 8080
`,
      ),
      errors: [{ anchor: 'livenessProbe' }],
      output: null,
    },
    {
      name: 'a pod-level lifecycle gets no fix when the container already has one',
      code: web(POST_START, POD_LIFECYCLE),
      errors: [
        {
          anchor: 'lifecycle',
          message: /^lifecycle has no effect in the pod spec \(spec.template.spec\): Kubernetes drops or rejects it there, so its hooks never run/,
        },
      ],
      output: null,
    },
    { name: 'a pod-level lifecycle moves into the only container', code: web(POD_LIFECYCLE), errors: [{ anchor: 'lifecycle' }], output: web(preStopSleep(5)) },
    {
      name: 'a probe under lifecycle moves up to the container; the lifecycle it leaves empty goes too',
      code: probeUnderLifecycle,
      errors: [{ anchor: 'readinessProbe' }],
      output: web(containerPort(8080) + PROBE),
    },
    {
      name: 'a probe under lifecycle moves up to the container; a lifecycle with a hook stays',
      code: probeUnderLifecycle.replace('          lifecycle:\n', preStopSleep(5)),
      errors: [{ anchor: 'readinessProbe' }],
      output: web(preStopSleep(5) + containerPort(8080) + PROBE),
    },
    {
      name: 'two fields competing for the same destination get no fix',
      code: web(`          terminationGracePeriodSeconds: 60
        - name: proxy
          image: example/proxy:1
          terminationGracePeriodSeconds: 20
`),
      errors: [
        { ...GRACE, ...NO_FIX },
        { ...GRACE, occurrence: 1, ...NO_FIX },
      ],
    },
    {
      name: 'a taken destination gets no fix',
      code: web('          terminationGracePeriodSeconds: 60\n', '      terminationGracePeriodSeconds: 30\n'),
      errors: [{ ...GRACE, occurrence: 1 }],
      output: null,
    },
    {
      name: 'init containers and CronJob levels are checked too; two candidates for the pod-level field get no fix',
      code: cron,
      errors: [
        { ...GRACE, message: /^terminationGracePeriodSeconds has no effect in spec\.jobTemplate\.spec(:|$)/, ...NO_FIX },
        { ...GRACE, occurrence: 1, message: /^terminationGracePeriodSeconds has no effect in init container "wait"(:|$)/, ...NO_FIX },
      ],
    },
    {
      name: 'fires in a kustomize patch; moves into a container are not offered there (the patch may list only some containers)',
      path: '/w/patch.yaml',
      code: patch,
      files: { '/w/kustomization.yaml': kustomization(['deployment.yaml'], ['patch.yaml']) },
      errors: [
        { anchor: 'readinessProbe', ...NO_FIX },
        { ...GRACE, fixes: [{ title: 'Move terminationGracePeriodSeconds to the pod spec (spec.template.spec)', preferred: true }] },
      ],
    },
    {
      name: 'CRLF and 4-space flush style are kept when moving',
      code: [
        ...FLUSH_HEAD,
        '              preStop:',
        '                  exec:',
        '                      command:',
        '                      - sleep',
        '                      - "5"',
        '              ports:',
        '              - containerPort: 8080',
        '',
      ].join('\r\n'),
      errors: [{ anchor: 'preStop' }],
      output: [
        ...FLUSH_HEAD,
        '              ports:',
        '              - containerPort: 8080',
        '              lifecycle:',
        '                  preStop:',
        '                      exec:',
        '                          command:',
        '                          - sleep',
        '                          - "5"',
        '',
      ].join('\r\n'),
    },
    {
      name: 'flow style gets the finding but no fix',
      code: `${HEAD}  template:
    spec:
      containers: [{name: web, image: "example/web:1.4", terminationGracePeriodSeconds: 60}]
`,
      errors: [GRACE],
      output: null,
    },
    {
      name: 'a first-item key gets the finding but no fix',
      code: `${HEAD}  template:
    spec:
      containers:
        - terminationGracePeriodSeconds: 60
          name: web
          image: example/web:1.4
`,
      errors: [GRACE],
      output: null,
    },
    {
      name: 'a templated value gets the finding but no fix',
      code: web('          terminationGracePeriodSeconds: {{ .Values.grace }}\n'),
      errors: [GRACE],
      output: null,
    },
    {
      name: 'a misplaced value with an anchor is not moved',
      code: web(
        '          livenessProbe: *probe\n',
        `      readinessProbe: &probe
        tcpSocket:
          port: 8080
`,
      ),
      errors: [{ anchor: 'readinessProbe' }],
      output: null,
    },
    {
      name: 'a field at the top level of the object, beside metadata, is found and moved into the pod spec',
      code: pod,
      errors: [{ ...GRACE, message: 'no effect in the top level of the Pod, beside its metadata' }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: standalone
spec:
  containers:
    - name: app
      image: example/app:1.0
  terminationGracePeriodSeconds: 60
`,
    },
    { name: 'a probe at the top level of a Deployment', code: `${web()}livenessProbe:\n  tcpSocket:\n    port: 8080\n`, errors: [{ anchor: 'livenessProbe' }] },
  ],
});
