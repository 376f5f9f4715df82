import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSuppressions } from '../../server/src/config/suppressions';
import { applyEdits } from '../../server/src/fix/apply-edits';
import { ignoreObjectEdit } from '../../server/src/features/ignore-annotation';
import { ignoreFileEdit, ignoreLineEdit } from '../../server/src/features/ignore-comments';
import { parseYamlFile } from '../../server/src/parse/yaml-file';
import type { TextEdit } from '../../server/src/types';
import { assertParses, lint, offsetOf } from '../helpers/workspace';

const apply = (text: string, edit: TextEdit | undefined) => {
  assert.ok(edit, 'expected an edit');
  return applyEdits(text, [edit]);
};

test('ignore-line: a comment above, indented like the line, that the suppression parser honours', () => {
  const text = 'spec:\n  containers:\n    - name: web\n';
  const after = apply(text, ignoreLineEdit(text, 2, 'missing-prestop'));
  assert.equal(after, 'spec:\n  containers:\n    # graceful-ignore missing-prestop\n    - name: web\n');
  assert.deepEqual([...(parseSuppressions(after, 'yaml').lines.get(3) as Set<string>)], ['missing-prestop']);
});

test('ignore-line: merges into an ignore comment above, before its reason', () => {
  const text = '  # graceful-ignore missing-pdb -- reviewed\nkind: Deployment\n';
  assert.equal(
    apply(text, ignoreLineEdit(text, 1, 'missing-min-ready-seconds')),
    '  # graceful-ignore missing-pdb, missing-min-ready-seconds -- reviewed\nkind: Deployment\n',
  );
  const plain = '# graceful-ignore missing-pdb\nkind: Deployment\n';
  assert.equal(apply(plain, ignoreLineEdit(plain, 1, 'rollout-max-unavailable')), '# graceful-ignore missing-pdb, rollout-max-unavailable\nkind: Deployment\n');
});

test('ignore-line: nothing to add when the comment above already covers the rule or every rule', () => {
  assert.equal(ignoreLineEdit('# graceful-ignore missing-pdb\nkind: X\n', 1, 'missing-pdb'), undefined);
  assert.equal(ignoreLineEdit('# graceful-ignore -- all of them\nkind: X\n', 1, 'missing-pdb'), undefined);
  assert.equal(ignoreLineEdit('kind: X\n', 7, 'missing-pdb'), undefined);
});

test('ignore-line: a file-level comment above is left alone; the new comment goes below it', () => {
  const text = '# graceful-ignore-file missing-pdb\nkind: X\n';
  assert.equal(apply(text, ignoreLineEdit(text, 1, 'missing-prestop')), '# graceful-ignore-file missing-pdb\n# graceful-ignore missing-prestop\nkind: X\n');
});

test('ignore-line keeps CRLF and tabs of a Dockerfile line', () => {
  const text = 'FROM x\r\n\tCMD run\r\n';
  assert.equal(apply(text, ignoreLineEdit(text, 1, 'shell-form-cmd')), 'FROM x\r\n\t# graceful-ignore shell-form-cmd\r\n\tCMD run\r\n');
});

