import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { timelineLenses } from '../../server/src/features/code-lens';
import { codeActionsFor, findingFor, fixAllAction } from '../../server/src/features/code-actions';
import { LineIndex } from '../../server/src/parse/line-index';
import { fixAll } from '../../server/src/features/fix-all';
import { minimalEdit } from '../../server/src/fix/apply-edits';
import { hoverAt } from '../../server/src/features/hover';
import { objectAt, objectsAround } from '../../server/src/features/object-at';
import { shutdownTimeline } from '../../server/src/features/shutdown-timeline';
import { applyEdits } from '../../server/src/fix/apply-edits';
import { objectsOf } from '../../server/src/model/k8s-object';
import { podSpecOf } from '../../server/src/model/pod-spec';
import { NO_FILES } from '../../server/src/model/workspace-fs';
import { WorkspaceIndex } from '../../server/src/model/workspace-index';
import { parseYamlFile } from '../../server/src/parse/yaml-file';
import { containerPort, deployment } from '../helpers/manifests';
import { assertParses, offsetOf, workspace } from '../helpers/workspace';

const podWith = (spec: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
${spec}`;

const timelineOf = (text: string) => {
  const [object] = objectsOf(parseYamlFile(text).documents[0]!);
  return shutdownTimeline(podSpecOf(object!)!, DEFAULT_SETTINGS, new WorkspaceIndex(), '/w/pod.yaml');
};

test('timeline: no preStop warning for a pod that serves nothing (a metrics-only port), as missing-prestop', () => {
  const t = timelineOf(podWith('  containers:\n    - name: worker\n      image: x\n      ports:\n        - name: metrics\n          containerPort: 9100\n'));
  assert.equal(t.summary, 'no preStop → SIGTERM → drain 30s → SIGKILL at 30s');
  assert.deepEqual(t.warnings, []);
});

test('timeline: the default grace period, no preStop on a serving pod', () => {
  const t = timelineOf(podWith('  containers:\n    - name: app\n      image: x\n      ports:\n        - containerPort: 8080\n'));
  assert.equal(t.summary, 'no preStop → SIGTERM → drain 30s → SIGKILL at 30s');
  assert.deepEqual(t.warnings, ['no preStop delay: SIGTERM arrives while endpoints may still route new requests to the pod']);
  assert.ok(t.events.some((e) => e.at === 30 && e.text === 'SIGKILL (default terminationGracePeriodSeconds 30)'));
  assert.ok(t.events.some((e) => e.text === "SIGTERM reaches PID 1 (the image's ENTRYPOINT/CMD)"));
});

test('timeline: a preStop as long as the grace period leaves no drain', () => {
  const t = timelineOf(
    podWith(
      '  terminationGracePeriodSeconds: 10\n  containers:\n    - name: app\n      image: x\n      lifecycle:\n        preStop:\n          sleep:\n            seconds: 10\n',
    ),
  );
  assert.equal(t.summary, 'preStop 10s → SIGTERM → drain 0s (needs 15s) ⚠ → SIGKILL at 10s');
  assert.match(t.warnings[0]!, /lasts the whole grace period \(10 s\): the kubelet adds 2 s once/);
});

test('timeline: G = 0 skips the hook; unknown hooks and templated grace periods stay unknown', () => {
  assert.equal(
    timelineOf(podWith('  terminationGracePeriodSeconds: 0\n  containers:\n    - name: app\n      image: x\n')).summary,
    'SIGKILL at 0s (no preStop, no drain)',
  );
  const httpHook = timelineOf(
    podWith(
      '  containers:\n    - name: app\n      image: x\n      lifecycle:\n        preStop:\n          httpGet:\n            path: /drain\n            port: 80\n',
    ),
  );
  assert.equal(httpHook.summary, 'preStop ?s → SIGTERM → drain ? → SIGKILL at 30s');
  assert.deepEqual(httpHook.warnings, []);
  const templated = timelineOf(podWith('  terminationGracePeriodSeconds: {{ .Values.grace }}\n  containers:\n    - name: app\n      image: x\n'));
  assert.equal(templated.summary, 'no preStop → SIGTERM → drain ? → SIGKILL at ?');
});

test('timeline: a shell wrapper as PID 1 is named for what it is', () => {
  const t = timelineOf(podWith('  containers:\n    - name: app\n      image: x\n      command: ["sh", "-c", "node server.js"]\n'));
  assert.ok(t.events.some((e) => e.text.includes('`sh` running a script: the app gets SIGTERM only if the script `exec`s it')));
});

const SERVING = (app: string) =>
  deployment({
    name: app,
    replicas: 1,
    app,
    container: 'a',
    image: 'example/a:1',
    fields: `${containerPort(80)}        - name: b\n          image: example/b:1\n${containerPort(81)}`,
  });

test('fix all applies every preferred fix of a rule and leaves the analyzer as it was', () => {
  const text = SERVING('web');
  const analyzer = workspace({ '/w/d.yaml': text });
  const edit = fixAll(analyzer, '/w/d.yaml', DEFAULT_SETTINGS, (f) => f.ruleId === 'missing-prestop');
  assert.ok(edit);
  const after = applyEdits(text, [edit]);
  assertParses(after);
  assert.equal(after.match(/preStop:/g)?.length, 2);
  assert.equal(analyzer.text('/w/d.yaml'), text, 'the what-if passes restore the file');
  assert.deepEqual(
    workspace({ '/w/d.yaml': after })
      .analyze('/w/d.yaml', DEFAULT_SETTINGS)!
      .findings.filter((f) => f.ruleId === 'missing-prestop'),
    [],
  );
  assert.equal(fixAll(workspace({ '/w/x.yaml': 'a: 1\n' }), '/w/x.yaml', DEFAULT_SETTINGS), undefined);
});

test('source fix-all edit touches only what changed', () => {
  const analyzer = workspace({ '/w/d.yaml': SERVING('web') });
  const action = fixAllAction(analyzer, '/w/d.yaml', DEFAULT_SETTINGS);
  assert.equal(action?.kind, 'source.fixAll');
  assert.deepEqual(minimalEdit('abcXdef', 'abcYYdef'), { range: { start: 3, end: 4 }, newText: 'YY' });
  assert.equal(minimalEdit('same', 'same'), undefined);
});

test('code actions find their finding by rule and range; the message only tells apart two at one range', () => {
  const analyzer = workspace({ '/w/d.yaml': SERVING('web') });
  const analysis = analyzer.analyze('/w/d.yaml', DEFAULT_SETTINGS)!;
  const lines = new LineIndex(analyzer.text('/w/d.yaml')!);
  const finding = analysis.findings.find((f) => f.ruleId === 'missing-prestop')!;
  const shown = { ruleId: 'missing-prestop', range: lines.rangeAt(finding.range.start, finding.range.end), message: finding.message };
  assert.equal(findingFor(analysis, shown, lines), finding);
  assert.equal(findingFor(analysis, { ...shown, message: 'an older wording' }, lines), finding);
  assert.equal(findingFor(analysis, { ...shown, ruleId: 'missing-pdb' }, lines), undefined);
  const below = { line: shown.range.start.line + 1, character: shown.range.start.character };
  assert.equal(findingFor(analysis, { ...shown, range: { start: below, end: below } }, lines), undefined, 'a diagnostic of an older text whose finding moved');
  const twin = { ...finding, message: `${finding.message} (second container)` };
  const twins = { ...analysis, findings: [finding, twin] };
  assert.equal(findingFor(twins, { ...shown, message: twin.message }, lines), twin);
  assert.equal(findingFor(twins, shown, lines), finding);
  const titles = codeActionsFor(analyzer, '/w/d.yaml', finding, DEFAULT_SETTINGS).map((a) => a.title);
  assert.ok(titles.includes('Fix all missing-prestop problems in this file'));
  const single = workspace({ '/w/s.yaml': SERVING('one').replace(/        - name: b\n(.*\n){3}/, '') });
  const only = single.analyze('/w/s.yaml', DEFAULT_SETTINGS)!.findings.find((f) => f.ruleId === 'missing-prestop')!;
  assert.ok(!codeActionsFor(single, '/w/s.yaml', only, DEFAULT_SETTINGS).some((a) => a.title.startsWith('Fix all')), 'one fixable finding needs no fix-all');
});

test('hover and code lens answer nothing outside Kubernetes workloads', () => {
  const analyzer = workspace({ '/w/ci.yaml': 'on: push\nterminationGracePeriodSeconds: 5\n' });
  assert.equal(hoverAt(analyzer, '/w/ci.yaml', 12, DEFAULT_SETTINGS, NO_FILES), undefined);
  assert.deepEqual(timelineLenses(analyzer, '/w/ci.yaml', DEFAULT_SETTINGS), []);
  assert.equal(hoverAt(analyzer, '/w/unknown.yaml', 0, DEFAULT_SETTINGS, NO_FILES), undefined);
  const job = workspace({
    '/w/job.yaml':
      'apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: 5\n      containers:\n        - name: j\n          image: x\n',
  });
  const text = job.text('/w/job.yaml')!;
  assert.equal(hoverAt(job, '/w/job.yaml', offsetOf(text, 'terminationGracePeriodSeconds'), DEFAULT_SETTINGS, NO_FILES), undefined);
  assert.deepEqual(timelineLenses(job, '/w/job.yaml', DEFAULT_SETTINGS), []);
});

test('Dockerfile hover: a shell-form CMD shows its finding first, then what PID 1 is', () => {
  const files = { '/w/Dockerfile': 'FROM python:3.12\nCMD gunicorn app:app\n' };
  const analyzer = workspace(files);
  const hover = hoverAt(analyzer, '/w/Dockerfile', offsetOf(files['/w/Dockerfile'], 'gunicorn'), DEFAULT_SETTINGS, NO_FILES);
  assert.ok(hover);
  assert.match(hover.markdown, /`shell-form-cmd`, warning[\s\S]*\n---\n[\s\S]*PID 1 of this image[\s\S]*- PID 1: `\/bin\/sh`/);
  assert.deepEqual(hover.range, { start: offsetOf(files['/w/Dockerfile'], 'CMD'), end: files['/w/Dockerfile'].length - 1 });
});

test('objectAt finds the object under the cursor among many documents, by bisection', () => {
  const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers: [{name: app, image: x}]\n`;
  const text = ['# leading comment\n', pod('a'), '---\n', pod('b'), '---\n', 'not: [closed\n', '---\n', pod('c')].join('');
  const file = parseYamlFile(text);
  const nameAt = (offset: number) => objectAt(file, offset)?.name;
  assert.equal(nameAt(text.indexOf('name: a')), 'a');
  assert.equal(nameAt(text.indexOf('name: b')), 'b');
  assert.equal(nameAt(text.indexOf('name: c')), 'c');
  assert.equal(nameAt(text.indexOf('not: [closed')), undefined, 'a document that does not parse has no objects');
  assert.equal(nameAt(text.indexOf('apiVersion', text.indexOf('name: b'))), 'c');
  assert.equal(nameAt(0), undefined, 'the comment before the first object');
  assert.equal(nameAt(text.length), 'c');
  assert.deepEqual(
    objectsAround(file, text.indexOf('name: b')).map((o) => o.name),
    ['b'],
  );
});

