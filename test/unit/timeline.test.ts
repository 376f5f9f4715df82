import assert from 'node:assert/strict';
import { test } from 'node:test';
import { objectsOf } from '../../server/src/model/k8s-object';
import { podSpecOf, type PodSpecRef } from '../../server/src/model/pod-spec';
import {
  drainBudget,
  effectiveGracePeriod,
  podDrainBudget,
  preStopDuration,
  preStopHookOf,
  preStopPairOf,
  sleepCommandSeconds,
} from '../../server/src/model/timeline';
import { parseYamlDocument } from '../../server/src/parse/yaml-file';
import { nativeSleepAvailable, pureSleepSeconds } from '../../server/src/rules/support/prestop-edits';

function pod(podFields: string, containers: string): PodSpecRef {
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
${podFields}  containers:
${containers}`;
  const [object] = objectsOf(parseYamlDocument(text, 0));
  const spec = object && podSpecOf(object);
  assert.ok(spec, 'no pod spec');
  return spec;
}

const container = (name: string, fields = '') => `    - name: ${name}\n      image: example/${name}:1\n${fields}`;
const hook = (handler: string) => `      lifecycle:\n        preStop:\n${handler}`;

test('G: the literal grace period, 30 when absent, unknown when templated or not a number', () => {
  const explicit = effectiveGracePeriod(pod('  terminationGracePeriodSeconds: 45\n', container('a')));
  assert.equal(explicit.known && explicit.seconds, 45);
  assert.ok(explicit.known && explicit.pair);
  const absent = effectiveGracePeriod(pod('', container('a')));
  assert.deepEqual(absent, { known: true, seconds: 30, pair: undefined });
  assert.equal(effectiveGracePeriod(pod('  terminationGracePeriodSeconds: "45"\n', container('a'))).known, false);
  assert.equal(effectiveGracePeriod(pod('  terminationGracePeriodSeconds: -1\n', container('a'))).known, false);
  assert.equal(effectiveGracePeriod(pod('  terminationGracePeriodSeconds: {{ .Values.g }}\n', container('a'))).known, false);
});

test('preStop hooks: native sleep, exec sleep, other handlers, none', () => {
  const native = preStopHookOf(pod('', container('a', hook('          sleep:\n            seconds: 12\n'))).containers[0]!);
  assert.equal(native.kind === 'sleep' && native.seconds, 12);
  assert.equal(native.kind === 'sleep' && native.native, true);
  const exec = preStopHookOf(pod('', container('a', hook('          exec:\n            command: ["/bin/sh", "-c", "sleep 2m"]\n'))).containers[0]!);
  assert.equal(exec.kind === 'sleep' && exec.seconds, 120);
  assert.equal(exec.kind === 'sleep' && exec.native, false);
  assert.equal(
    preStopHookOf(pod('', container('a', hook('          httpGet:\n            path: /drain\n            port: 80\n'))).containers[0]!).kind,
    'other',
  );
  assert.equal(preStopHookOf(pod('', container('a', hook('          exec:\n            command: ["/drain.sh"]\n'))).containers[0]!).kind, 'other');
  assert.equal(preStopHookOf(pod('', container('a', hook('          sleep:\n            seconds: "10"\n'))).containers[0]!).kind, 'other');
  assert.equal(preStopHookOf(pod('', container('a')).containers[0]!).kind, 'none');
  assert.equal(
    preStopHookOf(pod('', container('a', '      {{- include "lifecycle" . | nindent 6 }}\n')).containers[0]!).kind,
    'other',
    'a template may add a hook',
  );
  assert.equal(
    preStopHookOf(
      pod('', container('a', '      {{- with .Values.lifecycle }}\n      lifecycle: {{ toYaml . | nindent 8 }}\n      {{- end }}\n')).containers[0]!,
    ).kind,
    'other',
  );
  assert.equal(
    preStopHookOf(pod('', container('a', '  {{- if .Values.extra }}\n  hostNetwork: true\n  {{- end }}\n')).containers[0]!).kind,
    'none',
    'a pod-level directive does not touch the container',
  );
});

test('preStopPairOf finds the hook key for anchoring', () => {
  const spec = pod('', container('a', hook('          sleep:\n            seconds: 5\n')) + container('b'));
  assert.ok(preStopPairOf(spec.containers[0]!));
  assert.equal(preStopPairOf(spec.containers[1]!), undefined);
});

test('sleepCommandSeconds reads sleep N, /bin/sleep N and a shell that sleeps first', () => {
  assert.equal(sleepCommandSeconds(['sleep', '15']), 15);
  assert.equal(sleepCommandSeconds(['/bin/sleep', '1m']), 60);
  assert.equal(sleepCommandSeconds(['bash', '-c', 'sleep 5 && nginx -s quit']), 5);
  assert.equal(sleepCommandSeconds(['sh', '-c', 'sleep $DELAY']), undefined);
  assert.equal(sleepCommandSeconds(['sh', '-c', 'echo bye; sleep 5']), undefined);
  assert.equal(sleepCommandSeconds(['sleep', 'infinity']), undefined);
  assert.equal(sleepCommandSeconds(['sleep', '5', '10']), undefined);
});

test('pureSleepSeconds accepts only hooks that do nothing but sleep', () => {
  assert.equal(pureSleepSeconds(['sleep', '15']), 15);
  assert.equal(pureSleepSeconds(['/bin/sh', '-c', 'sleep 15']), 15);
  assert.equal(pureSleepSeconds(['sh', '-c', 'sleep 5 && nginx -s quit']), undefined);
  assert.equal(pureSleepSeconds(['/app/drain']), undefined);
});

test('P: the longest preStop over regular containers and native sidecars; unknown when any hook is not a sleep', () => {
  const spec = pod(
    '',
    container('a', hook('          sleep:\n            seconds: 5\n')) + container('b', hook('          exec:\n            command: ["sleep", "20"]\n')),
  );
  const p = preStopDuration(spec);
  assert.equal(p.known && p.seconds, 20);
  assert.equal(p.container?.name, 'b');
  const none = preStopDuration(pod('', container('a')));
  assert.deepEqual({ known: none.known, seconds: none.known && none.seconds }, { known: true, seconds: 0 });
  const unknown = preStopDuration(
    pod('', container('a', hook('          sleep:\n            seconds: 5\n')) + container('b', hook('          httpGet:\n            port: 80\n'))),
  );
  assert.equal(unknown.known, false);
  assert.equal(unknown.container.name, 'b');
  const sidecar = `  initContainers:
    - name: proxy
      image: example/proxy:1
      restartPolicy: Always
${hook('          sleep:\n            seconds: 25\n')}`;
  const withSidecar = preStopDuration(pod(sidecar, container('a', hook('          sleep:\n            seconds: 5\n'))));
  assert.equal(withSidecar.known && withSidecar.seconds, 25);
});

test('R: drainSeconds unless a longer shutdown timeout is declared in command, args or env', () => {
  const plain = pod('', container('a'));
  assert.deepEqual(drainBudget(plain.containers[0]!, 15), { seconds: 15, source: undefined });
  const gunicorn = pod('', container('a', '      command: ["gunicorn", "--graceful-timeout", "45", "app:app"]\n')).containers[0]!;
  assert.equal(drainBudget(gunicorn, 15).seconds, 45);
  assert.equal(drainBudget(gunicorn, 15).source?.description, 'gunicorn --graceful-timeout');
  const inline = pod('', container('a', '      args: ["--shutdown-timeout=1m30s"]\n')).containers[0]!;
  assert.equal(drainBudget(inline, 15).seconds, 90);
  const script = pod('', container('a', '      command: ["sh", "-c", "exec uvicorn app:app --timeout-graceful-shutdown 25"]\n')).containers[0]!;
  assert.equal(drainBudget(script, 15).seconds, 25);
  const spring = pod('', container('a', '      env:\n        - name: SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE\n          value: 40s\n')).containers[0]!;
  assert.equal(drainBudget(spring, 15).seconds, 40);
  const shorter = pod('', container('a', '      args: ["--drain-timeout", "5s"]\n')).containers[0]!;
  assert.deepEqual(drainBudget(shorter, 15), { seconds: 15, source: undefined }, 'the setting is a floor');
  const both = pod('', container('a') + container('b', '      args: ["--graceful-shutdown-timeout", "50s"]\n'));
  const r = podDrainBudget(both, 15);
  assert.equal(r.seconds, 50);
  assert.equal(r.container?.name, 'b');
});

test('the native sleep action is available from Kubernetes 1.30', () => {
  assert.equal(nativeSleepAvailable('1.29'), false);
  assert.equal(nativeSleepAvailable('1.30'), true);
  assert.equal(nativeSleepAvailable('1.34'), true);
  assert.equal(nativeSleepAvailable('v1.31.2'), true);
  assert.equal(nativeSleepAvailable('latest'), false);
});