test('ignore-file: at the top of YAML, after Dockerfile parser directives, or merged into an existing one', () => {
  const yaml = '---\nkind: X\n';
  assert.equal(apply(yaml, ignoreFileEdit(yaml, 'yaml', 'missing-pdb')), '# graceful-ignore-file missing-pdb\n---\nkind: X\n');
  const dockerfile = '# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended\nFROM x\n';
  assert.equal(
    apply(dockerfile, ignoreFileEdit(dockerfile, 'dockerfile', 'shell-form-cmd')),
    '# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended\n# graceful-ignore-file shell-form-cmd\nFROM x\n',
  );
  const onlyDirective = '# escape=`';
  assert.equal(apply(onlyDirective, ignoreFileEdit(onlyDirective, 'dockerfile', 'shell-form-cmd')), '# escape=`\n# graceful-ignore-file shell-form-cmd\n');
  const existing = 'kind: X\n# graceful-ignore-file missing-pdb\n';
  assert.equal(apply(existing, ignoreFileEdit(existing, 'yaml', 'missing-prestop')), 'kind: X\n# graceful-ignore-file missing-pdb, missing-prestop\n');
  assert.equal(ignoreFileEdit(existing, 'yaml', 'missing-pdb'), undefined);
  // Mentions of the marker that are not a whole-line comment are skipped, the comment after them is found.
  const mentioned = 'note: graceful-ignore-file graceful-ignore-file\n  # a graceful-ignore-file example\n# graceful-ignore-file missing-pdb\r\nkind: X\r\n';
  assert.equal(
    apply(mentioned, ignoreFileEdit(mentioned, 'yaml', 'missing-prestop')),
    mentioned.replace('file missing-pdb', 'file missing-pdb, missing-prestop'),
  );
  // A directive-looking comment after an instruction is only a comment: the new line goes first.
  const late = 'FROM x\n# syntax=y\n';
  assert.equal(apply(late, ignoreFileEdit(late, 'dockerfile', 'shell-form-cmd')), '# graceful-ignore-file shell-form-cmd\nFROM x\n# syntax=y\n');
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: example/web:1.0
          ports:
            - containerPort: 8080
`;

test('ignore-object: creates annotations under metadata, which silences the rule for that object', () => {
  const edit = ignoreObjectEdit(parseYamlFile(DEPLOYMENT), offsetOf(DEPLOYMENT, '- name: web'), 'missing-prestop');
  const after = apply(DEPLOYMENT, edit);
  assert.ok(
    after.startsWith('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n    graceful.dev/ignore: missing-prestop\nspec:\n'),
    after,
  );
  assertParses(after);
  assert.deepEqual(lint(after, 'missing-prestop'), []);
  assert.ok(lint(after, 'missing-pdb').length === 1, 'other rules still apply');
});

test('ignore-object: extends an existing annotation keeping its quotes, in 4-space files too', () => {
  const text = DEPLOYMENT.replace('  name: web\n', "  name: web\n  annotations:\n    graceful.dev/ignore: 'missing-pdb'\n");
  assert.ok(
    apply(text, ignoreObjectEdit(parseYamlFile(text), offsetOf(text, 'replicas'), 'missing-min-ready-seconds')).includes(
      "    graceful.dev/ignore: 'missing-pdb,missing-min-ready-seconds'\n",
    ),
  );
  assert.equal(ignoreObjectEdit(parseYamlFile(text), offsetOf(text, 'replicas'), 'missing-pdb'), undefined);

  const four = 'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\n    annotations:\n        team: a\nspec:\n    containers: []\n';
  assert.equal(
    apply(four, ignoreObjectEdit(parseYamlFile(four), offsetOf(four, 'spec'), 'missing-prestop')),
    'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\n    annotations:\n        team: a\n        graceful.dev/ignore: missing-prestop\nspec:\n    containers: []\n',
  );
});

test('ignore-object: no edit for flow-style or templated annotations, or outside any object', () => {
  const flow = DEPLOYMENT.replace('  name: web\n', '  name: web\n  annotations: {team: a}\n');
  assert.equal(ignoreObjectEdit(parseYamlFile(flow), offsetOf(flow, 'replicas'), 'missing-pdb'), undefined);
  const templated = DEPLOYMENT.replace('  name: web\n', '  name: web\n  annotations:\n    graceful.dev/ignore: {{ .Values.ignore }}\n');
  assert.equal(ignoreObjectEdit(parseYamlFile(templated), offsetOf(templated, 'replicas'), 'missing-pdb'), undefined);
  const notKubernetes = 'jobs:\n  build: {}\n';
  assert.equal(ignoreObjectEdit(parseYamlFile(notKubernetes), 3, 'missing-pdb'), undefined);
});

test('ignore-object: picks the item of a List, not the List', () => {
  const list = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: p\n    spec:\n      containers: []\n`;
  const after = apply(list, ignoreObjectEdit(parseYamlFile(list), offsetOf(list, 'containers'), 'missing-prestop'));
  assert.ok(after.includes('      name: p\n      annotations:\n        graceful.dev/ignore: missing-prestop\n'), after);
});