test('the hover timeline warns about a missing preStop exactly where missing-prestop fires, with the same Services', () => {
  const podSpec = '      terminationGracePeriodSeconds: 30\n';
  const exporter = deployment({
    name: 'exporter',
    app: 'exporter',
    podSpec,
    fields: '          ports:\n            - name: metrics\n              containerPort: 9100\n',
  });
  const web = deployment({ name: 'web', app: 'web', podSpec, fields: containerPort(8080) });
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 8080\n';
  const analyzer = workspace({ '/w/exporter.yaml': exporter, '/w/web.yaml': web, '/w/service.yaml': service });
  for (const [path, text] of [
    ['/w/exporter.yaml', exporter],
    ['/w/web.yaml', web],
  ] as const) {
    const fires = analyzer.analyze(path, DEFAULT_SETTINGS)!.findings.some((f) => f.ruleId === 'missing-prestop');
    const hover = hoverAt(analyzer, path, offsetOf(text, 'terminationGracePeriodSeconds'), DEFAULT_SETTINGS, NO_FILES);
    assert.match(hover!.markdown, /Shutdown timeline/);
    const warns = hover?.markdown.includes('no preStop delay') ?? false;
    assert.equal(warns, fires, path);
    assert.equal(timelineLenses(analyzer, path, DEFAULT_SETTINGS)[0]?.title, 'no preStop → SIGTERM → drain 30s → SIGKILL at 30s');
  }
  assert.ok(analyzer.analyze('/w/web.yaml', DEFAULT_SETTINGS)!.findings.some((f) => f.ruleId === 'missing-prestop'));
});
