import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { cliTrees, runCli } from '../cli/cli-process';
import { FIXTURES } from './chart-workspace';
import { findTestHelm } from './helm-tool';

const tree = cliTrees();
const { helm, skip } = findTestHelm();

const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  template:
    spec:
      containers:
        - name: web
          image: {{ .Values.image }}
          ports:
            - containerPort: 8080
`;

describe('helm template output on standard input', () => {
  it("maps each finding through `# Source:` to its template: a line unique in the template exactly, else the object's first line", () => {
    const root = tree({ 'chart/templates/web.yaml': `{{- if .Values.enabled }}\n${TEMPLATE}{{- end }}\n` });
    const stream = `---\n# Source: chart/templates/web.yaml\n${TEMPLATE.replace('{{ .Release.Name }}', 'rel').replace('{{ .Values.image }}', 'web:1')}`;
    const run = runCli(['lint', '-'], root, {}, stream);
    // `- name: web` is line 10 of the template (after the `if`), line 11 of the stream.
    assert.match(run.stdout, /^chart\/templates\/web\.yaml\n {2}10:11 {2}warning .* {2}missing-prestop$/m, run.stdout + run.stderr);
    // Run inside the chart, the source is found without the chart's name.
    const inside = runCli(['lint', '-'], `${root}/chart`, {}, stream);
    assert.match(inside.stdout, /^templates\/web\.yaml\n {2}10:11 /m);
    // From a repository's root, the chart is found by the name its Chart.yaml gives, whatever its folder is called.
    const named = tree({
      'deploy/charts/web-app/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 1.0.0\n',
      'deploy/charts/web-app/templates/web.yaml': `{{- if .Values.enabled }}\n${TEMPLATE}{{- end }}\n`,
      'other/Chart.yaml': 'apiVersion: v2\nname: other\nversion: 1.0.0\n',
    });
    assert.match(runCli(['lint', '-'], named, {}, stream).stdout, /^deploy\/charts\/web-app\/templates\/web\.yaml\n {2}10:11 /m);
    // Two charts of that name: which one rendered is not known, so the findings stay on standard input.
    const twice = tree({
      'a/Chart.yaml': 'name: chart\n',
      'a/templates/web.yaml': TEMPLATE,
      'b/Chart.yaml': 'name: chart\n',
      'b/templates/web.yaml': TEMPLATE,
    });
    assert.match(runCli(['lint', '-'], twice, {}, stream).stdout, /^<stdin> Deployment rel-web\n/m);
    // A line that is not in the template (its text was templated) maps to the object's first line, all of it.
    const renamed = runCli(['lint', '-'], root, {}, stream.replace('- name: web', '- name: other'));
    assert.match(renamed.stdout, /^chart\/templates\/web\.yaml\n {2}2:1 /m);
  });

  it('reports real helm output at the template line', { skip }, () => {
    const rendered = spawnSync(helm!, ['template', 'rel', `${FIXTURES}/app`], { encoding: 'utf8' });
    assert.equal(rendered.status, 0, rendered.stderr);
    const run = runCli(['lint', '-', '--format', 'json'], FIXTURES, {}, rendered.stdout);
    type Located = { ruleId: string; source?: { path: string; range: { start: { line: number } } } };
    const findings = (JSON.parse(run.stdout) as { files: { findings: Located[] }[] }).files.flatMap((f) => f.findings);
    const prestop = findings.filter((f) => f.ruleId === 'missing-prestop' && f.source?.path === 'app/templates/deployment.yaml');
    assert.deepEqual(
      prestop.map((f) => f.source!.range.start.line),
      [16],
    );
  });
});
